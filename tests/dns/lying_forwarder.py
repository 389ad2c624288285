"""A forwarder that lies: the path between a client and an honest
validating resolver, as whoever sits on it could make it (RFC 7286 §6).

It relays every UDP query on loopback to the lab's resolver and the reply
back; in each reply that holds a NAPTR record it changes one byte of that
record's RDATA (the first letter of the host in its regexp) and sets AD, so
that the resolver seems to vouch for the altered data.  It remembers the
address each query came from, so a test can see where a client sent from.
"""

import select
import socket
import struct
import threading


def _skip_name(data, pos):
    """The offset after the (possibly compressed) name at pos."""
    while True:
        n = data[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + n


def alter_naptr(reply):
    """The reply with one byte of its first NAPTR answer changed and AD set,
    or None when it holds no NAPTR answer."""
    data = bytearray(reply)
    qd, an = struct.unpack("!HH", data[4:8])
    pos = 12
    for _ in range(qd):
        pos = _skip_name(data, pos) + 4
    for _ in range(an):
        pos = _skip_name(data, pos)
        rtype, _, _, rdlen = struct.unpack("!HHIH", data[pos:pos + 10])
        rdata = pos + 10
        if rtype == 35:
            # order, preference, then three character-strings: flags,
            # service, regexp.
            p = rdata + 4
            for _ in range(2):
                p += 1 + data[p]
            regexp = bytes(data[p + 1:p + 1 + data[p]])
            at = regexp.find(b"://")
            if at < 0:
                return None
            i = p + 1 + at + 3
            data[i] = ord("e") if data[i] != ord("e") else ord("f")
            data[3] |= 0x20   # AD: "validated"
            return bytes(data)
        pos = rdata + rdlen
    return None


class LyingForwarder:
    def __init__(self, port, upstream_port):
        self.port = port
        self.upstream = ("127.0.0.1", upstream_port)
        self.sources = set()      # client addresses seen
        self.altered = 0
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
            with self.lock:
                self.sources.add(client[0])
            threading.Thread(target=self._relay, args=(query, client), daemon=True).start()

    def _relay(self, query, client):
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.settimeout(3)
        try:
            up.sendto(query, self.upstream)
            reply, _ = up.recvfrom(65535)
        except OSError:
            return
        finally:
            up.close()
        lie = alter_naptr(reply)
        if lie is not None:
            with self.lock:
                self.altered += 1
            reply = lie
        try:
            self.sock.sendto(reply, client)
        except OSError:
            pass

    def stop(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()
