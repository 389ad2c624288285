/* altoscope-target.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-dns-message.h"
#include "altoscope-error.h"
#include "altoscope-target-private.h"

struct _AltoscopeTarget
{
  GObject parent_instance;

  char *interface;
  char *family;
  char *domain;
  AltoscopeDomainSource domain_source;

  GStrv resolvers;
  gboolean resolvers_system;
  gboolean resolvers_loopback;

  gboolean failed;
  AltoscopeErrorCode error_code;
  char *error_step;           /* "domain", "retry-wait", "naptr", "address" */
  char *error_message;
  double retry_after_s;       /* < 0: none */
  gint64 retry_at_us;         /* wall clock: the wait ends then, not sooner; 0: none */
  guint error_rcode;          /* G_MAXUINT: no DNS answer */
  GArray *error_ede;          /* AltoscopeDnsEde */
  char *error_domain;         /* the domain whose lookup failed */
  AltoscopeErrorCode previous_code;
  gboolean has_previous;

  gboolean backoff_overridden;
  AltoscopeDnssec dnssec;
  char *dnssec_detail;
  AltoscopeDnssecValidator dnssec_validator;  /* ALTOSCOPE: what dnssec says was proved */
  AltoscopeDnssec resolver_dnssec;            /* what the resolver claimed */
  GPtrArray *uris;            /* AltoscopeUri */
  GPtrArray *records;         /* AltoscopeNaptrRecord, at most ALTOSCOPE_MAX_RECORDS_SHOWN
                               * besides those the URIs come from */
  guint uris_total;           /* before the bound: uris->len + those not shown */
  guint records_total;
  GArray *trace;              /* AltoscopeTraceEvent */
  GArray *warnings;           /* AltoscopeWarning */
  GArray *answers;            /* AltoscopeAnswerInfo */
  double elapsed_ms;
  gint64 finished_us;         /* monotonic, when the result was complete */

  /* Set for (interface, family) pairs */
  char *interface_kind;
  char *vpn_parent;
  char *connection_id;
  char *connection_uuid;
  GPtrArray *dhcp_values;     /* AltoscopeDhcpValue, or NULL */
  AltoscopeDhcpAnswer *dhcp_answer;  /* a DHCP server asked directly, or NULL */
  char *dhcp_server;          /* the server the domain came from, when asked directly */
  GArray *options_seen;       /* AltoscopeOptionSeen: step 1's DHCP options; NULL: not looked */

  /* Set for RFC 8686 (cross-domain) discovery: the address or prefix
   * asked about, and each reverse name with its outcome. */
  char *reverse_address;
  GArray *reverse_names;      /* AltoscopeReverseName, or NULL */

  /* After discovery: the checks of its URIs (altoscope-check.c), the
   * only part that changes, announced by "check-changed". */
  GHashTable *checks;         /* URI -> AltoscopeCheck, the last finished */
  GHashTable *checking;       /* URI -> how many checks of it run */
};

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
  g_free (a->why_bogus);
  g_free (a->validation_failure);
  g_free (a->error_code);
  g_free (a->server);
  g_clear_pointer (&a->ede, g_array_unref);
  g_clear_pointer (&a->attempts, g_array_unref);
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
  a.validator = answer->validator;
  a.resolver_dnssec = altoscope_dns_answer_resolver_dnssec (answer);
  a.why_bogus = g_strdup (answer->why_bogus);
  a.validation_failure = g_strdup (answer->validation_failure);
  if (answer->failed || answer->nxdomain)
    a.error_code = g_strdup (altoscope_error_code_to_string (answer->error_code));
  a.ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  g_array_set_clear_func (a.ede, ede_clear);
  altoscope_dns_ede_append_all (a.ede, answer->msg ? answer->msg->ede : NULL);
  a.elapsed_ms = answer->elapsed_ms;
  a.server = g_strdup (answer->server);
  a.attempts = altoscope_dns_attempts_new ();
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
  g_free (self->reverse_address);
  g_clear_pointer (&self->reverse_names, g_array_unref);
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
  g_clear_pointer (&self->dhcp_answer, altoscope_dhcp_answer_unref);
  g_clear_pointer (&self->dhcp_server, g_free);
  g_clear_pointer (&self->options_seen, g_array_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->checking, g_hash_table_unref);

  G_OBJECT_CLASS (altoscope_target_parent_class)->finalize (object);
}

