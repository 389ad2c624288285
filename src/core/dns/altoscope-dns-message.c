/* altoscope-dns-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "altoscope-dns-message.h"
#include "altoscope-error.h"

#define HEADER_SIZE 12
#define EDE_OPTION 15     /* RFC 8914 */
#define MAX_POINTERS 64   /* more compression pointers than a 255-byte name can need */

typedef struct
{
  const guint8 *buf;
  gsize len;
  gsize pos;
} Reader;

static gboolean
read_u8 (Reader *r, guint8 *v)
{
  if (r->pos + 1 > r->len)
    return FALSE;
  *v = r->buf[r->pos++];
  return TRUE;
}

static gboolean
read_u16 (Reader *r, guint16 *v)
{
  if (r->pos + 2 > r->len)
    return FALSE;
  *v = (guint16) (r->buf[r->pos] << 8 | r->buf[r->pos + 1]);
  r->pos += 2;
  return TRUE;
}

static gboolean
read_u32 (Reader *r, guint32 *v)
{
  if (r->pos + 4 > r->len)
    return FALSE;
  *v = (guint32) r->buf[r->pos] << 24 | (guint32) r->buf[r->pos + 1] << 16
       | (guint32) r->buf[r->pos + 2] << 8 | (guint32) r->buf[r->pos + 3];
  r->pos += 4;
  return TRUE;
}

static void
append_label_byte (GString *out, guint8 c)
{
  if (c == '.' || c == '\\')
    g_string_append_printf (out, "\\%c", c);
  else if (c > 0x20 && c < 0x7f)
    g_string_append_c (out, (char) c);
  else
    g_string_append_printf (out, "\\%03u", c);
}

/* Reads a possibly compressed name at r->pos.  Pointers must point strictly
 * backwards, and their number is bounded, so a hostile message cannot make
 * this loop.  On success r->pos is after the name as it stands in place. */
static char *
read_name (Reader *r)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize pos = r->pos;
  gsize end = 0;
  gsize wire_len = 0;
  guint pointers = 0;
  gsize lowest = pos;

  for (;;)
    {
      guint8 len;

      if (pos >= r->len)
        return NULL;
      len = r->buf[pos];

      if ((len & 0xc0) == 0xc0)
        {
          gsize target;

          if (pos + 1 >= r->len || ++pointers > MAX_POINTERS)
            return NULL;
          target = (gsize) (len & 0x3f) << 8 | r->buf[pos + 1];
          if (end == 0)
            end = pos + 2;
          /* Only backwards, and only before everything seen so far. */
          if (target >= lowest)
            return NULL;
          lowest = target;
          pos = target;
          continue;
        }
      if ((len & 0xc0) != 0)
        return NULL; /* 0x40 and 0x80: extended label types, obsolete */

      wire_len += len + 1;
      if (wire_len > ALTOSCOPE_DNS_MAX_NAME)
        return NULL;

      if (len == 0)
        {
          if (end == 0)
            end = pos + 1;
          break;
        }
      if (pos + 1 + len > r->len)
        return NULL;

      if (out->len > 0)
        g_string_append_c (out, '.');
      for (guint i = 0; i < len; i++)
        append_label_byte (out, r->buf[pos + 1 + i]);
      pos += 1 + len;
    }

  r->pos = end;
  if (out->len == 0)
    g_string_assign (out, ".");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
read_string (Reader *r, gsize limit, AltoscopeDnsString *s)
{
  guint8 len;
  gboolean clean = TRUE;

  if (!read_u8 (r, &len) || r->pos + len > limit)
    return FALSE;

  for (guint i = 0; i < len; i++)
    {
      guint8 c = r->buf[r->pos + i];
      if (c < 0x20 || c > 0x7e)
        clean = FALSE;
    }

  if (clean)
    {
      s->text = g_strndup ((const char *) r->buf + r->pos, len);
    }
  else
    {
      GString *out = g_string_new (NULL);
      for (guint i = 0; i < len; i++)
        {
          guint8 c = r->buf[r->pos + i];
          if (c == '\\')
            g_string_append (out, "\\\\");
          else if (c >= 0x20 && c <= 0x7e)
            g_string_append_c (out, (char) c);
          else
            g_string_append_printf (out, "\\%03u", c);
        }
      s->text = g_string_free (out, FALSE);
    }
  s->clean = clean;
  r->pos += len;
  return TRUE;
}

