"""Zone data for the DNS lab.

signed.test is signed by knot at start; unsigned.test is served as it is;
bogus.test is signed offline with ldns-signzone and then altered, so that
its signatures no longer match (a validating resolver calls it bogus).
"""

SOA_MINIMUM = 120          # negative-caching time the tests expect (RFC 2308)
SOA_TTL = 300
MAX_HOPS = 8


def _soa(origin):
    return (f"$ORIGIN {origin}.\n$TTL 300\n"
            f"@ {SOA_TTL} SOA ns.{origin}. admin.{origin}. 1 3600 900 604800 {SOA_MINIMUM}\n"
            f"@ NS ns\nns A 127.0.0.1\n")


def _chain(prefix, length, uri):
    """prefix0 -> prefix1 -> ... -> prefix{length} (terminal)."""
    lines = []
    for i in range(length):
        lines.append(f'{prefix}{i} NAPTR 100 10 "" "ALTO:https" "" {prefix}{i + 1}.signed.test.')
    lines.append(f'{prefix}{length} NAPTR 100 10 "u" "ALTO:https" "!.*!{uri}!" .')
    return "\n".join(lines) + "\n"


BIG_COUNT = 40
CROWD_COUNT = 70           # order-20 non-terminal records beside an order-10 chain
FLOOD_COUNT = 600          # terminal records in one answer
NM_DOMAINS = ("dhcp15", "dhcp15b", "dhcp213", "dhcp57", "override", "override4", "connection",
              "changed")


