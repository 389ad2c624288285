/* altoscope-target.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-dns-message.h"
#include "altoscope-error.h"
#include "altoscope-target-private.h"

G_DEFINE_FINAL_TYPE (AltoscopeTarget, altoscope_target, G_TYPE_OBJECT)

static void
address_clear (gpointer data)
{
  AltoscopeAddress *addr = data;
  g_free (addr->address);
}

AltoscopeUri *
_altoscope_uri_new (void)
{
  AltoscopeUri *uri = g_atomic_rc_box_new0 (AltoscopeUri);

  uri->port = -1;
  uri->fallback_order = -1;
  uri->addresses = g_array_new (FALSE, TRUE, sizeof (AltoscopeAddress));
  g_array_set_clear_func (uri->addresses, address_clear);
  return uri;
}

static void
uri_clear (gpointer data)
{
  AltoscopeUri *uri = data;

  g_free (uri->uri);
  g_free (uri->scheme);
  g_free (uri->host);
  g_strfreev (uri->chain);
  g_free (uri->dnssec_detail);
  g_clear_pointer (&uri->addresses, g_array_unref);
  g_free (uri->address_error_message);
  g_free (uri->note);
  g_free (uri->fallback_reason);
}

AltoscopeUri *
altoscope_uri_ref (AltoscopeUri *uri)
{
  return g_atomic_rc_box_acquire (uri);
}

void
altoscope_uri_unref (AltoscopeUri *uri)
{
  g_atomic_rc_box_release_full (uri, uri_clear);
}

static void
trace_clear (gpointer data)
{
  AltoscopeTraceEvent *ev = data;
  g_free (ev->event);
  g_free (ev->detail);
}

static void
warning_clear (gpointer data)
{
  AltoscopeWarning *w = data;
  g_free (w->code);
  g_free (w->message);
}

static void
ede_clear (gpointer data)
{
  AltoscopeDnsEde *ede = data;
  g_free (ede->extra_text);
}

static void
answer_info_clear (gpointer data)
{
  AltoscopeAnswerInfo *a = data;
  g_free (a->qname);
  g_free (a->error_code);
  g_free (a->server);
  g_clear_pointer (&a->ede, g_array_unref);
  g_clear_pointer (&a->attempts, g_array_unref);
}

static void
attempt_clear (gpointer data)
{
  AltoscopeDnsAttempt *a = data;
  g_free (a->server);
  g_free (a->outcome);
}

void
_altoscope_target_add_answer (AltoscopeTarget          *self,
                              const AltoscopeDnsAnswer *answer)
{
  AltoscopeAnswerInfo a = { 0 };

  a.qname = g_strdup (answer->qname);
  a.qtype = answer->qtype;
  a.rcode = answer->rcode;
  a.ad = answer->msg != NULL && answer->msg->ad;
  a.cd_retry = answer->cd_retry;
  a.over_tcp = answer->over_tcp;
  a.edns_fallback = answer->edns_fallback;
  a.dnssec = answer->dnssec;
  if (answer->failed || answer->nxdomain)
    a.error_code = g_strdup (altoscope_error_code_to_string (answer->error_code));
  a.ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  g_array_set_clear_func (a.ede, ede_clear);
  altoscope_dns_ede_append_all (a.ede, answer->msg ? answer->msg->ede : NULL);
  a.elapsed_ms = answer->elapsed_ms;
  a.server = g_strdup (answer->server);
  a.attempts = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsAttempt));
  g_array_set_clear_func (a.attempts, attempt_clear);
  for (guint i = 0; answer->attempts && i < answer->attempts->len; i++)
    {
      AltoscopeDnsAttempt at = g_array_index (answer->attempts, AltoscopeDnsAttempt, i);
      at.server = g_strdup (at.server);
      at.outcome = g_strdup (at.outcome);
      g_array_append_val (a.attempts, at);
    }
  g_array_append_val (self->answers, a);
}

static void
altoscope_target_finalize (GObject *object)
{
  AltoscopeTarget *self = ALTOSCOPE_TARGET (object);

  g_free (self->interface);
  g_free (self->family);
  g_free (self->domain);
  g_free (self->domain_source);
  g_strfreev (self->resolvers);
  g_free (self->error_step);
  g_free (self->error_message);
  g_free (self->error_domain);
  g_clear_pointer (&self->error_ede, g_array_unref);
  g_free (self->dnssec_detail);
  g_clear_pointer (&self->uris, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->trace, g_array_unref);
  g_clear_pointer (&self->warnings, g_array_unref);
  g_clear_pointer (&self->answers, g_array_unref);
  g_free (self->interface_kind);
  g_free (self->vpn_parent);
  g_free (self->connection_id);
  g_free (self->connection_uuid);
  g_clear_pointer (&self->dhcp_values, g_ptr_array_unref);

  G_OBJECT_CLASS (altoscope_target_parent_class)->finalize (object);
}

static void
altoscope_target_class_init (AltoscopeTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = altoscope_target_finalize;
}

static void
altoscope_target_init (AltoscopeTarget *self)
{
  self->retry_after_s = -1;
  self->error_rcode = G_MAXUINT;
  self->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  self->uris = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_uri_unref);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) altoscope_naptr_record_unref);
  self->trace = g_array_new (FALSE, TRUE, sizeof (AltoscopeTraceEvent));
  g_array_set_clear_func (self->trace, trace_clear);
  self->warnings = g_array_new (FALSE, TRUE, sizeof (AltoscopeWarning));
  g_array_set_clear_func (self->warnings, warning_clear);
  self->answers = g_array_new (FALSE, TRUE, sizeof (AltoscopeAnswerInfo));
  g_array_set_clear_func (self->answers, answer_info_clear);
  self->error_ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  g_array_set_clear_func (self->error_ede, ede_clear);
}

AltoscopeTarget *
altoscope_target_new (const char *interface,
                      const char *family,
                      const char *domain,
                      const char *domain_source)
{
  AltoscopeTarget *self = g_object_new (ALTOSCOPE_TYPE_TARGET, NULL);

  self->interface = g_strdup (interface);
  self->family = g_strdup (family);
  self->domain = g_strdup (domain);
  self->domain_source = g_strdup (domain_source);
  return self;
}

void
_altoscope_target_add_trace (AltoscopeTarget *self,
                             double           t_ms,
                             const char      *event,
                             const char      *detail)
{
  AltoscopeTraceEvent ev = { t_ms, g_strdup (event), g_strdup (detail) };
  g_array_append_val (self->trace, ev);
}

void
altoscope_target_add_warning (AltoscopeTarget *self,
                              const char      *code,
                              const char      *message)
{
  AltoscopeWarning w = { g_strdup (code), g_strdup (message) };
  g_array_append_val (self->warnings, w);
}

void
altoscope_target_set_failure (AltoscopeTarget    *self,
                              AltoscopeErrorCode  code,
                              const char         *step,
                              const char         *message)
{
  self->failed = TRUE;
  self->error_code = code;
  g_free (self->error_step);
  self->error_step = g_strdup (step);
  g_free (self->error_message);
  self->error_message = g_strdup (message);
}

const char *altoscope_target_get_interface (AltoscopeTarget *self) { return self->interface; }
const char *altoscope_target_get_connection_uuid (AltoscopeTarget *self) { return self->connection_uuid; }
const char *altoscope_target_get_family (AltoscopeTarget *self) { return self->family; }
const char *altoscope_target_get_domain (AltoscopeTarget *self) { return self->domain; }
const char *altoscope_target_get_domain_source (AltoscopeTarget *self) { return self->domain_source; }
gboolean altoscope_target_get_failed (AltoscopeTarget *self) { return self->failed; }
AltoscopeErrorCode altoscope_target_get_error_code (AltoscopeTarget *self) { return self->error_code; }
const char *altoscope_target_get_error_message (AltoscopeTarget *self) { return self->error_message; }
double altoscope_target_get_retry_after (AltoscopeTarget *self) { return self->retry_after_s; }
AltoscopeDnssec altoscope_target_get_dnssec (AltoscopeTarget *self) { return self->dnssec; }
GPtrArray *altoscope_target_get_uris (AltoscopeTarget *self) { return self->uris; }
GPtrArray *altoscope_target_get_records (AltoscopeTarget *self) { return self->records; }
GArray *altoscope_target_get_trace (AltoscopeTarget *self) { return self->trace; }
guint altoscope_target_count_uris (AltoscopeTarget *self) { return self->uris->len; }

/* Monotonic µs at which the result was complete: a wait before retrying
 * counts from there. */
gint64
altoscope_target_get_finished_time (AltoscopeTarget *self)
{
  return self->finished_us;
}

const char *
altoscope_target_get_error_hint (AltoscopeTarget *self)
{
  return self->failed ? altoscope_error_code_hint (self->error_code) : NULL;
}

const char *
altoscope_target_get_error_step (AltoscopeTarget *self)
{
  return self->error_step;
}

const char * const *
altoscope_target_get_resolvers (AltoscopeTarget *self)
{
  static const char * const none[] = { NULL };
  return self->resolvers ? (const char * const *) self->resolvers : none;
}

gboolean
altoscope_target_get_resolvers_on_loopback (AltoscopeTarget *self)
{
  return self->resolvers_loopback;
}

GArray *
altoscope_target_get_warnings (AltoscopeTarget *self)
{
  return self->warnings;
}

const char *
altoscope_target_get_warning_message (AltoscopeTarget *self,
                                      guint            index)
{
  return g_array_index (self->warnings, AltoscopeWarning, index).message;
}