static void
record_free (gpointer data)
{
  AltoscopeDnsRecord *rr = data;

  g_free (rr->name);
  switch (rr->type)
    {
    case ALTOSCOPE_DNS_TYPE_NAPTR:
      g_free (rr->data.naptr.flags.text);
      g_free (rr->data.naptr.service.text);
      g_free (rr->data.naptr.regexp.text);
      g_free (rr->data.naptr.replacement);
      break;
    case ALTOSCOPE_DNS_TYPE_CNAME:
      g_free (rr->data.target);
      break;
    case ALTOSCOPE_DNS_TYPE_SOA:
      g_free (rr->data.soa.mname);
      break;
    default:
      break;
    }
  g_free (rr);
}

static void
ede_clear (gpointer data)
{
  AltoscopeDnsEde *ede = data;
  g_free (ede->extra_text);
}

void
altoscope_dns_message_free (AltoscopeDnsMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->qname);
  g_clear_pointer (&msg->records, g_ptr_array_unref);
  g_clear_pointer (&msg->ede, g_array_unref);
  g_free (msg);
}

static gboolean
parse_opt (AltoscopeDnsMessage *msg,
           Reader              *r,
           guint16              klass,
           guint32              ttl,
           gsize                rdend)
{
  if (msg->has_opt)
    return FALSE; /* RFC 6891 §6.1.1: more than one OPT is a FORMERR */

  msg->has_opt = TRUE;
  msg->udp_size = klass;
  msg->rcode |= (ttl >> 24) << 4;
  msg->edns_version = (ttl >> 16) & 0xff;
  msg->do_bit = (ttl & 0x8000) != 0;

  while (r->pos < rdend)
    {
      guint16 code, len;

      if (!read_u16 (r, &code) || !read_u16 (r, &len) || r->pos + len > rdend)
        return FALSE;
      if (code == EDE_OPTION && len >= 2)
        {
          AltoscopeDnsEde ede;
          g_autoptr(GString) text = g_string_new (NULL);
          const char *p = (const char *) r->buf + r->pos + 2;
          gsize n = len - 2;

          ede.info_code = (guint16) (r->buf[r->pos] << 8 | r->buf[r->pos + 1]);
          /* EXTRA-TEXT is UTF-8 from a server: keep printable ASCII only. */
          for (gsize i = 0; i < n; i++)
            {
              guint8 c = (guint8) p[i];
              if (c >= 0x20 && c <= 0x7e && c != '\\')
                g_string_append_c (text, (char) c);
              else if (c == 0 && i == n - 1)
                break; /* some servers NUL-terminate */
              else
                g_string_append_printf (text, "\\%03u", c);
            }
          ede.extra_text = g_string_free (g_steal_pointer (&text), FALSE);
          g_array_append_val (msg->ede, ede);
        }
      r->pos += len;
    }
  return TRUE;
}

