/* altoscope-dhcp.c
 *
 * What NetworkManager 1.42 really reports (../shared/docs/standards.md):
 *  - internal client: option 15 as "domain_name"; 213 and DHCPv6 57 never;
 *  - dhclient: "v4_access_domain" and "dhcp6_v6_access_domain", decoded to
 *    text with a trailing dot; an option dhclient does not know by name,
 *    when configured as type string, as colon hex without zero padding
 *    ("7:65:78:…:0"), and unknown ones as "unknown_NNN".
 * Options 213 and 57 carry a name in DNS wire format (RFC 5986); option 15
 * is plain text (RFC 2132 §3.17).  Keys "requested_*" only say that the
 * client asked for an option; they are never values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp.h"
#include "altoscope-json.h"
#include "altoscope-domain.h"
#include "altoscope-error.h"

void
altoscope_dhcp_value_free (AltoscopeDhcpValue *value)
{
  if (value == NULL)
    return;
  g_free (value->key);
  g_free (value->raw);
  g_free (value->form);
  g_free (value->domain);
  g_free (value->error);
  g_free (value->note);
  g_free (value);
}

static const struct { const char *key; int option; AltoscopeFamily family; } known_keys[] = {
  { "v4_access_domain", 213, ALTOSCOPE_FAMILY_IPV4 },
  { "unknown_213", 213, ALTOSCOPE_FAMILY_IPV4 },
  { "option_213", 213, ALTOSCOPE_FAMILY_IPV4 },
  { "domain_name", 15, ALTOSCOPE_FAMILY_IPV4 },
  { "dhcp6_v6_access_domain", 57, ALTOSCOPE_FAMILY_IPV6 },
  { "v6_access_domain", 57, ALTOSCOPE_FAMILY_IPV6 },
  { "dhcp6_unknown_57", 57, ALTOSCOPE_FAMILY_IPV6 },
  { "unknown_57", 57, ALTOSCOPE_FAMILY_IPV6 },
  { "dhcp6_option_57", 57, ALTOSCOPE_FAMILY_IPV6 },
};

/* The ALTO-relevant option a NetworkManager key stands for, or 0. */
int
altoscope_dhcp_option_for_key (const char      *key,
                               AltoscopeFamily  family)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (known_keys[i].family == family && g_strcmp0 (key, known_keys[i].key) == 0)
      return known_keys[i].option;
  return 0;
}

static gboolean
looks_like_hex (const char *s)
{
  guint digits = 0, groups = 1;

  for (const char *p = s; *p; p++)
    {
      if (*p == ':')
        {
          if (digits == 0)
            return FALSE;
          digits = 0;
          groups++;
        }
      else if (g_ascii_isxdigit (*p) && ++digits <= 2)
        ;
      else
        return FALSE;
    }
  return digits > 0 && groups >= 2;
}

/* "7:65:78:61:6d:70:6c:65:3:6e:65:74:0" (or zero-padded) → "example.net".
 * One name in wire format (RFC 1035 §3.1), without compression, ending in
 * the root label, nothing after it. */
char *
altoscope_dhcp_decode_wire_hex (const char  *hex,
                                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (hex, ":", -1);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GString) name = g_string_new (NULL);
  gsize pos = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 v;
      guint8 b;
      if (!g_ascii_string_to_unsigned (parts[i], 16, 0, 255, &v, NULL))
        goto bad;
      b = (guint8) v;
      g_byte_array_append (bytes, &b, 1);
    }

  for (;;)
    {
      guint8 len;

      if (pos >= bytes->len)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The name in DNS wire format does not end with a zero byte"));
          return NULL;
        }
      len = bytes->data[pos++];
      if (len == 0)
        break;
      if (len > 63)
        {
          g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                       _("The name in DNS wire format has a label length of %u (at most 63; "
                         "compression is not allowed here)"), len);
          return NULL;
        }
      if (pos + len > bytes->len)
        goto bad;
      if (name->len > 0)
        g_string_append_c (name, '.');
      for (guint i = 0; i < len; i++)
        {
          guint8 c = bytes->data[pos + i];
          /* Kept as is when printable; normalizing below rejects anything
           * that is not a host-name character, escaped for the message. */
          if (c > 0x20 && c < 0x7f && c != '.')
            g_string_append_c (name, (char) c);
          else
            g_string_append_printf (name, "\\%03u", c);
        }
      pos += len;
    }

  if (pos != bytes->len)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("%u bytes follow the name in DNS wire format"), (guint) (bytes->len - pos));
      return NULL;
    }
  if (name->len == 0)
    {
      g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
                   _("The name in DNS wire format is the root, not a domain"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&name), FALSE);

bad:
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
               _("The value is not a name in DNS wire format"));
  return NULL;
}