def signed_zone():
    z = _soa("signed.test")
    z += """
alto1 A 192.0.2.10
alto1 AAAA 2001:db8::10
alto2 A 192.0.2.20
host A 192.0.2.99

; two terminal records, two hosts: the simple case
simple NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/ird!" .
simple NAPTR 100 20 "u" "ALTO:http" "!.*!http://alto2.signed.test:8080/ird!" .

; a CNAME in front of the simple case
alias CNAME simple.signed.test.

; order and preference: order 50 has no ALTO record, so order 100 is used
order NAPTR 50 10 "u" "E2U+sip" "!.*!sip:info@signed.test!" .
order NAPTR 100 20 "u" "ALTO:https" "!.*!https://alto2.signed.test/second!" .
order NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/first!" .
order NAPTR 200 5 "u" "ALTO:https" "!.*!https://alto1.signed.test/later!" .

; non-terminal chain: chain -> next -> last
chain NAPTR 100 10 "" "ALTO:https" "" next.signed.test.
next NAPTR 100 10 "" "" "" last.signed.test.
last NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/chained!" .

; the lowest order leads nowhere, so the next order is the one DDDS uses
fallback NAPTR 10 10 "" "ALTO:https" "" gone.signed.test.
fallback NAPTR 20 10 "u" "ALTO:https" "!.*!https://alto2.signed.test/fallback!" .

; a loop
loop-a NAPTR 100 10 "" "ALTO:https" "" loop-b.signed.test.
loop-b NAPTR 100 10 "" "ALTO:https" "" loop-a.signed.test.

; no NAPTR at all
; (host.signed.test above has only an A record)

; NAPTR records, none for ALTO
other NAPTR 100 10 "u" "E2U+sip" "!.*!sip:x@signed.test!" .
other NAPTR 100 20 "s" "ALTO:https" "" _alto._tcp.signed.test.

; one good record and one of every kind the procedure must ignore
verdicts NAPTR 100 1 "u" "ALTO:https" "!.*!https://alto1.signed.test/ok!" .
verdicts NAPTR 100 2 "u" "SIP:https" "!.*!https://alto1.signed.test/sip!" .
verdicts NAPTR 100 3 "a" "ALTO:https" "" alto1.signed.test.
verdicts NAPTR 100 4 "u" "ALTO:https" "!^.*$!https://alto1.signed.test/anchored!" .
verdicts NAPTR 100 5 "u" "ALTO:https" "#.*#https://alto1.signed.test/hash#" .
verdicts NAPTR 100 6 "u" "ALTO:https" "!.*!https://alto1.signed.test/flag!i" .
verdicts NAPTR 100 7 "u" "ALTO:https" "!(.*)!https://\\\\1/!" .
verdicts NAPTR 100 8 "u" "ALTO:https" "!.*!http://alto1.signed.test/plain!" .
verdicts NAPTR 100 9 "u" "ALTO:ftp" "!.*!ftp://alto1.signed.test/!" .
verdicts NAPTR 100 10 "u" "ALTO" "!.*!https://alto1.signed.test/noproto!" .
verdicts NAPTR 100 11 "u" "ALTO::https" "!.*!https://alto1.signed.test/empty!" .
verdicts NAPTR 100 12 "u" "ALTO:https" "!.*!https://alto1.signed.test/both!" other.signed.test.
verdicts NAPTR 100 13 "" "ALTO:https" "!.*!https://alto1.signed.test/!" next.signed.test.
verdicts NAPTR 100 14 "" "ALTO:https" "" .
verdicts NAPTR 100 15 "u" "ALTO:https" "!.*!https://user:pw@alto1.signed.test/!" .
verdicts NAPTR 100 16 "u" "ALTO:https" "!.*!https://exa mple.signed.test/!" .
verdicts NAPTR 100 17 "u" "ALTO:https" "!.*!javascript:alert(1)!" .
verdicts NAPTR 100 18 "u" "ALTO:https" "!.*!https://alto1.signed.test/\\027[31mred!" .
verdicts NAPTR 100 19 "u" "ALTO:https" "!.*!https://alto1.signed.test:0/!" .
verdicts NAPTR 100 20 "u" "ALTO:https" "!.*!https:///nohost!" .
verdicts NAPTR 100 21 "u" "ALTO:https" "!.*!https://alto1.signed.test/\\226\\128\\174evil!" .

; odd but legal service fields and flags
odd NAPTR 100 10 "U" "alto:HTTPS" "!.*!https://alto1.signed.test/a!" .
odd NAPTR 100 20 "u" "ALTO:http:https" "!.*!http://alto2.signed.test/b!" .
odd NAPTR 100 30 "u" "Alto:x-foo:https" "!.*!https://alto1.signed.test/c!" .

; IP literals need no address lookup
literal NAPTR 100 10 "u" "ALTO:https" "!.*!https://[2001:db8::1]:8443/ird!" .
literal NAPTR 100 20 "u" "ALTO:http" "!.*!http://192.0.2.7/ird!" .

; hosts that cannot be resolved, or resolve in zones of weaker status
badhost NAPTR 100 10 "u" "ALTO:https" "!.*!https://nohost.signed.test/!" .
badhost NAPTR 100 20 "u" "ALTO:https" "!.*!https://host.signed.test/!" .
mixed NAPTR 100 10 "u" "ALTO:https" "!.*!https://www.bogus.test/!" .
insecurehost NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto.unsigned.test/!" .

; every URI of order 10 has a host without address: order 20 is the fallback
hostless NAPTR 10 10 "u" "ALTO:https" "!.*!https://gone1.signed.test/a!" .
hostless NAPTR 10 20 "u" "ALTO:https" "!.*!https://other.signed.test./b!" .
hostless NAPTR 20 10 "u" "ALTO:https" "!.*!https://alto2.signed.test/fallback2!" .
hostless NAPTR 30 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/third!" .

; an absolute host name is a valid URI
absolute NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test./ird!" .

; a non-terminal record for another protocol is not followed
ftpchain NAPTR 100 10 "" "ALTO:ftp" "" last.signed.test.
ftpchain NAPTR 100 20 "u" "ALTO:https" "!.*!https://alto1.signed.test/direct!" .

; a chain announced for https that ends in an http URI
narrow NAPTR 100 10 "" "ALTO:https" "" narrowed.signed.test.
narrowed NAPTR 100 10 "u" "ALTO:http" "!.*!http://alto2.signed.test/plain!" .

; an unsigned delegation (no DS): a validator proves what is below it insecure
island NS ns.signed.test.

; an order-10 chain of two hops beside many order-20 non-terminal records
crowd NAPTR 10 10 "" "ALTO:https" "" crowd-hop1.signed.test.
crowd-hop1 NAPTR 100 10 "" "ALTO:https" "" crowd-hop2.signed.test.
crowd-hop2 NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/crowd!" .
"""
    # Domains the NetworkManager lab hands out by DHCP or sets as overrides:
    # each has its own URI, so a test can tell which domain was used.
    for name in NM_DOMAINS:
        z += f'{name} NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto1.signed.test/{name}!" .\n'
    z += _chain("ok", MAX_HOPS, "https://alto1.signed.test/eight-hops")
    z += _chain("long", MAX_HOPS + 1, "https://alto1.signed.test/nine-hops")
    for i in range(CROWD_COUNT):
        z += f'crowd NAPTR 20 {i} "" "ALTO:https" "" c{i}.signed.test.\n'
        z += f'c{i} NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto2.signed.test/c{i}!" .\n'
    for i in range(FLOOD_COUNT):
        z += f'flood NAPTR 100 {i} "u" "ALTO:https" "!.*!https://alto1.signed.test/f{i}!" .\n'
    for i in range(1, BIG_COUNT + 1):
        z += (f'big NAPTR 100 {i} "u" "ALTO:https" '
              f'"!.*!https://alto1.signed.test/a-rather-long-path-to-make-the-answer-large/{i:02d}!" .\n')
    return z