static gboolean
parse_rdata (AltoscopeDnsRecord *rr,
             Reader             *r,
             gsize               rdend)
{
  switch (rr->type)
    {
    case ALTOSCOPE_DNS_TYPE_A:
    case ALTOSCOPE_DNS_TYPE_AAAA:
      {
        gsize n = rr->type == ALTOSCOPE_DNS_TYPE_A ? 4 : 16;
        if (rdend - r->pos != n)
          return FALSE;
        rr->data.addr.family = n == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6;
        memcpy (rr->data.addr.bytes, r->buf + r->pos, n);
        r->pos += n;
        return TRUE;
      }
    case ALTOSCOPE_DNS_TYPE_CNAME:
      rr->data.target = read_name (r);
      return rr->data.target != NULL && r->pos == rdend;
    case ALTOSCOPE_DNS_TYPE_SOA:
      {
        guint32 serial, refresh, retry, expire;
        g_autofree char *rname = NULL;

        rr->data.soa.mname = read_name (r);
        if (rr->data.soa.mname == NULL)
          return FALSE;
        rname = read_name (r);
        return rname != NULL
               && read_u32 (r, &serial) && read_u32 (r, &refresh) && read_u32 (r, &retry)
               && read_u32 (r, &expire) && read_u32 (r, &rr->data.soa.minimum)
               && r->pos == rdend;
      }
    case ALTOSCOPE_DNS_TYPE_NAPTR:
      return read_u16 (r, &rr->data.naptr.order)
             && read_u16 (r, &rr->data.naptr.preference)
             && read_string (r, rdend, &rr->data.naptr.flags)
             && read_string (r, rdend, &rr->data.naptr.service)
             && read_string (r, rdend, &rr->data.naptr.regexp)
             && (rr->data.naptr.replacement = read_name (r)) != NULL
             && r->pos == rdend;
    default:
      r->pos = rdend;
      return TRUE;
    }
}

AltoscopeDnsMessage *
altoscope_dns_message_parse (const guint8  *buf,
                             gsize          len,
                             GError       **error)
{
  g_autoptr(AltoscopeDnsMessage) msg = g_new0 (AltoscopeDnsMessage, 1);
  Reader r = { buf, len, 0 };
  guint16 flags, qdcount, counts[3];

  msg->records = g_ptr_array_new_with_free_func (record_free);
  msg->ede = g_array_new (FALSE, TRUE, sizeof (AltoscopeDnsEde));
  g_array_set_clear_func (msg->ede, ede_clear);
  msg->size = len;

  if (!read_u16 (&r, &msg->id) || !read_u16 (&r, &flags) || !read_u16 (&r, &qdcount)
      || !read_u16 (&r, &counts[0]) || !read_u16 (&r, &counts[1]) || !read_u16 (&r, &counts[2]))
    goto bad;

  msg->qr = (flags & 0x8000) != 0;
  msg->aa = (flags & 0x0400) != 0;
  msg->tc = (flags & 0x0200) != 0;
  msg->rd = (flags & 0x0100) != 0;
  msg->ra = (flags & 0x0080) != 0;
  msg->ad = (flags & 0x0020) != 0;
  msg->cd = (flags & 0x0010) != 0;
  msg->rcode = flags & 0x000f;

  if (qdcount > 1)
    goto bad;
  if (qdcount == 1)
    {
      msg->qname = read_name (&r);
      if (msg->qname == NULL || !read_u16 (&r, &msg->qtype) || !read_u16 (&r, &msg->qclass))
        goto bad;
    }

  for (guint section = 0; section < 3; section++)
    {
      for (guint i = 0; i < counts[section]; i++)
        {
          AltoscopeDnsRecord *rr;
          g_autofree char *name = read_name (&r);
          guint16 type, klass, rdlength;
          guint32 ttl;
          gsize rdend;

          if (name == NULL || !read_u16 (&r, &type) || !read_u16 (&r, &klass)
              || !read_u32 (&r, &ttl) || !read_u16 (&r, &rdlength) || r.pos + rdlength > len)
            goto bad;
          rdend = r.pos + rdlength;

          if (type == ALTOSCOPE_DNS_TYPE_OPT)
            {
              if (section != ALTOSCOPE_DNS_SECTION_ADDITIONAL || !g_str_equal (name, ".")
                  || !parse_opt (msg, &r, klass, ttl, rdend))
                goto bad;
              continue;
            }

          rr = g_new0 (AltoscopeDnsRecord, 1);
          rr->name = g_steal_pointer (&name);
          rr->type = type;
          rr->klass = klass;
          /* RFC 2181 §8: a TTL with the top bit set is treated as zero. */
          rr->ttl = ttl > G_MAXINT32 ? 0 : ttl;
          rr->section = section;
          g_ptr_array_add (msg->records, rr);
          if (!parse_rdata (rr, &r, rdend))
            goto bad;
        }
    }

  /* Trailing bytes after the counted records are tolerated (some middleboxes
   * pad), the records themselves are not. */
  return g_steal_pointer (&msg);

bad:
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_BAD_RESPONSE,
               _("The answer is not a well-formed DNS message (malformed at byte %u of %u)"),
               (guint) MIN (r.pos, len), (guint) len);
  return NULL;
}

