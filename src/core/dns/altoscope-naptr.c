/* altoscope-naptr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "altoscope-domain.h"
#include "altoscope-naptr.h"

static void
record_clear (gpointer data)
{
  AltoscopeNaptrRecord *record = data;

  g_free (record->owner);
  g_free (record->flags);
  g_free (record->service);
  g_free (record->regexp);
  g_free (record->replacement);
  g_free (record->reason);
  g_free (record->uri);
  g_free (record->scheme);
  g_free (record->host);
  g_strfreev (record->protocols);
  g_free (record->note);
}

AltoscopeNaptrRecord *
altoscope_naptr_record_ref (AltoscopeNaptrRecord *record)
{
  return g_atomic_rc_box_acquire (record);
}

void
altoscope_naptr_record_unref (AltoscopeNaptrRecord *record)
{
  g_atomic_rc_box_release_full (record, record_clear);
}

/* The stable name of a reason, for the JSON and text edges; NULL for a
 * usable record. */
const char *
altoscope_naptr_reason_to_string (AltoscopeNaptrReason reason)
{
  static const char * const names[] = {
    NULL,
    "not-printable",
    "unknown-flags",
    "malformed-service",
    "other-service",
    "no-protocol",
    "unsupported-protocol",
    "regexp-and-replacement",
    "regexp-form",
    "nonterminal-regexp",
    "nonterminal-no-replacement",
    "uri-invalid",
    "uri-scheme",
    "uri-userinfo",
    "owner-mismatch",
    "bogus",
    "loop",
    "chain-too-long",
    "query-limit",
  };
  return reason < G_N_ELEMENTS (names) ? names[reason] : NULL;
}

void
altoscope_naptr_record_set_ignored (AltoscopeNaptrRecord *record,
                                    AltoscopeNaptrReason  code,
                                    const char           *format,
                                    ...)
{
  va_list args;

  record->usable = FALSE;
  record->eligible = FALSE;
  record->reason_code = code;
  g_free (record->reason);
  va_start (args, format);
  record->reason = g_strdup_vprintf (format, args);
  va_end (args);
}

/* RFC 4848 §2.1: app-service *(":" app-protocol), each token an ALPHA
 * followed by up to 31 of ALPHA / DIGIT / "+" / "-" / "." (experimental
 * ones start with "x-").  Case-insensitive. */
static gboolean
token_ok (const char *token)
{
  gsize len = strlen (token);

  if (len == 0 || len > 32 || !g_ascii_isalpha (token[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    {
      char c = token[i];
      if (!g_ascii_isalnum (c) && c != '+' && c != '-' && c != '.')
        return FALSE;
    }
  return TRUE;
}

gboolean
altoscope_naptr_parse_service (const char  *service,
                               char       **app_service,
                               GStrv       *protocols)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  if (service == NULL || *service == '\0')
    return FALSE;

  parts = g_strsplit (service, ":", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!token_ok (parts[i]))
        return FALSE;
    }

  builder = g_strv_builder_new ();
  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (parts[i], -1);
      g_strv_builder_add (builder, lower);
    }

  if (app_service)
    *app_service = g_strdup (parts[0]);
  if (protocols)
    *protocols = g_strv_builder_end (builder);
  return TRUE;
}

/* RFC 4848 §2.2: the only regexp U-NAPTR permits is "!.*!" URI "!".  Any
 * other delimiter, anchor, back-reference or trailing flag means it is not
 * U-NAPTR.  A "!" or "\" inside would be read by a DDDS regexp engine as a
 * delimiter or an escape, so a URI holding one cannot be expressed. */
char *
altoscope_naptr_regexp_to_uri (const char  *regexp,
                               char       **why)
{
  gsize len = regexp ? strlen (regexp) : 0;
  const char *body;
  gsize body_len;

  if (len < 6 || !g_str_has_prefix (regexp, "!.*!") || regexp[len - 1] != '!')
    {
      if (why)
        *why = g_strdup (_("The regexp is not of the U-NAPTR form “!.*!URI!” (RFC 4848 §2.2)"));
      return NULL;
    }

  body = regexp + 4;
  body_len = len - 5;
  if (memchr (body, '!', body_len) != NULL)
    {
      if (why)
        *why = g_strdup (_("The regexp has more than three “!” delimiters: a trailing flag or a "
                           "“!” inside the URI, neither of which U-NAPTR permits"));
      return NULL;
    }
  if (memchr (body, '\\', body_len) != NULL)
    {
      if (why)
        *why = g_strdup (_("The regexp's URI contains “\\” (a back-reference or escape), which "
                           "U-NAPTR does not permit"));
      return NULL;
    }

  return g_strndup (body, body_len);
}