AltoscopeDhcpValue *
altoscope_dhcp_value_decode (int         option,
                             const char *key,
                             const char *raw)
{
  AltoscopeDhcpValue *value = g_new0 (AltoscopeDhcpValue, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  value->option = option;
  value->key = g_strdup (key);
  value->raw = g_strdup (raw ? raw : "");

  if (option != 15 && looks_like_hex (value->raw))
    {
      value->form = g_strdup ("wire-hex");
      text = altoscope_dhcp_decode_wire_hex (value->raw, &error);
    }
  else if (option != 15)
    {
      /* Options 213 and 57 carry exactly one name (RFC 5986). */
      value->form = g_strdup ("text");
      text = g_strdup (value->raw);
    }
  else
    {
      g_auto(GStrv) words = g_strsplit_set (value->raw, " \t", -1);
      guint n = 0;

      value->form = g_strdup ("text");
      for (guint i = 0; words[i]; i++)
        {
          if (*words[i] == '\0')
            continue;
          if (n++ == 0)
            text = g_strdup (words[i]);
        }
      /* Servers put a search list in option 15 now and then. */
      if (n > 1)
        value->note = g_strdup_printf (_("The option holds %u names; the first is used"), n);
    }

  if (text != NULL)
    value->domain = altoscope_domain_normalize (text, &error);

  if (value->domain == NULL)
    value->error = g_strdup (error ? error->message : _("The option is empty"));
  return value;
}

/* An option as a DHCP server sent it, bytes and all (altoscope-dhcp-query):
 * 213 and 57 hold one name in DNS wire format, shown as colon hex; 15 is
 * text, with trailing NULs (common) dropped and other control bytes escaped,
 * so that normalizing rejects them by name. */
AltoscopeDhcpValue *
altoscope_dhcp_value_decode_bytes (int           option,
                                   const char   *key,
                                   const guint8 *data,
                                   gsize         len)
{
  g_autoptr(GString) s = g_string_new (NULL);
  AltoscopeDhcpValue *value;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (option == 15)
    {
      while (len > 0 && data[len - 1] == 0)
        len--;
      for (gsize i = 0; i < len; i++)
        {
          if (data[i] >= 0x20 && data[i] < 0x7f && data[i] != '\\')
            g_string_append_c (s, (char) data[i]);
          else
            g_string_append_printf (s, "\\%03u", data[i]);
        }
      return altoscope_dhcp_value_decode (option, key, s->str);
    }

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%s%02x", i ? ":" : "", data[i]);
  value = g_new0 (AltoscopeDhcpValue, 1);
  value->option = option;
  value->key = g_strdup (key);
  value->raw = g_strdup (s->str);
  value->form = g_strdup ("wire-hex");
  if (len > 0)
    text = altoscope_dhcp_decode_wire_hex (s->str, &error);
  if (text != NULL)
    value->domain = altoscope_domain_normalize (text, &error);
  if (value->domain == NULL)
    value->error = g_strdup (error ? error->message : _("The option is empty"));
  return value;
}

/* The ALTO-relevant options among all of a lease's options, most preferred
 * first: 213 before 15 for IPv4, 57 only for IPv6 (RFC 7286 §3.1). */
GPtrArray *
altoscope_dhcp_find_alto_values (GHashTable      *options,
                                 AltoscopeFamily  family)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_dhcp_value_free);

  if (options == NULL)
    return values;

  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    {
      const char *raw;

      if (known_keys[i].family != family)
        continue;
      raw = g_hash_table_lookup (options, known_keys[i].key);
      if (raw != NULL)
        g_ptr_array_add (values, altoscope_dhcp_value_decode (known_keys[i].option,
                                                              known_keys[i].key, raw));
    }
  return values;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  /* qsort hands over pointers to the array's elements, not the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The option names of @options in byte order, %NULL-terminated; free the
 * array (not the strings) with g_free().  The one place keys are sorted, so
 * that the window, the CLI and the change fingerprint agree. */
const char **
altoscope_dhcp_sorted_keys (GHashTable *options,
                            guint      *n_keys)
{
  guint n = 0;
  gpointer *keys = g_hash_table_get_keys_as_array (options, &n);

  qsort (keys, n, sizeof (gpointer), compare_keys);
  if (n_keys != NULL)
    *n_keys = n;
  return (const char **) keys;
}

/* One decoded value as the reports write it: { option, key, value, form,
 * domain, error, note }. */
void
altoscope_dhcp_value_add_json (JsonBuilder              *b,
                               const AltoscopeDhcpValue *v)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "option");
  json_builder_add_int_value (b, v->option);
  altoscope_json_add_string_or_null (b, "key", v->key);
  altoscope_json_add_string_or_null (b, "value", v->raw);
  altoscope_json_add_string_or_null (b, "form", v->form);
  altoscope_json_add_string_or_null (b, "domain", v->domain);
  altoscope_json_add_string_or_null (b, "error", v->error);
  altoscope_json_add_string_or_null (b, "note", v->note);
  json_builder_end_object (b);
}
