#!/usr/bin/python3
"""altoscope-cli discover against a real authoritative server (knot), a
real validating resolver (unbound) and, for malformed answers, the hostile
server.  Every assertion is on the JSON report or the exit status.

Usage: test_discovery.py PATH-TO-altoscope-cli
Exits 77 (skip) only when the DNS lab cannot start, and says why.
"""

import json
import os
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teardown  # noqa: E402
import zones  # noqa: E402
from lab import LOCALONLY_URI, start_or_skip  # noqa: E402

CLI = None
LAB = None


def setUpModule():
    global LAB
    LAB = start_or_skip()


def tearDownModule():
    if LAB is not None:
        LAB.stop()


class Cli:
    """Runs altoscope-cli with a cache directory of its own."""

    def __init__(self, cache=None):
        # Removed when the run ends, however it ends (teardown).
        self.cache = cache or teardown.scratch_dir("altoscope-cache-")

    def env(self, language=None):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "XDG_CACHE_HOME": self.cache, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        if language:
            # gettext honours LANGUAGE in C.UTF-8: no generated locale needed.
            env["LANGUAGE"] = language
        # The sanitizers' options, and where an uninstalled build finds its
        # schema and catalogues (meson test sets them).
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "GSETTINGS_SCHEMA_DIR",
                  "ALTOSCOPE_LOCALEDIR", "XDG_DATA_DIRS"):
            if k in os.environ:
                env[k] = os.environ[k]
        return env

    def run(self, *args, language=None, timeout=60):
        return subprocess.run([CLI, *args], capture_output=True, text=True,
                              env=self.env(language), timeout=timeout)

    def discover(self, domain, server=None, *extra, expect=None):
        # The procedure and the resolver's view, on the plain (c-ares) path:
        # the lab has no root zone, so validating from the root's anchor
        # would only add libunbound's retries for its keys to every run.
        # Validation through the CLI is test_validator.py's (CliValidation).
        server = server or LAB.resolver
        r = self.run("discover", "--domain", domain, "--server", server, "--json",
                     "--no-validate", *extra)
        if r.returncode not in (0, 1):
            raise AssertionError(f"exit {r.returncode}: {r.stderr}")
        report = json.loads(r.stdout)
        target = report["targets"][0]
        if expect is not None:
            assert r.returncode == expect, (r.returncode, json.dumps(target, indent=1)[:3000])
        return report, target, r


def events(target, name):
    return [e for e in target["trace"] if e["event"] == name]


def by_pref(target, owner=None):
    return {r["preference"]: r for r in target["records"]
            if owner is None or r["owner"] == owner}


