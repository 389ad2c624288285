/* altoscope-report-text.c: the report as text for a terminal
 *
 * Everything that came from the network goes through
 * altoscope_text_make_safe(), so it cannot drive a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-report.h"
#include "altoscope-target.h"
#include "altoscope-text.h"

/* For a target without a domain, what step 1 knew of each DHCP option it
 * looked at, on one line: "not reported by NetworkManager" is not "not
 * sent by the server" (issue 15, item 1). */
static void
append_option_status (GString         *out,
                      AltoscopeTarget *t)
{
  GArray *seen = altoscope_target_get_options_seen (t);
  g_autoptr(GString) line = NULL;

  if (seen == NULL || altoscope_target_get_domain (t) != NULL)
    return;
  line = g_string_new (NULL);
  for (guint i = 0; i < seen->len; i++)
    {
      AltoscopeOptionSeen *s = &g_array_index (seen, AltoscopeOptionSeen, i);
      if (line->len > 0)
        g_string_append (line, "; ");
      g_string_append_printf (line, _("option %d: %s"), s->option,
                              altoscope_option_status_describe (s->status, s->option));
    }
  g_string_append_printf (out, _("DHCP:      %s\n"), line->str);
}

/* RFC 8686: the address, then each reverse name with what it gave, so
 * that the name that answered (or stopped the procedure) can be seen. */
static void
append_reverse_names (GString         *out,
                      AltoscopeTarget *t)
{
  GArray *names = altoscope_target_get_reverse_names (t);
  g_autofree char *address = altoscope_text_safe (altoscope_target_get_reverse_address (t));

  if (names == NULL)
    return;
  g_string_append_printf (out, _("Address:   %s (RFC 8686: reverse names, longest prefix "
                                 "first)\n"), address);
  for (guint i = 0; i < names->len; i++)
    {
      AltoscopeReverseName *n = &g_array_index (names, AltoscopeReverseName, i);
      g_autofree char *name = altoscope_text_safe (n->name);
      const char *code = n->error_code == ALTOSCOPE_ERROR_NONE
                         ? "" : altoscope_error_code_to_string (n->error_code);
      g_autofree char *what = NULL;

      switch (n->outcome)
        {
        case ALTOSCOPE_REVERSE_OUTCOME_ANSWERED:
          what = g_strdup_printf (ngettext ("answered: %u URI", "answered: %u URIs", n->uris),
                                  n->uris);
          break;
        case ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS:
          what = g_strdup_printf (_("no ALTO records (%s), next name"), code);
          break;
        case ALTOSCOPE_REVERSE_OUTCOME_FAILED:
          what = g_strdup_printf (_("failed (%s): the procedure stops here"), code);
          break;
        case ALTOSCOPE_REVERSE_OUTCOME_NOT_TRIED:
        default:
          what = g_strdup (_("not tried"));
          break;
        }
      g_string_append_printf (out, "  /%-3u     %s: %s%s\n", n->prefix_len, name, what,
                              n->remembered ? _(" (remembered, RFC 7286 §3.2)") : "");
    }
}

/* Where the domain came from, and who was asked. */
static void
append_origin (GString         *out,
               AltoscopeTarget *t)
{
  g_autofree char *domain = altoscope_text_safe (altoscope_target_get_domain (t));
  g_autofree char *resolvers = g_strjoinv (", ", (GStrv) altoscope_target_get_resolvers (t));

  if (altoscope_target_get_interface (t))
    {
      g_autofree char *iface = altoscope_text_safe (altoscope_target_get_interface (t));
      g_string_append_printf (out, _("Interface %s, %s\n"), iface,
                              altoscope_target_get_family (t) ? altoscope_target_get_family (t) : _("both families"));
    }
  if (altoscope_target_get_domain (t) != NULL)
    g_string_append_printf (out, _("Domain:    %s (from %s)\n"), domain,
                            altoscope_target_get_domain_source (t) ? altoscope_target_get_domain_source (t) : _("nowhere"));
  else
    g_string_append_printf (out, _("Domain:    none\n"));
  append_reverse_names (out, t);
  append_option_status (out, t);
  if (altoscope_target_get_dhcp_answer (t) != NULL)
    {
      const AltoscopeDhcpAnswer *a = altoscope_target_get_dhcp_answer (t);
      g_autofree char *server = altoscope_text_safe (a->server);
      g_autofree char *why = altoscope_text_safe (a->error_message);
      if (altoscope_dhcp_answer_get_failed (a))
        g_string_append_printf (out, _("DHCP:      asked directly (%s), no answer: %s\n"),
                                a->message, why);
      else
        g_string_append_printf (out, ngettext ("DHCP:      asked directly (%s), answered by %s "
                                               "with %u ALTO option\n",
                                               "DHCP:      asked directly (%s), answered by %s "
                                               "with %u ALTO options\n", a->values->len),
                                a->message, server, a->values->len);
    }
  if (*resolvers != '\0')
    g_string_append_printf (out, _("Resolvers: %s%s\n"), resolvers,
                            altoscope_target_get_resolvers_from_system (t) ? _(" (the system's)") : "");
}

