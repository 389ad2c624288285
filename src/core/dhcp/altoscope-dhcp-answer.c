/* altoscope-dhcp-answer.c
 *
 * How long an answer is kept (issue 10; RFC 2131, RFC 8415 §21.23):
 *  - DHCPv4: the lease's own lease time (a DHCPACK to DHCPINFORM carries
 *    none, RFC 2131 table 3), else option 51 if a server sent it anyway, else
 *    one hour;
 *  - DHCPv6: the information refresh time (option 32), at least IRT_MINIMUM
 *    (600 s), else IRT_DEFAULT (86400 s);
 *  - no answer: ALTOSCOPE_DHCP_FAILURE_HOLD_S, so that asking by itself
 *    never repeats faster than the exchange's own retransmissions would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp-answer.h"
#include "altoscope-enum.h"
#include "altoscope-json.h"
#include "altoscope-text.h"

G_DEFINE_BOXED_TYPE (AltoscopeDhcpAnswer, altoscope_dhcp_answer,
                     altoscope_dhcp_answer_ref, altoscope_dhcp_answer_unref)

/* Text as the answer keeps it, written or read back: made safe, then at
 * most ALTOSCOPE_DHCP_ANSWER_MAX_TEXT characters, counted *after* escaping
 * (an escaped control character is up to ten).  Safe text within the limit
 * comes out unchanged, so applying it again, on the reader's side, changes
 * nothing: that is what makes the round trip hold. */
static char *
bound_text (const char *text)
{
  g_autofree char *safe = NULL;
  const char *cut;

  if (text == NULL)
    return NULL;
  safe = altoscope_text_make_safe (text, -1);
  if (g_utf8_strlen (safe, -1) <= ALTOSCOPE_DHCP_ANSWER_MAX_TEXT)
    return g_steal_pointer (&safe);
  cut = g_utf8_offset_to_pointer (safe, ALTOSCOPE_DHCP_ANSWER_MAX_TEXT - 1);
  safe[cut - safe] = '\0';
  return g_strconcat (safe, "…", NULL);
}

static void
answer_clear (AltoscopeDhcpAnswer *a)
{
  g_free (a->interface);
  g_free (a->message);
  g_free (a->sent_from);
  g_free (a->sent_to);
  g_free (a->server);
  g_free (a->server_id);
  g_clear_pointer (&a->option_codes, g_array_unref);
  g_clear_pointer (&a->values, g_ptr_array_unref);
  g_free (a->lifetime_source);
  g_free (a->error_code);
  g_free (a->error_message);
  g_free (a->error_hint);
  g_free (a->status_message);
}

AltoscopeDhcpAnswer *
altoscope_dhcp_answer_new (const char      *interface,
                           AltoscopeFamily  family)
{
  AltoscopeDhcpAnswer *a = g_atomic_rc_box_new0 (AltoscopeDhcpAnswer);

  a->interface = g_strdup (interface);
  a->family = family;
  a->message = g_strdup (family == ALTOSCOPE_FAMILY_IPV6 ? "Information-Request" : "DHCPINFORM");
  a->option_codes = g_array_new (FALSE, FALSE, sizeof (int));
  a->values = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_dhcp_value_free);
  a->reply_lifetime_s = -1;
  a->lifetime_s = -1;
  return a;
}

AltoscopeDhcpAnswer *
altoscope_dhcp_answer_ref (AltoscopeDhcpAnswer *answer)
{
  return g_atomic_rc_box_acquire (answer);
}

void
altoscope_dhcp_answer_unref (AltoscopeDhcpAnswer *answer)
{
  g_atomic_rc_box_release_full (answer, (GDestroyNotify) answer_clear);
}

gboolean
altoscope_dhcp_answer_get_failed (const AltoscopeDhcpAnswer *answer)
{
  return answer->error != ALTOSCOPE_DHCP_ERROR_NONE;
}