enum
{
  PROP_0,
  PROP_INTERFACE,
  PROP_FAMILY,
  PROP_DOMAIN,
  PROP_DOMAIN_SOURCE,
  PROP_SOURCE,
  PROP_FAILED,
  PROP_ERROR_CODE,
  PROP_DNSSEC,
  PROP_URI_COUNT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHECK_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A result does not change once discovery returned it (only the checks of
 * its URIs come later): the properties are read-only, for bindings and
 * expressions in views. */
static void
altoscope_target_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AltoscopeTarget *self = ALTOSCOPE_TARGET (object);

  switch (prop_id)
    {
    case PROP_INTERFACE: g_value_set_string (value, self->interface); break;
    case PROP_FAMILY: g_value_set_string (value, self->family); break;
    case PROP_DOMAIN: g_value_set_string (value, self->domain); break;
    case PROP_DOMAIN_SOURCE:
      g_value_set_string (value, altoscope_domain_source_to_string (self->domain_source));
      break;
    case PROP_SOURCE: g_value_set_enum (value, self->domain_source); break;
    case PROP_FAILED: g_value_set_boolean (value, self->failed); break;
    case PROP_ERROR_CODE:
      g_value_set_enum (value, self->failed ? self->error_code : ALTOSCOPE_ERROR_NONE);
      break;
    case PROP_DNSSEC: g_value_set_enum (value, self->dnssec); break;
    case PROP_URI_COUNT: g_value_set_uint (value, self->uris->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
altoscope_target_class_init (AltoscopeTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = altoscope_target_finalize;
  object_class->get_property = altoscope_target_get_property;
  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, ro);
  properties[PROP_FAMILY] = g_param_spec_string ("family", NULL, NULL, NULL, ro);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, NULL, ro);
  /* The report's name for the source; "source" is the same as the enum. */
  properties[PROP_DOMAIN_SOURCE] = g_param_spec_string ("domain-source", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE] = g_param_spec_enum ("source", NULL, NULL, ALTOSCOPE_TYPE_DOMAIN_SOURCE,
                                               ALTOSCOPE_DOMAIN_SOURCE_NONE, ro);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR_CODE] = g_param_spec_enum ("error-code", NULL, NULL,
                                                   ALTOSCOPE_TYPE_ERROR_CODE, ALTOSCOPE_ERROR_NONE,
                                                   ro);
  properties[PROP_DNSSEC] = g_param_spec_enum ("dnssec", NULL, NULL, ALTOSCOPE_TYPE_DNSSEC,
                                               ALTOSCOPE_DNSSEC_INDETERMINATE, ro);
  properties[PROP_URI_COUNT] = g_param_spec_uint ("uri-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "check-changed" (uri): a check of that URI started or finished. */
  signals[CHECK_CHANGED] = g_signal_new ("check-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
}

static void
altoscope_target_init (AltoscopeTarget *self)
{
  self->retry_after_s = -1;
  self->error_rcode = G_MAXUINT;
  self->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  self->dnssec_validator = ALTOSCOPE_DNSSEC_VALIDATOR_RESOLVER;
  self->resolver_dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
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
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->checking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

AltoscopeTarget *
altoscope_target_new (const char *interface,
                      const char *family,
                      const char *domain,
                      AltoscopeDomainSource domain_source)
{
  AltoscopeTarget *self = g_object_new (ALTOSCOPE_TYPE_TARGET, NULL);

  self->interface = g_strdup (interface);
  self->family = g_strdup (family);
  self->domain = g_strdup (domain);
  self->domain_source = domain_source;
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
const char *altoscope_target_get_domain_source (AltoscopeTarget *self) { return altoscope_domain_source_to_string (self->domain_source); }
AltoscopeDomainSource altoscope_target_get_source (AltoscopeTarget *self) { return self->domain_source; }
gboolean altoscope_target_get_failed (AltoscopeTarget *self) { return self->failed; }
AltoscopeErrorCode altoscope_target_get_error_code (AltoscopeTarget *self) { return self->error_code; }
const char *altoscope_target_get_error_message (AltoscopeTarget *self) { return self->error_message; }
double altoscope_target_get_retry_after (AltoscopeTarget *self) { return self->retry_after_s; }
AltoscopeDnssec altoscope_target_get_dnssec (AltoscopeTarget *self) { return self->dnssec; }
AltoscopeDnssecValidator altoscope_target_get_dnssec_validator (AltoscopeTarget *self) { return self->dnssec_validator; }
AltoscopeDnssec altoscope_target_get_resolver_dnssec (AltoscopeTarget *self) { return self->resolver_dnssec; }
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

G_DEFINE_ENUM_TYPE (AltoscopeWarningScope, altoscope_warning_scope,
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_WARNING_SCOPE_RESULT, "result"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_WARNING_SCOPE_INTERFACE, "interface"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_WARNING_SCOPE_NO_DOMAIN, "no-domain"),
  G_DEFINE_ENUM_VALUE (ALTOSCOPE_WARNING_SCOPE_MISMATCH, "mismatch"))

/* Where the @index-th warning belongs: to this result, to the whole
 * interface (said once for both families), or to the no-domain state (the
 * state's own line already says it).  The codes are the report's; what
 * they mean for a view is decided here, next to them. */
AltoscopeWarningScope
altoscope_target_get_warning_scope (AltoscopeTarget *self,
                                    guint            index)
{
  const char *code = g_array_index (self->warnings, AltoscopeWarning, index).code;

  if (g_strcmp0 (code, "resolver-not-loopback") == 0)
    return ALTOSCOPE_WARNING_SCOPE_INTERFACE;
  if (g_strcmp0 (code, "vpn-no-dhcp") == 0)
    return ALTOSCOPE_WARNING_SCOPE_NO_DOMAIN;
  /* Someone altering DNS: the most important line a view has. */
  if (g_strcmp0 (code, "dnssec-mismatch") == 0)
    return ALTOSCOPE_WARNING_SCOPE_MISMATCH;
  return ALTOSCOPE_WARNING_SCOPE_RESULT;
}

const char *altoscope_target_get_interface_kind (AltoscopeTarget *self) { return self->interface_kind; }
const char *altoscope_target_get_vpn_parent (AltoscopeTarget *self) { return self->vpn_parent; }
const char *altoscope_target_get_connection_id (AltoscopeTarget *self) { return self->connection_id; }
GPtrArray *altoscope_target_get_dhcp_values (AltoscopeTarget *self) { return self->dhcp_values; }
AltoscopeDhcpAnswer *altoscope_target_get_dhcp_answer (AltoscopeTarget *self) { return self->dhcp_answer; }
const char *altoscope_target_get_dhcp_server (AltoscopeTarget *self) { return self->dhcp_server; }

/* The status of DHCP option @option (213, 15, 57) as step 1 saw it;
 * NO_LEASE when step 1 did not look at it (an override, a domain from the
 * command line, another family's option). */
AltoscopeOptionStatus
altoscope_target_get_option_status (AltoscopeTarget *self,
                                    int              option)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TARGET (self), ALTOSCOPE_OPTION_STATUS_NO_LEASE);
  for (guint i = 0; self->options_seen != NULL && i < self->options_seen->len; i++)
    {
      AltoscopeOptionSeen *s = &g_array_index (self->options_seen, AltoscopeOptionSeen, i);
      if (s->option == option)
        return s->status;
    }
  return ALTOSCOPE_OPTION_STATUS_NO_LEASE;
}

/* Step 1 looked at DHCP: no override decided, and the target is a pair's. */
gboolean
altoscope_target_get_dhcp_looked (AltoscopeTarget *self)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TARGET (self), FALSE);
  return self->options_seen != NULL;
}

