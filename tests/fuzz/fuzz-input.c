/* libFuzzer harness: what a person types (a domain, a DNS server) and text
 * made safe for display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib.h>

#include "altoscope-domain.h"
#include "altoscope-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  {
    g_autofree char *once = altoscope_domain_normalize (text, NULL);
    if (once != NULL)
      {
        /* Normalizing twice gives the same name; it is never empty, never
         * an IP address, never longer than 253 characters. */
        g_autofree char *twice = altoscope_domain_normalize (once, NULL);
        if (g_strcmp0 (once, twice) != 0 || *once == '\0' || strlen (once) > 253
            || altoscope_domain_is_ip_literal (once))
          __builtin_trap ();
      }
  }
  {
    AltoscopeServer server;
    if (altoscope_server_parse (text, &server, NULL))
      {
        g_autofree char *str = altoscope_server_to_string (&server);
        AltoscopeServer again;
        if (!altoscope_server_parse (str, &again, NULL) || again.port != server.port)
          __builtin_trap ();
        altoscope_server_clear (&again);
        altoscope_server_clear (&server);
      }
  }
  {
    g_autofree char *safe = altoscope_text_make_safe (text, -1);
    g_autofree char *again = altoscope_text_make_safe (safe, -1);
    if (!g_utf8_validate (safe, -1, NULL) || g_strcmp0 (safe, again) != 0)
      __builtin_trap ();
    for (const char *p = safe; *p; p = g_utf8_next_char (p))
      {
        GUnicodeType type = g_unichar_type (g_utf8_get_char (p));
        if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT
            || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
          __builtin_trap ();
      }
  }
  return 0;
}