/* The one name table: the nicks are the contract's error codes. */
G_DEFINE_ENUM_TYPE (AltoscopeDhcpError, altoscope_dhcp_error,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_TIMEOUT, "dhcp-timeout"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_PERMISSION, "dhcp-permission"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_NO_ADDRESS, "dhcp-no-address"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_NO_INTERFACE, "dhcp-no-interface"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_NETWORK, "dhcp-network"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_REFUSED, "dhcp-refused"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_MALFORMED, "dhcp-malformed"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_HELPER, "dhcp-helper"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_DISMISSED, "dhcp-dismissed"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_NOT_AUTHORIZED, "dhcp-not-authorized"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DHCP_ERROR_HELPER_MISSING, "dhcp-helper-missing"))

/* The contract's name of @error; NULL for none. */
const char *
altoscope_dhcp_error_to_string (AltoscopeDhcpError error)
{
  if (error == ALTOSCOPE_DHCP_ERROR_NONE)
    return NULL;
  return altoscope_enum_to_nick (ALTOSCOPE_TYPE_DHCP_ERROR, error);
}

/* Only the codes the contract names: the helper's JSON is read as
 * untrusted. */
gboolean
altoscope_dhcp_error_from_string (const char         *str,
                                  AltoscopeDhcpError *error)
{
  int v;

  if (!altoscope_enum_from_nick (ALTOSCOPE_TYPE_DHCP_ERROR, str, &v)
      || v == ALTOSCOPE_DHCP_ERROR_NONE)
    return FALSE;
  *error = v;
  return TRUE;
}

const char *
altoscope_dhcp_error_hint (AltoscopeDhcpError error)
{
  switch (error)
    {
    case ALTOSCOPE_DHCP_ERROR_TIMEOUT:
      return _("Check that a DHCP server serves this link and answers DHCPINFORM (IPv4) or "
               "Information-Request (IPv6): some home routers answer only clients that ask for "
               "an address, and a firewall may drop the ports 67/68 or 546/547. Or set an "
               "override.");
    case ALTOSCOPE_DHCP_ERROR_PERMISSION:
      return _("Asking a DHCP server from the DHCP client's port needs administrator rights: run "
               "“sudo altoscope-cli dhcp-query”, or use “Ask the DHCP server” in the window, which "
               "asks for authentication.");
    case ALTOSCOPE_DHCP_ERROR_NO_ADDRESS:
      return _("DHCPINFORM is sent from the interface's own IPv4 address, Information-Request from "
               "its IPv6 link-local address: wait until the interface has one.");
    case ALTOSCOPE_DHCP_ERROR_NO_INTERFACE:
      return _("Give the name of an interface that exists, as “altoscope-cli interfaces” lists "
               "them.");
    case ALTOSCOPE_DHCP_ERROR_REFUSED:
      return _("The DHCP server does not give this client configuration: ask the network's "
               "operator, or set an override.");
    case ALTOSCOPE_DHCP_ERROR_MALFORMED:
      return _("The DHCP server's reply could not be read: report it to the network's "
               "operator, or set an override.");
    case ALTOSCOPE_DHCP_ERROR_HELPER:
      return _("The helper could not ask: authentication was dismissed or failed, or the helper "
               "is not installed. Try again, or run “sudo altoscope-cli dhcp-query”.");
    case ALTOSCOPE_DHCP_ERROR_NETWORK:
      return _("The message could not be sent on this interface: check that it is up.");
    case ALTOSCOPE_DHCP_ERROR_DISMISSED:
      return _("Ask again and enter an administrator's password, or set an override.");
    case ALTOSCOPE_DHCP_ERROR_NOT_AUTHORIZED:
      return _("This account may not ask the DHCP server. Ask an administrator, or run "
               "“sudo altoscope-cli discover --ask-dhcp”, or set an override.");
    case ALTOSCOPE_DHCP_ERROR_HELPER_MISSING:
      return _("Install Altoscope with its DHCP helper (“meson install”, or the distribution's "
               "package) and pkexec, or set an override.");
    case ALTOSCOPE_DHCP_ERROR_NONE:
    default:
      return NULL;
    }
}