/* AltoscopeOptionSeen, in step 1's order (213, 15; or 57); NULL when step 1
 * did not look at DHCP. */
GArray *
altoscope_target_get_options_seen (AltoscopeTarget *self)
{
  return self->options_seen;
}

void
_altoscope_target_set_options_seen (AltoscopeTarget *self,
                                    GArray          *seen)
{
  g_clear_pointer (&self->options_seen, g_array_unref);
  self->options_seen = seen ? g_array_ref (seen) : NULL;
}

/* The address or prefix of an RFC 8686 discovery, as normalized; NULL for
 * every other target. */
const char *
altoscope_target_get_reverse_address (AltoscopeTarget *self)
{
  return self->reverse_address;
}

/* AltoscopeReverseName, in the order tried; NULL for every other target. */
GArray *
altoscope_target_get_reverse_names (AltoscopeTarget *self)
{
  return self->reverse_names;
}

void
_altoscope_target_set_reverse (AltoscopeTarget *self,
                               const char      *address,
                               GArray          *names)
{
  g_free (self->reverse_address);
  self->reverse_address = g_strdup (address);
  g_clear_pointer (&self->reverse_names, g_array_unref);
  self->reverse_names = names ? g_array_ref (names) : NULL;
}

void
_altoscope_target_set_dhcp_answer (AltoscopeTarget     *self,
                                   AltoscopeDhcpAnswer *answer,
                                   const char          *server)
{
  g_clear_pointer (&self->dhcp_answer, altoscope_dhcp_answer_unref);
  self->dhcp_answer = answer ? altoscope_dhcp_answer_ref (answer) : NULL;
  g_free (self->dhcp_server);
  self->dhcp_server = g_strdup (server);
}
gboolean altoscope_target_get_resolvers_from_system (AltoscopeTarget *self) { return self->resolvers_system; }
gint64 altoscope_target_get_retry_at (AltoscopeTarget *self) { return self->retry_at_us; }
const char *altoscope_target_get_error_domain (AltoscopeTarget *self) { return self->error_domain; }
guint altoscope_target_get_error_rcode (AltoscopeTarget *self) { return self->error_rcode; }
GArray *altoscope_target_get_error_ede (AltoscopeTarget *self) { return self->error_ede; }
gboolean altoscope_target_get_backoff_overridden (AltoscopeTarget *self) { return self->backoff_overridden; }
const char *altoscope_target_get_dnssec_detail (AltoscopeTarget *self) { return self->dnssec_detail; }
GArray *altoscope_target_get_answers (AltoscopeTarget *self) { return self->answers; }
double altoscope_target_get_elapsed_ms (AltoscopeTarget *self) { return self->elapsed_ms; }

