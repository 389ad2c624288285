/* altoscope-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-enum.h"
#include "altoscope-error.h"

G_DEFINE_QUARK (altoscope-error-quark, altoscope_error)

/* The one name table: the nicks are the JSON contract's error codes. */
G_DEFINE_ENUM_TYPE (AltoscopeErrorCode, altoscope_error_code,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NXDOMAIN, "nxdomain"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NODATA, "nodata"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NO_ALTO_RECORDS, "no-alto-records"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_LOOP, "loop"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_CHAIN_TOO_LONG, "chain-too-long"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_TIMEOUT, "timeout"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_SERVFAIL, "servfail"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_REFUSED, "refused"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_BOGUS, "bogus"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_BAD_RESPONSE, "bad-response"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_RETRY_WAIT, "retry-wait"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_NO_DOMAIN, "no-domain"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_INVALID_INPUT, "invalid-input"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_INTERNAL, "internal"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_ERROR_TOO_MANY_QUERIES, "too-many-queries"))

const char *
altoscope_error_code_to_string (AltoscopeErrorCode code)
{
  const char *nick = code != ALTOSCOPE_ERROR_NONE
                     ? altoscope_enum_to_nick (ALTOSCOPE_TYPE_ERROR_CODE, code) : NULL;

  return nick != NULL ? nick : "internal";
}

gboolean
altoscope_error_code_from_string (const char         *str,
                                  AltoscopeErrorCode *code)
{
  int v;

  if (!altoscope_enum_from_nick (ALTOSCOPE_TYPE_ERROR_CODE, str, &v) || v == ALTOSCOPE_ERROR_NONE)
    return FALSE;
  *code = v;
  return TRUE;
}

AltoscopeErrorCategory
altoscope_error_code_category (AltoscopeErrorCode code)
{
  switch (code)
    {
    case ALTOSCOPE_ERROR_NXDOMAIN:
    case ALTOSCOPE_ERROR_NODATA:
    case ALTOSCOPE_ERROR_NO_ALTO_RECORDS:
    case ALTOSCOPE_ERROR_NO_DOMAIN:
      return ALTOSCOPE_ERROR_CATEGORY_NOT_FOUND;
    case ALTOSCOPE_ERROR_TIMEOUT:
      return ALTOSCOPE_ERROR_CATEGORY_TIMED_OUT;
    case ALTOSCOPE_ERROR_SERVFAIL:
    case ALTOSCOPE_ERROR_REFUSED:
    case ALTOSCOPE_ERROR_NETWORK:
    case ALTOSCOPE_ERROR_RETRY_WAIT:
    case ALTOSCOPE_ERROR_BOGUS:
      return ALTOSCOPE_ERROR_CATEGORY_TEMPORARY_FAILURE;
    case ALTOSCOPE_ERROR_LOOP:
    case ALTOSCOPE_ERROR_CHAIN_TOO_LONG:
    case ALTOSCOPE_ERROR_TOO_MANY_QUERIES:
    case ALTOSCOPE_ERROR_BAD_RESPONSE:
    case ALTOSCOPE_ERROR_CANCELLED:
    case ALTOSCOPE_ERROR_INVALID_INPUT:
    case ALTOSCOPE_ERROR_INTERNAL:
    default:
      return ALTOSCOPE_ERROR_CATEGORY_INTERNAL;
    }
}

const char *
altoscope_error_category_to_string (AltoscopeErrorCategory category)
{
  switch (category)
    {
    case ALTOSCOPE_ERROR_CATEGORY_NOT_FOUND: return "not-found";
    case ALTOSCOPE_ERROR_CATEGORY_TEMPORARY_FAILURE: return "temporary-failure";
    case ALTOSCOPE_ERROR_CATEGORY_TIMED_OUT: return "timed-out";
    case ALTOSCOPE_ERROR_CATEGORY_INTERNAL:
    default: return "internal";
    }
}

/* What a person could do about it: translated, one or two sentences. */
/* What happened, in one sentence a help desk can read out: the code and
 * the step are for the engineer, in a caption under it. */