/* Turns a presentation-form name (with \X and \DDD escapes, as produced by
 * read_name() or typed by a person) into wire labels. */
static gboolean
encode_name (GByteArray  *out,
             const char  *name,
             GError     **error)
{
  guint8 label[63];
  guint label_len = 0;
  gsize total = 0;
  const char *p = name;

  if (g_str_equal (name, ".") || *name == '\0')
    {
      g_byte_array_append (out, (const guint8 *) "", 1);
      return TRUE;
    }

  for (;;)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label_len == 0)
            {
              if (*p == '.' && p[1] == '\0')
                break; /* trailing dot */
              goto bad;
            }
          g_byte_array_append (out, (guint8 *) &label_len, 1);
          g_byte_array_append (out, label, label_len);
          total += label_len + 1;
          label_len = 0;
          if (*p == '\0' || (p[0] == '.' && p[1] == '\0'))
            break;
          p++;
          continue;
        }

      if (label_len == sizeof label)
        goto bad;

      if (*p == '\\')
        {
          if (g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]))
            {
              guint v = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
              if (v > 255)
                goto bad;
              label[label_len++] = (guint8) v;
              p += 4;
            }
          else if (p[1] != '\0')
            {
              label[label_len++] = (guint8) p[1];
              p += 2;
            }
          else
            goto bad;
        }
      else
        {
          label[label_len++] = (guint8) *p++;
        }
    }

  if (total + 1 > ALTOSCOPE_DNS_MAX_NAME)
    goto bad;
  g_byte_array_append (out, (const guint8 *) "", 1);
  return TRUE;

bad:
  g_set_error (error, ALTOSCOPE_ERROR, ALTOSCOPE_ERROR_INVALID_INPUT,
               _("“%s” cannot be sent as a DNS name"), name);
  return FALSE;
}

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

guint8 *
altoscope_dns_build_query (const char  *name,
                           guint16      type,
                           gboolean     cd,
                           guint16      udp_size,
                           gsize       *len,
                           GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  /* id 0: c-ares puts its own id in; RD set; CD on request; one question,
   * one additional record (the OPT), unless @udp_size is 0: no EDNS. */
  guint8 header[HEADER_SIZE] = { 0, 0, 0x01, cd ? 0x10 : 0x00, 0, 1, 0, 0, 0, 0, 0,
                                 udp_size ? 1 : 0 };

  g_byte_array_append (out, header, sizeof header);
  if (!encode_name (out, name, error))
    return NULL;
  put_u16 (out, type);
  put_u16 (out, 1 /* IN */);

  if (udp_size == 0)
    {
      *len = out->len;
      return g_byte_array_free (g_steal_pointer (&out), FALSE);
    }

  /* OPT pseudo-record (RFC 6891): root owner, our UDP size, version 0,
   * DO set (RFC 3225) so that a validating resolver reports AD. */
  g_byte_array_append (out, (const guint8 *) "", 1);
  put_u16 (out, ALTOSCOPE_DNS_TYPE_OPT);
  put_u16 (out, udp_size);
  put_u16 (out, 0);       /* extended rcode, version */
  put_u16 (out, 0x8000);  /* DO */
  put_u16 (out, 0);       /* no options */

  *len = out->len;
  return g_byte_array_free (g_steal_pointer (&out), FALSE);
}

gboolean
altoscope_dns_message_has_type (const AltoscopeDnsMessage *msg,
                                AltoscopeDnsSection        section,
                                guint16                    type)
{
  for (guint i = 0; i < msg->records->len; i++)
    {
      const AltoscopeDnsRecord *rr = g_ptr_array_index (msg->records, i);
      if (rr->section == section && rr->type == type)
        return TRUE;
    }
  return FALSE;
}