/* What happened when asking, in one sentence; the hint says what next. */
const char *
altoscope_dhcp_error_headline (AltoscopeDhcpError error)
{
  switch (error)
    {
    case ALTOSCOPE_DHCP_ERROR_NONE: return NULL;
    case ALTOSCOPE_DHCP_ERROR_TIMEOUT: return _("The DHCP server did not answer");
    case ALTOSCOPE_DHCP_ERROR_PERMISSION: return _("Asking needs administrator rights");
    case ALTOSCOPE_DHCP_ERROR_NO_ADDRESS: return _("The interface has no address to ask from yet");
    case ALTOSCOPE_DHCP_ERROR_NO_INTERFACE: return _("The interface is gone");
    case ALTOSCOPE_DHCP_ERROR_NETWORK: return _("The question could not be sent");
    case ALTOSCOPE_DHCP_ERROR_REFUSED: return _("The DHCP server refused to answer");
    case ALTOSCOPE_DHCP_ERROR_MALFORMED: return _("The DHCP server's answer could not be read");
    case ALTOSCOPE_DHCP_ERROR_DISMISSED: return _("Authentication was dismissed");
    case ALTOSCOPE_DHCP_ERROR_NOT_AUTHORIZED: return _("Not authorized to ask the DHCP server");
    case ALTOSCOPE_DHCP_ERROR_HELPER_MISSING: return _("Altoscope's DHCP helper is not installed");
    case ALTOSCOPE_DHCP_ERROR_HELPER:
    default:
      return _("Asking the DHCP server failed");
    }
}

void
altoscope_dhcp_answer_set_error (AltoscopeDhcpAnswer *answer,
                                 AltoscopeDhcpError   error,
                                 const char          *message,
                                 const char          *hint)
{
  g_free (answer->error_code);
  g_free (answer->error_message);
  g_free (answer->error_hint);
  answer->error = error;
  answer->error_code = g_strdup (altoscope_dhcp_error_to_string (error));
  answer->error_message = bound_text (message);
  answer->error_hint = bound_text (hint ? hint : altoscope_dhcp_error_hint (error));
  answer->lifetime_s = ALTOSCOPE_DHCP_FAILURE_HOLD_S;
  g_free (answer->lifetime_source);
  answer->lifetime_source = g_strdup ("failure");
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* An option's value as the answer keeps it, from the bytes the server sent
 * (at most ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES of them); the reader
 * recovers those bytes from the JSON and comes here too. */
static AltoscopeDhcpValue *
value_from_bytes (AltoscopeFamily  family,
                  int              option,
                  const guint8    *data,
                  gsize            len)
{
  g_autofree char *key = g_strdup_printf ("%s_option_%d",
                                          family == ALTOSCOPE_FAMILY_IPV6 ? "inforeq" : "inform",
                                          option);

  return altoscope_dhcp_value_decode_bytes (option, key, data,
                                            MIN (len, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES));
}

void
altoscope_dhcp_answer_take_reply (AltoscopeDhcpAnswer      *answer,
                                  const AltoscopeDhcpReply *reply,
                                  const char               *server)
{
  static const int wanted4[] = { 213, 15 }, wanted6[] = { 57 };
  const int *wanted = answer->family == ALTOSCOPE_FAMILY_IPV6 ? wanted6 : wanted4;
  guint n_wanted = answer->family == ALTOSCOPE_FAMILY_IPV6 ? 1 : 2;
  GHashTableIter iter;
  gpointer key;

  g_free (answer->server);
  answer->server = bound_text (server);
  g_free (answer->server_id);
  answer->server_id = bound_text (reply->server_id);
  /* Whole seconds: what the JSON says, so that it reads back the same. */
  answer->received_at = g_get_real_time () / G_USEC_PER_SEC * G_USEC_PER_SEC;
  g_free (answer->status_message);
  answer->status_message = bound_text (reply->status_message);

  g_array_set_size (answer->option_codes, 0);
  g_hash_table_iter_init (&iter, reply->options);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int code = GPOINTER_TO_INT (key);
      g_array_append_val (answer->option_codes, code);
    }
  g_array_sort (answer->option_codes, compare_ints);
  if (answer->option_codes->len > ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES)
    g_array_set_size (answer->option_codes, ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES);

  g_ptr_array_set_size (answer->values, 0);
  for (guint i = 0; i < n_wanted; i++)
    {
      GBytes *b = g_hash_table_lookup (reply->options, GINT_TO_POINTER (wanted[i]));
      gsize len;
      const guint8 *data;

      if (b == NULL)
        continue;
      data = g_bytes_get_data (b, &len);
      g_ptr_array_add (answer->values, value_from_bytes (answer->family, wanted[i], data, len));
    }

  g_clear_pointer (&answer->lifetime_source, g_free);
  if (answer->family == ALTOSCOPE_FAMILY_IPV6)
    {
      answer->reply_lifetime_s = reply->refresh_time_s;
      if (reply->refresh_time_s < 0)
        {
          answer->lifetime_s = ALTOSCOPE_DHCP6_IRT_DEFAULT_S;
          answer->lifetime_source = g_strdup ("rfc8415-default");
        }
      else if (reply->refresh_time_s < ALTOSCOPE_DHCP6_IRT_MINIMUM_S)
        {
          answer->lifetime_s = ALTOSCOPE_DHCP6_IRT_MINIMUM_S;
          answer->lifetime_source = g_strdup ("option-32-minimum");
        }
      else
        {
          answer->lifetime_s = reply->refresh_time_s;   /* 0xffffffff: infinity, kept as is */
          answer->lifetime_source = g_strdup ("option-32");
        }
    }
  else
    {
      answer->reply_lifetime_s = reply->lease_time_s;
      if (reply->lease_time_s > 0)
        {
          answer->lifetime_s = reply->lease_time_s;
          answer->lifetime_source = g_strdup ("option-51");
        }
      else
        {
          answer->lifetime_s = ALTOSCOPE_DHCP4_DEFAULT_HOLD_S;
          answer->lifetime_source = g_strdup ("no-lease-default");
        }
    }
}

