#!/usr/bin/python3
"""altoscope-cli discover --address (RFC 8686 cross-domain discovery)
against the DNS lab's signed reverse zones: a real authoritative server
(knot) and a real validating resolver (unbound) started here, on loopback.
Every assertion is on the JSON report, the text report or the exit status.

Usage: test_cross_domain.py PATH-TO-altoscope-cli
Exits 77 (skip) only when the DNS lab cannot start, and says why.
"""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teardown  # noqa: E402
import zones  # noqa: E402
from lab import start_or_skip  # noqa: E402

CLI = None
LAB = None


def setUpModule():
    global LAB
    LAB = start_or_skip()


def tearDownModule():
    if LAB is not None:
        LAB.stop()


def run(*args, cache=None):
    """altoscope-cli with a retry memory of its own (a fresh one unless given)."""
    own = cache is None
    cache = cache or teardown.scratch_dir("altoscope-cache-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "XDG_CACHE_HOME": cache,
           "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "GSETTINGS_SCHEMA_DIR",
              "ALTOSCOPE_LOCALEDIR", "XDG_DATA_DIRS"):
        if k in os.environ:
            env[k] = os.environ[k]
    try:
        return subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=60)
    finally:
        if own:
            teardown.remove_dir(cache)


def discover(address, *extra, expect, cache=None):
    # The plain (c-ares) path, as in test_discovery.py: DNSSEC is the
    # validating resolver's verdict.  Altoscope's own proof is
    # CrossDomainValidated's.
    r = run("discover", "--address", address, "--server", LAB.resolver, "--json",
            "--no-validate", *extra, cache=cache)
    assert r.returncode == expect, (r.returncode, r.stderr, r.stdout[:3000])
    report = json.loads(r.stdout)
    assert len(report["targets"]) == 1, report
    return report["targets"][0]


def names(t):
    return [(n["name"], n["prefix_len"], n["outcome"], n["error"]) for n in t["reverse_names"]]


def naptr_names(t):
    return {a["name"] for a in t["answers"] if a["type"] == "NAPTR"}


V4_32 = "10.2.0.192.in-addr.arpa"
V4_24 = "2.0.192.in-addr.arpa"
V4_16 = "0.192.in-addr.arpa"
V4_8 = "192.in-addr.arpa"