const AltoscopeDnsRecord *
altoscope_dns_message_find_soa (const AltoscopeDnsMessage *msg)
{
  for (guint i = 0; i < msg->records->len; i++)
    {
      const AltoscopeDnsRecord *rr = g_ptr_array_index (msg->records, i);
      if (rr->section == ALTOSCOPE_DNS_SECTION_AUTHORITY && rr->type == ALTOSCOPE_DNS_TYPE_SOA)
        return rr;
    }
  return NULL;
}

/* The answer records of @type that belong to the question, following a
 * CNAME chain in the answer section (bounded by the number of records, so a
 * CNAME loop ends).  Records for other owners are not returned. */
GPtrArray *
altoscope_dns_message_answers_for (const AltoscopeDnsMessage  *msg,
                                   guint16                     type,
                                   char                      **final_name)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new ();
  const char *owner = msg->qname ? msg->qname : ".";

  for (guint hops = 0; hops <= msg->records->len; hops++)
    {
      const char *next = NULL;

      for (guint i = 0; i < msg->records->len; i++)
        {
          const AltoscopeDnsRecord *rr = g_ptr_array_index (msg->records, i);
          if (rr->section != ALTOSCOPE_DNS_SECTION_ANSWER || rr->klass != 1
              || !altoscope_dns_name_equal (rr->name, owner))
            continue;
          if (rr->type == type)
            g_ptr_array_add (result, (gpointer) rr);
          else if (rr->type == ALTOSCOPE_DNS_TYPE_CNAME && type != ALTOSCOPE_DNS_TYPE_CNAME)
            next = rr->data.target;
        }
      if (result->len > 0 || next == NULL)
        break;
      owner = next;
    }

  if (final_name)
    *final_name = g_strdup (owner);
  return g_steal_pointer (&result);
}

gboolean
altoscope_dns_name_equal (const char *a,
                          const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* Trailing dots are not significant in this presentation form. */
  if (la > 1 && a[la - 1] == '.' && (la < 2 || a[la - 2] != '\\'))
    la--;
  if (lb > 1 && b[lb - 1] == '.' && (lb < 2 || b[lb - 2] != '\\'))
    lb--;
  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

const char *
altoscope_dns_rcode_to_string (guint rcode)
{
  switch (rcode)
    {
    case 0: return "NOERROR";
    case 1: return "FORMERR";
    case 2: return "SERVFAIL";
    case 3: return "NXDOMAIN";
    case 4: return "NOTIMP";
    case 5: return "REFUSED";
    case 9: return "NOTAUTH";
    case 16: return "BADVERS";
    default: return "RCODE";
    }
}

const char *
altoscope_dns_type_to_string (guint16 type)
{
  switch (type)
    {
    case ALTOSCOPE_DNS_TYPE_A: return "A";
    case ALTOSCOPE_DNS_TYPE_NS: return "NS";
    case ALTOSCOPE_DNS_TYPE_CNAME: return "CNAME";
    case ALTOSCOPE_DNS_TYPE_SOA: return "SOA";
    case ALTOSCOPE_DNS_TYPE_AAAA: return "AAAA";
    case ALTOSCOPE_DNS_TYPE_NAPTR: return "NAPTR";
    case ALTOSCOPE_DNS_TYPE_OPT: return "OPT";
    case ALTOSCOPE_DNS_TYPE_RRSIG: return "RRSIG";
    case ALTOSCOPE_DNS_TYPE_DNSKEY: return "DNSKEY";
    default: return "TYPE";
    }
}

/* Appends copies of the extended errors in @from (may be NULL) to @to. */
void
altoscope_dns_ede_append_all (GArray       *to,
                              const GArray *from)
{
  for (guint i = 0; from != NULL && i < from->len; i++)
    {
      AltoscopeDnsEde ede = g_array_index (from, AltoscopeDnsEde, i);
      ede.extra_text = g_strdup (ede.extra_text);
      g_array_append_val (to, ede);
    }
}