/* DHCPv4: the lease NetworkManager holds decides how long the answer is
 * kept (a DHCPACK to DHCPINFORM carries no lease time). */
void
altoscope_dhcp_answer_set_lease_time (AltoscopeDhcpAnswer *answer,
                                      gint64               lease_time_s)
{
  if (answer->family != ALTOSCOPE_FAMILY_IPV4 || altoscope_dhcp_answer_get_failed (answer)
      || lease_time_s <= 0)
    return;
  answer->lifetime_s = lease_time_s;
  g_free (answer->lifetime_source);
  answer->lifetime_source = g_strdup ("lease-time");
}

/* ---- JSON ------------------------------------------------------------------ */

static void
add_int_or_null (JsonBuilder *b,
                 const char  *name,
                 gint64       v)
{
  json_builder_set_member_name (b, name);
  if (v >= 0)
    json_builder_add_int_value (b, v);
  else
    json_builder_add_null_value (b);
}

/* Every text of the answer goes out within the shared limits, whoever
 * filled the field in. */
static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *text)
{
  g_autofree char *bounded = bound_text (text);
  altoscope_json_add_string_or_null (b, name, bounded);
}

JsonNode *
altoscope_dhcp_answer_to_json (const AltoscopeDhcpAnswer *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_text (b, "interface", a->interface);
  add_text (b, "family", altoscope_family_to_string (a->family));
  add_text (b, "message", a->message);
  add_text (b, "sent_from", a->sent_from);
  add_text (b, "sent_to", a->sent_to);
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, MIN (a->attempts, ALTOSCOPE_DHCP_ANSWER_MAX_ATTEMPTS));
  json_builder_set_member_name (b, "elapsed_ms");
  json_builder_add_double_value (b, a->elapsed_ms);
  add_text (b, "status", altoscope_dhcp_answer_get_failed (a) ? "failed" : "ok");
  add_text (b, "server", a->server);
  add_text (b, "server_id", a->server_id);
  if (a->received_at > 0)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (a->received_at / G_USEC_PER_SEC);
      g_autofree char *iso = t ? g_date_time_format_iso8601 (t) : NULL;
      add_text (b, "received_at", iso);
    }
  else
    add_text (b, "received_at", NULL);
  json_builder_set_member_name (b, "options_present");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->option_codes->len && i < ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES; i++)
    json_builder_add_int_value (b, g_array_index (a->option_codes, int, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->values->len; i++)
    altoscope_dhcp_value_add_json (b, a->values->pdata[i]);
  json_builder_end_array (b);
  add_int_or_null (b, "reply_lifetime_s", a->reply_lifetime_s);
  add_int_or_null (b, "lifetime_s", a->lifetime_s);
  add_text (b, "lifetime_source", a->lifetime_source);
  add_text (b, "server_message", a->status_message);
  json_builder_set_member_name (b, "error");
  if (altoscope_dhcp_answer_get_failed (a))
    {
      json_builder_begin_object (b);
      add_text (b, "code", a->error_code);
      add_text (b, "message", a->error_message);
      add_text (b, "hint", a->error_hint);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Text read back from JSON that another process printed, cut where the
 * writer cuts (bound_text). */
static char *
member_text (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return bound_text (json_node_get_string (n));
}

static gint64
member_int (JsonObject *o,
            const char *name,
            gint64      fallback)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (n);
}

static gboolean
member_array (JsonObject  *o,
              const char  *name,
              JsonArray  **out)
{
  JsonNode *n = json_object_get_member (o, name);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  *out = json_node_get_array (n);
  return TRUE;
}

/* The bytes an option's value was written from (value_from_bytes, through
 * altoscope_dhcp_value_decode_bytes): colon hex for 213 and 57; for 15
 * printable ASCII with every other byte, and the backslash, as "\NNN".
 * Anything the writer would not write is refused. */
static GByteArray *
option_bytes (int         option,
              const char *raw)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (option != 15)
    {
      g_auto(GStrv) parts = NULL;

      if (*raw == '\0')
        return g_steal_pointer (&bytes);
      parts = g_strsplit (raw, ":", -1);
      for (guint j = 0; parts[j]; j++)
        {
          guint64 byte;
          guint8 c;
          if (strlen (parts[j]) != 2
              || !g_ascii_string_to_unsigned (parts[j], 16, 0, 255, &byte, NULL))
            return NULL;
          c = (guint8) byte;
          g_byte_array_append (bytes, &c, 1);
        }
    }
  else
    for (const char *p = raw; *p; p++)
      {
        guint8 c = (guint8) *p;

        if (c == '\\')
          {
            int decimal;
            if (!g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || !g_ascii_isdigit (p[3]))
              return NULL;
            decimal = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (decimal > 255)
              return NULL;
            c = (guint8) decimal;
            p += 3;
          }
        else if (c < 0x20 || c >= 0x7f)
          return NULL;
        g_byte_array_append (bytes, &c, 1);
      }
  if (bytes->len > ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_BYTES)
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Who was asked, from where, and when the reply came; FALSE if the time
 * cannot be read. */
static gboolean
read_exchange (AltoscopeDhcpAnswer *a,
               JsonObject          *o)
{
  JsonNode *n;
  g_autofree char *received = NULL;

  a->sent_from = member_text (o, "sent_from");
  a->sent_to = member_text (o, "sent_to");
  a->attempts = (guint) CLAMP (member_int (o, "attempts", 0), 0,
                               ALTOSCOPE_DHCP_ANSWER_MAX_ATTEMPTS);
  n = json_object_get_member (o, "elapsed_ms");
  if (n != NULL && JSON_NODE_HOLDS_VALUE (n)
      && (json_node_get_value_type (n) == G_TYPE_DOUBLE
          || json_node_get_value_type (n) == G_TYPE_INT64))
    a->elapsed_ms = json_node_get_double (n);
  a->server = member_text (o, "server");
  a->server_id = member_text (o, "server_id");
  a->status_message = member_text (o, "server_message");
  a->reply_lifetime_s = member_int (o, "reply_lifetime_s", -1);
  a->lifetime_s = member_int (o, "lifetime_s", -1);
  a->lifetime_source = member_text (o, "lifetime_source");
  received = member_text (o, "received_at");
  if (received != NULL)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (received, NULL);
      if (t == NULL)
        return FALSE;
      a->received_at = g_date_time_to_unix (t) * G_USEC_PER_SEC;
    }
  return TRUE;
}

