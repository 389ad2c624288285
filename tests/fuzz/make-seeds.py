#!/usr/bin/python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/NAME/).  Run by hand
when a case is added; the output is committed.  The DNS messages use the
hostile test server's builders, so they are what that server sends."""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dns"))
from hostile import cstr, header, name_wire, naptr, opt, opt_ede, rr, QNAME_PTR  # noqa: E402


def question(name, qtype):
    return name_wire(name) + struct.pack("!HH", qtype, 1)


def message(name, qtype, answers=(), authority=(), rcode=0, edns=True, ede=None, ad=False):
    q = question(name, qtype)
    head = bytearray(header(0x1234, rcode=rcode, an=len(answers), ns=len(authority),
                            ar=1 if edns else 0))
    if ad:
        head[3] |= 0x20
    extra = (opt_ede(*ede) if ede else opt()) if edns else b""
    return bytes(head) + q + b"".join(answers) + b"".join(authority) + extra


def soa(owner):
    rdata = (name_wire("ns." + owner) + name_wire("admin." + owner)
             + struct.pack("!IIIII", 1, 3600, 900, 604800, 120))
    return rr(name_wire(owner), 6, rdata, ttl=300)


def dns_seeds():
    n = "alto.example"
    term = lambda o, p, uri, svc=b"ALTO:https": rr(QNAME_PTR, 35, naptr(o, p, b"u", svc,
                                                   b"!.*!" + uri + b"!", b"\0"))
    nonterm = lambda o, p, nxt, svc=b"ALTO:https": rr(QNAME_PTR, 35, naptr(o, p, b"", svc, b"",
                                                      name_wire(nxt)))
    yield "naptr-simple", message(n, 35, [term(100, 10, b"https://alto1.example/ird"),
                                          term(100, 20, b"http://alto2.example:8080/ird",
                                               b"ALTO:http")], ad=True)
    yield "naptr-orders", message(n, 35, [nonterm(10, 10, "next.example"),
                                          term(20, 10, b"https://alto.example./ird"),
                                          term(20, 20, b"https://[2001:db8::1]:8443/"),
                                          nonterm(30, 5, "ftp.example", b"ALTO:ftp")])
    yield "naptr-hostile", message(n, 35, [
        term(100, 10, b"https://x.test/\x1b[2J\xe2\x80\xaeevil"),
        rr(QNAME_PTR, 35, naptr(100, 20, b"", b"ALTO:https", b"", b"\x06a.b\x00\nc\x04test\0")),
        rr(QNAME_PTR, 35, naptr(100, 30, b"s", b"SIP+D2U", b"!^.*$!\\1!i", b"\0")),
        term(100, 40, b"https://user:pw@%61lto.example:0/")])
    cname = rr(QNAME_PTR, 5, name_wire("target.example"))
    target = rr(name_wire("target.example"), 35, naptr(100, 10, b"u", b"ALTO:https",
                                                      b"!.*!https://t.example/!", b"\0"))
    yield "cname-chain", message(n, 35, [cname, target])
    yield "nxdomain-soa", message(n, 35, authority=[soa("example")], rcode=3, ad=True)
    yield "servfail-ede6", message(n, 35, rcode=2, ede=(6, b"signature mismatch"))
    yield "a-aaaa", message(n, 1, [rr(QNAME_PTR, 1, b"\xc0\x00\x02\x0a"),
                                   rr(QNAME_PTR, 28, b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x10")])
    loop = struct.pack("!H", 0xC000 | (12 + len(question(n, 1))))
    yield "pointer-loop", message(n, 1, [rr(loop, 1, b"\x7f\0\0\x01")])
    yield "noedns", message(n, 35, [term(100, 10, b"https://192.0.2.5/ird")], edns=False)
    yield "truncated-count", header(0x1234, an=3) + question(n, 35) + b"\xc0\x0c\x00\x23"


def naptr_seed(order, pref, *fields):
    return struct.pack("!HH", order, pref) + b"\0".join(fields)


def naptr_seeds():
    yield "terminal", naptr_seed(100, 10, b"u", b"ALTO:https", b"!.*!https://alto.example/ird!",
                                 b".")
    yield "absolute", naptr_seed(100, 10, b"U", b"alto:HTTP:https",
                                 b"!.*!http://Alto.Example.:8080/?q#f!", b".")
    yield "nonterminal", naptr_seed(10, 1, b"", b"ALTO", b"", b"next.example")
    yield "ftp", naptr_seed(10, 1, b"", b"ALTO:ftp", b"", b"next.example")
    yield "backref", naptr_seed(1, 1, b"u", b"ALTO:https", b"!(.*)!https://\\1/!i", b".")
    yield "zone", naptr_seed(1, 1, b"u", b"ALTO:https", b"!.*!https://[fe80::1%25eth0]/!", b".")
    yield "percent", naptr_seed(1, 1, b"u", b"ALTO:https", b"!.*!https://a%2eb%00c/!", b".")


def dhcp_seeds():
    yield "15-text", b"\x00corp.example lab.example"
    yield "213-text-dot", b"\x01example.net."
    yield "213-hex", b"\x0107:65:78:61:6d:70:6c:65:03:6e:65:74:00"
    yield "213-hex-unpadded", b"\x017:65:78:61:6d:70:6c:65:3:6e:65:74:0"
    yield "57-pointer", b"\x02c0:0c"
    yield "57-idna", b"\x02b\xc3\xbccher.example"
    yield "15-soft-hyphen", b"\x00\xc2\xad"
    yield "15-fullwidth-ip", b"\x00\xef\xbc\x90.1.1.1"


def dhcp_reply_seeds():
    """Replies to DHCPINFORM (in an IPv4/UDP packet) and Information-Request
    (in a UDP datagram, as a raw IPv6 socket hands it over), to the client
    the harness plays: chaddr 02:00:00:00:00:07, and its DUID-LL."""
    mac = bytes([2, 0, 0, 0, 0, 7])
    duid = bytes([0, 3, 0, 1]) + mac
    name = bytes([7]) + b"example" + bytes([3]) + b"net\0"

    def bootp(chaddr=mac):
        return bytes([2, 1, 6, 0, 1, 2, 3, 4]) + bytes(20) + chaddr + bytes(16 - len(chaddr)) + \
            bytes(192) + bytes([99, 130, 83, 99])

    def ipv4(msg):
        udp = bytes([0, 67, 0, 68, (len(msg) + 8) >> 8, (len(msg) + 8) & 0xff, 0, 0]) + msg
        return bytes([0x45, 0, (len(udp) + 20) >> 8, (len(udp) + 20) & 0xff, 0, 0, 0x40, 0, 64,
                      17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 101]) + udp

    def udp6(msg, length=None):
        length = len(msg) + 8 if length is None else length
        return bytes([2, 0x23, 2, 0x22, length >> 8, length & 0xff, 0, 0]) + msg

    def opt6(code, data):
        return struct.pack("!HH", code, len(data)) + data

    ack = bootp() + bytes([53, 1, 5, 54, 4, 192, 0, 2, 1, 213, len(name)]) + name + \
        bytes([15, 4]) + b"lan\0" + bytes([255])
    yield "v4-ack", b"\x00" + ipv4(ack)
    yield "v4-split-overload", b"\x00" + bootp()[:108] + bytes([15, 3]) + b"lan" + \
        bytes(125) + bootp()[236:] + bytes([53, 1, 5, 52, 1, 1, 213, 3]) + name[:3] + \
        bytes([213, len(name) - 3]) + name[3:] + bytes([255])
    yield "v4-nak", b"\x00" + bootp() + bytes([53, 1, 6, 56, 3]) + b"no!" + bytes([255])
    # RFC 2131 §4.4.1: another client's (the xid matches, chaddr does not).
    yield "v4-other-chaddr", b"\x00" + ipv4(bootp(bytes([2, 0, 0, 0, 0, 8])) + ack[240:])
    # Issue 14: an ACK that fits a normal MTU, option 15 escaped to more
    # than the 4 096 characters the window used to keep.
    big15 = b""
    text = bytes(0x9b if i % 20 else 0x61 + i % 26 for i in range(1100))
    for i in range(0, len(text), 255):
        big15 += bytes([15, len(text[i:i + 255])]) + text[i:i + 255]
    big = bootp() + bytes([53, 1, 5, 54, 4, 192, 0, 2, 1]) + big15 + bytes([255])
    yield "v4-ack-1365", b"\x00" + ipv4(big + bytes(1365 - len(big)))
    yield "v4-nak-long-message", b"\x00" + ipv4(bootp() + bytes([53, 1, 6, 56, 250]) +
                                                 "\u202e".encode() * 83 + b"x" + bytes([255]))

    ids = opt6(2, bytes([0, 2, 0xaa, 0xbb])) + opt6(1, duid)
    reply = bytes([7, 0xab, 0xcd, 0xef]) + ids + opt6(32, bytes([0, 0, 2, 0x58])) + \
        opt6(57, name)
    yield "v6-reply", b"\x01" + udp6(reply)
    yield "v6-reply-bare", b"\x01" + reply
    yield "v6-status", b"\x01" + udp6(bytes([7, 0, 0, 1]) + ids + opt6(13, b"\0\2no\x1b["))
    yield "v6-pointer", b"\x01" + udp6(bytes([7, 0, 0, 1]) + ids + opt6(57, b"\xc0\x0c"))
    # RFC 8415 §16.10: not ours.
    yield "v6-no-client-id", b"\x01" + udp6(bytes([7, 0, 0, 1]) + opt6(2, bytes([0, 2, 0xaa])) +
                                            opt6(57, name))
    yield "v6-other-duid", b"\x01" + udp6(bytes([7, 0, 0, 1]) + opt6(2, bytes([0, 2, 0xaa])) +
                                          opt6(1, duid[:-1] + b"\x08") + opt6(57, name))
    yield "v6-no-server-id", b"\x01" + udp6(bytes([7, 0, 0, 1]) + opt6(1, duid) + opt6(57, name))
    # Issue 14: a server's message that is longer, made safe, than the
    # 1 024 characters the window used to keep.
    yield "v6-status-long", b"\x01" + udp6(bytes([7, 0, 0, 1]) + ids +
                                           opt6(13, b"\0\1" + "\u202e".encode() * 600))
    # The UDP length: below 8, above the datagram, padding after it.
    yield "v6-udp-short", b"\x01" + udp6(reply, length=7)
    yield "v6-udp-long", b"\x01" + udp6(reply, length=len(reply) + 9)
    yield "v6-udp-padded", b"\x01" + udp6(reply) + bytes(6)


def input_seeds():
    yield "domain", b"Example.NET."
    yield "idn", b"B\xc3\x9cCHER.example"
    yield "server-v6", b"[2001:db8::53]:5353"
    yield "server-v4", b"192.0.2.53:53"
    yield "bidi", b"rlo\xe2\x80\xaetxt\x1b[31m\xf3\xa0\x80\x81"
    yield "invalid-utf8", b"bad\xff\xfe"


def ird_seeds():
    """The check tests' fixtures, and a few odd directories."""
    fixtures = os.path.join(HERE, "..", "http", "fixtures")
    for name in sorted(os.listdir(fixtures)):
        with open(os.path.join(fixtures, name), "rb") as f:
            yield name[:-5], f.read()
    yield "relative-uris", (b'{"meta": {"cost-types": {"c": {"cost-mode": "numerical", '
                            b'"cost-metric": "routingcost"}}, "default-alto-network-map": "n"},'
                            b' "resources": {"n": {"uri": "../nm?x#y", "media-type": '
                            b'"application/alto-networkmap+json"}, "c": {"uri": "//other/c", '
                            b'"media-type": "application/alto-costmap+json", "uses": ["n"], '
                            b'"capabilities": {"cost-type-names": ["c", "d"]}}}}')
    yield "wrong-types", b'{"meta": [], "resources": {"a": {"uri": 5, "uses": "a"}}}'
    yield "control-chars", b'{"resources": {"\u202e\u001b[31m": {"uri": "/\u0000x"}}}'


META = (b'"meta": {"vtag": {"resource-id": "my-default-network-map", '
        b'"tag": "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"}}')


def network_map_seeds():
    """The bodies of tests/unit/test-network-map.c."""
    def body(groups):
        return b"{" + META + b', "network-map": ' + groups + b"}"
    yield "overlapping", body(
        b'{"PID0": {"ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]}, '
        b'"net": {"ipv4": ["192.0.2.0/24", "198.51.100.0/25"]}, '
        b'"upper-half": {"ipv4": ["192.0.2.128/25"]}, "host.132": {"ipv4": ["192.0.2.132/32"]}, '
        b'"v6:site@a_b": {"ipv6": ["2001:db8::/32"], "x-unknown": 3}, '
        b'"v6-lab": {"ipv6": ["2001:db8:1::/48", "2001:db8:1::/48"]}}')
    yield "no-default", body(b'{"net": {"ipv4": ["192.0.2.0/24"], "ipv6": ["2001:db8::/32"]}, '
                             b'"empty": {}}')
    yield "host-bits", body(b'{"a": {"ipv4": ["192.0.2.77/24"], "ipv6": ["2001:db8::1/64"]}}')
    yield "length-33", body(b'{"p": {"ipv4": ["192.0.2.0/33"]}}')
    yield "bad-address", body(b'{"p": {"ipv4": ["192.0.2.256/24"], "ipv6": ["fe80::1%eth0/64"]}}')
    yield "wrong-family", body(b'{"p": {"ipv4": ["2001:db8::/32"]}}')
    yield "two-pids", body(b'{"a": {"ipv4": ["192.0.2.0/24"]}, "b": {"ipv4": ["192.0.2.9/24"]}}')
    yield "bad-pid-name", body(b'{"a b": {}, "p\\u00e9": {"ipv4": [24]}}')
    yield "no-vtag", b'{"meta": {"vtag": {"resource-id": ".m", "tag": "a b"}}, "network-map": []}'


def alto_replies_seeds():
    """Answers like those of tests/unit/test-alto-replies.c."""
    yield "eps", (b'{"meta": {"dependent-vtags": [{"resource-id": "m", "tag": "v1"}]}, '
                  b'"endpoint-properties": {"ipv4:192.0.2.1": {"m.pid": "p1"}, '
                  b'"ipv6:2001:0db8::0001": {"m.pid": "p6"}}}')
    yield "eps-bad-pid", b'{"endpoint-properties": {"ipv4:192.0.2.1": {"m.pid": "a b"}}}'
    yield "ecs", (b'{"meta": {"cost-type": {"cost-mode": "ordinal", "cost-metric": '
                  b'"routingcost"}}, "endpoint-cost-map": {"ipv4:192.0.2.1": '
                  b'{"ipv6:2001:db8::1": 2, "ipv4:203.0.113.10": 1.5}}}')
    yield "cost-map", (b'{"meta": {"cost-type": {"cost-mode": "numerical", "cost-metric": '
                       b'"routingcost"}}, "cost-map": {"p1": {"p2": 12.25, "p3": "x"}}}')
    yield "error", b'{"meta": {"code": "E_SYNTAX", "field": "endpoints"}}'
    # A leading "{ " makes the harness read the answer as an RFC 9240 property map.
    yield "propmap", (b'{ "meta": {"dependent-vtags": [{"resource-id": "m", "tag": "v"}]}, '
                      b'"property-map": {"ipv4:192.0.2.1": {"m.pid": "p1"}}}')


def report_seeds():
    """The golden reports (with a real time where test-report.c masks one),
    one with a check of its URI, one with a VPN, note and NetworkManager."""
    golden = os.path.join(HERE, "..", "golden")
    texts = {}
    for name in sorted(os.listdir(golden)):
        if name.endswith(".json"):
            with open(os.path.join(golden, name), "rb") as f:
                texts[name[:-5]] = f.read().replace(b'"retry_at" : "TIME"',
                                                    b'"retry_at" : "2026-11-23T12:02:00Z"')
                yield name[:-5], texts[name[:-5]]
    check = (b'"fallback" : null, "check" : {"schema":"altoscope-check/1",'
             b'"generated_at":"2026-11-23T12:00:01Z","uri":"https://h1.a.test/ird",'
             b'"final_uri":null,"local_address":null,"status":"failed","error":{"code":"tls",'
             b'"message":"bad \\u001b[2J","hint":"h","tls_errors":["unknown-issuer"],'
             b'"alto_error":null},"http":{"status":null,"reason":null,"content_type":null,'
             b'"body_bytes":0},"redirects":[{"from":"http://h1.a.test/","status":308,'
             b'"to":"https://h1.a.test/ird"}],"tls":{"subject":"CN=x","issuer":null,'
             b'"not_after":null},"timing":{"total_ms":1.5,"response_ms":null},"warnings":[],'
             b'"ird":{"default_network_map":null,"cost_types":[],"resources":[{"id":"d",'
             b'"uri":"https://h1.a.test/d","media_type":"application/alto-directory+json",'
             b'"kind":"directory","accepts":null,"cost_types":[],"uses":[],"directory":'
             b'{"status":"unread","error":"e"}}],"errors":[]},"endpoints":[{"address":"192.0.2.9",'
             b'"pid":null,"map":null,"vtag":null,"via":null,"error":"x"}],"costs":[{"from":null,'
             b'"to":"192.0.2.1","from_pid":"a","to_pid":"b","cost_type":"c","mode":"ordinal",'
             b'"metric":"m","value":1,"via":"cost-map","error":null}],"query_ms":0}')
    yield "with-check", texts["found"].replace(b'"fallback" : null', check, 1)
    vpn = (texts["no-domain"]
           .replace(b'"interface_kind" : "ethernet"', b'"interface_kind" : "vpn"')
           .replace(b'"connection" : null',
                    b'"connection" : {"id": "office \u202e", "uuid": "1111-2222"}')
           .replace(b'"generator" : "altoscope 0.1.0",',
                    b'"generator" : "altoscope 0.1.0", "note" : "ticket\u0007 42",'))
    # durations with more than three decimals, as a hand-edited report has:
    # the writer once truncated them and drifted on each read-and-write
    durations = texts["nxdomain"].replace(b'"t_ms" : 0,', b'"t_ms" : 1.0014,', 1)
    durations = durations.replace(b'"t_ms" : 0,', b'"t_ms" : 12.3456,', 1)
    durations = durations.replace(b'"elapsed_ms" : 0', b'"elapsed_ms" : 4.35', 1)
    yield "durations", durations.replace(b'"elapsed_ms" : 0\n    }',
                                         b'"elapsed_ms" : 123456789012.345678\n    }', 1)
    yield "vpn-note", vpn[:vpn.rindex(b"}")] + (b', "networkmanager": {"running": true, '
                                                  b'"status": null, "version": "1.42.4", '
                                                  b'"state": "connected-global"}}')


def main():
    for name, seeds in (("report", report_seeds()), ("dns-message", dns_seeds()), ("naptr", naptr_seeds()),
                        ("dhcp", dhcp_seeds()), ("dhcp-reply", dhcp_reply_seeds()),
                        ("input", input_seeds()),
                        ("ird", ird_seeds()), ("network-map", network_map_seeds()),
                        ("alto-replies", alto_replies_seeds())):
        d = os.path.join(HERE, "corpus", name)
        os.makedirs(d, exist_ok=True)
        for seed, data in seeds:
            with open(os.path.join(d, seed), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