/* What the answers held before the report's bounds. */
guint
altoscope_target_get_uris_total (AltoscopeTarget *self)
{
  return MAX (self->uris_total, self->uris->len);
}

guint
altoscope_target_get_records_total (AltoscopeTarget *self)
{
  return MAX (self->records_total, self->records->len);
}

/* TRUE, with @code, when this is a retry-wait and says what failed before. */
gboolean
altoscope_target_get_previous_code (AltoscopeTarget    *self,
                                    AltoscopeErrorCode *code)
{
  if (self->has_previous && code != NULL)
    *code = self->previous_code;
  return self->has_previous;
}

/* ---- filled by discovery and step 1 (altoscope-target-private.h) ------- */

void
_altoscope_target_set_resolvers (AltoscopeTarget    *self,
                                 const char * const *servers,
                                 gboolean            from_system,
                                 gboolean            on_loopback)
{
  g_strfreev (self->resolvers);
  self->resolvers = g_strdupv ((GStrv) servers);
  self->resolvers_system = from_system;
  self->resolvers_loopback = on_loopback;
}

void
_altoscope_target_set_dnssec (AltoscopeTarget *self,
                              AltoscopeDnssec  dnssec,
                              const char      *detail)
{
  self->dnssec = dnssec;
  g_free (self->dnssec_detail);
  self->dnssec_detail = g_strdup (detail);
}