/* The codes of the options the reply held, each a 16-bit number. */
static gboolean
read_option_codes (AltoscopeDhcpAnswer *a,
                   JsonObject          *o)
{
  JsonArray *codes;

  if (!member_array (o, "options_present", &codes)
      || (codes != NULL && json_array_get_length (codes) > ALTOSCOPE_DHCP_ANSWER_MAX_OPTION_CODES))
    return FALSE;
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      int code;
      JsonNode *n = json_array_get_element (codes, i);
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
          || json_node_get_int (n) < 0 || json_node_get_int (n) > 65535)
        return FALSE;
      code = (int) json_node_get_int (n);
      g_array_append_val (a->option_codes, code);
    }
  return TRUE;
}

/* One ALTO option, decoded again from the bytes it was written from. */
static gboolean
read_option (AltoscopeDhcpAnswer *a,
             AltoscopeFamily      f,
             JsonNode            *n)
{
  g_autoptr(GByteArray) bytes = NULL;
  JsonObject *v;
  JsonNode *value;
  gint64 option;

  if (!JSON_NODE_HOLDS_OBJECT (n))
    return FALSE;
  v = json_node_get_object (n);
  option = member_int (v, "option", -1);
  if (f == ALTOSCOPE_FAMILY_IPV6 ? option != 57 : option != 213 && option != 15)
    return FALSE;
  for (guint j = 0; j < a->values->len; j++)
    if (((AltoscopeDhcpValue *) a->values->pdata[j])->option == option)
      return FALSE;
  value = json_object_get_member (v, "value");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value)
      || json_node_get_value_type (value) != G_TYPE_STRING
      || (bytes = option_bytes ((int) option, json_node_get_string (value))) == NULL)
    return FALSE;
  g_ptr_array_add (a->values, value_from_bytes (f, (int) option, bytes->data, bytes->len));
  return TRUE;
}

