/* libFuzzer harness: a DNS message from the network, and everything the
 * engine builds from it (NAPTR judgement, CNAME chasing, DNSSEC status,
 * the bogus/servfail classification, SOA for the negative wait).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "altoscope-dns-answer.h"
#include "altoscope-naptr.h"
#include "altoscope-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(AltoscopeDnsMessage) msg = altoscope_dns_message_parse (data, size, NULL);
  static const guint16 types[] = { ALTOSCOPE_DNS_TYPE_NAPTR, ALTOSCOPE_DNS_TYPE_A,
                                   ALTOSCOPE_DNS_TYPE_AAAA };

  if (msg == NULL)
    return 0;

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *final_name = NULL;
      g_autoptr(GPtrArray) rrs = altoscope_dns_message_answers_for (msg, types[t], &final_name);
      g_autoptr(GPtrArray) records =
        g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref);

      for (guint i = 0; i < rrs->len; i++)
        {
          const AltoscopeDnsRecord *rr = rrs->pdata[i];
          if (rr->type == ALTOSCOPE_DNS_TYPE_NAPTR)
            g_ptr_array_add (records, altoscope_naptr_record_new_from_rr (rr, 0));
        }
      g_ptr_array_sort (records, altoscope_naptr_record_compare);
      for (guint i = 0; i < records->len; i++)
        {
          AltoscopeNaptrRecord *r = records->pdata[i];
          g_autofree char *shown = altoscope_text_make_safe (r->uri ? r->uri : r->regexp, 400);
          if (!g_utf8_validate (shown, -1, NULL))
            __builtin_trap ();
        }
    }
  altoscope_dns_message_find_soa (msg);
  g_ptr_array_unref (altoscope_dns_message_answers_for (msg, ALTOSCOPE_DNS_TYPE_CNAME, NULL));

  /* The same bytes as a first answer and as the repeat with CD set. */
  {
    g_autoptr(AltoscopeDnsAnswer) answer = g_new0 (AltoscopeDnsAnswer, 1);
    AltoscopeDnsMessage *again = altoscope_dns_message_parse (data, size, NULL);
    AltoscopeDnsMessage *first = g_steal_pointer (&msg);

    answer->qname = g_strdup ("fuzz.example");
    answer->qtype = ALTOSCOPE_DNS_TYPE_NAPTR;
    altoscope_dns_answer_classify (answer, first, again);
    if (answer->dnssec_detail != NULL && !g_utf8_validate (answer->dnssec_detail, -1, NULL))
      __builtin_trap ();
  }
  return 0;
}