/* Who decided the status set by _altoscope_target_set_dnssec, and what
 * the resolver claimed. */
void
_altoscope_target_set_dnssec_views (AltoscopeTarget          *self,
                                    AltoscopeDnssecValidator  validator,
                                    AltoscopeDnssec           resolver_dnssec)
{
  self->dnssec_validator = validator;
  self->resolver_dnssec = resolver_dnssec;
}

/* The lookup that decided a failure: its domain, rcode, extended errors
 * and DNSSEC status (@answer may be NULL: no answer came). */
void
_altoscope_target_set_failed_answer (AltoscopeTarget          *self,
                                     const char               *domain,
                                     const AltoscopeDnsAnswer *answer)
{
  g_free (self->error_domain);
  self->error_domain = g_strdup (domain);
  if (answer == NULL)
    return;
  _altoscope_target_set_dnssec (self, answer->dnssec, answer->dnssec_detail);
  _altoscope_target_set_dnssec_views (self, answer->validator,
                                      altoscope_dns_answer_resolver_dnssec (answer));
  self->error_rcode = answer->rcode;
  altoscope_dns_ede_append_all (self->error_ede, answer->msg ? answer->msg->ede : NULL);
}

void
_altoscope_target_set_retry (AltoscopeTarget *self,
                             double           after_s,
                             gint64           at_us)
{
  self->retry_after_s = after_s;
  self->retry_at_us = at_us;
}

void
_altoscope_target_set_previous (AltoscopeTarget    *self,
                                AltoscopeErrorCode  code)
{
  self->has_previous = TRUE;
  self->previous_code = code;
}

void
_altoscope_target_set_backoff_overridden (AltoscopeTarget *self)
{
  self->backoff_overridden = TRUE;
}

/* The result is complete: a wait before retrying counts from now. */
void
_altoscope_target_set_finished (AltoscopeTarget *self,
                                double           elapsed_ms)
{
  self->elapsed_ms = elapsed_ms;
  self->finished_us = g_get_monotonic_time ();
}

/* Takes a reference to each URI; @total counts those left out. */
void
_altoscope_target_set_uris (AltoscopeTarget *self,
                            GPtrArray       *uris,
                            guint            total)
{
  g_ptr_array_set_size (self->uris, 0);
  for (guint i = 0; i < uris->len; i++)
    g_ptr_array_add (self->uris, altoscope_uri_ref (uris->pdata[i]));
  self->uris_total = total;
}

void
_altoscope_target_add_record (AltoscopeTarget      *self,
                              AltoscopeNaptrRecord *record)
{
  g_ptr_array_add (self->records, altoscope_naptr_record_ref (record));
}

void
_altoscope_target_set_records_total (AltoscopeTarget *self,
                                     guint            total)
{
  self->records_total = total;
}

/* What the pair's link is: kind, VPN parent, connection; and the DHCP
 * options step 1 read. */
void
_altoscope_target_set_link (AltoscopeTarget *self,
                            AltoscopeLink   *link,
                            GPtrArray       *dhcp_values)
{
  g_free (self->interface_kind);
  self->interface_kind = g_strdup (altoscope_link_get_kind (link));
  g_free (self->vpn_parent);
  self->vpn_parent = g_strdup (altoscope_link_get_parent (link));
  g_free (self->connection_id);
  self->connection_id = g_strdup (altoscope_link_get_connection_id (link));
  g_free (self->connection_uuid);
  self->connection_uuid = g_strdup (altoscope_link_get_connection_uuid (link));
  g_clear_pointer (&self->dhcp_values, g_ptr_array_unref);
  self->dhcp_values = dhcp_values ? g_ptr_array_ref (dhcp_values) : NULL;
}