class Found(unittest.TestCase):
    def assert_found(self, t, domain, uri):
        self.assertEqual(t["status"], "ok", t)
        self.assertEqual(t["domain_source"], "rfc8686")
        self.assertEqual(t["domain"], domain)
        self.assertEqual([u["uri"] for u in t["uris"]], [uri])
        self.assertEqual(t["dnssec"], "secure")
        self.assertTrue(t["uris"][0]["eligible"])
        answered = [n for n in t["reverse_names"] if n["answered"]]
        self.assertEqual([n["name"] for n in answered], [domain])
        self.assertEqual(answered[0]["outcome"], "answered")
        self.assertEqual(answered[0]["uris"], 1)
        self.assertEqual(answered[0]["dnssec"], "secure")
        # Nothing after the name that answered was asked.
        after = t["reverse_names"][t["reverse_names"].index(answered[0]) + 1:]
        self.assertTrue(all(n["outcome"] == "not-tried" and n["dnssec"] is None for n in after))
        self.assertFalse(naptr_names(t) & {n["name"] for n in after})

    def test_slash_32_answers(self):
        t = discover("192.0.2.10", expect=0)
        self.assertEqual(t["address"], "192.0.2.10/32")
        self.assert_found(t, V4_32, zones.R32_URI)
        self.assertEqual(names(t), [(V4_32, 32, "answered", None), (V4_24, 24, "not-tried", None),
                                    (V4_16, 16, "not-tried", None), (V4_8, 8, "not-tried", None)])
        self.assertEqual(t["uris"][0]["chain"], [V4_32])

    def test_slash_24_after_nxdomain(self):
        t = discover("192.0.2.11", expect=0)
        self.assert_found(t, V4_24, zones.R24_URI)
        self.assertEqual(names(t)[:2], [("11.2.0.192.in-addr.arpa", 32, "no-records", "nxdomain"),
                                        (V4_24, 24, "answered", None)])
        self.assertEqual(t["reverse_names"][0]["dnssec"], "secure")  # a proved NXDOMAIN

    def test_name_without_naptr_whose_parent_has_them(self):
        t = discover("192.0.2.12", expect=0)
        self.assert_found(t, V4_24, zones.R24_URI)
        self.assertEqual(names(t)[0], ("12.2.0.192.in-addr.arpa", 32, "no-records", "nodata"))

    def test_name_without_alto_records_whose_parent_has_them(self):
        t = discover("192.0.2.13", expect=0)
        self.assert_found(t, V4_24, zones.R24_URI)
        self.assertEqual(names(t)[0],
                         ("13.2.0.192.in-addr.arpa", 32, "no-records", "no-alto-records"))

    def test_prefix_starts_at_its_own_length(self):
        # /25 has no name of its own: the list starts at /24.
        t = discover("192.0.2.128/25", expect=0)
        self.assertEqual(t["address"], "192.0.2.128/25")
        self.assert_found(t, V4_24, zones.R24_URI)
        self.assertEqual([n["prefix_len"] for n in t["reverse_names"]], [24, 16, 8])

    def test_ipv6_slash_64_after_nxdomain(self):
        t = discover("2001:db8:1:2::5", expect=0)
        r64 = "2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        self.assertEqual(t["address"], "2001:db8:1:2::5/128")
        self.assert_found(t, r64, zones.R64_URI)
        self.assertEqual([(n["prefix_len"], n["outcome"], n["error"]) for n in t["reverse_names"]],
                         [(128, "no-records", "nxdomain"), (64, "answered", None),
                          (56, "not-tried", None), (48, "not-tried", None),
                          (32, "not-tried", None)])
        self.assertEqual(t["reverse_names"][0]["name"], "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0." + r64)

    def test_slash_16_after_nxdomain_and_nodata(self):
        t = discover("198.51.100.8", expect=0)
        self.assert_found(t, zones.REVERSE_V4_16, zones.R16_URI)
        self.assertEqual(names(t), [("8.100.51.198.in-addr.arpa", 32, "no-records", "nxdomain"),
                                    ("100.51.198.in-addr.arpa", 24, "no-records", "nodata"),
                                    (zones.REVERSE_V4_16, 16, "answered", None),
                                    ("198.in-addr.arpa", 8, "not-tried", None)])

    def test_text_report_shows_the_names(self):
        r = run("discover", "--address", "192.0.2.11", "--server", LAB.resolver, "--no-validate")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("192.0.2.11/32 (RFC 8686", r.stdout)
        self.assertRegex(r.stdout, r"/32 +11\.2\.0\.192\.in-addr\.arpa\.: no ALTO records \(nxdomain\)")
        self.assertRegex(r.stdout, r"/24 +2\.0\.192\.in-addr\.arpa\.: answered: 1 URI")
        self.assertRegex(r.stdout, r"/16 +0\.192\.in-addr\.arpa\.: not tried")
        self.assertIn(zones.R24_URI, r.stdout)


