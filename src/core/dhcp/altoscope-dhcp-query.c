/* altoscope-dhcp-query.c
 *
 * Coexisting with the running DHCP client (../shared/docs/standards.md):
 * NetworkManager's internal client holds UDP LEASE_ADDR%IF:68 (connected to
 * the server's :67) and [LINK_LOCAL%IF]:546.  Binding those ports again
 * would fail, or steal its traffic.  So the query uses raw IP sockets of
 * protocol UDP, bound to the interface:
 *  - they send a UDP header we write ourselves, from port 68 or 546, while
 *    the kernel still routes, resolves the link layer and writes the IP
 *    header;
 *  - they receive a *copy* of every UDP datagram arriving on the interface
 *    (the kernel hands raw sockets copies before UDP delivers it), filtered
 *    (a socket filter for IPv4; the headers, the ports and whose reply it
 *    is are read in altoscope-dhcp-wire for both), so the client's own
 *    socket still gets everything it would have got.  The reply to our
 *    transaction id reaches the client too, which drops it: the id is not
 *    its own.  Replies with our id but another client's chaddr or DUID, or
 *    no Server Identifier, are not ours (RFC 2131 §4.4.1, RFC 8415 §16.10).
 * Nothing here sends DHCPREQUEST, DHCPRELEASE, DHCPDECLINE, Renew, Rebind,
 * Release or Decline, and no IA is ever named: the lease is never touched.
 *
 * Raw sockets need CAP_NET_RAW: the CLI as root, or the pkexec helper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dhcp-query.h"
#include "altoscope-source.h"
#include "altoscope-text.h"

typedef struct
{
  AltoscopeDhcpAnswer *answer;
  int fd;
  int ifindex;
  guint32 xid;
  guint8 hwaddr[16];
  guint hwaddr_len;
  GBytes *duid;             /* DHCPv6: our Client Identifier, or NULL */
  guint8 *buf;              /* ALTOSCOPE_DHCP_MAX_DATAGRAM bytes for what arrives */
  struct in_addr src4, dst4;
  struct in6_addr src6;
  gint64 started;           /* monotonic µs of the first message */
  guint previous_rt_ms;     /* DHCPv6 retransmission */
  guint deadline_ms;
  GSource *readable, *resend, *deadline;   /* on the thread-default context */
  GSource *cancel_source;
  char *late_problem;       /* a reply to us that could not be used */
  AltoscopeDhcpError late_code;   /* ALTOSCOPE_DHCP_ERROR_NONE: nothing late */
} Query;

static void
drop_sources (Query *q)
{
  altoscope_source_clear (&q->readable);
  altoscope_source_clear (&q->resend);
  altoscope_source_clear (&q->deadline);
  if (q->cancel_source != NULL)
    {
      g_source_destroy (q->cancel_source);
      g_clear_pointer (&q->cancel_source, g_source_unref);
    }
}

static void
query_free (Query *q)
{
  drop_sources (q);
  if (q->fd >= 0)
    close (q->fd);
  g_clear_pointer (&q->answer, altoscope_dhcp_answer_unref);
  g_clear_pointer (&q->duid, g_bytes_unref);
  g_free (q->buf);
  g_free (q->late_problem);
  g_free (q);
}

/* Interface names as the kernel allows them (dev_valid_name): 1 to 15 bytes,
 * not "." or "..", no '/', ':' or white space.  Stricter here: printable
 * ASCII only. */
gboolean
altoscope_interface_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len >= IFNAMSIZ || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (*p <= 0x20 || *p >= 0x7f || *p == '/' || *p == ':')
      return FALSE;
  return TRUE;
}

static void
finish (GTask *task)
{
  Query *q = g_task_get_task_data (task);

  drop_sources (q);
  if (q->started > 0)
    q->answer->elapsed_ms = (g_get_monotonic_time () - q->started) / 1000.0;
  g_task_return_pointer (task, altoscope_dhcp_answer_ref (q->answer),
                         (GDestroyNotify) altoscope_dhcp_answer_unref);
  g_object_unref (task);
}

static void
fail (GTask              *task,
      AltoscopeDhcpError  error,
      const char         *message)
{
  Query *q = g_task_get_task_data (task);
  altoscope_dhcp_answer_set_error (q->answer, error, message, NULL);
  finish (task);
}

/* ---- what the interface has ------------------------------------------------ */

