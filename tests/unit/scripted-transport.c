/* scripted-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <arpa/inet.h>

#include "altoscope-dns-message.h"
#include "altoscope-source.h"
#include "scripted-transport.h"

struct _ScriptedTransport
{
  GObject parent_instance;
  GHashTable *records;     /* "name/type" -> GByteArray of RDATA-carrying RRs, and count */
  GHashTable *counts;      /* "name/type" -> count */
  GHashTable *rcodes;      /* "name/type" -> rcode */
  GHashTable *silent;      /* name */
  GHashTable *proofs;      /* "name/type" -> Proof, proved by "Altoscope" */
  char *validation_failure;  /* every other answer: why it was not proved */
  gboolean loopback;
  GPtrArray *log;
  gboolean ad;
  guint delay_ms;
  guint32 negative_ttl;
  guint cancelled;         /* queries whose caller had cancelled them when due */
};

static void scripted_transport_iface_init (AltoscopeTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScriptedTransport, scripted_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ALTOSCOPE_TYPE_TRANSPORT,
                                                      scripted_transport_iface_init))

static char *
key_for (const char *name,
         guint16     type)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);
  if (len > 1 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  return g_strdup_printf ("%s/%u", lower, type);
}

static void
put_name (GByteArray *b,
          const char *name)
{
  g_auto(GStrv) labels = g_strsplit (name, ".", -1);
  guint8 zero = 0;

  for (guint i = 0; labels[i] != NULL; i++)
    {
      guint8 len = (guint8) strlen (labels[i]);
      if (len == 0)
        continue;
      g_byte_array_append (b, &len, 1);
      g_byte_array_append (b, (const guint8 *) labels[i], len);
    }
  g_byte_array_append (b, &zero, 1);
}

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 x[2] = { v >> 8, v & 0xff };
  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  guint8 x[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (b, x, 4);
}

static void
put_string (GByteArray *b,
            const char *s)
{
  guint8 len = (guint8) strlen (s);
  g_byte_array_append (b, &len, 1);
  g_byte_array_append (b, (const guint8 *) s, len);
}

/* One resource record: owner, type, class IN, TTL 300, RDATA. */
static void
put_rr (GByteArray   *b,
        const char   *owner,
        guint16       type,
        guint32       ttl,
        const guint8 *rdata,
        gsize         rdlen)
{
  put_name (b, owner);
  put16 (b, type);
  put16 (b, 1);
  put32 (b, ttl);
  put16 (b, (guint16) rdlen);
  g_byte_array_append (b, rdata, rdlen);
}

static void
add_rr (ScriptedTransport *self,
        const char        *owner,
        guint16            type,
        GByteArray        *rdata)
{
  g_autofree char *key = key_for (owner, type);
  GByteArray *rrs = g_hash_table_lookup (self->records, key);

  if (rrs == NULL)
    {
      rrs = g_byte_array_new ();
      g_hash_table_insert (self->records, g_strdup (key), rrs);
    }
  put_rr (rrs, owner, type, 300, rdata->data, rdata->len);
  g_hash_table_insert (self->counts, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts,
                                                                                key)) + 1));
}

void
scripted_transport_add_naptr (ScriptedTransport *self,
                              const char        *owner,
                              guint16            order,
                              guint16            preference,
                              const char        *flags,
                              const char        *service,
                              const char        *regexp,
                              const char        *replacement)
{
  g_autoptr(GByteArray) rdata = g_byte_array_new ();

  put16 (rdata, order);
  put16 (rdata, preference);
  put_string (rdata, flags);
  put_string (rdata, service);
  put_string (rdata, regexp);
  put_name (rdata, g_str_equal (replacement, ".") ? "" : replacement);
  add_rr (self, owner, ALTOSCOPE_DNS_TYPE_NAPTR, rdata);
}

void
scripted_transport_add_address (ScriptedTransport *self,
                                const char        *owner,
                                const char        *address)
{
  g_autoptr(GByteArray) rdata = g_byte_array_new ();
  guint8 buf[16];
  gboolean v6 = strchr (address, ':') != NULL;

  g_assert_true (inet_pton (v6 ? AF_INET6 : AF_INET, address, buf) == 1);
  g_byte_array_append (rdata, buf, v6 ? 16 : 4);
  add_rr (self, owner, v6 ? ALTOSCOPE_DNS_TYPE_AAAA : ALTOSCOPE_DNS_TYPE_A, rdata);
}

void
scripted_transport_set_rcode (ScriptedTransport *self,
                              const char        *name,
                              guint16            type,
                              guint              rcode)
{
  g_hash_table_insert (self->rcodes, key_for (name, type), GUINT_TO_POINTER (rcode + 1));
}

void
scripted_transport_set_negative_ttl (ScriptedTransport *self,
                                     guint32            ttl)
{
  self->negative_ttl = ttl;
}

void
scripted_transport_set_silent (ScriptedTransport *self,
                               const char        *name)
{
  g_hash_table_add (self->silent, g_ascii_strdown (name, -1));
}

void
scripted_transport_set_ad (ScriptedTransport *self,
                           gboolean           ad)
{
  self->ad = ad;
}

