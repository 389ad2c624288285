/* libFuzzer harness: the text fields of a NAPTR record, judged by the
 * U-NAPTR rules, and a URI on its own.
 *
 * Input: two bytes of order, two of preference, then flags, service,
 * regexp and replacement separated by NUL bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-naptr.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *f[4] = { "", "", "", "." };
  guint16 order, preference;

  if (size < 4)
    return 0;
  order = (guint16) (data[0] << 8 | data[1]);
  preference = (guint16) (data[2] << 8 | data[3]);
  text = g_strndup ((const char *) data + 4, size - 4);   /* stops at the first NUL */

  /* g_strndup stops at NUL: split the raw bytes instead. */
  {
    GPtrArray *parts = g_ptr_array_new ();
    const char *p = (const char *) data + 4, *end = (const char *) data + size;
    while (p <= end && parts->len < 4)
      {
        const char *nul = memchr (p, '\0', end - p);
        const char *stop = nul ? nul : end;
        g_ptr_array_add (parts, g_strndup (p, stop - p));
        if (nul == NULL)
          break;
        p = nul + 1;
      }
    g_ptr_array_add (parts, NULL);
    fields = (GStrv) g_ptr_array_free (parts, FALSE);
  }
  for (guint i = 0; i < 4 && fields[i] != NULL; i++)
    f[i] = fields[i];

  {
    g_autoptr(AltoscopeNaptrRecord) r =
      altoscope_naptr_record_new ("fuzz.example", order, preference, f[0], f[1], f[2], f[3]);
    /* A usable terminal record always has a URI, an http(s) scheme and a host. */
    if (r->usable && r->terminal
        && (r->uri == NULL || r->host == NULL || r->scheme == NULL || *r->host == '\0'))
      __builtin_trap ();
    if (!r->usable && (altoscope_naptr_reason_to_string (r->reason_code) == NULL
                       || r->reason == NULL))
      __builtin_trap ();
  }

  {
    const char *protocols[] = { "http", "https", NULL };
    g_autofree char *scheme = NULL, *host = NULL, *why = NULL;
    AltoscopeNaptrReason code = ALTOSCOPE_NAPTR_USABLE;
    int port = -1;
    if (altoscope_naptr_check_uri (text, protocols, &scheme, &host, &port, &code, &why))
      {
        if (port == 0 || port > 65535 || strchr (host, '/') != NULL || strchr (host, '@') != NULL)
          __builtin_trap ();
      }
    else if (code == ALTOSCOPE_NAPTR_USABLE || why == NULL)
      __builtin_trap ();
  }
  {
    g_autofree char *app = NULL;
    g_auto(GStrv) protos = NULL;
    altoscope_naptr_parse_service (text, &app, &protos);
  }
  return 0;
}