class Found(unittest.TestCase):
    def test_simple_signed(self):
        report, t, _ = Cli().discover("simple.signed.test", expect=0)
        self.assertEqual(report["schema"], "altoscope-report/1")
        self.assertEqual(report["service"], "ALTO")
        self.assertRegex(report["generated_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        self.assertEqual(t["status"], "ok")
        self.assertIsNone(t["error"])
        self.assertEqual(t["domain"], "simple.signed.test")
        self.assertEqual(t["domain_source"], "command-line")
        self.assertIsNone(t["interface"])
        self.assertIsNone(t["family"])
        self.assertEqual(t["resolvers"], [LAB.resolver])
        self.assertEqual(t["dnssec"], "secure")
        uris = t["uris"]
        self.assertEqual([u["uri"] for u in uris],
                         ["https://alto1.signed.test/ird", "http://alto2.signed.test:8080/ird"])
        self.assertEqual([u["rank"] for u in uris], [1, 2])
        u1, u2 = uris
        self.assertEqual((u1["scheme"], u1["host"], u1["port"]), ("https", "alto1.signed.test", None))
        self.assertEqual((u2["scheme"], u2["host"], u2["port"]), ("http", "alto2.signed.test", 8080))
        self.assertEqual((u1["order"], u1["preference"], u2["preference"]), (100, 10, 20))
        self.assertTrue(u1["eligible"] and u2["eligible"])
        self.assertEqual(u1["chain"], ["simple.signed.test"])
        self.assertEqual(sorted((a["address"], a["family"]) for a in u1["addresses"]),
                         [("192.0.2.10", "ipv4"), ("2001:db8::10", "ipv6")])
        self.assertEqual([a["address"] for a in u2["addresses"]], ["192.0.2.20"])
        self.assertTrue(all(a["dnssec"] == "secure" for u in uris for a in u["addresses"]))
        self.assertEqual(u1["dnssec"], "secure")
        self.assertIsNone(u1["address_error"])
        self.assertTrue(all(r["verdict"] == "used" and r["reason"] is None for r in t["records"]))
        self.assertIsInstance(t["elapsed_ms"], (int, float))
        # Every answer, as it came: the NAPTR and four address lookups, all with AD.
        self.assertEqual(sorted(a["type"] for a in t["answers"]), ["A", "A", "AAAA", "AAAA", "NAPTR"])
        self.assertTrue(all(a["ad"] and a["rcode"] == "NOERROR" for a in t["answers"]))
        self.assertTrue(all(isinstance(e["t_ms"], (int, float)) for e in t["trace"]))

    def test_two_dependent_round_trips(self):
        # Each answer of the slow server takes 300 ms.  Every host lookup
        # must be sent before any host answer comes back: the hosts are
        # resolved in parallel, never one after another.
        _, t, _ = Cli().discover("slow.hostile.test", LAB.hostile_server, expect=0)
        trace = t["trace"]
        naptr_answer = next(i for i, e in enumerate(trace)
                            if e["event"] == "answer" and e["detail"].startswith("NAPTR"))
        host_queries = [i for i, e in enumerate(trace)
                        if e["event"] == "query" and not e["detail"].startswith("NAPTR")]
        host_answers = [i for i, e in enumerate(trace)
                        if e["event"] == "answer" and not e["detail"].startswith("NAPTR")]
        self.assertEqual(len(host_queries), 4)
        self.assertTrue(all(naptr_answer < q < min(host_answers) for q in host_queries))
        self.assertEqual(len(events(t, "query")), 5)

    def test_cname_in_front(self):
        _, t, _ = Cli().discover("alias.signed.test", expect=0)
        self.assertEqual(len(t["uris"]), 2)
        self.assertEqual(t["dnssec"], "secure")

    def test_order_then_preference_and_eligibility(self):
        _, t, _ = Cli().discover("order.signed.test", expect=0)
        got = [(u["uri"].rsplit("/", 1)[1], u["order"], u["preference"], u["eligible"], u["rank"])
               for u in t["uris"]]
        self.assertEqual(got, [("first", 100, 10, True, 1), ("second", 100, 20, True, 2),
                               ("later", 200, 5, False, 3)])
        sip = [r for r in t["records"] if r["order"] == 50][0]
        self.assertEqual((sip["verdict"], sip["reason_code"]), ("ignored", "other-service"))

    def test_non_terminal_chain(self):
        _, t, _ = Cli().discover("chain.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual(u["uri"], "https://alto1.signed.test/chained")
        self.assertEqual(u["chain"], ["chain.signed.test", "next.signed.test", "last.signed.test"])
        self.assertEqual(len(events(t, "follow")), 2)
        self.assertEqual({r["owner"]: r["hop"] for r in t["records"]},
                         {"chain.signed.test": 0, "next.signed.test": 1, "last.signed.test": 2})

    def test_lower_order_leading_nowhere_falls_back(self):
        _, t, _ = Cli().discover("fallback.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual((u["uri"], u["order"], u["eligible"]),
                         ("https://alto2.signed.test/fallback", 20, True))
        nt = [r for r in t["records"] if r["order"] == 10][0]
        self.assertEqual(nt["verdict"], "used")
        self.assertFalse(nt["eligible"])
        self.assertIn("gone.signed.test", nt["note"])

    def test_eight_hops_is_allowed(self):
        _, t, _ = Cli().discover("ok0.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual(len(u["chain"]), zones.MAX_HOPS + 1)

    def test_odd_but_legal_service_fields(self):
        _, t, _ = Cli().discover("odd.signed.test", expect=0)
        self.assertEqual([u["uri"].rsplit("/", 1)[1] for u in t["uris"]], ["a", "b", "c"])
        self.assertTrue(all(r["verdict"] == "used" for r in t["records"]))
        self.assertEqual(t["uris"][1]["scheme"], "http")

    def test_ip_literals_need_no_lookup(self):
        _, t, _ = Cli().discover("literal.signed.test", expect=0)
        self.assertEqual([(u["host"], u["port"], [a["address"] for a in u["addresses"]])
                          for u in t["uris"]],
                         [("2001:db8::1", 8443, ["2001:db8::1"]), ("192.0.2.7", None, ["192.0.2.7"])])
        self.assertEqual(len(events(t, "query")), 1)

    def test_host_that_does_not_exist(self):
        _, t, _ = Cli().discover("badhost.signed.test", expect=0)
        bad, good = t["uris"]
        self.assertEqual(bad["addresses"], [])
        self.assertEqual(bad["address_error"]["code"], "nxdomain")
        self.assertEqual([a["address"] for a in good["addresses"]], ["192.0.2.99"])
        self.assertIsNone(good["address_error"])

    def test_large_answer_comes_over_tcp(self):
        _, t, _ = Cli().discover("big.signed.test", expect=0)
        self.assertEqual(len(t["uris"]), zones.BIG_COUNT)
        self.assertEqual([u["preference"] for u in t["uris"]], list(range(1, zones.BIG_COUNT + 1)))
        self.assertTrue(any("TCP" in e["detail"] for e in events(t, "answer")))
        self.assertEqual(t["dnssec"], "secure")

    def test_truncated_udp_answer_is_repeated_over_tcp(self):
        # Over UDP the hostile server sends only TC=1; the URI exists only over TCP.
        _, t, _ = Cli().discover("truncated.hostile.test", LAB.hostile_server, expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://192.0.2.6/over-tcp"])


class Conformance(unittest.TestCase):
    """RFC 3403 §4.1, RFC 3958 §2.2, RFC 4848, RFC 3986: each rule against the real lab."""

    def test_lowest_order_is_decided_first(self):
        # An order-10 chain of two hops and 70 order-20 non-terminal records: the
        # higher order never takes the query budget or the rank of the lower one.
        _, t, _ = Cli().discover("crowd.signed.test", expect=0)
        eligible = [u for u in t["uris"] if u["eligible"]]
        self.assertEqual([u["uri"] for u in eligible], ["https://alto1.signed.test/crowd"])
        self.assertEqual(eligible[0]["chain"], ["crowd.signed.test", "crowd-hop1.signed.test",
                                                "crowd-hop2.signed.test"])
        self.assertEqual(len(events(t, "follow")), 2)
        self.assertEqual(len([e for e in events(t, "query") if "NAPTR" in e["detail"]]), 3)
        order20 = [r for r in t["records"] if r["order"] == 20]
        self.assertTrue(order20)
        self.assertTrue(all(not r["eligible"] and "order 10" in r["note"] for r in order20))

    def test_next_order_when_no_host_has_an_address(self):
        # Order 10: one host does not exist, the other has no address.  Order 20
        # is the usable fallback (RFC 3958 §2.2.4); order 30 is never reached.
        _, t, _ = Cli().discover("hostless.signed.test", expect=0)
        eligible = [u for u in t["uris"] if u["eligible"]]
        self.assertEqual([u["uri"] for u in eligible], ["https://alto2.signed.test/fallback2"])
        self.assertEqual(eligible[0]["rank"], 1)
        self.assertEqual(eligible[0]["fallback"]["order"], 10)
        self.assertIn("10", eligible[0]["fallback"]["reason"])
        lower = {u["uri"]: u for u in t["uris"] if u["order"] == 10}
        self.assertEqual(lower["https://gone1.signed.test/a"]["address_error"]["code"], "nxdomain")
        self.assertEqual(lower["https://other.signed.test./b"]["address_error"]["code"], "nodata")
        self.assertTrue(all(not u["eligible"] and u["note"] for u in lower.values()))
        third = [u for u in t["uris"] if u["order"] == 30]
        self.assertEqual([u["eligible"] for u in third], [False])
        self.assertEqual(third[0]["addresses"], [])
        self.assertEqual(len(events(t, "next-order")), 1)
        self.assertNotIn("alto1.signed.test", " ".join(e["detail"] for e in events(t, "query")))

    def test_absolute_host_name_is_a_valid_uri(self):
        _, t, _ = Cli().discover("absolute.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual((u["uri"], u["host"], u["eligible"]),
                         ("https://alto1.signed.test./ird", "alto1.signed.test", True))
        self.assertEqual(sorted(a["address"] for a in u["addresses"]),
                         ["192.0.2.10", "2001:db8::10"])

    def test_non_terminal_for_another_protocol_is_not_followed(self):
        _, t, _ = Cli().discover("ftpchain.signed.test", expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://alto1.signed.test/direct"])
        ftp = by_pref(t)[10]
        self.assertEqual((ftp["verdict"], ftp["reason_code"]), ("ignored", "unsupported-protocol"))
        self.assertEqual(events(t, "follow"), [])

    def test_chain_narrowed_from_https_to_http_is_warned(self):
        _, t, _ = Cli().discover("narrow.signed.test", expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["http://alto2.signed.test/plain"])
        self.assertIn("chain-narrowed-to-http", [w["code"] for w in t["warnings"]])
        _, plain, _ = Cli().discover("chain.signed.test", expect=0)
        self.assertNotIn("chain-narrowed-to-http", [w["code"] for w in plain["warnings"]])

    def test_one_answer_cannot_flood_the_report(self):
        r = Cli().run("discover", "--domain", "flood.signed.test", "--server", LAB.resolver,
                      "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        t = json.loads(r.stdout)["targets"][0]
        self.assertEqual(len(t["uris"]), 64)
        self.assertEqual(t["uris_total"], zones.FLOOD_COUNT)
        self.assertEqual(t["records_total"], zones.FLOOD_COUNT)
        self.assertEqual(len(t["records"]), 64)
        self.assertEqual([u["preference"] for u in t["uris"]], list(range(64)))
        (w,) = [w for w in t["warnings"] if w["code"] == "not-all-shown"]
        self.assertIn("600", w["message"])
        self.assertIn("536", w["message"])
        r = Cli().run("discover", "--domain", "flood.signed.test", "--server", LAB.resolver)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("600 records; 536 not shown", r.stdout)
        self.assertLess(len(r.stdout.splitlines()), 400)


class Servers(unittest.TestCase):
    """A stub asks the next server when one refuses, fails without a DNSSEC
    reason, or sends garbage; the report says who did what."""

    def discover_two(self, domain, first, second, expect, *extra):
        r = Cli().run("discover", "--domain", domain, "--server", first, "--server", second,
                      "--json", *extra)
        self.assertEqual(r.returncode, expect, r.stderr)
        return json.loads(r.stdout)["targets"][0]

    def test_refusing_server_then_the_next(self):
        # knot refuses a zone it does not serve; unbound serves this name itself.
        t = self.discover_two("localonly.test", LAB.authoritative, LAB.resolver, 0)
        self.assertEqual([u["uri"] for u in t["uris"]], [LOCALONLY_URI])
        (a,) = t["answers"]
        self.assertEqual(a["server"], LAB.resolver)
        self.assertEqual(a["attempts"], [{"server": LAB.authoritative, "outcome": "refused"},
                                         {"server": LAB.resolver, "outcome": "answered"}])
        details = " ".join(e["detail"] for e in events(t, "server"))
        self.assertIn(LAB.authoritative, details)
        self.assertIn("refused", details)
        self.assertIn(LAB.resolver, details)

    def test_servfail_without_a_reason_then_the_next(self):
        # The resolver's AD after the failover: validated from the root's
        # anchor alone, which the lab's resolver cannot prove, that claim
        # would read indeterminate (a dnssec-mismatch), so not validated.
        t = self.discover_two("simple.signed.test", LAB.moody_server("servfail-all"),
                              LAB.resolver, 0, "--no-validate")
        self.assertEqual(len(t["uris"]), 2)
        self.assertEqual(t["dnssec"], "secure")
        naptr = [a for a in t["answers"] if a["type"] == "NAPTR"][0]
        self.assertEqual([x["outcome"] for x in naptr["attempts"]], ["servfail", "answered"])
        self.assertFalse(naptr["cd_retry"])

    def test_garbage_then_the_next(self):
        t = self.discover_two("simple.signed.test", LAB.moody_server("garbage-all"),
                              LAB.resolver, 0)
        self.assertEqual(len(t["uris"]), 2)
        naptr = [a for a in t["answers"] if a["type"] == "NAPTR"][0]
        self.assertEqual([x["outcome"] for x in naptr["attempts"]], ["bad-response", "answered"])

    def test_every_server_failing_is_a_failure_naming_each(self):
        # The last server asked gives the verdict; the attempts name the others.
        t = self.discover_two("simple.signed.test", LAB.moody_server("servfail-all"),
                              LAB.moody_server("refuse-all"), 1)
        self.assertEqual(t["error"]["code"], "refused")
        (a,) = t["answers"]
        self.assertEqual(a["server"], LAB.moody_server("refuse-all"))
        self.assertEqual(a["attempts"],
                         [{"server": LAB.moody_server("servfail-all"), "outcome": "servfail"},
                          {"server": LAB.moody_server("refuse-all"), "outcome": "refused"}])

    def test_dnssec_failure_is_final(self):
        # A validating resolver's DNSSEC verdict is not shopped around: knot,
        # which does not validate, would hand out the tampered data.
        t = self.discover_two("naptr.bogus.test", LAB.resolver, LAB.authoritative, 1)
        self.assertEqual(t["error"]["code"], "bogus")
        (a,) = t["answers"]
        self.assertEqual({x["server"] for x in a["attempts"]}, {LAB.resolver})


class CdRepeat(unittest.TestCase):
    def test_cd_repeat_that_times_out_keeps_the_verdict(self):
        _, t, _ = Cli().discover("bogussilent.hostile.test", LAB.hostile_server, "--timeout",
                                 "0.6", expect=1)
        self.assertEqual(t["error"]["code"], "bogus")
        self.assertEqual(t["error"]["rcode"], "SERVFAIL")
        self.assertIn(6, [e["code"] for e in t["error"]["extended_errors"]])
        self.assertEqual(t["dnssec"], "bogus")

    def test_data_only_with_cd_is_not_called_bogus_without_a_reason(self):
        _, t, _ = Cli().discover("cdonly.hostile.test", LAB.hostile_server, expect=1)
        self.assertEqual(t["error"]["code"], "servfail")
        self.assertNotEqual(t["dnssec"], "bogus")
        self.assertEqual(t["uris"], [])
        self.assertEqual(len(events(t, "retry-cd")), 1)


class Dnssec(unittest.TestCase):
    def test_unsigned_zone_is_insecure(self):
        _, t, _ = Cli().discover("simple.unsigned.test", expect=0)
        self.assertEqual(t["dnssec"], "insecure")
        self.assertEqual(t["uris"][0]["dnssec"], "insecure")

    def test_weakest_on_the_path_insecure_host(self):
        _, t, _ = Cli().discover("insecurehost.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual(u["dnssec"], "insecure")
        self.assertEqual(u["addresses"][0]["dnssec"], "insecure")

    def test_bogus_naptr(self):
        _, t, _ = Cli().discover("naptr.bogus.test", expect=1)
        self.assertEqual(t["status"], "failed")
        self.assertEqual(t["error"]["code"], "bogus")
        self.assertEqual(t["dnssec"], "bogus")
        self.assertEqual(t["uris"], [])
        self.assertIn(6, [e["code"] for e in t["error"]["extended_errors"]])
        # The altered data is shown, as the resolver gave it with CD, and not used.
        (r,) = t["records"]
        self.assertIn(zones.BOGUS_TAMPERED_URI, r["regexp"])
        self.assertEqual((r["verdict"], r["reason_code"]), ("ignored", "bogus"))
        self.assertEqual(len(events(t, "retry-cd")), 1)
        self.assertEqual(t["error"]["retry_after_s"], 1)
        (a,) = t["answers"]
        self.assertEqual((a["name"], a["type"], a["rcode"], a["cd_retry"], a["error"]),
                         ("naptr.bogus.test", "NAPTR", "SERVFAIL", True, "bogus"))
        self.assertIn(6, [e["code"] for e in a["extended_errors"]])

    def test_bogus_host_makes_the_uri_bogus(self):
        _, t, _ = Cli().discover("mixed.signed.test", expect=0)
        (u,) = t["uris"]
        self.assertEqual(u["dnssec"], "bogus")
        self.assertEqual(u["address_error"]["code"], "bogus")
        self.assertNotIn(zones.BOGUS_TAMPERED_ADDR, [a["address"] for a in u["addresses"]])
        self.assertEqual(t["dnssec"], "bogus")

    def test_authoritative_server_does_not_vouch(self):
        # knot itself serves signed data but does not validate: no AD.
        _, t, _ = Cli().discover("simple.signed.test", LAB.authoritative, expect=0)
        self.assertEqual(t["dnssec"], "indeterminate")
        self.assertTrue(all(u["dnssec"] == "indeterminate" for u in t["uris"]))
        self.assertFalse(any(a["ad"] for a in t["answers"]))

    def test_server_without_edns_is_indeterminate(self):
        _, t, _ = Cli().discover("noedns.hostile.test", LAB.hostile_server, expect=0)
        self.assertEqual(t["dnssec"], "indeterminate")


class Failures(unittest.TestCase):
    def assertFailed(self, t, code):
        self.assertEqual(t["status"], "failed")
        self.assertEqual(t["error"]["code"], code, t["error"])
        self.assertTrue(t["error"]["message"])
        self.assertTrue(t["error"]["hint"])
        self.assertEqual(t["uris"], [])

    def assertNegativeWait(self, t):
        # min(SOA TTL, MINIMUM) as the resolver hands it out; its cache ages
        # it by the seconds since an earlier test asked (RFC 2308 §5).
        wait = t["error"]["retry_after_s"]
        self.assertLessEqual(wait, min(zones.SOA_MINIMUM, zones.SOA_TTL))
        self.assertGreaterEqual(wait, min(zones.SOA_MINIMUM, zones.SOA_TTL) - 10)

    def test_nxdomain_waits_the_soa_minimum(self):
        _, t, _ = Cli().discover("missing.signed.test", expect=1)
        self.assertFailed(t, "nxdomain")
        self.assertNegativeWait(t)
        self.assertEqual(t["dnssec"], "secure")   # a validated denial

    def test_nodata(self):
        _, t, _ = Cli().discover("host.signed.test", expect=1)
        self.assertFailed(t, "nodata")
        self.assertNegativeWait(t)

    def test_no_alto_records(self):
        _, t, _ = Cli().discover("other.signed.test", expect=1)
        self.assertFailed(t, "no-alto-records")
        self.assertEqual(sorted(r["reason_code"] for r in t["records"]),
                         ["other-service", "unknown-flags"])
        self.assertEqual(t["error"]["retry_after_s"], 300)   # the records' TTL

    def test_loop(self):
        _, t, _ = Cli().discover("loop-a.signed.test", expect=1)
        self.assertFailed(t, "loop")
        looping = [r for r in t["records"] if r["reason_code"] == "loop"]
        self.assertEqual([(r["owner"], r["replacement"]) for r in looping],
                         [("loop-b.signed.test", "loop-a.signed.test")])

    def test_chain_too_long(self):
        _, t, _ = Cli().discover("long0.signed.test", expect=1)
        self.assertFailed(t, "chain-too-long")
        self.assertEqual(len(events(t, "follow")), zones.MAX_HOPS)

    def test_servfail_from_a_real_resolver(self):
        # lame.test is delegated to knot, which does not serve it.
        _, t, _ = Cli().discover("x.lame.test", expect=1)
        self.assertFailed(t, "servfail")
        self.assertEqual(t["error"]["rcode"], "SERVFAIL")
        self.assertEqual(len(events(t, "retry-cd")), 1)
        self.assertEqual(t["dnssec"], "indeterminate")

    def test_servfail_with_cd_too_is_not_bogus(self):
        _, t, _ = Cli().discover("servfail.hostile.test", LAB.hostile_server, expect=1)
        self.assertFailed(t, "servfail")

    def test_refused_by_a_real_server(self):
        # knot refuses to answer for a zone it does not serve.
        _, t, _ = Cli().discover("x.lame.test", LAB.authoritative, expect=1)
        self.assertFailed(t, "refused")

    def test_timeout(self):
        _, t, _ = Cli().discover("blackhole.hostile.test", LAB.hostile_server, "--timeout", "0.4",
                                 expect=1)
        self.assertFailed(t, "timeout")
        self.assertEqual(t["error"]["category"], "timed-out")
        self.assertEqual(t["error"]["retry_after_s"], 1)

    def test_network(self):
        _, t, _ = Cli().discover("simple.signed.test", LAB.dead_server, "--timeout", "2", expect=1)
        self.assertFailed(t, "network")

    def test_records_for_another_name_are_shown_not_used(self):
        _, t, _ = Cli().discover("strayowner.hostile.test", LAB.hostile_server, expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://192.0.2.3/mine"])
        stray = [r for r in t["records"] if r["owner"] == "victim.example"]
        self.assertEqual([(r["verdict"], r["reason_code"]) for r in stray],
                         [("ignored", "owner-mismatch")])

    def test_server_without_edns_support_gets_a_second_query(self):
        _, t, _ = Cli().discover("oldserver.hostile.test", LAB.hostile_server, expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://192.0.2.4/old"])
        self.assertEqual(t["dnssec"], "indeterminate")
        self.assertEqual(len(events(t, "retry-no-edns")), 1)

    def test_bad_responses(self):
        for name in ("garbage", "ptrloop", "formerr"):
            with self.subTest(name=name):
                _, t, _ = Cli().discover(f"{name}.hostile.test", LAB.hostile_server, expect=1)
                self.assertFailed(t, "bad-response")

    def test_fan_out_is_bounded(self):
        # Ten next domains at every level, eight levels: 10^8 queries unless bounded.
        _, t, _ = Cli().discover("fanout.hostile.test", LAB.hostile_server, expect=1)
        self.assertEqual(len(events(t, "query")), 64)
        self.assertTrue(any(r["reason_code"] == "query-limit" for r in t["records"]))
        self.assertEqual(t["error"]["code"], "too-many-queries")

    def test_nested_failure_names_the_hop(self):
        _, t, _ = Cli().discover("chain.signed.test", LAB.authoritative, expect=0)
        self.assertEqual(len(t["uris"]), 1)


class Verdicts(unittest.TestCase):
    EXPECTED = {
        1: None,
        2: "other-service",
        3: "unknown-flags",
        4: "regexp-form",
        5: "regexp-form",
        6: "regexp-form",
        7: "regexp-form",
        8: "uri-scheme",
        9: "unsupported-protocol",
        10: "no-protocol",
        11: "malformed-service",
        12: "regexp-and-replacement",
        13: "nonterminal-regexp",
        14: "nonterminal-no-replacement",
        15: "uri-userinfo",
        16: "uri-invalid",
        17: "uri-scheme",
        18: "not-printable",
        19: "uri-invalid",
        20: "uri-invalid",
        21: "not-printable",
    }

    def test_every_verdict(self):
        _, t, _ = Cli().discover("verdicts.signed.test", expect=0)
        records = by_pref(t)
        self.assertEqual(sorted(records), sorted(self.EXPECTED))
        for pref, code in self.EXPECTED.items():
            with self.subTest(preference=pref):
                r = records[pref]
                self.assertEqual(r["reason_code"], code)
                self.assertEqual(r["verdict"], "used" if code is None else "ignored")
                if code is not None:
                    self.assertTrue(r["reason"])
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://alto1.signed.test/ok"])

    def test_hostile_text_is_escaped(self):
        cli = Cli()
        _, t, _ = cli.discover("escapes.hostile.test", LAB.hostile_server, expect=0)
        self.assertEqual([u["uri"] for u in t["uris"]], ["https://192.0.2.8/fine"])
        bad = by_pref(t, "escapes.hostile.test")[10]
        self.assertEqual(bad["reason_code"], "not-printable")
        self.assertNotIn("\x1b", bad["regexp"])
        self.assertNotIn("\u202e", bad["regexp"])
        self.assertIn("\\027", bad["regexp"])
        nt = by_pref(t, "escapes.hostile.test")[20]
        self.assertEqual(nt["replacement"], "a\\.b\\000\\010c.test")
        for ch in ("\x00", "\n", "\x1b"):
            self.assertNotIn(ch, nt["replacement"])
        # The text report, meant for terminals, carries no control character.
        r = cli.run("discover", "--domain", "escapes.hostile.test", "--server", LAB.hostile_server,
                    "--verbose", "--ignore-backoff")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse([c for c in r.stdout if ord(c) < 0x20 and c != "\n"], r.stdout)
        self.assertNotIn("\u202e", r.stdout)


class RetryWait(unittest.TestCase):
    def test_wait_is_kept_across_runs_and_can_be_overridden(self):
        cli = Cli()
        _, first, _ = cli.discover("missing.signed.test", expect=1)
        self.assertEqual(first["error"]["code"], "nxdomain")
        _, second, _ = cli.discover("missing.signed.test", expect=1)
        self.assertEqual(second["error"]["code"], "retry-wait")
        self.assertEqual(second["error"]["previous_code"], "nxdomain")
        left = second["error"]["retry_after_s"]
        self.assertTrue(0 < left <= zones.SOA_MINIMUM, left)
        self.assertEqual(events(second, "query"), [], "no query inside the wait")
        _, third, _ = cli.discover("missing.signed.test", None, "--ignore-backoff", expect=1)
        self.assertEqual(third["error"]["code"], "nxdomain")
        self.assertTrue(third["retry_wait_overridden"])
        self.assertEqual(len(events(third, "query")), 1)
        # Another resolver may answer otherwise: its wait is its own.
        _, other, _ = cli.discover("missing.signed.test", LAB.authoritative, expect=1)
        self.assertEqual(other["error"]["code"], "nxdomain")

    def test_backoff_doubles_after_repeated_timeouts(self):
        cli = Cli()
        waits = []
        for _ in range(3):
            _, t, _ = cli.discover("blackhole.hostile.test", LAB.hostile_server,
                                   "--timeout", "0.2", expect=1)
            self.assertEqual(t["error"]["code"], "timeout")
            waits.append(t["error"]["retry_after_s"])
            time.sleep(waits[-1] + 0.2)
        self.assertEqual(waits, [1, 2, 4])

    def test_wait_is_kept_in_full(self):
        # RFC 7286 §3.2: at 85 % of the announced wait a new run still waits, and
        # the moment announced (retry_at) is when the wait ends, not sooner.
        for _ in range(3):
            cli = Cli()
            _, first, _ = cli.discover("blackhole.hostile.test", LAB.hostile_server,
                                       "--timeout", "0.1", expect=1)
            self.assertEqual(first["error"]["retry_after_s"], 1)
            announced = first["error"]["retry_at"]
            self.assertRegex(announced, r"^\d{4}-\d\d-\d\dT")
            time.sleep(0.85)
            _, second, _ = cli.discover("blackhole.hostile.test", LAB.hostile_server,
                                        "--timeout", "0.1", expect=1)
            self.assertEqual(second["error"]["code"], "retry-wait")
            self.assertEqual(second["error"]["retry_at"], announced)
            self.assertGreater(second["error"]["retry_after_s"], 0)
            self.assertEqual(events(second, "query"), [])

    def test_the_deciding_failure_sets_the_wait(self):
        # The loop is what made the discovery fail: the trace says it set the wait.
        _, t, _ = Cli().discover("loop-a.signed.test", expect=1)
        (ev,) = events(t, "retry-wait")
        self.assertIn("loop", ev["detail"])
        self.assertIn("decided the outcome", ev["detail"])

    def test_concurrent_runs_lose_nothing(self):
        # Twelve processes record failures at once in one memory file.
        cli = Cli()
        procs = [subprocess.Popen([CLI, "discover", "--domain", f"p{i}.example", "--server",
                                   LAB.moody_server("refuse-all"), "--json"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env=cli.env())
                 for i in range(12)]
        for p in procs:
            p.wait(timeout=60)
            self.assertEqual(p.returncode, 1, p.stderr.read())
            p.stderr.close()
        with open(os.path.join(cli.cache, "altoscope", "retry-wait.ini")) as f:
            text = f.read()
        for i in range(12):
            self.assertIn(f"key=p{i}.example NAPTR", text)

    def test_success_forgets_the_failure(self):
        cli = Cli()
        cli.discover("blackhole.hostile.test", LAB.hostile_server, "--timeout", "0.2", expect=1)
        time.sleep(1.2)
        _, t, _ = cli.discover("blackhole.hostile.test", LAB.hostile_server, "--timeout", "0.2",
                               expect=1)
        self.assertEqual(t["error"]["retry_after_s"], 2)
        # The same key, answered: the memory goes, and the next failure starts at 1 s.
        with open(os.path.join(cli.cache, "altoscope", "retry-wait.ini")) as f:
            self.assertIn("failures=2", f.read())


class Usage(unittest.TestCase):
    def assertUsage(self, *args):
        r = Cli().run(*args)
        self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.strip())
        return r

    def test_invalid_domains(self):
        for bad in ("exa mple.test", "-bad-.test", "a" * 64 + ".test", "", "1.2.3.4",
                    "a..b", "x" * 250 + ".test", "under\x01score.test", ".", "::1"):
            with self.subTest(domain=bad):
                self.assertUsage("discover", "--domain", bad, "--server", LAB.resolver)

    def test_names_are_checked_in_ascii_form(self):
        # Soft hyphen, zero-width space and BOM map to nothing under IDNA; full-width
        # digits and dots become an IP address.  Every entry point refuses them.
        cli = Cli()
        env = dict(cli.env(), XDG_CONFIG_HOME=cli.cache)
        for bad in ("\u00ad", "\u200b\ufeff", "\u00ad.", "\uff10.1.1.1",
                    "\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11"):
            with self.subTest(domain=ascii(bad)):
                self.assertUsage("discover", "--domain", bad, "--server", LAB.resolver)
                r = subprocess.run([CLI, "override", "set", bad], capture_output=True, text=True,
                                   env=env, timeout=60)
                self.assertEqual(r.returncode, 2, (r.stdout, r.stderr))
                self.assertEqual(r.stdout, "")
        r = subprocess.run([CLI, "override", "list", "--json"], capture_output=True, text=True,
                           env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["overrides"], [])

    def test_invalid_servers_and_options(self):
        self.assertUsage("discover", "--domain", "a.test", "--server", "1.2.3.4:99999")
        self.assertUsage("discover", "--domain", "a.test", "--server", "nonsense")
        self.assertUsage("discover", "--domain", "a.test", "--server", "[::1")
        self.assertUsage("discover", "--domain", "a.test", "--timeout", "0")
        self.assertUsage("discover", "--domain", "a.test", "--timeout", "nan")
        self.assertUsage("discover", "--no-such-option")
        self.assertUsage("discover", "--domain", "a.test", "--interface", "eth0")
        self.assertUsage("discover", "--family", "ipv5")
        self.assertUsage("discover", "--server", LAB.resolver)
        self.assertUsage("no-such-command")
        self.assertUsage()

    def test_every_pair_without_networkmanager(self):
        # A system bus that is not there: the report says so, and the tool goes on.
        cli = Cli()
        env = dict(cli.env(), DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/altoscope-bus",
                   XDG_CONFIG_HOME=cli.cache)
        r = subprocess.run([CLI, "discover", "--json"], capture_output=True, text=True, env=env,
                           timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        self.assertFalse(report["networkmanager"]["running"])
        self.assertIn("NetworkManager", report["networkmanager"]["status"])
        self.assertEqual(report["targets"], [])
        r = subprocess.run([CLI, "interfaces"], capture_output=True, text=True, env=env,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("NetworkManager", r.stdout)

    def test_international_name_becomes_ascii(self):
        r = Cli().run("discover", "--domain", "BÜCHER.signed.test.", "--server", LAB.resolver,
                      "--json")
        self.assertEqual(r.returncode, 1, r.stderr)
        t = json.loads(r.stdout)["targets"][0]
        self.assertEqual(t["domain"], "xn--bcher-kva.signed.test")
        self.assertEqual(t["error"]["code"], "nxdomain")

    def test_text_report(self):
        r = Cli().run("discover", "--domain", "simple.signed.test", "--server", LAB.resolver)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("https://alto1.signed.test/ird", r.stdout)
        self.assertIn("secure", r.stdout)
        r = Cli().run("discover", "--domain", "missing.signed.test", "--server", LAB.resolver)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nxdomain", r.stdout)
        self.assertIn("Hint:", r.stdout)

    def test_german(self):
        r = Cli().run("discover", "--domain", "missing.signed.test", "--server", LAB.resolver,
                      language="de")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Hinweis:", r.stdout)
        self.assertIn("existiert nicht", r.stdout)
        r = Cli().run("discover", "--domain", "a..b", language="de")
        self.assertEqual(r.returncode, 2)
        self.assertIn("leeren Teil", r.stderr)

    def test_ctrl_c_still_reports(self):
        cli = Cli()
        p = subprocess.Popen([CLI, "discover", "--domain", "blackhole.hostile.test", "--server",
                              LAB.hostile_server, "--timeout", "20", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=cli.env())
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        self.assertEqual(p.returncode, 1, err)
        t = json.loads(out)["targets"][0]
        self.assertEqual(t["error"]["code"], "cancelled")
        self.assertIsNone(t["error"]["retry_after_s"])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    teardown.install()   # SIGTERM (meson's timeout) and SIGINT end the lab too
    unittest.main(verbosity=2)