/* How the query ended: an error with a known code, or a server that
 * answered. */
static gboolean
read_outcome (AltoscopeDhcpAnswer *a,
              JsonObject          *o)
{
  JsonNode *n = json_object_get_member (o, "error");

  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    {
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;
      g_autofree char *hint = NULL;
      JsonObject *err = json_node_get_object (n);
      AltoscopeDhcpError error;

      code = member_text (err, "code");
      message = member_text (err, "message");
      hint = member_text (err, "hint");
      if (!altoscope_dhcp_error_from_string (code, &error))
        return FALSE;
      /* A failure is held ALTOSCOPE_DHCP_FAILURE_HOLD_S, whatever the JSON says. */
      altoscope_dhcp_answer_set_error (a, error, message, hint);
    }
  else if (a->server == NULL)
    return FALSE;
  else if (a->received_at == 0)
    a->received_at = g_get_real_time () / G_USEC_PER_SEC * G_USEC_PER_SEC;
  return TRUE;
}

/* The helper's output, read back in the window: every value is checked
 * against what the writer can write, and the ALTO options are decoded
 * again here from their bytes, not taken on trust. */
AltoscopeDhcpAnswer *
altoscope_dhcp_answer_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(AltoscopeDhcpAnswer) a = NULL;
  JsonObject *o;
  JsonArray *options;
  g_autofree char *family = NULL;
  g_autofree char *interface = NULL;
  AltoscopeFamily f;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  o = json_node_get_object (node);
  family = member_text (o, "family");
  interface = member_text (o, "interface");
  if (g_strcmp0 (family, "ipv4") == 0)
    f = ALTOSCOPE_FAMILY_IPV4;
  else if (g_strcmp0 (family, "ipv6") == 0)
    f = ALTOSCOPE_FAMILY_IPV6;
  else
    goto bad;
  a = altoscope_dhcp_answer_new (interface, f);
  if (!read_exchange (a, o) || !read_option_codes (a, o))
    goto bad;

  /* At most the family's own options (RFC 7286 §3.1), each once. */
  if (!member_array (o, "options", &options)
      || (options != NULL && json_array_get_length (options) > 2))
    goto bad;
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    if (!read_option (a, f, json_array_get_element (options, i)))
      goto bad;

  if (!read_outcome (a, o))
    goto bad;
  return g_steal_pointer (&a);

