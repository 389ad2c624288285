/* altoscope-dns-answer.c: what an answer means, DNSSEC included
 *
 * A stub resolver cannot validate; it reads what a validating resolver says
 * (RFC 4035 §3.2.3, RFC 6840 §5.7–5.8): AD set means the answer validated;
 * bogus data gives SERVFAIL, and the same query with CD set then returns
 * it, which tells bogus from an ordinary failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "altoscope-dns-answer.h"
#include "altoscope-enum.h"

void
altoscope_dns_answer_free (AltoscopeDnsAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->qname);
  g_free (answer->server);
  g_clear_pointer (&answer->attempts, g_array_unref);
  g_clear_pointer (&answer->msg, altoscope_dns_message_free);
  g_free (answer->error_message);
  g_free (answer->dnssec_detail);
  g_free (answer->resolver_dnssec_detail);
  g_free (answer->why_bogus);
  g_free (answer->validation_failure);
  g_free (answer);
}

static void
attempt_clear (gpointer data)
{
  AltoscopeDnsAttempt *a = data;
  g_free (a->server);
  g_free (a->outcome);
}

/* An empty list of AltoscopeDnsAttempt that frees what it holds. */
GArray *
altoscope_dns_attempts_new (void)
{
  GArray *attempts = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsAttempt));
  g_array_set_clear_func (attempts, attempt_clear);
  return attempts;
}

/* The one name table: the nicks are the contract's DNSSEC statuses. */
G_DEFINE_ENUM_TYPE (AltoscopeDnssec, altoscope_dnssec,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_BOGUS, "bogus"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_INDETERMINATE, "indeterminate"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_INSECURE, "insecure"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_SECURE, "secure"))

const char *
altoscope_dnssec_to_string (AltoscopeDnssec dnssec)
{
  const char *nick = altoscope_enum_to_nick (ALTOSCOPE_TYPE_DNSSEC, dnssec);

  return nick != NULL ? nick : "indeterminate";
}

/* The contract's names of who decided a DNSSEC status (issue 17's
 * "dnssec_validator"). */
G_DEFINE_ENUM_TYPE (AltoscopeDnssecValidator, altoscope_dnssec_validator,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER, "resolver"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE, "altoscope"))

const char *
altoscope_dnssec_validator_to_string (AltoscopeDnssecValidator validator)
{
  const char *nick = altoscope_enum_to_nick (ALTOSCOPE_TYPE_DNSSEC_VALIDATOR, validator);

  return nick != NULL ? nick : "resolver";
}

/* What the resolver claimed: when it decided the status, the status. */
AltoscopeDnssec
altoscope_dns_answer_resolver_dnssec (const AltoscopeDnsAnswer *answer)
{
  return answer->validator == ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE
         ? answer->resolver_dnssec : answer->dnssec;
}

/* For people, translated; altoscope_dnssec_to_string() is the contract's. */
const char *
altoscope_dnssec_label (AltoscopeDnssec dnssec)
{
  switch (dnssec)
    {
    case ALTOSCOPE_DNSSEC_SECURE: return _("secure");
    case ALTOSCOPE_DNSSEC_INSECURE: return _("insecure");
    case ALTOSCOPE_DNSSEC_BOGUS: return _("bogus");
    case ALTOSCOPE_DNSSEC_INDETERMINATE:
    default: return _("indeterminate");
    }
}

/* RFC 8914 §4: the INFO-CODEs that report a DNSSEC validation failure. */
gboolean
altoscope_dns_ede_is_dnssec (guint16 info_code)
{
  switch (info_code)
    {
    case 1:  /* Unsupported DNSKEY Algorithm */
    case 2:  /* Unsupported DS Digest Type */
    case 6:  /* DNSSEC Bogus */
    case 7:  /* Signature Expired */
    case 8:  /* Signature Not Yet Valid */
    case 9:  /* DNSKEY Missing */
    case 10: /* RRSIGs Missing */
    case 11: /* No Zone Key Bit Set */
    case 12: /* NSEC Missing */
      return TRUE;
    default:
      return FALSE;
    }
}

AltoscopeDnssec
altoscope_dnssec_from_message (const AltoscopeDnsMessage  *msg,
                               char                      **detail)
{
  AltoscopeDnssec status;
  const char *why;

  if (msg->ad)
    {
      status = ALTOSCOPE_DNSSEC_SECURE;
      why = _("The resolver validated the answer with DNSSEC (AD flag set)");
    }
  else if (!msg->has_opt || !msg->do_bit)
    {
      status = ALTOSCOPE_DNSSEC_INDETERMINATE;
      why = _("The resolver did not echo the DNSSEC OK flag: it does not take part in DNSSEC, "
              "so nothing can be said about the answer's integrity");
    }
  else if (altoscope_dns_message_has_type (msg, ALTOSCOPE_DNS_SECTION_ANSWER,
                                           ALTOSCOPE_DNS_TYPE_RRSIG)
           || altoscope_dns_message_has_type (msg, ALTOSCOPE_DNS_SECTION_AUTHORITY,
                                              ALTOSCOPE_DNS_TYPE_RRSIG))
    {
      status = ALTOSCOPE_DNSSEC_INDETERMINATE;
      why = _("The data is signed, but the server did not validate it (no AD flag): it is not "
              "a validating resolver");
    }
  else
    {
      status = ALTOSCOPE_DNSSEC_INSECURE;
      why = _("The answer is not signed (no AD flag, no signatures): DNSSEC does not protect it");
    }

  if (detail)
    *detail = g_strdup (why);
  return status;
}

