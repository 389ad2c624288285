/* altoscope-source.h: timers on the thread-default main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GSource *altoscope_timeout_attach (guint          ms,
                                   int            priority,
                                   GSourceFunc    func,
                                   gpointer       data,
                                   GDestroyNotify destroy);
GSource *altoscope_timeout_attach_seconds (guint       seconds,
                                           GSourceFunc func,
                                           gpointer    data);
void     altoscope_source_clear   (GSource      **source);

G_END_DECLS
