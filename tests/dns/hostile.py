"""A small DNS server that sends what no real server would.

Real servers (knot, unbound) cannot be made to send malformed or hostile
messages, so this one does, on loopback only, for the cases that need it.
It answers by the first label of the question name:

  garbage     a record count larger than the records present
  ptrloop     an answer whose owner name is a compression-pointer loop
  formerr     rcode FORMERR
  servfail    SERVFAIL, also with CD set: a plain failure, not bogus data
  refused     REFUSED
  blackhole   no answer at all
  noedns      a good NAPTR answer without an OPT record
  truncated   over UDP only TC=1 and no records; over TCP the full answer
  escapes     NAPTR fields with control and bidi characters, odd name bytes
  slow        NAPTR/A/AAAA answered after SLOW_MS, each independently
  fanout      ten non-terminal records, to f0.NAME … f9.NAME, at every level
  oldserver   FORMERR to any query with EDNS; a good answer without it
  strayowner  a NAPTR record for another name beside a good one
  bogussilent SERVFAIL with EDE 6 (DNSSEC Bogus); nothing at all when CD is set
  cdonly      SERVFAIL without any reason; with CD set, a good NAPTR answer
Anything else: NXDOMAIN.

A server started with a mode answers every question that way, whatever the
name: "refuse-all" (REFUSED), "servfail-all" (SERVFAIL, no reason given),
"garbage-all" (a malformed message).
"""

import socketserver
import struct
import threading
import time

SLOW_MS = 300


def name_wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def parse_question(data):
    qid, flags = struct.unpack("!HH", data[:4])
    pos = 12
    labels = []
    while data[pos] != 0:
        n = data[pos]
        labels.append(data[pos + 1:pos + 1 + n].decode("latin-1"))
        pos += 1 + n
    qtype, qclass = struct.unpack("!HH", data[pos + 1:pos + 5])
    question = data[12:pos + 5]
    return qid, flags, labels, qtype, question


def header(qid, rcode=0, an=0, ns=0, ar=0, tc=False, cd=False):
    flags = 0x8000 | 0x0100 | 0x0080 | rcode
    if tc:
        flags |= 0x0200
    if cd:
        flags |= 0x0010
    return struct.pack("!HHHHHH", qid, flags, 1, an, ns, ar)


def opt(do=True):
    return b"\0" + struct.pack("!HHIH", 41, 1232, 0x8000 if do else 0, 0)


def opt_ede(code, text=b""):
    """An OPT record carrying one RFC 8914 extended error."""
    option = struct.pack("!HHH", 15, 2 + len(text), code) + text
    return b"\0" + struct.pack("!HHIH", 41, 1232, 0x8000, len(option)) + option


def rr(owner_wire, rtype, rdata, ttl=60):
    return owner_wire + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def cstr(b):
    return bytes([len(b)]) + b


def naptr(order, pref, flags, service, regexp, replacement_wire):
    return (struct.pack("!HH", order, pref) + cstr(flags) + cstr(service) + cstr(regexp)
            + replacement_wire)


QNAME_PTR = b"\xc0\x0c"   # the question's name


