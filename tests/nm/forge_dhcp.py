#!/usr/bin/python3
"""A DHCP server that answers with hand-built replies, for tests only: run
inside the NetworkManager lab's server namespace (tests/nm/nmlab.py) while
the real dnsmasq is stopped, on the lab's veth link and nowhere else.

Usage: forge_dhcp.py INTERFACE MODE VALUE

It answers every DHCPINFORM (UDP port 67) or DHCPv6 Information-Request
(port 547, ff02::1:2) it receives on INTERFACE with one reply carrying
option 213 and 15 (DHCPv4) or 57 (DHCPv6) set to the name VALUE, built as
MODE says:
  v4-ours          a DHCPACK as RFC 2131 §4.3.5 has it (xid, chaddr copied)
  v4-other-chaddr  the same with another client's hardware address
  v6-ours          a Reply as RFC 8415 §18.3.6 has it (xid, the client's
                   Client Identifier, a Server Identifier)
  v6-no-client-id  the same without the Client Identifier
  v6-other-duid    the same with another client's DUID
  v6-no-server-id  the same without the Server Identifier
Prints "ready" once listening, then "sent MODE" after each reply.
Standard library only.
"""

import socket
import struct
import sys

SERVER_V4 = bytes([192, 0, 2, 1])
SERVER_DUID = bytes([0, 3, 0, 1, 0x02, 0x66, 0x6f, 0x72, 0x67, 0x65])   # DUID-LL 02:66:6f:72:67:65


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def say(line):
    print(line, flush=True)


def serve_v4(interface, mode, value):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    s.bind(("0.0.0.0", 67))
    say("ready")
    while True:
        req, (src, _) = s.recvfrom(4096)
        if len(req) < 240 or req[0] != 1 or req[236:240] != bytes([99, 130, 83, 99]):
            continue
        if bytes([53, 1, 8]) not in req[240:]:     # only DHCPINFORM
            continue
        chaddr = bytearray(req[28:44])
        if mode == "v4-other-chaddr":
            chaddr[5] ^= 0x5a
        name = wire_name(value)
        ack = (bytes([2]) + req[1:3] + bytes([0]) + req[4:8] + bytes(2) + req[10:12] +
               req[12:16] + bytes(8) + req[24:28] + bytes(chaddr) + bytes(192) +
               bytes([99, 130, 83, 99]) + bytes([53, 1, 5, 54, 4]) + SERVER_V4 +
               bytes([213, len(name)]) + name + bytes([15, len(value)]) + value.encode() +
               bytes([255]))
        ciaddr = socket.inet_ntoa(req[12:16])
        s.sendto(ack, (ciaddr if ciaddr != "0.0.0.0" else src, 68))
        say(f"sent {mode}")


def option6(code, data):
    return struct.pack("!HH", code, len(data)) + data


def serve_v6(interface, mode, value):
    index = socket.if_nametoindex(interface)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                 socket.inet_pton(socket.AF_INET6, "ff02::1:2") + struct.pack("@I", index))
    s.bind(("::", 547))
    say("ready")
    while True:
        req, src = s.recvfrom(4096)
        if len(req) < 4 or req[0] != 11:            # only Information-Request
            continue
        options, pos, client_id = {}, 4, None
        while pos + 4 <= len(req):
            code, length = struct.unpack("!HH", req[pos:pos + 4])
            options.setdefault(code, req[pos + 4:pos + 4 + length])
            pos += 4 + length
        client_id = options.get(1)
        reply = bytes([7]) + req[1:4]
        if mode != "v6-no-server-id":
            reply += option6(2, SERVER_DUID)
        if client_id is not None and mode == "v6-other-duid":
            reply += option6(1, client_id[:-1] + bytes([client_id[-1] ^ 0x5a]))
        elif client_id is not None and mode != "v6-no-client-id":
            reply += option6(1, client_id)
        reply += option6(32, struct.pack("!I", 600)) + option6(57, wire_name(value))
        s.sendto(reply, (src[0], 546, 0, index))
        say(f"sent {mode}")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    interface, mode, value = sys.argv[1:]
    if mode.startswith("v4-"):
        serve_v4(interface, mode, value)
    else:
        serve_v6(interface, mode, value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