/* A DNSSEC status and who proved it: Altoscope from a trust anchor, or
 * only the resolver's word (issue 17). */
static char *
dnssec_words (AltoscopeDnssec          dnssec,
              AltoscopeDnssecValidator validator)
{
  /* Indeterminate from Altoscope: it tried and the proof did not come. */
  return g_strdup_printf ("%s %s", altoscope_dnssec_label (dnssec),
                          validator != ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE
                          ? _("(resolver says)")
                          : dnssec == ALTOSCOPE_DNSSEC_INDETERMINATE
                          ? _("(Altoscope could not prove it)") : _("(verified by Altoscope)"));
}

/* FAILED with its cause and hint, or how many URIs were found. */
static void
append_result (GString         *out,
               AltoscopeTarget *t)
{
  if (altoscope_target_get_failed (t))
    {
      g_autofree char *msg = altoscope_text_safe (altoscope_target_get_error_message (t));
      g_string_append_printf (out, _("Result:    FAILED (%s) at step “%s”\n"),
                              altoscope_error_code_to_string (altoscope_target_get_error_code (t)),
                              altoscope_target_get_error_step (t) ? altoscope_target_get_error_step (t) : "");
      g_string_append_printf (out, _("Cause:     %s\n"), msg);
      for (guint i = 0; i < altoscope_target_get_error_ede (t)->len; i++)
        {
          AltoscopeDnsEde *ede = &g_array_index (altoscope_target_get_error_ede (t), AltoscopeDnsEde, i);
          g_autofree char *text = altoscope_text_safe (ede->extra_text);
          g_string_append_printf (out, _("DNS error: extended error %u: %s\n"),
                                  ede->info_code, text);
        }
      g_string_append_printf (out, _("Hint:      %s\n"), altoscope_error_code_hint (altoscope_target_get_error_code (t)));
      if (altoscope_target_get_retry_after (t) >= 0)
        g_string_append_printf (out, _("Retry:     not before %.0f s from now (RFC 7286 §3.2)\n"),
                                altoscope_target_get_retry_after (t));
    }
  else
    {
      g_autofree char *dnssec = dnssec_words (altoscope_target_get_dnssec (t),
                                              altoscope_target_get_dnssec_validator (t));
      g_string_append_printf (out, ngettext ("Result:    %u ALTO server URI found, DNSSEC %s\n",
                                             "Result:    %u ALTO server URIs found, DNSSEC %s\n",
                                             altoscope_target_get_uris (t)->len),
                              altoscope_target_get_uris (t)->len, dnssec);
    }
}

/* What was said about @uri beyond its rank: why its addresses are missing,
 * why it is a fallback, a note, the names that led to it. */
static void
append_uri_notes (GString      *out,
                  AltoscopeUri *uri)
{
  if (uri->has_address_error)
    {
      g_autofree char *m = altoscope_text_safe (uri->address_error_message);
      g_string_append_printf (out, _("      address lookup: %s (%s)\n"), m,
                              altoscope_error_code_to_string (uri->address_error_code));
    }
  if (uri->fallback_reason)
    {
      g_autofree char *m = altoscope_text_safe (uri->fallback_reason);
      g_string_append_printf (out, _("      fallback: %s\n"), m);
    }
  if (uri->note)
    {
      g_autofree char *m = altoscope_text_safe (uri->note);
      g_string_append_printf (out, _("      note: %s\n"), m);
    }
  if (uri->chain && g_strv_length (uri->chain) > 1)
    {
      g_autofree char *chain = g_strjoinv (" → ", uri->chain);
      g_autofree char *safe = altoscope_text_safe (chain);
      g_string_append_printf (out, _("      via: %s\n"), safe);
    }
}