void
scripted_transport_set_delay (ScriptedTransport *self,
                              guint              ms)
{
  self->delay_ms = ms;
}

/* How many queries had been cancelled by their caller when their answer
 * was due (the GTask then reports the cancellation). */
guint
scripted_transport_get_cancelled (ScriptedTransport *self)
{
  return self->cancelled;
}

GPtrArray *
scripted_transport_get_log (ScriptedTransport *self)
{
  return self->log;
}

/* The whole answer to (@name, @type), as a server would send it. */
static GByteArray *
build_answer (ScriptedTransport *self,
              const char        *name,
              guint16            type)
{
  g_autofree char *key = key_for (name, type);
  GByteArray *rrs = g_hash_table_lookup (self->records, key);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));
  guint rcode = GPOINTER_TO_UINT (g_hash_table_lookup (self->rcodes, key));
  GByteArray *msg = g_byte_array_new ();
  gboolean name_exists = FALSE;
  gboolean negative;
  GHashTableIter iter;
  gpointer k;
  g_autofree char *prefix = NULL;

  /* NXDOMAIN unless some record exists at the name. */
  prefix = key_for (name, 0);
  prefix[strlen (prefix) - 1] = '\0';
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    if (g_str_has_prefix (k, prefix))
      name_exists = TRUE;
  rcode = rcode ? rcode - 1 : (name_exists ? 0 : 3);
  negative = rcode == 3 || (rcode == 0 && count == 0);

  put16 (msg, 0x4242);
  put16 (msg, 0x8180 | (self->ad && (rcode == 0 || rcode == 3) ? 0x0020 : 0) | rcode);
  put16 (msg, 1);
  put16 (msg, rcode == 0 ? count : 0);
  put16 (msg, negative ? 1 : 0);
  put16 (msg, 1);
  put_name (msg, name);
  put16 (msg, type);
  put16 (msg, 1);
  if (rcode == 0 && rrs != NULL)
    g_byte_array_append (msg, rrs->data, rrs->len);
  if (negative)
    {
      g_autoptr(GByteArray) soa = g_byte_array_new ();
      put_name (soa, "ns.test");
      put_name (soa, "admin.test");
      put32 (soa, 1);
      put32 (soa, 3600);
      put32 (soa, 900);
      put32 (soa, 604800);
      put32 (soa, self->negative_ttl);
      put_rr (msg, "test", ALTOSCOPE_DNS_TYPE_SOA, self->negative_ttl, soa->data, soa->len);
    }
  /* OPT: 1232 bytes, DO set */
  put_name (msg, "");
  put16 (msg, ALTOSCOPE_DNS_TYPE_OPT);
  put16 (msg, 1232);
  put32 (msg, 0x8000);
  put16 (msg, 0);
  return msg;
}

typedef struct
{
  AltoscopeDnssec claimed;
  AltoscopeDnssec proved;
} Proof;

void
scripted_transport_set_proof (ScriptedTransport *self,
                              const char        *name,
                              guint16            type,
                              AltoscopeDnssec    claimed,
                              AltoscopeDnssec    proved)
{
  Proof *proof = g_new (Proof, 1);

  *proof = (Proof) { claimed, proved };
  g_hash_table_insert (self->proofs, key_for (name, type), proof);
}

void
scripted_transport_set_validation_failure (ScriptedTransport *self,
                                           const char        *why)
{
  g_free (self->validation_failure);
  self->validation_failure = g_strdup (why);
}

void
scripted_transport_set_loopback (ScriptedTransport *self,
                                 gboolean           loopback)
{
  self->loopback = loopback;
}

/* What AltoscopeValidator makes of an answer (altoscope-validator.c):
 * the proof replaces the status, the resolver's claim is kept beside it,
 * and a proved bogus answer fails. */
static void
apply_proof (ScriptedTransport  *self,
             AltoscopeDnsAnswer *answer)
{
  g_autofree char *key = key_for (answer->qname, answer->qtype);
  const Proof *proof = g_hash_table_lookup (self->proofs, key);

  if (proof == NULL)
    {
      answer->validation_failure = g_strdup (self->validation_failure);
      return;
    }
  answer->validator = ALTOSCOPE_DNSSEC_VALIDATOR_ALTOSCOPE;
  answer->resolver_dnssec = proof->claimed;
  answer->resolver_dnssec_detail = g_steal_pointer (&answer->dnssec_detail);
  answer->dnssec = proof->proved;
  answer->dnssec_detail = g_strdup ("proved by the script");
  /* Indeterminate from the validator: it ran and could not finish, and
   * says why (the set validation failure, as for unproved answers). */
  if (answer->dnssec == ALTOSCOPE_DNSSEC_INDETERMINATE && self->validation_failure != NULL)
    answer->validation_failure = g_strdup (self->validation_failure);
  if (answer->dnssec == ALTOSCOPE_DNSSEC_BOGUS)
    {
      answer->why_bogus = g_strdup ("signature crypto failed");
      answer->failed = TRUE;
      answer->nxdomain = FALSE;
      answer->error_code = ALTOSCOPE_ERROR_BOGUS;
      g_free (answer->error_message);
      answer->error_message = g_strdup_printf ("“%s” is bogus", answer->qname);
    }
}

