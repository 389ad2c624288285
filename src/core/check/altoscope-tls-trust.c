/* altoscope-tls-trust.c
 *
 * The trust a check's TLS connections use: a certificate chain is good
 * when the system's CAs vouch for it, or — only when they do not know its
 * issuer — when the CAs of the person's CA file do (a private deployment).
 * Every other fault (expired, wrong name, revoked…) stands either way.
 *
 * Why a database of our own rather than GLib-Net's default: with GnuTLS,
 * glib-networking 2.74 builds each new connection's credentials from the
 * default database by parsing the whole system bundle again (20–30 ms of
 * CPU after the TCP handshake, before the first TLS byte: a check was far
 * behind curl), and only then switches to the database the session gives.
 * A database that is not GnuTLS's own gets plain credentials.  So the
 * system's CAs are read once per process, by the backend itself, on a
 * thread of its own while the first connection is made, and the process
 * default is a trust of this kind that verifies with them
 * (altoscope_tls_trust_warm): the same chains are accepted, without the
 * per-connection parse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-tls-trust.h"

struct _AltoscopeTlsTrust
{
  GTlsDatabase parent_instance;

  GTlsDatabase *extra;          /* nullable: the person's CA file */
};

G_DEFINE_FINAL_TYPE (AltoscopeTlsTrust, altoscope_tls_trust, G_TYPE_TLS_DATABASE)

/* GLib-Net's own database of the system's CAs, read once; callers on
 * other threads wait for the first read instead of starting another. */
/* The backend's own database of the system's CAs, made by its vfunc: the
 * process default is ours once altoscope_tls_trust_warm() ran. */
static gpointer
read_system_trust (gpointer data)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  GTlsBackendInterface *iface = G_TLS_BACKEND_GET_INTERFACE (backend);

  return iface->get_default_database ? iface->get_default_database (backend) : NULL;
}

static GTlsDatabase *
system_trust (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, read_system_trust, NULL);
}

static GTlsCertificateFlags
altoscope_tls_trust_verify_chain (GTlsDatabase             *database,
                                  GTlsCertificate          *chain,
                                  const char               *purpose,
                                  GSocketConnectable       *identity,
                                  GTlsInteraction          *interaction,
                                  GTlsDatabaseVerifyFlags   flags,
                                  GCancellable             *cancellable,
                                  GError                  **error)
{
  AltoscopeTlsTrust *self = ALTOSCOPE_TLS_TRUST (database);
  GTlsDatabase *system = system_trust ();
  GTlsCertificateFlags result = G_TLS_CERTIFICATE_UNKNOWN_CA;
  g_autoptr(GError) local = NULL;

  if (system != NULL && !ALTOSCOPE_IS_TLS_TRUST (system))
    {
      result = g_tls_database_verify_chain (system, chain, purpose, identity, interaction, flags,
                                            cancellable, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return G_TLS_CERTIFICATE_GENERIC_ERROR;
        }
    }
  /* The CA file decides a chain whose issuer the system does not know; what
   * it says then (expired, wrong name…) is the verdict, not "unknown issuer". */
  if ((result & G_TLS_CERTIFICATE_UNKNOWN_CA) && self->extra != NULL)
    result = g_tls_database_verify_chain (self->extra, chain, purpose, identity, interaction,
                                          flags, cancellable, error);
  return result;
}

/* The lookups go to the system's database, then the CA file's: whatever in
 * the process asks the default database gets what GLib-Net's would give. */
static GTlsCertificate *
altoscope_tls_trust_lookup_certificate_issuer (GTlsDatabase             *database,
                                               GTlsCertificate          *certificate,
                                               GTlsInteraction          *interaction,
                                               GTlsDatabaseLookupFlags   flags,
                                               GCancellable             *cancellable,
                                               GError                  **error)
{
  AltoscopeTlsTrust *self = ALTOSCOPE_TLS_TRUST (database);
  GTlsDatabase *system = system_trust ();
  GTlsCertificate *issuer = NULL;

  if (system != NULL && !ALTOSCOPE_IS_TLS_TRUST (system))
    issuer = g_tls_database_lookup_certificate_issuer (system, certificate, interaction, flags,
                                                       cancellable, error);
  if (issuer == NULL && self->extra != NULL && (error == NULL || *error == NULL))
    issuer = g_tls_database_lookup_certificate_issuer (self->extra, certificate, interaction,
                                                       flags, cancellable, error);
  return issuer;
}