/* ---- checks of the URIs ----------------------------------------------------- */

/* The last finished check of @uri, or NULL. */
AltoscopeCheck *
altoscope_target_get_check (AltoscopeTarget *self,
                            const char      *uri)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TARGET (self), NULL);
  return uri ? g_hash_table_lookup (self->checks, uri) : NULL;
}

gboolean
altoscope_target_get_checking (AltoscopeTarget *self,
                               const char      *uri)
{
  g_return_val_if_fail (ALTOSCOPE_IS_TARGET (self), FALSE);
  return uri != NULL && g_hash_table_contains (self->checking, uri);
}

/* Counted: a check stopped and started again at once has two runs until
 * the first one's end is heard. */
void
_altoscope_target_set_checking (AltoscopeTarget *self,
                                const char      *uri)
{
  guint runs = GPOINTER_TO_UINT (g_hash_table_lookup (self->checking, uri));

  g_hash_table_insert (self->checking, g_strdup (uri), GUINT_TO_POINTER (runs + 1));
  if (runs == 0)
    g_signal_emit (self, signals[CHECK_CHANGED], 0, uri);
}

/* A check of @uri ended: @check is its verdict, or NULL when it was
 * abandoned and the previous verdict stands. */
void
_altoscope_target_set_check (AltoscopeTarget *self,
                             const char      *uri,
                             AltoscopeCheck  *check)
{
  guint runs = GPOINTER_TO_UINT (g_hash_table_lookup (self->checking, uri));
  gboolean changed = runs == 1;

  if (runs > 1)
    g_hash_table_insert (self->checking, g_strdup (uri), GUINT_TO_POINTER (runs - 1));
  else
    g_hash_table_remove (self->checking, uri);

  if (check != NULL)
    {
      g_hash_table_replace (self->checks, g_strdup (uri), g_object_ref (check));
      changed = TRUE;
    }
  if (changed)
    g_signal_emit (self, signals[CHECK_CHANGED], 0, uri);
}

/* ---- a result read back from a report (altoscope-report-read.c) --------- */

/* A copy of @info, as a report recorded it. */
void
_altoscope_target_add_answer_info (AltoscopeTarget           *self,
                                   const AltoscopeAnswerInfo *info)
{
  AltoscopeAnswerInfo a = *info;

  a.qname = g_strdup (info->qname);
  a.why_bogus = g_strdup (info->why_bogus);
  a.validation_failure = g_strdup (info->validation_failure);
  a.error_code = g_strdup (info->error_code);
  a.server = g_strdup (info->server);
  a.ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  g_array_set_clear_func (a.ede, ede_clear);
  altoscope_dns_ede_append_all (a.ede, info->ede);
  a.attempts = altoscope_dns_attempts_new ();
  for (guint i = 0; info->attempts && i < info->attempts->len; i++)
    {
      AltoscopeDnsAttempt at = g_array_index (info->attempts, AltoscopeDnsAttempt, i);
      at.server = g_strdup (at.server);
      at.outcome = g_strdup (at.outcome);
      g_array_append_val (a.attempts, at);
    }
  g_array_append_val (self->answers, a);
}

/* The lookup that decided a failure, as a report recorded it: its domain,
 * rcode (G_MAXUINT: none) and extended errors (copied). */
void
_altoscope_target_set_failed_lookup (AltoscopeTarget *self,
                                     const char      *domain,
                                     guint            rcode,
                                     const GArray    *ede)
{
  g_free (self->error_domain);
  self->error_domain = g_strdup (domain);
  self->error_rcode = rcode;
  g_array_set_size (self->error_ede, 0);
  altoscope_dns_ede_append_all (self->error_ede, ede);
}