static gboolean
uri_char_ok (char c)
{
  /* RFC 3986 §2: unreserved, reserved and "%" (pct-encoded). */
  return g_ascii_isalnum (c) || strchr ("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

/* A DNS host name (RFC 1123 §2.1, RFC 3696 §2), with "_" tolerated, in
 * relative or absolute form: the one trailing dot of an absolute name
 * (RFC 1034 §3.1, RFC 3986 §3.2.2) is taken off by the caller. */
static gboolean
host_name_ok (const char *host)
{
  g_auto(GStrv) labels = NULL;
  gsize len = strlen (host);
  gboolean all_numeric = TRUE;

  if (len == 0 || len > 253)
    return FALSE;
  labels = g_strsplit (host, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize llen = strlen (labels[i]);
      if (llen == 0 || llen > 63 || labels[i][0] == '-' || labels[i][llen - 1] == '-')
        return FALSE;
      for (gsize j = 0; j < llen; j++)
        {
          if (!g_ascii_isalnum (labels[i][j]) && labels[i][j] != '-' && labels[i][j] != '_')
            return FALSE;
          if (!g_ascii_isdigit (labels[i][j]))
            all_numeric = FALSE;
        }
    }
  /* "0300.0.0.1" or "1.2.3": not the IPv4address of RFC 3986 §3.2.2, yet
   * inet_aton() and browsers read them as addresses; a top-level label is
   * never all-numeric (RFC 3696 §2), so such a host is ambiguous. */
  return !all_numeric;
}

/* What a terminal record's URI must be, and why each refusal:
 *
 *  - only the characters of RFC 3986 §2 (an IRI is not a URI);
 *  - parseable as an RFC 3986 URI (GLib's parser), with a port that fits
 *    in 16 bits;
 *  - scheme http or https (RFC 7286 §3.2: an HTTP(S) URI of the IRD), and
 *    one of the record's protocols (RFC 4848 §4.4);
 *  - no userinfo: RFC 9110 §4.2.4, a sender MUST NOT generate it and a
 *    recipient should treat it as an error (it is a phishing device);
 *  - a host (RFC 9110 §4.2.1: an empty host MUST be rejected);
 *  - an IP literal without an IPv6 zone (RFC 6874: a zone names an
 *    interface of the sender's host, meaningless in a URI from DNS);
 *  - otherwise a DNS host name, percent-decoding applied (RFC 3986 §6.2.2.2)
 *    and one trailing dot allowed (an absolute name, RFC 3986 §3.2.2);
 *  - a port other than 0, which no TCP connection can use.
 *
 * Everything else RFC 3986 and RFC 7285 allow is accepted: any path, a
 * query, a fragment, an empty port, upper-case scheme or host. */
gboolean
altoscope_naptr_check_uri (const char         *uri,
                           const char * const *protocols,
                           char              **scheme_out,
                           char              **host_out,
                           int                *port_out,
                           AltoscopeNaptrReason *why_code,
                           char              **why)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  gsize host_len;
  gboolean ip_literal;

#define FAIL(code, ...) G_STMT_START {                      \
    if (why_code) *why_code = (code);                       \
    if (why) *why = g_strdup_printf (__VA_ARGS__);          \
    return FALSE;                                           \
  } G_STMT_END

  for (const char *p = uri; *p; p++)
    if (!uri_char_ok (*p))
      FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI contains a character that URIs may not contain "
                             "(byte 0x%02X at position %u)"),
            (guint8) *p, (guint) (p - uri + 1));

  if (strstr (uri, "%00") != NULL)
    FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI holds an encoded NUL byte (“%%00”), which would cut "
                           "what follows it"));

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &error);
  if (parsed == NULL)
    FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI is not valid: %s"), error->message);

  scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    FAIL (ALTOSCOPE_NAPTR_URI_SCHEME, _("The URI scheme “%s” is not http or https"), scheme);

  if (protocols == NULL || !g_strv_contains (protocols, scheme))
    {
      g_autofree char *list = protocols ? g_strjoinv (", ", (GStrv) protocols) : g_strdup ("");
      FAIL (ALTOSCOPE_NAPTR_URI_SCHEME, _("The URI scheme “%s” is not among the record's protocols (%s)"),
            scheme, list);
    }

  if (g_uri_get_userinfo (parsed) != NULL)
    FAIL (ALTOSCOPE_NAPTR_URI_USERINFO, _("The URI carries user information (“user@”), which HTTP forbids "
                            "(RFC 9110 §4.2.4)"));

  host = g_strdup (g_uri_get_host (parsed));
  if (host == NULL || *host == '\0')
    FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI has no host (RFC 9110 §4.2.1)"));

  ip_literal = altoscope_domain_is_ip_literal (host);
  if (ip_literal && strchr (host, '%') != NULL)
    FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI's IPv6 address names a zone (“%%…”), which only means "
                           "something on the host that wrote it (RFC 6874)"));
  if (!ip_literal)
    {
      host_len = strlen (host);
      if (host_len > 1 && host[host_len - 1] == '.')
        host[host_len - 1] = '\0';   /* an absolute name: the same host */
      if (!host_name_ok (host))
        FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI's host is not a valid host name"));
    }
  if (g_uri_get_port (parsed) == 0)
    FAIL (ALTOSCOPE_NAPTR_URI_INVALID, _("The URI's port is 0, which no connection can use"));

