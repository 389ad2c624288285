/* altoscope-domain.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-domain.h"
#include "altoscope-error.h"

static gboolean
label_char_ok (char c)
{
  /* LDH, plus "_" which service labels (RFC 8552) use. */
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* @input without surrounding space and one trailing dot, in its ASCII
 * (A-label) form, itself without a trailing dot; NULL if that is empty or
 * IDNA refuses it. */
static char *
ascii_form (const char  *input,
            GError     **error)
{
  g_autofree char *ascii = NULL;
  g_autofree char *stripped = NULL;
  gsize len;

  stripped = g_strstrip (g_strdup (input));
  len = strlen (stripped);
  if (len > 0 && stripped[len - 1] == '.')
    stripped[--len] = '\0';
  if (len == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The domain name is empty"));
      return NULL;
    }

  ascii = g_hostname_to_ascii (stripped);
  if (ascii == NULL)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid international domain name"), stripped);
      return NULL;
    }

  len = strlen (ascii);
  if (len > 0 && ascii[len - 1] == '.')
    ascii[--len] = '\0';

  if (len == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The domain name is empty once written in ASCII (it holds only "
                     "characters that international names drop, such as invisible ones)"));
      return NULL;
    }
  return g_steal_pointer (&ascii);
}

/* One label: 1–63 characters of letters, digits, "-" and "_", not
 * starting or ending with "-". */
static gboolean
check_label (const char  *label,
             GError     **error)
{
  gsize llen = strlen (label);

  if (llen == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The domain name has an empty label (two dots in a row, or a "
                     "leading dot)"));
      return FALSE;
    }
  if (llen > 63)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The label “%.20s…” is %u characters long; at most 63 are allowed"),
                   label, (guint) llen);
      return FALSE;
    }
  for (gsize j = 0; j < llen; j++)
    {
      if (!label_char_ok (label[j]))
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The domain name may contain only letters, digits, “-” and “_” "
                         "between its dots"));
          return FALSE;
        }
    }
  if (label[0] == '-' || label[llen - 1] == '-')
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The label “%s” starts or ends with “-”"), label);
      return FALSE;
    }
  return TRUE;
}

/* A domain name as a person or a settings file gives it: international
 * names become their ASCII (A-label) form (RFC 5891), case is folded, one
 * trailing dot is dropped.  Each label is 1–63 characters of letters,
 * digits, "-" and "_", not starting or ending with "-"; the whole name at
 * most 253 characters (255 on the wire). */
char *
altoscope_domain_normalize (const char  *input,
                            GError     **error)
{
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  gsize len;

  if (input == NULL || !g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The domain name is not valid UTF-8 text"));
      return NULL;
    }

  /* Every check is made on the ASCII form, the one that is queried: IDNA
   * maps some characters to nothing (U+00AD, U+200B, U+FEFF) and others to
   * ASCII (full-width digits and dots), so a name that looks fine before
   * the conversion can be empty or an IP address after it. */
  ascii = ascii_form (input, error);
  if (ascii == NULL)
    return NULL;
  len = strlen (ascii);

  if (altoscope_domain_is_ip_literal (ascii))
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("“%s” is an IP address, not a domain name"), ascii);
      return NULL;
    }

  if (len > 253)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The domain name is %u characters long; at most 253 are allowed"),
                   (guint) len);
      return NULL;
    }

  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    if (!check_label (labels[i], error))
      return NULL;

  return g_ascii_strdown (ascii, -1);
}

/* @name as a report writes it: without its trailing dot (an escaped dot,
 * "\\.", stays); NULL for NULL.  The report's reader applies the same, so
 * a name read is the name written. */
char *
altoscope_domain_bare (const char *name)
{
  gsize len = name ? strlen (name) : 0;

  if (len > 1 && name[len - 1] == '.' && name[len - 2] != '\\')
    return g_strndup (name, len - 1);
  return g_strdup (name);
}

gboolean
altoscope_domain_is_ip_literal (const char *host)
{
  return host != NULL && g_hostname_is_ip_address (host);
}

/* "ADDR", "ADDR:PORT", "[V6ADDR]:PORT" or a bare IPv6 address. */
gboolean
altoscope_server_parse (const char       *spec,
                        AltoscopeServer  *server,
                        GError          **error)
{
  g_autofree char *addr = NULL;
  const char *port_str = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  guint64 port = ALTOSCOPE_DNS_DEFAULT_PORT;

  memset (server, 0, sizeof *server);

  if (spec == NULL || *spec == '\0')
    goto bad;

  if (spec[0] == '[')
    {
      const char *close = strchr (spec, ']');
      if (close == NULL)
        goto bad;
      addr = g_strndup (spec + 1, close - spec - 1);
      if (close[1] == ':')
        port_str = close + 2;
      else if (close[1] != '\0')
        goto bad;
    }
  else
    {
      const char *colon = strchr (spec, ':');
      if (colon != NULL && strchr (colon + 1, ':') == NULL)
        {
          addr = g_strndup (spec, colon - spec);
          port_str = colon + 1;
        }
      else
        addr = g_strdup (spec);   /* IPv4 without port, or bare IPv6 */
    }

  if (port_str != NULL)
    {
      if (!g_ascii_string_to_unsigned (port_str, 10, 1, 65535, &port, NULL))
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("“%s” is not a valid port number (1–65535)"), port_str);
          return FALSE;
        }
    }

  inet = g_inet_address_new_from_string (addr);
  if (inet == NULL)
    goto bad;

  server->address = g_inet_address_to_string (inet);
  server->port = (guint16) port;
  server->family = g_inet_address_get_family (inet);
  return TRUE;

bad:
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
               _("“%s” is not a DNS server address; use ADDRESS, ADDRESS:PORT or "
                 "[IPv6-ADDRESS]:PORT"), spec ? spec : "");
  return FALSE;
}

char *
altoscope_server_to_string (const AltoscopeServer *server)
{
  if (server->family == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", server->address, server->port);
  return g_strdup_printf ("%s:%u", server->address, server->port);
}

void
altoscope_server_clear (AltoscopeServer *server)
{
  g_clear_pointer (&server->address, g_free);
}

gboolean
altoscope_server_is_loopback (const AltoscopeServer *server)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (server->address);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}