const char *
altoscope_error_code_headline (AltoscopeErrorCode code)
{
  switch (code)
    {
    case ALTOSCOPE_ERROR_NXDOMAIN: return _("The domain does not exist");
    case ALTOSCOPE_ERROR_NODATA: return _("The domain publishes no ALTO server");
    case ALTOSCOPE_ERROR_NO_ALTO_RECORDS: return _("The domain's ALTO records cannot be used");
    case ALTOSCOPE_ERROR_LOOP: return _("The domain's records point in a circle");
    case ALTOSCOPE_ERROR_CHAIN_TOO_LONG: return _("The domain's records lead too far");
    case ALTOSCOPE_ERROR_TOO_MANY_QUERIES: return _("The domain's records branch out too far");
    case ALTOSCOPE_ERROR_TIMEOUT: return _("No DNS server answered in time");
    case ALTOSCOPE_ERROR_SERVFAIL: return _("The DNS server could not look the domain up");
    case ALTOSCOPE_ERROR_REFUSED: return _("The DNS server refused to answer");
    case ALTOSCOPE_ERROR_BOGUS: return _("The DNS answer failed its DNSSEC check");
    case ALTOSCOPE_ERROR_NETWORK: return _("The DNS server could not be reached");
    case ALTOSCOPE_ERROR_BAD_RESPONSE: return _("The DNS server's answer makes no sense");
    case ALTOSCOPE_ERROR_RETRY_WAIT: return _("Waiting before trying again");
    case ALTOSCOPE_ERROR_CANCELLED: return _("Discovery was stopped");
    case ALTOSCOPE_ERROR_NO_DOMAIN: return _("No ALTO domain for this network");
    case ALTOSCOPE_ERROR_INVALID_INPUT: return _("The domain given is not valid");
    case ALTOSCOPE_ERROR_NONE: return NULL;
    case ALTOSCOPE_ERROR_INTERNAL:
    default:
      return _("Altoscope ran into a bug");
    }
}

const char *
altoscope_error_code_hint (AltoscopeErrorCode code)
{
  switch (code)
    {
    case ALTOSCOPE_ERROR_NXDOMAIN:
      return _("The domain does not exist in the DNS. Check the domain name (override or DHCP), "
               "or ask the network operator which domain publishes the ALTO service.");
    case ALTOSCOPE_ERROR_NODATA:
      return _("The domain exists but publishes no NAPTR records. The operator has to add a "
               "U-NAPTR record with the service “ALTO:https” (or “ALTO:http”) to offer ALTO here.");
    case ALTOSCOPE_ERROR_NO_ALTO_RECORDS:
      return _("The domain has NAPTR records, but none is a usable U-NAPTR record for ALTO. "
               "See the ignored records for the reason of each; the operator has to fix them.");
    case ALTOSCOPE_ERROR_LOOP:
      return _("The non-terminal NAPTR records point back to a domain already visited. "
               "The operator has to break the loop.");
    case ALTOSCOPE_ERROR_CHAIN_TOO_LONG:
      return _("The chain of non-terminal NAPTR records is longer than 8 hops. "
               "The operator has to shorten it.");
    case ALTOSCOPE_ERROR_TOO_MANY_QUERIES:
      return _("The non-terminal NAPTR records branch out so much that following them all would "
               "take more than 64 queries. The operator has to prune them.");
    case ALTOSCOPE_ERROR_TIMEOUT:
      return _("No DNS server answered in time. Check that the DNS servers are reachable, "
               "or give a longer timeout.");
    case ALTOSCOPE_ERROR_SERVFAIL:
      return _("The DNS server could not resolve the name (server failure). The domain's own "
               "servers may be down or misconfigured; try again after the wait.");
    case ALTOSCOPE_ERROR_REFUSED:
      return _("The DNS server refused to answer. It may not serve this network, or not "
               "resolve names for others; use the DNS server the network assigns.");
    case ALTOSCOPE_ERROR_BOGUS:
      return _("DNSSEC validation failed: the answer was altered or its signatures are broken. "
               "Do not trust any record from it; the domain's operator has to fix the signatures.");
    case ALTOSCOPE_ERROR_NETWORK:
      return _("The DNS server could not be reached. Check the network connection and the DNS "
               "server address.");
    case ALTOSCOPE_ERROR_BAD_RESPONSE:
      return _("The DNS server sent an answer that is not valid DNS. The server or something on "
               "the path is broken or hostile.");
    case ALTOSCOPE_ERROR_RETRY_WAIT:
      return _("The last lookup failed a short time ago. RFC 7286 asks clients to wait before "
               "retrying; try again when the wait is over, or override it.");
    case ALTOSCOPE_ERROR_CANCELLED:
      return _("Discovery was stopped before it finished.");
    case ALTOSCOPE_ERROR_NO_DOMAIN:
      return _("Set a domain for this interface, or make the DHCP server send one.");
    case ALTOSCOPE_ERROR_INVALID_INPUT:
      return _("Correct the input and try again.");
    case ALTOSCOPE_ERROR_INTERNAL:
    default:
      return _("This is a bug in Altoscope; please report it with the JSON report attached.");
    }
}