def unsigned_zone():
    return _soa("unsigned.test") + """
alto A 192.0.2.30
simple NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto.unsigned.test/ird!" .
"""


def island_zone():
    """island.signed.test: delegated from signed.test without a DS record."""
    return _soa("island.signed.test") + """
simple NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto.island.signed.test/ird!" .
"""


BOGUS_ORIGINAL_URI = "https://alto.bogus.test/ird"
BOGUS_TAMPERED_URI = "https://evil.bogus.test/ird"
BOGUS_ORIGINAL_ADDR = "192.0.2.40"
BOGUS_TAMPERED_ADDR = "192.0.2.66"


def bogus_zone():
    return _soa("bogus.test") + f"""
alto A 192.0.2.41
www A {BOGUS_ORIGINAL_ADDR}
naptr NAPTR 100 10 "u" "ALTO:https" "!.*!{BOGUS_ORIGINAL_URI}!" .
"""


# Children of signed.test signed offline (ldns-signzone), each broken or
# proved in one way the validator must tell apart (issue 17's lab cases).
# Their DS records go into signed.test before knot signs it; unbound has a
# stub-zone for each.  name -> (key algorithm, ldns-signzone arguments,
# what the parent's DS is made from)
#   expired: signatures whose validity ended in 2020 (RFC 4035 §5.3.1)
#   dsbad:   the parent's DS is of another key than the child's DNSKEY
#   oddalg:  signed with RSAMD5 (algorithm 1, deprecated by RFC 6725),
#            which libunbound does not support: insecure by RFC 4035 §5.2
#   nsec3:   denial of existence by NSEC3 (RFC 5155) instead of NSEC
EXPIRED_INCEPTION = "20190101000000"
EXPIRED_EXPIRATION = "20200101000000"
OFFLINE_CHILDREN = {
    "expired": ("ECDSAP256SHA256", ["-i", EXPIRED_INCEPTION, "-e", EXPIRED_EXPIRATION], "own"),
    "dsbad": ("ECDSAP256SHA256", [], "other"),
    "oddalg": ("RSAMD5", [], "own"),
    "nsec3": ("ECDSAP256SHA256", ["-n", "-t", "0"], "own"),
}