def respond(data, over_tcp, mode=None):
    qid, flags, labels, qtype, question = parse_question(data)
    cd = bool(flags & 0x0010)
    kind = labels[0].lower() if labels else ""
    if mode == "refuse-all":
        return header(qid, rcode=5, ar=1) + question + opt()
    if mode == "servfail-all":
        return header(qid, rcode=2, ar=1, cd=cd) + question + opt()
    if mode == "garbage-all":
        kind = "garbage"
    if kind == "bogussilent":
        if cd:
            return None
        return header(qid, rcode=2, ar=1) + question + opt_ede(6, b"signature mismatch")
    if kind == "cdonly" and qtype == 35:
        if not cd:
            return header(qid, rcode=2, ar=1) + question + opt()
        rec = rr(QNAME_PTR, 35, naptr(100, 10, b"u", b"ALTO:https",
                                      b"!.*!https://192.0.2.9/cd!", b"\0"))
        return header(qid, an=1, ar=1, cd=True) + question + rec + opt()
    if "slow" in (label.lower() for label in labels):
        kind = "slow"

    if kind == "blackhole":
        return None
    if kind == "garbage":
        return header(qid, an=3) + question + rr(QNAME_PTR, 35, b"\0\x01")[:7]
    if kind == "ptrloop":
        # An answer RR whose owner is a pointer to itself.
        pos = 12 + len(question)
        loop = struct.pack("!H", 0xC000 | pos)
        return header(qid, an=1) + question + rr(loop, 1, b"\x7f\0\0\x01")
    if kind == "strayowner" and qtype == 35:
        recs = [rr(name_wire("victim.example"), 35,
                   naptr(1, 1, b"u", b"ALTO:https", b"!.*!https://192.0.2.66/stray!", b"\0")),
                rr(QNAME_PTR, 35, naptr(100, 10, b"u", b"ALTO:https",
                                        b"!.*!https://192.0.2.3/mine!", b"\0"))]
        return header(qid, an=2, ar=1) + question + b"".join(recs) + opt()
    if kind == "oldserver":
        arcount = struct.unpack("!H", data[10:12])[0]
        if arcount:
            return header(qid, rcode=1) + question      # FORMERR, no OPT: EDNS unknown
        if qtype == 35:
            rec = rr(QNAME_PTR, 35, naptr(100, 10, b"u", b"ALTO:https",
                                          b"!.*!https://192.0.2.4/old!", b"\0"))
            return header(qid, an=1) + question + rec
        return header(qid) + question
    if kind == "formerr":
        return header(qid, rcode=1) + question
    if kind == "servfail":
        return header(qid, rcode=2, ar=1, cd=cd) + question + opt()
    if kind == "refused":
        return header(qid, rcode=5, ar=1) + question + opt()
    if kind == "noedns" and qtype == 35:
        rec = rr(QNAME_PTR, 35, naptr(100, 10, b"u", b"ALTO:https",
                                      b"!.*!https://192.0.2.5/ird!", b"\0"))
        return header(qid, an=1) + question + rec
    if kind == "truncated" and qtype == 35:
        if not over_tcp:
            return header(qid, tc=True, ar=1) + question + opt()
        rec = rr(QNAME_PTR, 35, naptr(100, 10, b"u", b"ALTO:https",
                                      b"!.*!https://192.0.2.6/over-tcp!", b"\0"))
        return header(qid, an=1, ar=1) + question + rec + opt()
    if kind == "escapes" and qtype == 35:
        recs = [
            # ESC [ 2 J (clear screen) and an RLO inside the regexp
            naptr(100, 10, b"u", b"ALTO:https", b"!.*!https://x.test/\x1b[2J\xe2\x80\xaeevil!", b"\0"),
            # a replacement whose label holds a dot, a NUL and a newline
            naptr(100, 20, b"", b"ALTO:https", b"", b"\x06a.b\x00\nc\x04test\0"),
            # a plain good one, so the answer is still useful
            naptr(100, 30, b"u", b"ALTO:https", b"!.*!https://192.0.2.8/fine!", b"\0"),
        ]
        body = b"".join(rr(QNAME_PTR, 35, r) for r in recs)
        return header(qid, an=len(recs), ar=1) + question + body + opt()
    if "fanout" in (label.lower() for label in labels) and qtype == 35:
        qname = ".".join(labels)
        recs = [naptr(100, i, b"", b"ALTO:https", b"", name_wire(f"f{i}.{qname}"))
                for i in range(10)]
        body = b"".join(rr(QNAME_PTR, 35, r) for r in recs)
        return header(qid, an=len(recs), ar=1) + question + body + opt()
    if kind == "slow":
        time.sleep(SLOW_MS / 1000)
        if qtype == 35:
            recs = [naptr(100, 10, b"u", b"ALTO:https",
                          b"!.*!https://h1.slow.hostile.test/ird!", b"\0"),
                    naptr(100, 20, b"u", b"ALTO:https",
                          b"!.*!https://h2.slow.hostile.test/ird!", b"\0")]
            body = b"".join(rr(QNAME_PTR, 35, r) for r in recs)
            return header(qid, an=2, ar=1) + question + body + opt()
        if qtype == 1:
            return header(qid, an=1, ar=1) + question + rr(QNAME_PTR, 1, b"\xc0\0\x02\x09") + opt()
        if qtype == 28:
            return header(qid, ar=1) + question + opt()
    # NXDOMAIN, no SOA
    return header(qid, rcode=3, ar=1) + question + opt()


class _UDP(socketserver.ThreadingMixIn, socketserver.UDPServer):
    daemon_threads = True


class _TCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UDPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        try:
            reply = respond(data, over_tcp=False, mode=self.server.mode)
        except Exception:
            return
        if reply is not None:
            sock.sendto(reply, self.client_address)


class _TCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while True:
                head = self.request.recv(2)
                if len(head) < 2:
                    return
                (n,) = struct.unpack("!H", head)
                data = b""
                while len(data) < n:
                    chunk = self.request.recv(n - len(data))
                    if not chunk:
                        return
                    data += chunk
                reply = respond(data, over_tcp=True, mode=self.server.mode)
                if reply is None:
                    continue
                self.request.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return


class HostileServer:
    def __init__(self, port, mode=None):
        self.port = port
        self.udp = _UDP(("127.0.0.1", port), _UDPHandler)
        self.tcp = _TCP(("127.0.0.1", port), _TCPHandler)
        self.udp.mode = self.tcp.mode = mode
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True)
                        for s in (self.udp, self.tcp)]
        for t in self.threads:
            t.start()

    def stop(self):
        for s in (self.udp, self.tcp):
            s.shutdown()
            s.server_close()