bad:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The helper's answer is not a DHCP query result"));
  return NULL;
}

/* ---- text ------------------------------------------------------------------ */

char *
altoscope_dhcp_answer_to_text (const AltoscopeDhcpAnswer *a)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s/%s: %s", a->interface, altoscope_family_to_string (a->family),
                          a->message);
  if (a->sent_from != NULL)
    g_string_append_printf (out, _(" from %s to %s"), a->sent_from,
                            a->sent_to ? a->sent_to : "?");
  g_string_append_printf (out, ngettext (", %u message, %.0f ms\n", ", %u messages, %.0f ms\n",
                                         a->attempts), a->attempts, a->elapsed_ms);
  if (altoscope_dhcp_answer_get_failed (a))
    {
      g_string_append_printf (out, _("  failed (%s): %s\n"), a->error_code,
                              a->error_message ? a->error_message : "");
      if (a->error_hint != NULL)
        g_string_append_printf (out, _("  what would fix it: %s\n"), a->error_hint);
      if (a->status_message != NULL)
        g_string_append_printf (out, _("  the server said: %s\n"), a->status_message);
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, _("  answered by %s"), a->server);
  if (a->server_id != NULL && g_strcmp0 (a->server_id, a->server) != 0)
    g_string_append_printf (out, _(" (server identifier %s)"), a->server_id);
  g_string_append_printf (out, _(", kept for %lld s (%s)\n"), (long long) a->lifetime_s,
                          a->lifetime_source ? a->lifetime_source : "?");
  if (a->values->len == 0)
    g_string_append_printf (out, "  %s\n",
                            a->family == ALTOSCOPE_FAMILY_IPV6
                              ? _("The reply holds no option 57.")
                              : _("The reply holds neither option 213 nor option 15."));
  for (guint i = 0; i < a->values->len; i++)
    {
      AltoscopeDhcpValue *v = a->values->pdata[i];
      g_autofree char *raw = altoscope_text_safe (v->raw);
      if (v->domain != NULL)
        g_string_append_printf (out, _("  option %d: %s\n"), v->option, v->domain);
      else
        g_string_append_printf (out, _("  option %d: “%s” is malformed: %s\n"), v->option, raw,
                                v->error);
      if (v->note != NULL)
        g_string_append_printf (out, "    %s\n", v->note);
    }
  return g_string_free (out, FALSE);
}

/* What step 1 depends on: a new answer with other values starts discovery
 * again; the same values asked again do not. */
char *
altoscope_dhcp_answer_fingerprint (const AltoscopeDhcpAnswer *a)
{
  GString *out = g_string_new (altoscope_dhcp_answer_get_failed (a) ? a->error_code : "ok");

  g_string_append_printf (out, "|%s|%s", a->server ? a->server : "",
                          a->status_message ? a->status_message : "");
  for (guint i = 0; i < a->values->len; i++)
    {
      AltoscopeDhcpValue *v = a->values->pdata[i];
      g_string_append_printf (out, "|%d=%s", v->option, v->raw);
    }
  return g_string_free (out, FALSE);
}
