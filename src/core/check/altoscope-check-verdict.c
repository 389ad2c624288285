/* altoscope-check-verdict.c
 *
 * A check's verdict in words: its code's one name table (the nicks of the
 * registered enum, the altoscope-check/1 contract's error codes), the hint
 * for each code, and what a certificate's faults are called, for scripts
 * and for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-check.h"
#include "altoscope-i18n.h"
#include "altoscope-check-private.h"
#include "altoscope-enum.h"

G_DEFINE_ENUM_TYPE (AltoscopeCheckCode, altoscope_check_code,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_OK, "ok"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_TLS, "tls"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_HTTP_STATUS, "http-status"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_MEDIA_TYPE, "media-type"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_INVALID_JSON, "invalid-json"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_INVALID_IRD, "invalid-ird"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_TOO_LARGE, "too-large"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_REDIRECTS, "redirects"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_TIMEOUT, "timeout"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_INVALID_INPUT, "invalid-input"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_CHECK_INSECURE_REDIRECT, "insecure-redirect"))

const char *
altoscope_check_code_to_string (AltoscopeCheckCode code)
{
  const char *nick = altoscope_enum_to_nick (ALTOSCOPE_TYPE_CHECK_CODE, code);

  return nick != NULL ? nick : "network";
}

/* The verdict in one sentence a help desk can read out; the code goes in a
 * caption for the engineer.  A timeout names its limit (@timeout_ms). */
char *
altoscope_check_code_headline (AltoscopeCheckCode code,
                               guint              timeout_ms)
{
  switch (code)
    {
    case ALTOSCOPE_CHECK_OK: return g_strdup (_("An ALTO server answers here"));
    case ALTOSCOPE_CHECK_TLS: return g_strdup (_("The server's certificate cannot be trusted"));
    case ALTOSCOPE_CHECK_HTTP_STATUS: return g_strdup (_("The server answered with an error"));
    case ALTOSCOPE_CHECK_MEDIA_TYPE:
      return g_strdup (_("The server answered, but not as an ALTO server"));
    case ALTOSCOPE_CHECK_INVALID_JSON: return g_strdup (_("The server's answer is broken"));
    case ALTOSCOPE_CHECK_INVALID_IRD:
      return g_strdup (_("The server's directory breaks the ALTO rules"));
    case ALTOSCOPE_CHECK_TOO_LARGE: return g_strdup (_("The server's answer is far too large"));
    case ALTOSCOPE_CHECK_REDIRECTS:
      return g_strdup (_("The server sends the check somewhere it cannot go"));
    case ALTOSCOPE_CHECK_INSECURE_REDIRECT:
      return g_strdup (_("The server tried to switch to an unencrypted connection"));
    case ALTOSCOPE_CHECK_TIMEOUT:
      {
        g_autofree char *limit = altoscope_format_duration (timeout_ms);
        return g_strdup_printf (_("The server did not answer within %s"), limit);
      }
    case ALTOSCOPE_CHECK_NETWORK: return g_strdup (_("The server could not be reached"));
    case ALTOSCOPE_CHECK_CANCELLED: return g_strdup (_("The check was stopped"));
    case ALTOSCOPE_CHECK_INVALID_INPUT:
    default:
      return g_strdup (_("The check could not start"));
    }
}

const char *
altoscope_check_code_hint (AltoscopeCheckCode code)
{
  switch (code)
    {
    case ALTOSCOPE_CHECK_OK:
      return NULL;
    case ALTOSCOPE_CHECK_TLS:
      return _("The server's certificate could not be trusted. For a private deployment, give "
               "the CA that signed it (--ca-file); otherwise ask the operator to install a "
               "certificate for this name, valid now, from a known CA.");
    case ALTOSCOPE_CHECK_HTTP_STATUS:
      return _("The server answered, but not with the directory. Check the URI published in "
               "the DNS, and the server's configuration for that path.");
    case ALTOSCOPE_CHECK_MEDIA_TYPE:
      return _("An ALTO server sends its directory as application/alto-directory+json "
               "(RFC 7285 §9). The URI may point at another kind of web server.");
    case ALTOSCOPE_CHECK_INVALID_JSON:
      return _("The body is not valid JSON: the server or something in between sent a "
               "broken or truncated answer.");
    case ALTOSCOPE_CHECK_INVALID_IRD:
      return _("The directory breaks rules of RFC 7285 §9.2; ALTO clients may reject it. "
               "The errors below say which; the server's operator can fix them.");
    case ALTOSCOPE_CHECK_TOO_LARGE:
      return _("A directory is a few kilobytes; this answer is far larger. The URI may point "
               "at something else, or the server misbehaves.");
    case ALTOSCOPE_CHECK_REDIRECTS:
      return _("The server's redirects do not lead to a directory: they loop, go on too long, "
               "or point at something that is not an http or https address. Use the final "
               "address, or ask the operator to fix the redirects.");
    case ALTOSCOPE_CHECK_INSECURE_REDIRECT:
      return _("The check started over https, and a redirect would have gone on in clear "
               "text, where anyone on the way can read and change the answer. The server, or "
               "something on the network between, must not send https clients to http; ask "
               "the operator, and distrust this network until it is explained.");
    case ALTOSCOPE_CHECK_TIMEOUT:
      return _("The server did not answer in time. It may be down, overloaded, or not "
               "reachable from this interface.");
    case ALTOSCOPE_CHECK_NETWORK:
      return _("The server could not be reached: check the address, the route from this "
               "interface, and firewalls on the way.");
    case ALTOSCOPE_CHECK_CANCELLED:
      return _("The check was stopped before it finished.");
    case ALTOSCOPE_CHECK_INVALID_INPUT:
    default:
      return _("Check what was given: an http or https URI, a local address, a readable CA "
               "file.");
    }
}

/* ---- a certificate's faults ------------------------------------------------ */

GStrv
_altoscope_check_tls_flag_names (GTlsCertificateFlags flags)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) g_strv_builder_add (b, "unknown-issuer");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY) g_strv_builder_add (b, "name-mismatch");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED) g_strv_builder_add (b, "not-yet-valid");
  if (flags & G_TLS_CERTIFICATE_EXPIRED) g_strv_builder_add (b, "expired");
  if (flags & G_TLS_CERTIFICATE_REVOKED) g_strv_builder_add (b, "revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE) g_strv_builder_add (b, "insecure");
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR) g_strv_builder_add (b, "generic-error");
  return g_strv_builder_end (b);
}

char *
_altoscope_check_tls_flags_sentence (GTlsCertificateFlags flags)
{
  g_autoptr(GString) s = g_string_new (NULL);
  struct { GTlsCertificateFlags flag; const char *text; } what[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is signed by an unknown issuer") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it is not for this host name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it was revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("its algorithm is insecure") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be checked") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    if (flags & what[i].flag)
      g_string_append_printf (s, "%s%s", s->len ? _(", ") : "", _(what[i].text));
  return g_strdup_printf (_("The server's certificate is not trusted: %s"),
                          s->len ? s->str : _("the TLS handshake failed"));
}