static gboolean
read_interface (Query  *q,
                AltoscopeDhcpError *code,
                char  **message)
{
  struct ifaddrs *list = NULL;
  gboolean have_addr = FALSE;
  const char *ifname = q->answer->interface;

  if (getifaddrs (&list) != 0)
    {
      *code = ALTOSCOPE_DHCP_ERROR_NETWORK;
      *message = g_strdup_printf (_("The interfaces could not be listed: %s"),
                                  g_strerror (errno));
      return FALSE;
    }
  for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
    {
      if (i->ifa_addr == NULL || g_strcmp0 (i->ifa_name, ifname) != 0)
        continue;
      if (i->ifa_addr->sa_family == AF_PACKET)
        {
          const struct sockaddr_ll *ll = (const struct sockaddr_ll *) i->ifa_addr;
          q->hwaddr_len = MIN (ll->sll_halen, sizeof q->hwaddr);
          memcpy (q->hwaddr, ll->sll_addr, MIN (q->hwaddr_len, sizeof ll->sll_addr));
        }
      else if (q->answer->family == ALTOSCOPE_FAMILY_IPV4 && !have_addr
               && i->ifa_addr->sa_family == AF_INET)
        {
          q->src4 = ((const struct sockaddr_in *) i->ifa_addr)->sin_addr;
          have_addr = TRUE;
        }
      else if (q->answer->family == ALTOSCOPE_FAMILY_IPV6 && !have_addr
               && i->ifa_addr->sa_family == AF_INET6
               && IN6_IS_ADDR_LINKLOCAL (&((const struct sockaddr_in6 *) i->ifa_addr)->sin6_addr))
        {
          q->src6 = ((const struct sockaddr_in6 *) i->ifa_addr)->sin6_addr;
          have_addr = TRUE;
        }
    }
  freeifaddrs (list);
  if (!have_addr)
    {
      *code = ALTOSCOPE_DHCP_ERROR_NO_ADDRESS;
      *message = q->answer->family == ALTOSCOPE_FAMILY_IPV4
        ? g_strdup_printf (_("%s has no IPv4 address to send DHCPINFORM from"), ifname)
        : g_strdup_printf (_("%s has no IPv6 link-local address to send Information-Request "
                             "from"), ifname);
      return FALSE;
    }
  return TRUE;
}

/* ---- the socket -------------------------------------------------------------- */

static gboolean
open_socket (Query  *q,
             AltoscopeDhcpError *code,
             char  **message)
{
  const char *ifname = q->answer->interface;
  int one = 1;
  int domain = q->answer->family == ALTOSCOPE_FAMILY_IPV6 ? AF_INET6 : AF_INET;

  q->fd = socket (domain, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (q->fd < 0)
    {
      int e = errno;
      *code = e == EPERM || e == EACCES ? ALTOSCOPE_DHCP_ERROR_PERMISSION
                                         : ALTOSCOPE_DHCP_ERROR_NETWORK;
      *message = g_strdup_printf (_("No raw socket for the DHCP client port: %s"),
                                  g_strerror (e));
      return FALSE;
    }
  if (setsockopt (q->fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen (ifname) + 1) != 0)
    goto failed;

  if (domain == AF_INET)
    {
      /* Only UDP from port 67 to port 68, unfragmented: the kernel drops the
       * rest before it is copied to us. */
      struct sock_filter code4[] = {
        BPF_STMT (BPF_LD | BPF_B | BPF_ABS, 9),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 8),
        BPF_STMT (BPF_LD | BPF_H | BPF_ABS, 6),
        BPF_JUMP (BPF_JMP | BPF_JSET | BPF_K, 0x3fff, 6, 0),
        BPF_STMT (BPF_LDX | BPF_B | BPF_MSH, 0),
        BPF_STMT (BPF_LD | BPF_H | BPF_IND, 0),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, ALTOSCOPE_DHCP4_SERVER_PORT, 0, 3),
        BPF_STMT (BPF_LD | BPF_H | BPF_IND, 2),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, ALTOSCOPE_DHCP4_CLIENT_PORT, 0, 1),
        BPF_STMT (BPF_RET | BPF_K, 0xffff),
        BPF_STMT (BPF_RET | BPF_K, 0),
      };
      struct sock_fprog prog = { G_N_ELEMENTS (code4), code4 };
      struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr = q->src4 };

      if (setsockopt (q->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0
          || setsockopt (q->fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0
          || bind (q->fd, (struct sockaddr *) &local, sizeof local) != 0)
        goto failed;
    }
  else
    {
      int offset = 6, hops = 1, loop = 0;
      struct sockaddr_in6 local = { .sin6_family = AF_INET6, .sin6_addr = q->src6,
                                    .sin6_scope_id = (guint32) q->ifindex };

      /* The kernel fills in (and checks) the UDP checksum at offset 6. */
      if (setsockopt (q->fd, IPPROTO_IPV6, IPV6_CHECKSUM, &offset, sizeof offset) != 0
          || setsockopt (q->fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &q->ifindex,
                         sizeof q->ifindex) != 0
          || setsockopt (q->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) != 0
          || setsockopt (q->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop) != 0
          || bind (q->fd, (struct sockaddr *) &local, sizeof local) != 0)
        goto failed;
    }
  return TRUE;

failed:
  {
    int e = errno;
    *code = e == EPERM || e == EACCES ? ALTOSCOPE_DHCP_ERROR_PERMISSION
                                         : ALTOSCOPE_DHCP_ERROR_NETWORK;
    *message = g_strdup_printf (_("The raw socket on %s could not be set up: %s"), ifname,
                                g_strerror (e));
    return FALSE;
  }
}

