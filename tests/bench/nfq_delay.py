#!/usr/bin/python3
"""Holds every packet of an NFQUEUE queue for DELAY milliseconds, then lets
it through: a delayed link where the kernel has no netem.  Standard library
only (raw netfilter netlink).  Run inside a network namespace of the
benchmark's own, with a rule such as
    iptables -t mangle -A PREROUTING -i IFACE -j NFQUEUE --queue-num 0 --queue-bypass
It ends on SIGTERM.

Usage: nfq_delay.py DELAY_MS [QUEUE]
"""

import heapq
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4


def attr(kind, data):
    length = 4 + len(data)
    return struct.pack("=HH", length, kind) + data + b"\0" * ((4 - length % 4) % 4)


def message(msg, queue, attrs, seq, flags=NLM_F_REQUEST):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + attrs
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg, flags, seq, 0) + body


def packet_ids(data):
    """The packet ids of the NFQNL_MSG_PACKET messages in one datagram."""
    pos = 0
    while pos + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, pos)
        if length < 16:
            break
        if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            a = pos + 20
            while a + 4 <= pos + length:
                alen, atype = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if atype & 0x7FFF == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", data, a + 4)[0]
                a += (alen + 3) & ~3
        pos += (length + 3) & ~3


def main():
    delay = float(sys.argv[1]) / 1000.0
    queue = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    sock.send(message(NFQNL_MSG_CONFIG, queue,
                      attr(NFQA_CFG_CMD, struct.pack("!BBH", NFQNL_CFG_CMD_BIND, 0, 0)), 1,
                      NLM_F_REQUEST | NLM_F_ACK))
    sock.send(message(NFQNL_MSG_CONFIG, queue,
                      attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)), 2,
                      NLM_F_REQUEST | NLM_F_ACK))
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    held = []   # (release time, packet id)
    seq = 3
    print("ready", flush=True)
    while running[0]:
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else 0.5
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            data = sock.recv(65536)
            now = time.monotonic()
            for pid in packet_ids(data):
                heapq.heappush(held, (now + delay, pid))
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, pid = heapq.heappop(held)
            sock.send(message(NFQNL_MSG_VERDICT, queue,
                              attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid)), seq))
            seq += 1


if __name__ == "__main__":
    main()
