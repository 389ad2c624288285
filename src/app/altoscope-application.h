/* altoscope-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "altoscope-head-start.h"
#include "altoscope-nm-model.h"
#include "altoscope-scheduler.h"

G_BEGIN_DECLS

#define ALTOSCOPE_TYPE_APPLICATION (altoscope_application_get_type ())

G_DECLARE_FINAL_TYPE (AltoscopeApplication, altoscope_application, ALTOSCOPE, APPLICATION,
                      AdwApplication)

AltoscopeApplication *altoscope_application_new             (void);
void                  altoscope_application_take_head_start (AltoscopeApplication *self,
                                                             AltoscopeHeadStart   *head_start);
void                  altoscope_application_read_icon_theme (GdkDisplay           *display,
                                                             GAsyncReadyCallback   done,
                                                             gpointer              data);

G_END_DECLS