static gboolean
send_message (Query   *q,
              GError **error)
{
  g_autoptr(GByteArray) dgram = g_byte_array_new ();
  g_autoptr(GByteArray) msg = NULL;
  gint64 elapsed_ms = q->started > 0 ? (g_get_monotonic_time () - q->started) / 1000 : 0;
  guint8 udp[8] = { 0 };
  guint16 sport, dport;
  ssize_t sent;

  if (q->answer->family == ALTOSCOPE_FAMILY_IPV4)
    {
      msg = altoscope_dhcp4_build_inform (q->xid, q->src4.s_addr, q->hwaddr, q->hwaddr_len,
                                          (guint16) MIN (elapsed_ms / 1000, 0xffff));
      sport = ALTOSCOPE_DHCP4_CLIENT_PORT;
      dport = ALTOSCOPE_DHCP4_SERVER_PORT;
    }
  else
    {
      msg = altoscope_dhcp6_build_inforeq (q->xid, q->duid,
                                           (guint16) MIN (elapsed_ms / 10, 0xffff));
      sport = ALTOSCOPE_DHCP6_CLIENT_PORT;
      dport = ALTOSCOPE_DHCP6_SERVER_PORT;
    }
  udp[0] = sport >> 8; udp[1] = sport & 0xff;
  udp[2] = dport >> 8; udp[3] = dport & 0xff;
  udp[4] = (msg->len + 8) >> 8; udp[5] = (msg->len + 8) & 0xff;
  g_byte_array_append (dgram, udp, 8);
  g_byte_array_append (dgram, msg->data, msg->len);

  if (q->answer->family == ALTOSCOPE_FAMILY_IPV4)
    {
      struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = q->dst4 };
      guint16 sum = altoscope_udp4_checksum (q->src4.s_addr, q->dst4.s_addr, dgram->data,
                                             dgram->len);
      dgram->data[6] = sum >> 8;
      dgram->data[7] = sum & 0xff;
      sent = sendto (q->fd, dgram->data, dgram->len, 0, (struct sockaddr *) &to, sizeof to);
    }
  else
    {
      struct sockaddr_in6 to = { .sin6_family = AF_INET6,
                                 .sin6_scope_id = (guint32) q->ifindex };
      inet_pton (AF_INET6, "ff02::1:2", &to.sin6_addr);
      sent = sendto (q->fd, dgram->data, dgram->len, 0, (struct sockaddr *) &to, sizeof to);
    }
  if (sent < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _("%s could not be sent on %s: %s"), q->answer->message, q->answer->interface,
                   g_strerror (e));
      return FALSE;
    }
  q->answer->attempts++;
  if (q->started == 0)
    q->started = g_get_monotonic_time ();
  return TRUE;
}

/* ---- the exchange -------------------------------------------------------------- */

static gboolean on_resend_cb (gpointer data);
static gboolean on_deadline_cb (gpointer data);

static void
schedule_resend (GTask *task)
{
  Query *q = g_task_get_task_data (task);
  guint ms;
  guint32 r;

  if (getrandom (&r, sizeof r, 0) != sizeof r)
    r = g_random_int ();
  if (q->answer->family == ALTOSCOPE_FAMILY_IPV4)
    ms = altoscope_dhcp4_retransmit_ms (q->answer->attempts - 1, (int) (r % 2001) - 1000);
  else
    ms = q->previous_rt_ms = altoscope_dhcp6_retransmit_ms (q->previous_rt_ms,
                                                            (int) (r % 201) - 100);
  q->resend = altoscope_timeout_attach (ms, G_PRIORITY_DEFAULT, on_resend_cb, task, NULL);
}