static void
set_failure (AltoscopeDnsAnswer *answer,
             AltoscopeErrorCode  code,
             char               *message)
{
  answer->failed = TRUE;
  answer->error_code = code;
  g_free (answer->error_message);
  answer->error_message = message;
}

static gboolean
has_dnssec_ede (const AltoscopeDnsMessage *msg)
{
  for (guint i = 0; msg && i < msg->ede->len; i++)
    if (altoscope_dns_ede_is_dnssec (g_array_index (msg->ede, AltoscopeDnsEde, i).info_code))
      return TRUE;
  return FALSE;
}

/* Decides what @first (and, after a SERVFAIL, @with_cd) mean.  Takes both. */
void
altoscope_dns_answer_classify (AltoscopeDnsAnswer  *answer,
                               AltoscopeDnsMessage *first,
                               AltoscopeDnsMessage *with_cd)
{
  answer->rcode = first->rcode;

  switch (first->rcode)
    {
    case ALTOSCOPE_DNS_RCODE_NOERROR:
    case ALTOSCOPE_DNS_RCODE_NXDOMAIN:
      answer->dnssec = altoscope_dnssec_from_message (first, &answer->dnssec_detail);
      if (first->rcode == ALTOSCOPE_DNS_RCODE_NXDOMAIN)
        {
          answer->nxdomain = TRUE;
          answer->error_code = ALTOSCOPE_ERROR_NXDOMAIN;
          answer->error_message = g_strdup_printf (_("The domain “%s” does not exist (NXDOMAIN)"),
                                                   answer->qname);
        }
      answer->msg = first;
      g_clear_pointer (&with_cd, altoscope_dns_message_free);
      return;

    case ALTOSCOPE_DNS_RCODE_SERVFAIL:
      /* Bogus only when the resolver says DNSSEC failed (RFC 8914): data
       * that comes back with CD set may also be a passing failure that the
       * repeat did not meet (RFC 4035 §3.2.2 allows either reading). */
      if (has_dnssec_ede (first))
        {
          answer->dnssec = ALTOSCOPE_DNSSEC_BOGUS;
          answer->dnssec_detail = g_strdup (with_cd != NULL
                                            ? _("The resolver reports a DNSSEC validation "
                                                "failure; with checking disabled (CD) it "
                                                "returns the data that failed")
                                            : _("The resolver reports a DNSSEC validation "
                                                "failure"));
          set_failure (answer, ALTOSCOPE_ERROR_BOGUS,
                       g_strdup_printf (_("DNSSEC validation of “%s” failed (bogus data)"),
                                        answer->qname));
          /* Keep the EDE of the first answer with the data of the second. */
          if (with_cd != NULL && (with_cd->rcode == ALTOSCOPE_DNS_RCODE_NOERROR
                                  || with_cd->rcode == ALTOSCOPE_DNS_RCODE_NXDOMAIN))
            {
              g_array_set_size (with_cd->ede, 0);
              altoscope_dns_ede_append_all (with_cd->ede, first->ede);
              answer->msg = with_cd;
              altoscope_dns_message_free (first);
            }
          else
            {
              answer->msg = first;
              g_clear_pointer (&with_cd, altoscope_dns_message_free);
            }
          return;
        }
      set_failure (answer, ALTOSCOPE_ERROR_SERVFAIL,
                   g_strdup_printf (_("The DNS server could not resolve “%s” (SERVFAIL)"),
                                    answer->qname));
      if (with_cd != NULL && with_cd->rcode == ALTOSCOPE_DNS_RCODE_NOERROR)
        {
          answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
          answer->dnssec_detail = g_strdup (_("With checking disabled (CD) the data comes back, "
                                              "but the resolver did not say that DNSSEC "
                                              "failed: the cause is unknown"));
          answer->msg = first;
          altoscope_dns_message_free (with_cd);
          return;
        }
      break;

    case ALTOSCOPE_DNS_RCODE_REFUSED:
      set_failure (answer, ALTOSCOPE_ERROR_REFUSED,
                   g_strdup_printf (_("The DNS server refused to answer for “%s” (REFUSED)"),
                                    answer->qname));
      break;

    default:
      set_failure (answer, ALTOSCOPE_ERROR_BAD_RESPONSE,
                   g_strdup_printf (_("The DNS server answered with the error %s (%u)"),
                                    altoscope_dns_rcode_to_string (first->rcode), first->rcode));
      break;
    }

  answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  answer->dnssec_detail = g_strdup (_("No usable answer came back, so its integrity is unknown"));
  answer->msg = first;
  g_clear_pointer (&with_cd, altoscope_dns_message_free);
}

/* How many records of the type asked, for the name asked (through a CNAME
 * chain), the answer holds.  Not msg->records->len: that counts the SOA
 * and RRSIGs of the authority section and the CNAMEs, so a name with no
 * record of the type would read "NOERROR, 4 records". */
guint
altoscope_dns_answer_count_asked (const AltoscopeDnsAnswer *answer)
{
  g_autoptr(GPtrArray) rrs = NULL;

  if (answer->msg == NULL)
    return 0;
  rrs = altoscope_dns_message_answers_for (answer->msg, answer->qtype, NULL);
  return rrs->len;
}

/* NOERROR with no record of the type asked: the name exists, the type
 * does not (NODATA, RFC 2308 §2.2). */
gboolean
altoscope_dns_answer_is_nodata (const AltoscopeDnsAnswer *answer)
{
  return !answer->failed && !answer->nxdomain && answer->msg != NULL
         && answer->rcode == ALTOSCOPE_DNS_RCODE_NOERROR
         && altoscope_dns_answer_count_asked (answer) == 0;
}