#undef FAIL

  if (scheme_out)
    *scheme_out = g_steal_pointer (&scheme);
  if (host_out)
    *host_out = g_ascii_strdown (host, -1);
  if (port_out)
    *port_out = g_uri_get_port (parsed);
  return TRUE;
}

/* U-NAPTR's flags (RFC 4848 §2.3): "u" ends in a URI, empty leads on;
 * FALSE (the record ignored) for any other. */
static gboolean
judge_flags (AltoscopeNaptrRecord *record)
{
  g_autofree char *flags = g_ascii_strdown (record->flags, -1);

  if (g_str_equal (flags, "u"))
    record->terminal = TRUE;
  else if (*flags != '\0')
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_UNKNOWN_FLAGS,
                                          _("The flags “%s” are not U-NAPTR's: “u” gives a URI, "
                                            "empty goes on to another domain (RFC 4848 §2.3)"),
                                          record->flags);
      return FALSE;
    }
  return TRUE;
}

/* The service field (RFC 4848 §2.1) names ALTO, and protocols that lead
 * to http or https; FALSE (the record ignored) if not. */
static gboolean
judge_service (AltoscopeNaptrRecord *record,
               gboolean              service_ok,
               const char           *app_service,
               GStrv                 protocols)
{
  if (!service_ok)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_MALFORMED_SERVICE,
                                          _("The service field “%s” is not of the form "
                                            "SERVICE:PROTOCOL (RFC 4848 §2.1)"),
                                          record->service);
      return FALSE;
    }
  else if (g_ascii_strcasecmp (app_service, ALTOSCOPE_APP_SERVICE) != 0)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_OTHER_SERVICE,
                                          _("The record is for the service “%s”, not ALTO"),
                                          app_service);
      return FALSE;
    }
  else if (!record->terminal && protocols[0] != NULL
           && !g_strv_contains ((const char * const *) protocols, "http")
           && !g_strv_contains ((const char * const *) protocols, "https"))
    {
      g_autofree char *list = g_strjoinv (", ", protocols);
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_UNSUPPORTED_PROTOCOL,
                                          _("The record leads on only for other protocols (%s), "
                                            "not http or https"), list);
      return FALSE;
    }
  else if (record->terminal && protocols[0] == NULL)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_NO_PROTOCOL,
                                          _("The service field names no application protocol "
                                            "(http or https)"));
      return FALSE;
    }
  else if (record->terminal && !g_strv_contains ((const char * const *) protocols, "http")
           && !g_strv_contains ((const char * const *) protocols, "https"))
    {
      g_autofree char *list = g_strjoinv (", ", protocols);
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_UNSUPPORTED_PROTOCOL,
                                          _("None of the record's protocols (%s) is http or https"),
                                          list);
      return FALSE;
    }
  return TRUE;
}

/* A terminal record: the replacement "." and a regexp that gives a URI
 * fit for one of its protocols. */
static void
judge_terminal (AltoscopeNaptrRecord *record,
                GStrv                 protocols)
{
  g_autofree char *why = NULL;
  AltoscopeNaptrReason why_code = ALTOSCOPE_NAPTR_URI_INVALID;

  if (!g_str_equal (record->replacement, "."))
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_REGEXP_AND_REPLACEMENT,
                                          _("A terminal record must have the replacement "
                                            "“.”, but it has “%s” (RFC 3403 §4.1)"),
                                          record->replacement);
      return;
    }
  record->uri = altoscope_naptr_regexp_to_uri (record->regexp, &why);
  if (record->uri == NULL)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_REGEXP_FORM, "%s", why);
      return;
    }
  if (!altoscope_naptr_check_uri (record->uri, (const char * const *) protocols,
                                  &record->scheme, &record->host, &record->port,
                                  &why_code, &why))
    altoscope_naptr_record_set_ignored (record, why_code, "%s", why);
}