class Stops(unittest.TestCase):
    def test_bogus_stops_before_a_parent_that_answers(self):
        # 51.198.in-addr.arpa (/16) has ALTO records; a bogus /32 must not
        # fall back to them (RFC 8686 §3.5).
        t = discover("198.51.100.7", expect=1)
        self.assertEqual(t["status"], "failed")
        self.assertEqual(t["domain_source"], "rfc8686")
        self.assertEqual(t["error"]["code"], "bogus")
        self.assertEqual(t["dnssec"], "bogus")
        self.assertEqual(t["uris"], [])
        self.assertEqual(names(t), [("7.100.51.198.in-addr.arpa", 32, "failed", "bogus"),
                                    ("100.51.198.in-addr.arpa", 24, "not-tried", None),
                                    (zones.REVERSE_V4_16, 16, "not-tried", None),
                                    ("198.in-addr.arpa", 8, "not-tried", None)])
        self.assertFalse(any(n["answered"] for n in t["reverse_names"]))
        self.assertEqual(naptr_names(t), {"7.100.51.198.in-addr.arpa"})
        self.assertNotIn(zones.R16_URI, json.dumps(t))

    def test_dead_server_stops_at_the_first_name(self):
        r = run("discover", "--address", "192.0.2.11", "--server", LAB.dead_server, "--json",
                "--no-validate", "--timeout", "1")
        self.assertEqual(r.returncode, 1, r.stderr)
        t = json.loads(r.stdout)["targets"][0]
        self.assertEqual([n["outcome"] for n in t["reverse_names"]],
                         ["failed", "not-tried", "not-tried", "not-tried"])
        self.assertIn(t["reverse_names"][0]["error"], ("timeout", "network"))

    def test_nothing_anywhere(self):
        # Neither name of 2001:db8:5::/48 has a NAPTR record (the /48 does
        # not exist, the /32 is the zone's apex): both are tried, the
        # result is the last one's.
        t = discover("2001:db8:5::/48", expect=1)
        self.assertEqual(names(t), [("5.0.0.0." + zones.REVERSE_V6, 48, "no-records", "nxdomain"),
                                    (zones.REVERSE_V6, 32, "no-records", "nodata")])
        self.assertEqual(t["domain"], zones.REVERSE_V6)
        self.assertEqual(t["error"]["code"], "nodata")
        self.assertEqual(t["uris"], [])

    def test_retry_memory_is_kept_per_name(self):
        cache = teardown.scratch_dir("altoscope-cache-")
        try:
            first = discover("192.0.2.11", expect=0, cache=cache)
            second = discover("192.0.2.11", expect=0, cache=cache)
        finally:
            teardown.remove_dir(cache)
        self.assertFalse(first["reverse_names"][0]["from_retry_memory"])
        # The /32's NXDOMAIN is remembered (RFC 7286 §3.2): not asked again,
        # and still "nothing there", so the /24 answers.
        self.assertTrue(second["reverse_names"][0]["from_retry_memory"])
        self.assertEqual(second["reverse_names"][0]["outcome"], "no-records")
        self.assertEqual(second["reverse_names"][0]["error"], "retry-wait")
        self.assertEqual(second["domain"], V4_24)
        self.assertEqual([u["uri"] for u in second["uris"]], [zones.R24_URI])


class CrossDomainValidated(unittest.TestCase):
    """Altoscope's own DNSSEC proof, from the lab's anchors, name by name."""

    def test_secure_and_bogus_proved(self):
        r = run("discover", "--address", "192.0.2.11", "--server", LAB.resolver, "--json",
                "--trust-anchor", LAB.anchors_file)
        self.assertEqual(r.returncode, 0, r.stderr)
        t = json.loads(r.stdout)["targets"][0]
        self.assertEqual(t["domain"], V4_24)
        self.assertEqual((t["dnssec"], t["dnssec_validator"]), ("secure", "altoscope"), t)
        r = run("discover", "--address", "198.51.100.7", "--server", LAB.resolver, "--json",
                "--trust-anchor", LAB.anchors_file)
        self.assertEqual(r.returncode, 1, r.stderr)
        t = json.loads(r.stdout)["targets"][0]
        self.assertEqual(t["error"]["code"], "bogus", t)
        self.assertEqual([n["outcome"] for n in t["reverse_names"]],
                         ["failed", "not-tried", "not-tried", "not-tried"])


class Usage(unittest.TestCase):
    def usage(self, *args):
        r = run("discover", *args)
        self.assertEqual(r.returncode, 2, (r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        self.assertNotIn("Traceback", r.stderr)
        return r.stderr

    def test_conflicts(self):
        self.assertIn("--domain", self.usage("--address", "192.0.2.10", "--domain", "a.test"))
        self.assertIn("--interface",
                      self.usage("--address", "192.0.2.10", "--interface", "lo"))
        self.assertIn("--family", self.usage("--address", "192.0.2.10", "--family", "ipv4"))

    def test_bad_input(self):
        for bad, words in (("192.0.2.300", "not an IPv4 or IPv6 address"),
                           ("192.0.2.1/33", "at most 32"),
                           ("192.0.2.1/24", "192.0.2.0/24"),
                           ("2001:db8::1/64", "2001:db8::/64"),
                           ("2001::/16", "/32"),
                           ("10.0.0.0/x", "not a number"),
                           ("\x1b[31m", "not an IPv4 or IPv6 address"),
                           ("", "No address")):
            err = self.usage("--address", bad, "--server", LAB.resolver)
            self.assertIn(words, err, bad)
            self.assertNotIn("\x1b", err)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