static gboolean
on_resend_cb (gpointer data)
{
  GTask *task = data;
  Query *q = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  altoscope_source_clear (&q->resend);
  if (!send_message (q, &error))
    {
      fail (task, ALTOSCOPE_DHCP_ERROR_NETWORK, error->message);
      return G_SOURCE_REMOVE;
    }
  /* The whole exchange's deadline runs from the first message. */
  if (q->deadline == NULL)
    q->deadline = altoscope_timeout_attach (q->deadline_ms, G_PRIORITY_DEFAULT, on_deadline_cb,
                                            task, NULL);
  schedule_resend (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_deadline_cb (gpointer data)
{
  GTask *task = data;
  Query *q = g_task_get_task_data (task);
  g_autofree char *msg = NULL;

  altoscope_source_clear (&q->deadline);
  if (q->late_code != ALTOSCOPE_DHCP_ERROR_NONE)
    {
      fail (task, q->late_code, q->late_problem);
      return G_SOURCE_REMOVE;
    }
  msg = g_strdup_printf (ngettext ("No DHCP server answered the %u %s sent on %s to %s within "
                                   "%.1f s",
                                   "No DHCP server answered the %u %s messages sent on %s to %s "
                                   "within %.1f s", q->answer->attempts),
                         q->answer->attempts, q->answer->message, q->answer->interface,
                         q->answer->sent_to, q->deadline_ms / 1000.0);
  fail (task, ALTOSCOPE_DHCP_ERROR_TIMEOUT, msg);
  return G_SOURCE_REMOVE;
}

static gboolean
on_readable_cb (int          fd,
                GIOCondition condition,
                gpointer     data)
{
  GTask *task = data;
  Query *q = g_task_get_task_data (task);

  for (;;)
    {
      struct sockaddr_storage from;
      socklen_t from_len = sizeof from;
      ssize_t n = recvfrom (fd, q->buf, ALTOSCOPE_DHCP_MAX_DATAGRAM, 0,
                            (struct sockaddr *) &from, &from_len);
      const guint8 *payload;
      gsize payload_len = 0;
      char server[INET6_ADDRSTRLEN] = "";
      AltoscopeDhcpReply reply;
      AltoscopeDhcpReplyStatus status;

      if (n < 0)
        return G_SOURCE_CONTINUE;   /* EAGAIN, or an ICMP error: wait for more */

      /* Every byte is read in altoscope-dhcp-wire (pure, fuzzed): the
       * headers, then whose reply it is and what it says. */
      if (q->answer->family == ALTOSCOPE_FAMILY_IPV4)
        {
          guint32 src;
          payload = altoscope_ipv4_udp_payload (q->buf, (gsize) n, ALTOSCOPE_DHCP4_SERVER_PORT,
                                                ALTOSCOPE_DHCP4_CLIENT_PORT, &src, &payload_len);
          if (payload == NULL)
            continue;
          inet_ntop (AF_INET, &src, server, sizeof server);
          status = altoscope_dhcp4_parse_reply (payload, payload_len, q->xid, q->hwaddr,
                                                q->hwaddr_len, &reply);
        }
      else
        {
          payload = altoscope_udp6_payload (q->buf, (gsize) n, ALTOSCOPE_DHCP6_SERVER_PORT,
                                            ALTOSCOPE_DHCP6_CLIENT_PORT, &payload_len);
          if (payload == NULL || from.ss_family != AF_INET6)
            continue;
          inet_ntop (AF_INET6, &((struct sockaddr_in6 *) &from)->sin6_addr, server,
                     sizeof server);
          status = altoscope_dhcp6_parse_reply (payload, payload_len, q->xid, q->duid, &reply);
        }

      switch (status)
        {
        case ALTOSCOPE_DHCP_REPLY_NOT_OURS:
          altoscope_dhcp_reply_clear (&reply);
          continue;
        case ALTOSCOPE_DHCP_REPLY_MALFORMED:
          /* Perhaps forged, perhaps broken: another server may still answer
           * well; if none does, this is the verdict. */
          g_free (q->late_problem);
          q->late_code = ALTOSCOPE_DHCP_ERROR_MALFORMED;
          q->late_problem = g_strdup_printf (_("The reply from %s could not be read: %s"),
                                             server, reply.problem);
          altoscope_dhcp_reply_clear (&reply);
          continue;
        case ALTOSCOPE_DHCP_REPLY_REFUSED:
          {
            g_autofree char *msg = g_strdup_printf (_("The DHCP server %s refused: %s"), server,
                                                    reply.problem);
            altoscope_dhcp_answer_take_reply (q->answer, &reply, server);
            altoscope_dhcp_reply_clear (&reply);
            fail (task, ALTOSCOPE_DHCP_ERROR_REFUSED, msg);
            return G_SOURCE_REMOVE;
          }
        case ALTOSCOPE_DHCP_REPLY_OK:
        default:
          altoscope_dhcp_answer_take_reply (q->answer, &reply, server);
          altoscope_dhcp_reply_clear (&reply);
          altoscope_source_clear (&q->readable);
          finish (task);
          return G_SOURCE_REMOVE;
        }
    }
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  GTask *task = data;
  Query *q = g_task_get_task_data (task);

  /* The cancellable's source, on the main loop: nothing else runs now. */
  drop_sources (q);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The DHCP query was cancelled"));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
altoscope_dhcp_query_async (const AltoscopeDhcpQueryOptions *options,
                            GCancellable                    *cancellable,
                            GAsyncReadyCallback              callback,
                            gpointer                         user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Query *q = g_new0 (Query, 1);
  AltoscopeDhcpError code = ALTOSCOPE_DHCP_ERROR_NONE;
  g_autofree char *message = NULL;
  char addr[INET6_ADDRSTRLEN];
  guint32 r = 0;

  g_task_set_source_tag (task, altoscope_dhcp_query_async);
  q->fd = -1;
  q->buf = g_malloc (ALTOSCOPE_DHCP_MAX_DATAGRAM);
  q->answer = altoscope_dhcp_answer_new (options->interface, options->family);
  q->deadline_ms = options->timeout_ms ? options->timeout_ms
                                       : ALTOSCOPE_DHCP_QUERY_DEFAULT_TIMEOUT_MS;
  g_task_set_task_data (task, q, (GDestroyNotify) query_free);

  if (!altoscope_interface_name_is_valid (options->interface)
      || (q->ifindex = (int) if_nametoindex (options->interface)) == 0)
    {
      g_autofree char *safe = altoscope_text_make_safe (options->interface, 64);
      g_autofree char *msg = g_strdup_printf (_("There is no interface “%s”"), safe);
      fail (task, ALTOSCOPE_DHCP_ERROR_NO_INTERFACE, msg);
      return;
    }
  if (!read_interface (q, &code, &message) || !open_socket (q, &code, &message))
    {
      fail (task, code, message);
      return;
    }

  if (getrandom (&q->xid, sizeof q->xid, 0) != sizeof q->xid)
    q->xid = g_random_int ();
  if (options->family == ALTOSCOPE_FAMILY_IPV4)
    {
      inet_ntop (AF_INET, &q->src4, addr, sizeof addr);
      q->answer->sent_from = g_strdup (addr);
      if (options->server == NULL || inet_pton (AF_INET, options->server, &q->dst4) != 1)
        q->dst4.s_addr = htonl (INADDR_BROADCAST);
      inet_ntop (AF_INET, &q->dst4, addr, sizeof addr);
      q->answer->sent_to = g_strdup (addr);
    }
  else
    {
      q->xid &= 0xffffff;
      q->duid = altoscope_dhcp6_client_duid (q->hwaddr, q->hwaddr_len);
      inet_ntop (AF_INET6, &q->src6, addr, sizeof addr);
      q->answer->sent_from = g_strdup (addr);
      q->answer->sent_to = g_strdup ("ff02::1:2");
    }

  q->readable = g_unix_fd_source_new (q->fd, G_IO_IN);
  g_source_set_callback (q->readable, G_SOURCE_FUNC (on_readable_cb), task, NULL);
  g_source_attach (q->readable, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      q->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (q->cancel_source, G_SOURCE_FUNC (on_cancelled_cb), task, NULL);
      g_source_attach (q->cancel_source, g_main_context_get_thread_default ());
    }
  /* RFC 8415 §18.2.6: the first Information-Request waits a random time up
   * to INF_MAX_DELAY, so that clients on a link do not all ask at once. */
  if (getrandom (&r, sizeof r, 0) != sizeof r)
    r = g_random_int ();
  q->resend = altoscope_timeout_attach (options->family == ALTOSCOPE_FAMILY_IPV6
                                          ? r % (ALTOSCOPE_DHCP6_INF_MAX_DELAY_MS + 1) : 0,
                                        G_PRIORITY_DEFAULT, on_resend_cb, task, NULL);
}

AltoscopeDhcpAnswer *
altoscope_dhcp_query_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