typedef struct
{
  GTask *task;
  char *name;
  guint16 type;
} Pending;

static gboolean
answer_cb (gpointer data)
{
  Pending *p = data;
  ScriptedTransport *self = g_task_get_source_object (p->task);
  g_autoptr(GByteArray) bytes = build_answer (self, p->name, p->type);
  g_autoptr(GError) error = NULL;
  AltoscopeDnsMessage *msg = altoscope_dns_message_parse (bytes->data, bytes->len, &error);
  AltoscopeDnsAnswer *answer = g_new0 (AltoscopeDnsAnswer, 1);
  AltoscopeDnsAttempt attempt = { g_strdup ("192.0.2.53:53"), g_strdup ("answered") };

  g_assert_no_error (error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (p->task)))
    self->cancelled++;
  answer->qname = g_strdup (p->name);
  answer->qtype = p->type;
  answer->server = g_strdup ("192.0.2.53:53");
  answer->attempts = altoscope_dns_attempts_new ();
  g_array_append_val (answer->attempts, attempt);
  answer->elapsed_ms = self->delay_ms;
  altoscope_dns_answer_classify (answer, msg, NULL);
  apply_proof (self, answer);
  g_task_return_pointer (p->task, answer, (GDestroyNotify) altoscope_dns_answer_free);
  g_object_unref (p->task);
  g_free (p->name);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer data)
{
  Pending *p = data;
  AltoscopeDnsAnswer *answer = g_new0 (AltoscopeDnsAnswer, 1);

  answer->qname = g_strdup (p->name);
  answer->qtype = p->type;
  answer->rcode = G_MAXUINT;
  answer->failed = TRUE;
  answer->error_code = ALTOSCOPE_ERROR_TIMEOUT;
  answer->error_message = g_strdup_printf ("No answer for “%s”", p->name);
  answer->dnssec = ALTOSCOPE_DNSSEC_INDETERMINATE;
  answer->attempts = altoscope_dns_attempts_new ();
  g_task_return_pointer (p->task, answer, (GDestroyNotify) altoscope_dns_answer_free);
  g_object_unref (p->task);
  g_free (p->name);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
scripted_query_async (AltoscopeTransport  *transport,
                      const char          *name,
                      guint16              type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ScriptedTransport *self = SCRIPTED_TRANSPORT (transport);
  Pending *p = g_new0 (Pending, 1);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  g_ptr_array_add (self->log, g_strdup_printf ("%s %s", altoscope_dns_type_to_string (type),
                                               name));
  p->task = g_task_new (self, cancellable, callback, user_data);
  p->name = g_strdup (name);
  p->type = type;
  /* On the caller's thread-default context: a scheduler may run on a
   * thread of its own (altoscope-head-start.c). */
  if (g_hash_table_contains (self->silent, lower))
    g_source_unref (altoscope_timeout_attach (50, G_PRIORITY_DEFAULT, timeout_cb, p, NULL));
  else
    g_source_unref (altoscope_timeout_attach (self->delay_ms, G_PRIORITY_DEFAULT, answer_cb, p,
                                              NULL));
}

static AltoscopeDnsAnswer *
scripted_query_finish (AltoscopeTransport  *transport,
                       GAsyncResult        *result,
                       GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char * const *
scripted_get_servers (AltoscopeTransport *transport)
{
  static const char * const servers[] = { "192.0.2.53:53", NULL };
  return servers;
}

static gboolean
scripted_false (AltoscopeTransport *transport)
{
  return FALSE;
}

static gboolean
scripted_loopback (AltoscopeTransport *transport)
{
  return SCRIPTED_TRANSPORT (transport)->loopback;
}

static const char *
scripted_interface (AltoscopeTransport *transport)
{
  return NULL;
}

static void
scripted_transport_iface_init (AltoscopeTransportInterface *iface)
{
  iface->query_async = scripted_query_async;
  iface->query_finish = scripted_query_finish;
  iface->get_servers = scripted_get_servers;
  iface->get_uses_system = scripted_false;
  iface->get_all_loopback = scripted_loopback;
  iface->get_interface = scripted_interface;
}

static void
scripted_transport_finalize (GObject *object)
{
  ScriptedTransport *self = SCRIPTED_TRANSPORT (object);

  g_hash_table_unref (self->records);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->rcodes);
  g_hash_table_unref (self->silent);
  g_hash_table_unref (self->proofs);
  g_free (self->validation_failure);
  g_ptr_array_unref (self->log);
  G_OBJECT_CLASS (scripted_transport_parent_class)->finalize (object);
}

static void
scripted_transport_class_init (ScriptedTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scripted_transport_finalize;
}

static void
scripted_transport_init (ScriptedTransport *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_byte_array_unref);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->silent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->proofs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->loopback = TRUE;
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->ad = TRUE;
  self->delay_ms = 1;
  self->negative_ttl = 60;
}

ScriptedTransport *
scripted_transport_new (void)
{
  return g_object_new (SCRIPTED_TYPE_TRANSPORT, NULL);
}
