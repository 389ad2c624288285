/* altoscope-report-entry.c
 *
 * A report holds links and pairs built from what someone else's machine
 * saw (altoscope-report-file.h); an entry is one of its links with the
 * report it came from and the name the window gives that report (its
 * file's name), so that the sidebar can list it apart from the live
 * interfaces and the page can bind to its pairs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-report-entry.h"

struct _AltoscopeReportEntry
{
  GObject parent_instance;
  AltoscopeReportFile *report;
  AltoscopeLink *link;
  char *name;
};

G_DEFINE_FINAL_TYPE (AltoscopeReportEntry, altoscope_report_entry, G_TYPE_OBJECT)

static void
altoscope_report_entry_finalize (GObject *object)
{
  AltoscopeReportEntry *self = ALTOSCOPE_REPORT_ENTRY (object);

  g_clear_object (&self->report);
  g_clear_object (&self->link);
  g_free (self->name);
  G_OBJECT_CLASS (altoscope_report_entry_parent_class)->finalize (object);
}

static void
altoscope_report_entry_class_init (AltoscopeReportEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_report_entry_finalize;
}

static void
altoscope_report_entry_init (AltoscopeReportEntry *self)
{
}

AltoscopeReportEntry *
altoscope_report_entry_new (AltoscopeReportFile *report,
                            const char          *name,
                            AltoscopeLink       *link)
{
  AltoscopeReportEntry *self = g_object_new (ALTOSCOPE_TYPE_REPORT_ENTRY, NULL);

  self->report = g_object_ref (report);
  self->link = g_object_ref (link);
  self->name = g_strdup (name);
  return self;
}

AltoscopeReportFile *
altoscope_report_entry_get_report (AltoscopeReportEntry *self)
{
  return self->report;
}

AltoscopeLink *
altoscope_report_entry_get_link (AltoscopeReportEntry *self)
{
  return self->link;
}

const char *
altoscope_report_entry_get_name (AltoscopeReportEntry *self)
{
  return self->name;
}

/* Unlike a live entry's key, never a name a person types: two reports of
 * the same machine, and the live machine, all have an "eth0". */
char *
altoscope_report_entry_dup_key (AltoscopeReportEntry *self)
{
  g_autofree char *link_key = altoscope_link_dup_key (self->link);
  return g_strdup_printf ("report:%p:%s", (void *) self->report, link_key);
}
