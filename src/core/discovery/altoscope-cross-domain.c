/* altoscope-cross-domain.c: RFC 8686 §3, the procedure
 *
 * Each reverse name (altoscope-reverse-names.c) gets the very discovery
 * of RFC 7286 step 2 (altoscope_discover_async: U-NAPTR, ranking, DNSSEC,
 * the retry memory), one name after the other, longest prefix first.
 * The result is the target of the name that decided, with every name's
 * outcome beside it (reverse_names in the report).
 *
 * When to go on to the next, shorter name (RFC 8686 §3.4, §3.5): only when
 * the name's lookup says there is nothing there, that is NXDOMAIN, no
 * NAPTR record (NODATA), or NAPTR records none of which is for ALTO.  Any
 * other failure (SERVFAIL, a timeout, a bogus answer, a refusal, a loop)
 * ends the procedure with that failure: the name's zone may well hold
 * ALTO records that could not be read, and going on would hand out the
 * server of a larger, less specific prefix instead, which is the wrong
 * answer rather than none; it would also let anyone who can make one
 * lookup fail (drop it, or forge it so that it is bogus) choose that
 * wider answer (RFC 8686 §5, RFC 7286 §6).  A name still inside its wait
 * before retrying (RFC 7286 §3.2) counts as what its remembered failure
 * was, without a new lookup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "altoscope-cross-domain.h"
#include "altoscope-reverse-names.h"
#include "altoscope-target-private.h"

typedef struct
{
  AltoscopeTransport *transport;
  AltoscopeBackoff *backoff;
  AltoscopeDiscoveryFlags flags;
  char *address;              /* normalized, "IP/LEN" */
  GArray *names;              /* AltoscopeReverseName */
  guint next;                 /* index of the name to look up next */
  AltoscopeTarget *last;      /* the last name's result */
} CrossDomain;

static void
cross_domain_free (CrossDomain *c)
{
  g_clear_object (&c->transport);
  g_clear_object (&c->backoff);
  g_free (c->address);
  g_clear_pointer (&c->names, g_array_unref);
  g_clear_object (&c->last);
  g_free (c);
}

static gboolean
means_nothing_there (AltoscopeErrorCode code)
{
  return code == ALTOSCOPE_ERROR_NXDOMAIN || code == ALTOSCOPE_ERROR_NODATA
         || code == ALTOSCOPE_ERROR_NO_ALTO_RECORDS;
}

/* What one name's discovery means for the procedure (see the comment at
 * the top: only "nothing there" goes on to the next name).  @remembered:
 * the outcome is the retry memory's, not a new lookup's. */
AltoscopeReverseOutcome
altoscope_cross_domain_outcome (AltoscopeTarget *target,
                                gboolean        *remembered)
{
  AltoscopeErrorCode code = altoscope_target_get_error_code (target);
  AltoscopeErrorCode previous;

  *remembered = FALSE;
  if (altoscope_target_count_uris (target) > 0)
    return ALTOSCOPE_REVERSE_OUTCOME_ANSWERED;
  if (!altoscope_target_get_failed (target))
    return ALTOSCOPE_REVERSE_OUTCOME_FAILED;
  if (means_nothing_there (code))
    return ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS;
  if (code == ALTOSCOPE_ERROR_RETRY_WAIT
      && altoscope_target_get_previous_code (target, &previous))
    {
      *remembered = TRUE;
      if (means_nothing_there (previous))
        return ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS;
    }
  return ALTOSCOPE_REVERSE_OUTCOME_FAILED;
}

static void look_up_next (GTask *task);

static void
finish (GTask *task)
{
  CrossDomain *c = g_task_get_task_data (task);

  _altoscope_target_set_reverse (c->last, c->address, c->names);
  g_task_return_pointer (task, g_object_ref (c->last), g_object_unref);
}

static void
on_name_discovered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(GTask) task = data;
  CrossDomain *c = g_task_get_task_data (task);
  AltoscopeReverseName *name = &g_array_index (c->names, AltoscopeReverseName, c->next);
  g_autoptr(GError) error = NULL;
  AltoscopeTarget *target = altoscope_discover_finish (result, &error);

  if (target == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&c->last);
  c->last = target;
  name->outcome = altoscope_cross_domain_outcome (target, &name->remembered);
  name->error_code = altoscope_target_get_failed (target)
                     ? altoscope_target_get_error_code (target) : ALTOSCOPE_ERROR_NONE;
  name->dnssec = altoscope_target_get_dnssec (target);
  name->uris = altoscope_target_count_uris (target);
  c->next++;

  /* Cancelled between two names: the report so far, as for one domain. */
  if (name->outcome == ALTOSCOPE_REVERSE_OUTCOME_NO_RECORDS && c->next < c->names->len
      && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    look_up_next (g_steal_pointer (&task));
  else
    finish (task);
}

/* Takes @task's reference: the lookup holds it until it answers. */
static void
look_up_next (GTask *task)
{
  CrossDomain *c = g_task_get_task_data (task);
  AltoscopeReverseName *name = &g_array_index (c->names, AltoscopeReverseName, c->next);
  g_autoptr(AltoscopeTarget) target = altoscope_target_new (NULL, NULL, name->name,
                                                            ALTOSCOPE_DOMAIN_SOURCE_RFC8686);

  altoscope_discover_async (c->transport, c->backoff, target, c->flags,
                            g_task_get_cancellable (task), on_name_discovered_cb, task);
}

/* RFC 8686 for @address ("IP" or "IP/LEN"): the result is the target of
 * the name that decided (or of the last name, when none had records),
 * with every name's outcome (altoscope_target_get_reverse_names).  An
 * address that is not valid fails at once with
 * ALTOSCOPE_ERROR_INVALID_INPUT, before any query. */
void
altoscope_discover_address_async (AltoscopeTransport      *transport,
                                  AltoscopeBackoff        *backoff,
                                  const char              *address,
                                  AltoscopeDiscoveryFlags  flags,
                                  GCancellable            *cancellable,
                                  GAsyncReadyCallback      callback,
                                  gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CrossDomain *c;

  g_return_if_fail (ALTOSCOPE_IS_TRANSPORT (transport));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, altoscope_discover_address_async);
  /* As for one domain: a cancelled run still returns its report. */
  g_task_set_check_cancellable (task, FALSE);

  c = g_new0 (CrossDomain, 1);
  c->transport = g_object_ref (transport);
  c->backoff = backoff ? g_object_ref (backoff) : NULL;
  c->flags = flags;
  g_task_set_task_data (task, c, (GDestroyNotify) cross_domain_free);

  c->names = altoscope_reverse_names_new (address, &c->address, &error);
  if (c->names == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  look_up_next (g_steal_pointer (&task));
}

AltoscopeTarget *
altoscope_discover_address_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
