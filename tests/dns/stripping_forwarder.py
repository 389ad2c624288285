"""A forwarder that knows nothing of DNSSEC, as many home routers are: the
case in which Altoscope cannot validate and must say so in plain words,
not cry "bogus" (issue 17, item 3).

It relays every UDP query on loopback to the lab's resolver and the reply
back, but
  - clears the DO bit of the query's OPT record, so the resolver sends no
    RRSIG, NSEC or NSEC3 records (RFC 3225), and
  - answers a question for DNSSEC records themselves (DS, DNSKEY, RRSIG,
    NSEC, NSEC3, NSEC3PARAM) with an empty NOERROR answer ("strip"), or
    relays it without signatures too ("no-do": a router that only drops DO),
and clears AD in every reply: it vouches for nothing.

Two more modes are attackers, not routers:
  - "strip-ad" strips as "strip" does, changes one byte of each NAPTR
    answer (lying_forwarder.alter_naptr) and sets AD on every reply: a
    downgrade, the proof withheld while the resolver seems to vouch;
  - "pass" relays everything untouched; with drop_from it leaves the
    queries from that source address unanswered, so that one of a
    client's two paths (validation's, or the plain one) fails alone.
"""

import select
import socket
import struct
import threading

from lying_forwarder import alter_naptr

DNSSEC_TYPES = {43, 46, 47, 48, 50, 51}   # DS, RRSIG, NSEC, DNSKEY, NSEC3, NSEC3PARAM


def _skip_name(data, pos):
    while True:
        n = data[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + n


def clear_do(query):
    """The query with the DO bit of its OPT record (if any) cleared, and its
    question type."""
    data = bytearray(query)
    qd, an, ns, ar = struct.unpack("!HHHH", data[4:12])
    pos = 12
    qtype = None
    for _ in range(qd):
        pos = _skip_name(data, pos)
        qtype = struct.unpack("!H", data[pos:pos + 2])[0]
        pos += 4
    for _ in range(an + ns + ar):
        pos = _skip_name(data, pos)
        rtype = struct.unpack("!H", data[pos:pos + 2])[0]
        rdlen = struct.unpack("!H", data[pos + 8:pos + 10])[0]
        if rtype == 41:
            data[pos + 6] &= 0x7F     # the TTL's flags: DO is the top bit
        pos += 10 + rdlen
    return bytes(data), qtype


def empty_reply(reply):
    """The reply's header and question only: no record at all."""
    data = bytearray(reply)
    qd = struct.unpack("!H", data[4:6])[0]
    pos = 12
    for _ in range(qd):
        pos = _skip_name(data, pos) + 4
    data[6:12] = b"\0" * 6
    return bytes(data[:pos])


class StrippingForwarder:
    def __init__(self, port, upstream_port, mode="strip", drop_from=None):
        assert mode in ("strip", "no-do", "strip-ad", "pass")
        self.port = port
        self.mode = mode
        self.drop_from = drop_from
        self.dropped = 0          # queries left unanswered (drop_from)
        self.altered = 0          # NAPTR answers changed (strip-ad)
        self.upstream = ("127.0.0.1", upstream_port)
        self.stripped = 0         # questions for DNSSEC records answered empty
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            ready, _, _ = select.select([self.sock], [], [], 0.1)
            if not ready:
                continue
            try:
                query, client = self.sock.recvfrom(65535)
            except OSError:
                return
            if client[0] == self.drop_from:
                with self.lock:
                    self.dropped += 1
                continue
            threading.Thread(target=self._relay, args=(query, client), daemon=True).start()

    def _relay(self, query, client):
        try:
            plain, qtype = clear_do(query)
        except (IndexError, struct.error):
            return
        if self.mode != "pass":
            query = plain
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.settimeout(3)
        try:
            up.sendto(query, self.upstream)
            reply, _ = up.recvfrom(65535)
        except OSError:
            return
        finally:
            up.close()
        if self.mode == "pass":
            self._send(reply, client)
            return
        if self.mode in ("strip", "strip-ad") and qtype in DNSSEC_TYPES:
            reply = empty_reply(reply)
            with self.lock:
                self.stripped += 1
        if self.mode == "strip-ad":
            lie = alter_naptr(reply)
            if lie is not None:
                with self.lock:
                    self.altered += 1
                reply = lie
        reply = bytearray(reply)
        if self.mode == "strip-ad":
            reply[3] |= 0x20           # AD: "validated", on every reply
        else:
            reply[3] &= ~0x20 & 0xFF   # AD
        self._send(reply, client)

    def _send(self, reply, client):
        try:
            self.sock.sendto(bytes(reply), client)
        except OSError:
            pass

    def stop(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()