static GList *
altoscope_tls_trust_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                   GByteArray               *issuer_raw_dn,
                                                   GTlsInteraction          *interaction,
                                                   GTlsDatabaseLookupFlags   flags,
                                                   GCancellable             *cancellable,
                                                   GError                  **error)
{
  AltoscopeTlsTrust *self = ALTOSCOPE_TLS_TRUST (database);
  GTlsDatabase *system = system_trust ();
  GList *found = NULL;

  if (system != NULL && !ALTOSCOPE_IS_TLS_TRUST (system))
    found = g_tls_database_lookup_certificates_issued_by (system, issuer_raw_dn, interaction,
                                                          flags, cancellable, error);
  if (self->extra != NULL && (error == NULL || *error == NULL))
    found = g_list_concat (found,
                           g_tls_database_lookup_certificates_issued_by (self->extra,
                                                                         issuer_raw_dn,
                                                                         interaction, flags,
                                                                         cancellable, error));
  return found;
}

static char *
altoscope_tls_trust_create_certificate_handle (GTlsDatabase    *database,
                                               GTlsCertificate *certificate)
{
  GTlsDatabase *system = system_trust ();

  if (system == NULL || ALTOSCOPE_IS_TLS_TRUST (system))
    return NULL;
  return g_tls_database_create_certificate_handle (system, certificate);
}

static GTlsCertificate *
altoscope_tls_trust_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                   const char               *handle,
                                                   GTlsInteraction          *interaction,
                                                   GTlsDatabaseLookupFlags   flags,
                                                   GCancellable             *cancellable,
                                                   GError                  **error)
{
  GTlsDatabase *system = system_trust ();

  if (system == NULL || ALTOSCOPE_IS_TLS_TRUST (system))
    return NULL;
  return g_tls_database_lookup_certificate_for_handle (system, handle, interaction, flags,
                                                       cancellable, error);
}

static void
altoscope_tls_trust_finalize (GObject *object)
{
  AltoscopeTlsTrust *self = ALTOSCOPE_TLS_TRUST (object);

  g_clear_object (&self->extra);
  G_OBJECT_CLASS (altoscope_tls_trust_parent_class)->finalize (object);
}

static void
altoscope_tls_trust_class_init (AltoscopeTlsTrustClass *klass)
{
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = altoscope_tls_trust_finalize;
  database_class->verify_chain = altoscope_tls_trust_verify_chain;
  database_class->lookup_certificate_issuer = altoscope_tls_trust_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = altoscope_tls_trust_lookup_certificates_issued_by;
  database_class->create_certificate_handle = altoscope_tls_trust_create_certificate_handle;
  database_class->lookup_certificate_for_handle = altoscope_tls_trust_lookup_certificate_for_handle;
}

static void
altoscope_tls_trust_init (AltoscopeTlsTrust *self)
{
}

/**
 * altoscope_tls_trust_new:
 * @extra: (nullable): CAs trusted besides the system's (a CA file)
 */
GTlsDatabase *
altoscope_tls_trust_new (GTlsDatabase *extra)
{
  AltoscopeTlsTrust *self = g_object_new (ALTOSCOPE_TYPE_TLS_TRUST, NULL);

  self->extra = extra ? g_object_ref (extra) : NULL;
  return G_TLS_DATABASE (self);
}

static gpointer
load_system_trust (gpointer data)
{
  (void) system_trust ();
  return NULL;
}

/* Once per process: makes a trust of this kind the process default (so
 * that no connection parses the system's bundle for its credentials; see
 * the top of this file), and starts reading the system's CAs on a thread
 * of its own, while the first connection is being made.  A handshake that
 * needs them before the read is done waits for it. */
void
altoscope_tls_trust_warm (void)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      g_autoptr(GTlsDatabase) plain = altoscope_tls_trust_new (NULL);

      g_tls_backend_set_default_database (g_tls_backend_get_default (), plain);
      g_thread_unref (g_thread_new ("altoscope-trust", load_system_trust, NULL));
      g_once_init_leave (&started, 1);
    }
}