/* A non-terminal record: no regexp, and the next domain in its
 * replacement. */
static void
judge_nonterminal (AltoscopeNaptrRecord *record)
{
  if (*record->regexp != '\0')
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_NONTERMINAL_REGEXP,
                                          _("A non-terminal record must have an empty "
                                            "regexp and name the next domain in its "
                                            "replacement"));
      return;
    }
  if (g_str_equal (record->replacement, "."))
    altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_NONTERMINAL_NO_REPLACEMENT,
                                        _("A non-terminal record must name the next "
                                          "domain in its replacement, but it is “.”"));
}

static void
judge (AltoscopeNaptrRecord *record,
       gboolean              clean)
{
  g_autofree char *app_service = NULL;
  g_auto(GStrv) protocols = NULL;
  gboolean service_ok;

  record->usable = TRUE;
  record->port = -1;

  if (!clean)
    {
      altoscope_naptr_record_set_ignored (record, ALTOSCOPE_NAPTR_NOT_PRINTABLE,
                                          _("The record contains bytes that are not printable "
                                            "ASCII (shown as \\DDD)"));
      return;
    }

  if (!judge_flags (record))
    return;

  service_ok = altoscope_naptr_parse_service (record->service, &app_service, &protocols);
  if (service_ok && protocols[0] != NULL)
    record->protocols = g_strdupv (protocols);

  if (!record->terminal && *record->service == '\0')
    ; /* a non-terminal record may leave the service empty */
  else if (!judge_service (record, service_ok, app_service, protocols))
    return;

  if (record->terminal)
    judge_terminal (record, protocols);
  else
    judge_nonterminal (record);
}

static AltoscopeNaptrRecord *
record_alloc (const char *owner,
              guint16     order,
              guint16     preference,
              const char *flags,
              const char *service,
              const char *regexp,
              const char *replacement)
{
  AltoscopeNaptrRecord *record = g_atomic_rc_box_new0 (AltoscopeNaptrRecord);

  record->owner = g_strdup (owner);
  record->order = order;
  record->preference = preference;
  record->flags = g_strdup (flags);
  record->service = g_strdup (service);
  record->regexp = g_strdup (regexp);
  record->replacement = g_strdup (replacement);
  return record;
}

AltoscopeNaptrRecord *
altoscope_naptr_record_new (const char *owner,
                            guint16     order,
                            guint16     preference,
                            const char *flags,
                            const char *service,
                            const char *regexp,
                            const char *replacement)
{
  AltoscopeNaptrRecord *record = record_alloc (owner, order, preference,
                                               flags, service, regexp, replacement);
  judge (record, TRUE);
  return record;
}

AltoscopeNaptrRecord *
altoscope_naptr_record_new_from_rr (const AltoscopeDnsRecord *rr,
                                    int                       hop)
{
  AltoscopeNaptrRecord *record;

  g_return_val_if_fail (rr->type == ALTOSCOPE_DNS_TYPE_NAPTR, NULL);

  record = record_alloc (rr->name, rr->data.naptr.order, rr->data.naptr.preference,
                         rr->data.naptr.flags.text, rr->data.naptr.service.text,
                         rr->data.naptr.regexp.text, rr->data.naptr.replacement);
  record->ttl = rr->ttl;
  record->hop = hop;
  judge (record, rr->data.naptr.flags.clean && rr->data.naptr.service.clean
                 && rr->data.naptr.regexp.clean);
  return record;
}

/* RFC 3403 §4.1: ORDER first, then PREFERENCE, both ascending.  Ties are
 * broken by the URI/replacement text so that reports are reproducible. */
int
altoscope_naptr_record_compare (gconstpointer a,
                                gconstpointer b)
{
  const AltoscopeNaptrRecord *ra = *(AltoscopeNaptrRecord * const *) a;
  const AltoscopeNaptrRecord *rb = *(AltoscopeNaptrRecord * const *) b;

  if (ra->order != rb->order)
    return ra->order < rb->order ? -1 : 1;
  if (ra->preference != rb->preference)
    return ra->preference < rb->preference ? -1 : 1;
  if (ra->usable != rb->usable)
    return ra->usable ? -1 : 1;
  return g_strcmp0 (ra->uri ? ra->uri : ra->replacement, rb->uri ? rb->uri : rb->replacement);
}