def offline_child_zone(label):
    """The zone of LABEL.signed.test: a NAPTR and an address, and (for the
    proofs of absence) a name with only an address."""
    origin = f"{label}.signed.test"
    return _soa(origin) + f"""
alto A 192.0.2.50
host A 192.0.2.51
simple NAPTR 100 10 "u" "ALTO:https" "!.*!https://alto.{origin}/ird!" .
"""


def offline_delegations():
    """signed.test's side of each offline child: the delegation (its DS is
    added by the lab, once the keys exist)."""
    return "".join(f"{label} NS ns.signed.test.\n" for label in OFFLINE_CHILDREN)


# RFC 8686's reverse tree (issue 18, item 4), in documentation ranges only
# (RFC 5737, RFC 3849).  Knot signs the three zones below online; the
# resolver trusts their DS (the lab's anchors); 100.51.198.in-addr.arpa is a
# child of 51.198.in-addr.arpa signed offline and then altered (bogus).
#   192.0.2.10        /32 has ALTO records
#   192.0.2.11        /32 NXDOMAIN, /24 answers
#   192.0.2.12        /32 a PTR but no NAPTR (NODATA), /24 answers
#   192.0.2.13        /32 NAPTR records, none for ALTO, /24 answers
#   2001:db8:1:2::5   /128 NXDOMAIN, /64 answers
#   198.51.100.7      /32 bogus: the procedure stops, /16 (which answers) is never asked
#   198.51.100.8      /32 NXDOMAIN, /24 NODATA, /16 answers
REVERSE_V4 = "2.0.192.in-addr.arpa"
REVERSE_V6 = "8.b.d.0.1.0.0.2.ip6.arpa"
REVERSE_V4_16 = "51.198.in-addr.arpa"
REVERSE_SIGNED = (REVERSE_V4, REVERSE_V6, REVERSE_V4_16)
REVERSE_BOGUS_CHILD = "100.51.198.in-addr.arpa"
REVERSE_DEFAULT_LOCAL = (REVERSE_V4, REVERSE_V6, REVERSE_BOGUS_CHILD)  # unbound's RFC 6303 zones
R32_URI = "https://alto1.signed.test/r32"
R24_URI = "https://alto2.signed.test/r24"
R64_URI = "https://alto1.signed.test/r64"
R16_URI = "https://alto2.signed.test/r16"
REVERSE_BOGUS_ORIGINAL_URI = "https://alto1.signed.test/r32-reverse-original"
REVERSE_BOGUS_TAMPERED_URI = "https://evil.signed.test/r32-reverse-tampered"


def reverse_zone(origin):
    """One of REVERSE_SIGNED, with the records of the cases above."""
    z = _soa(origin)
    if origin == REVERSE_V4:
        z += f"""
@ NAPTR 100 10 "u" "ALTO:https" "!.*!{R24_URI}!" .
10 NAPTR 100 10 "u" "ALTO:https" "!.*!{R32_URI}!" .
12 PTR host.signed.test.
13 NAPTR 100 10 "u" "E2U+sip" "!.*!sip:info@signed.test!" .
"""
    elif origin == REVERSE_V6:
        z += f"""
2.0.0.0.1.0.0.0 NAPTR 100 10 "u" "ALTO:https" "!.*!{R64_URI}!" .
"""
    elif origin == REVERSE_V4_16:
        z += f"""
@ NAPTR 100 10 "u" "ALTO:https" "!.*!{R16_URI}!" .
100 NS ns.signed.test.
"""
    return z


def reverse_bogus_child_zone():
    """100.51.198.in-addr.arpa: no NAPTR at the apex (NODATA for the /24),
    one ALTO record at .7 that the lab alters after signing."""
    return _soa(REVERSE_BOGUS_CHILD) + f"""
7 NAPTR 100 10 "u" "ALTO:https" "!.*!{REVERSE_BOGUS_ORIGINAL_URI}!" .
9 PTR host.signed.test.
"""