static void
append_uri (GString         *out,
            AltoscopeTarget *t,
            AltoscopeUri    *uri)
{
  g_autofree char *u = altoscope_text_safe (uri->uri);
  g_autofree char *dnssec = dnssec_words (uri->dnssec, uri->dnssec_validator);
  g_autoptr(GString) addrs = g_string_new (NULL);

  for (guint j = 0; j < uri->addresses->len; j++)
    {
      AltoscopeAddress *a = &g_array_index (uri->addresses, AltoscopeAddress, j);
      if (j > 0)
        g_string_append (addrs, ", ");
      g_string_append (addrs, a->address);
    }
  g_string_append_printf (out, "  %2u. %s\n", uri->rank, u);
  g_string_append_printf (out, _("      order %u, preference %u, %s, DNSSEC %s\n"),
                          uri->order, uri->preference,
                          uri->eligible ? _("eligible") : _("not eligible"), dnssec);
  if (addrs->len > 0)
    g_string_append_printf (out, _("      addresses: %s\n"), addrs->str);
  append_uri_notes (out, uri);
  if (altoscope_target_get_check (t, uri->uri) != NULL)
    {
      /* Already made safe, line by line, by the check itself. */
      g_autofree char *check = altoscope_check_to_text (altoscope_target_get_check (t, uri->uri));
      g_auto(GStrv) lines = g_strsplit (check, "\n", -1);
      for (guint j = 0; lines[j] && lines[j][0]; j++)
        g_string_append_printf (out, "      %s\n", lines[j]);
    }
}

/* The records that were not used, each with the reason. */
static void
append_ignored_records (GString         *out,
                        AltoscopeTarget *t)
{
  for (guint i = 0; i < altoscope_target_get_records (t)->len; i++)
    {
      AltoscopeNaptrRecord *r = altoscope_target_get_records (t)->pdata[i];
      g_autofree char *owner = NULL, *service = NULL, *regexp = NULL, *reason = NULL;
      g_autofree char *flags = NULL, *replacement = NULL;

      if (r->usable)
        continue;
      owner = altoscope_text_safe (r->owner);
      service = altoscope_text_safe (r->service);
      regexp = altoscope_text_safe (r->regexp);
      reason = altoscope_text_safe (r->reason);
      flags = altoscope_text_safe (r->flags);
      replacement = altoscope_text_safe (r->replacement);
      g_string_append_printf (out, _("  ignored: %s NAPTR %u %u \"%s\" \"%s\" \"%s\" %s\n"
                                     "           %s\n"),
                              owner, r->order, r->preference, flags, service, regexp,
                              replacement, reason);
    }
}

static void
append_trace (GString         *out,
              AltoscopeTarget *t)
{
  g_string_append (out, _("  Trace:\n"));
  for (guint i = 0; i < altoscope_target_get_trace (t)->len; i++)
    {
      AltoscopeTraceEvent *ev = &g_array_index (altoscope_target_get_trace (t), AltoscopeTraceEvent, i);
      g_autofree char *detail = altoscope_text_safe (ev->detail);
      g_string_append_printf (out, "  %9.1f ms  %-12s %s\n", ev->t_ms, ev->event, detail);
    }
}

/* A resolver's claim that Altoscope's proof contradicts comes first: it
 * means someone alters DNS on the way (issue 17).  Then the others. */
static void
append_warnings (GString         *out,
                 AltoscopeTarget *t)
{
  GArray *warnings = altoscope_target_get_warnings (t);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < warnings->len; i++)
      {
        AltoscopeWarning *w = &g_array_index (warnings, AltoscopeWarning, i);
        gboolean mismatch = g_strcmp0 (w->code, "dnssec-mismatch") == 0;
        g_autofree char *msg = NULL;

        if (mismatch != (pass == 0))
          continue;
        msg = altoscope_text_safe (w->message);
        if (mismatch)
          g_string_append_printf (out, _("MISMATCH:  %s\n"), msg);
        else
          g_string_append_printf (out, _("Warning:   %s\n"), msg);
      }
}

static void
append_target_text (GString         *out,
                    AltoscopeTarget *t,
                    gboolean         verbose)
{
  append_origin (out, t);
  append_warnings (out, t);

  append_result (out, t);
  for (guint i = 0; i < altoscope_target_get_uris (t)->len; i++)
    append_uri (out, t, altoscope_target_get_uris (t)->pdata[i]);
  append_ignored_records (out, t);
  if (verbose)
    append_trace (out, t);
  g_string_append_printf (out, _("Time:      %.1f ms\n"), altoscope_target_get_elapsed_ms (t));
}

char *
altoscope_report_to_text (GPtrArray *targets,
                          gboolean   verbose)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < targets->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      append_target_text (out, targets->pdata[i], verbose);
    }
  return g_string_free (out, FALSE);
}
