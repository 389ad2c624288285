#!/usr/bin/python3
"""altoscope-cli check --endpoint/--cost-to against a real ALTO server over
TLS (alto_server.py, on loopback, with a CA made here with openssl): which
PID an address is in, by the Endpoint Property Service or the network map,
and the cost to a peer, by the Endpoint Cost Service or a cost map
(RFC 7285 §11).  Every expected answer is computed by the server's own,
independent code (Python's ipaddress), not written here.

Usage: test_query.py PATH-TO-altoscope-cli
Exits 77 (skip) only when openssl is missing, and says why.
"""

import json
import os
import shutil
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dns"))
import teardown  # noqa: E402
import alto_server  # noqa: E402
from alto_server import AltoServer, pid_of, cost, MAP_ID, VTAG  # noqa: E402
from test_check import Certificates  # noqa: E402

CLI = None
SERVER = None
CERTS = None

# Documentation addresses: only ever sent as JSON to the server on loopback.
OURS = ["198.51.100.7", "198.51.100.130", "198.51.100.200", "192.0.2.77", "2001:db8:1::5",
        "2001:db8:2::9"]
PEERS = ["203.0.113.9", "2001:db8:ff::1"]


def setUpModule():
    global SERVER, CERTS
    if shutil.which("openssl") is None:
        print("SKIP: openssl is not installed", file=sys.stderr)
        sys.exit(77)
    d = teardown.scratch_dir("altoscope-query-")
    CERTS = Certificates(d)
    SERVER = AltoServer(CERTS.path("valid.pem"), CERTS.path("valid.key"))


def tearDownModule():
    SERVER.stop()
    teardown.remove_dir(CERTS.d)


def check(path, *extra, expect=0):
    args = [CLI, "check", SERVER.url(path), "--json", "--timeout", "20", "--ca-file",
            CERTS.path("ca.pem"), *extra]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, LC_ALL="C.UTF-8"))
    assert r.returncode == expect, (r.returncode, r.stdout[-2000:], r.stderr)
    return json.loads(r.stdout) if expect != 2 else r


def endpoint_args(addresses):
    return [a for x in addresses for a in ("--endpoint", x)]


def cost_args(addresses):
    return [a for x in addresses for a in ("--cost-to", x)]


class Query(unittest.TestCase):
    def assertPids(self, report, via, vtag=VTAG):
        got = {e["address"]: e for e in report["endpoints"]}
        self.assertEqual(sorted(got), sorted(OURS))
        for address in OURS:
            e = got[address]
            with self.subTest(address=address):
                self.assertEqual(e["pid"], pid_of(address), e)
                self.assertEqual(e["map"], MAP_ID)
                self.assertEqual(e["vtag"], vtag)
                self.assertEqual(e["via"], via)
                self.assertIsNone(e["error"])

    def test_pids_by_the_endpoint_property_service(self):
        r = check("/ird", *endpoint_args(OURS))
        self.assertEqual(r["status"], "ok")
        self.assertPids(r, "endpoint-property")
        # The longest prefix wins, the address in no PID says so.
        by = {e["address"]: e["pid"] for e in r["endpoints"]}
        self.assertEqual(by["198.51.100.200"], "printer")
        self.assertEqual(by["198.51.100.130"], "lab")
        self.assertIsNone(by["192.0.2.77"])
        self.assertEqual(r["costs"], [])
        posts = [x for x in SERVER.requests if x[0] == "POST"]
        self.assertIn(("POST", "/eps", alto_server.EPS_PARAMS), posts)

    def test_pids_by_the_network_map(self):
        r = check("/ird-maps", *endpoint_args(OURS))
        self.assertPids(r, "network-map")

    def test_pids_by_an_rfc9240_property_map(self):
        before = len(SERVER.requests)
        r = check("/ird-propmap", *endpoint_args(OURS))
        self.assertPids(r, "property-map")
        self.assertIn(("POST", "/propmap", alto_server.PROPMAP_PARAMS), SERVER.requests[before:])

    def test_property_map_not_covering_a_family_is_not_used(self):
        r = check("/ird-propmap-v4", *endpoint_args(OURS))   # OURS has IPv6 addresses
        self.assertPids(r, "network-map")

    def test_service_error_falls_back_to_the_map(self):
        r = check("/ird-eps-broken", *endpoint_args(OURS))
        self.assertPids(r, "network-map")
        w = [x for x in r["warnings"] if x["code"] == "endpoint-property-failed"]
        self.assertEqual(len(w), 1, r["warnings"])
        self.assertIn("E_INVALID_FIELD_VALUE", w[0]["message"])

    def assertCosts(self, report, via):
        got = {(c["from"], c["to"], c["cost_type"]): c for c in report["costs"]}
        for src in OURS:
            for dst in PEERS:
                if (":" in src) != (":" in dst):
                    self.assertNotIn((src, dst, "num-routing"), got)
                    continue
                for name, ctype in alto_server.COST_TYPES.items():
                    c = got[(src, dst, name)]
                    want = (cost(name, pid_of(src), pid_of(dst))
                            if pid_of(src) and pid_of(dst) else None)
                    with self.subTest(src=src, dst=dst, type=name):
                        self.assertEqual(c["mode"], ctype["cost-mode"])
                        self.assertEqual(c["metric"], ctype["cost-metric"])
                        self.assertEqual(c["via"], via)
                        if want is None:
                            self.assertIsNone(c["value"], c)
                            self.assertTrue(c["error"])
                        else:
                            self.assertEqual(c["value"], want, c)
                            self.assertIsNone(c["error"])

    def test_costs_by_the_endpoint_cost_service(self):
        r = check("/ird", *endpoint_args(OURS), *cost_args(PEERS))
        self.assertCosts(r, "endpoint-cost")

    def test_costs_by_the_cost_maps_in_both_modes(self):
        r = check("/ird-maps", *endpoint_args(OURS), *cost_args(PEERS))
        self.assertCosts(r, "cost-map")
        c = next(c for c in r["costs"] if c["from"] == "198.51.100.130"
                 and c["to"] == "203.0.113.9" and c["cost_type"] == "num-routing")
        self.assertEqual((c["from_pid"], c["to_pid"]), ("lab", "peers"))
        self.assertEqual({c["mode"] for c in r["costs"]}, {"numerical", "ordinal"})

    def test_cost_map_of_another_map_version_is_not_used(self):
        r = check("/ird-stale-costmap", "--endpoint", "198.51.100.7", "--cost-to",
                  "203.0.113.9")
        stale = [c for c in r["costs"] if c["cost_type"] == "num-routing"]
        self.assertEqual(len(stale), 1)
        self.assertIsNone(stale[0]["value"])
        self.assertIn("0ld", stale[0]["error"])
        fresh = [c for c in r["costs"] if c["cost_type"] == "ord-hop"]
        self.assertEqual(fresh[0]["value"], cost("ord-hop", "campus", "peers"))

    def test_ten_thousand_pids(self):
        probes = ["10.0.0.1", "10.38.15.200", "10.39.14.9", "10.200.1.1", "11.0.0.1"]
        r = check("/ird-big", *endpoint_args(probes))
        big = alto_server.big_pids()
        for e in r["endpoints"]:
            with self.subTest(address=e["address"]):
                self.assertEqual(e["pid"], pid_of(e["address"], big))
                self.assertEqual(e["via"], "network-map")
        print(f"\n  10 000 PIDs: the query took {r['query_ms']:.1f} ms (fetch, parse, match)",
              file=sys.stderr)

    def test_invalid_prefix_makes_the_map_unusable(self):
        r = check("/ird-invalid-map", "--endpoint", "198.51.100.7")
        e = r["endpoints"][0]
        self.assertIsNone(e["pid"])
        self.assertIn("198.51.100.0/33", e["error"])
        self.assertEqual(r["status"], "ok")   # the directory itself is fine

    def test_no_default_network_map(self):
        r = check("/ird-no-default", "--endpoint", "198.51.100.7")
        self.assertIsNone(r["endpoints"][0]["pid"])
        self.assertIn("default-alto-network-map", r["endpoints"][0]["error"])

    def test_default_is_the_address_sent_from(self):
        r = check("/ird", "--source", "127.0.0.1")
        self.assertEqual([(e["address"], e["pid"]) for e in r["endpoints"]],
                         [("127.0.0.1", "loopback")])

    def test_without_queries_nothing_is_asked(self):
        before = len(SERVER.requests)
        r = check("/ird")
        self.assertNotIn("endpoints", r)
        self.assertEqual([x[1] for x in SERVER.requests[before:]], ["/ird"])

    def test_text_report(self):
        r = subprocess.run([CLI, "check", SERVER.url("/ird"), "--ca-file", CERTS.path("ca.pem"),
                            "--endpoint", "198.51.100.7", "--cost-to", "203.0.113.9"],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, LC_ALL="C.UTF-8"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("PID:       198.51.100.7 is in “campus” of “campus-map” (Said by the "
                      "Endpoint Property Service)\n", r.stdout)
        want = cost("num-routing", "campus", "peers")
        self.assertIn(f"Cost:      198.51.100.7 → 203.0.113.9: {want:g} (num-routing, numerical "
                      "routingcost; Said by the Endpoint Cost Service)\n", r.stdout)

    def test_service_and_map_failing_is_not_no_pid(self):
        r = check("/ird-eps-no-map", "--endpoint", "198.51.100.7")
        e = r["endpoints"][0]
        self.assertIsNone(e["pid"])
        self.assertIn("404", e["error"] or "", e)    # said, not "in no PID"
        w = [x for x in r["warnings"] if x["code"] == "endpoint-property-failed"]
        self.assertIn("E_INVALID_FIELD_VALUE", w[0]["message"])

    def test_service_failing_half_way_is_replaced_whole(self):
        r = check("/ird-ecs-half", "--endpoint", "198.51.100.7", *cost_args(PEERS))
        keys = [(c["from"], c["to"], c["cost_type"]) for c in r["costs"]]
        self.assertEqual(len(keys), len(set(keys)), keys)   # none answered twice
        self.assertEqual({c["via"] for c in r["costs"]}, {"cost-map"})
        self.assertIn("endpoint-cost-failed", [w["code"] for w in r["warnings"]])

    def test_decoy_names_do_not_change_the_answers(self):
        r = check("/ird-decoy", *endpoint_args(OURS), *cost_args(PEERS))
        self.assertPids(r, "endpoint-property")
        self.assertCosts(r, "endpoint-cost")
        print(f"\n  {alto_server.DECOYS} decoy names in each answer: the query took "
              f"{r['query_ms']:.0f} ms", file=sys.stderr)

    def test_map_over_the_cap_is_refused(self):
        r = check("/ird-huge-map", "--endpoint", "198.51.100.7")
        e = r["endpoints"][0]
        self.assertIsNone(e["pid"])
        self.assertIn("larger than 8192 KiB", e["error"])

    def test_slow_map_keeps_the_verdict(self):
        r = check("/ird-slow-map", "--endpoint", "198.51.100.7", "--timeout", "1")
        self.assertEqual(r["status"], "ok")
        self.assertIn("query-timeout", [w["code"] for w in r["warnings"]])
        e = r["endpoints"][0]
        self.assertIsNone(e["pid"])
        self.assertTrue(e["error"])
        self.assertLess(r["timing"]["total_ms"], 1000)

    def test_bad_addresses_are_usage_errors(self):
        for extra in (["--endpoint", "not-an-address"], ["--cost-to", "198.51.100.1%eth0"],
                      ["--cost-to", "203.0.113.9"],   # no address of ours to measure from
                      *[endpoint_args(f"198.51.100.{i}" for i in range(17))]):
            with self.subTest(extra=extra):
                r = check("/ird", *extra, expect=2)
                self.assertEqual(r.stdout, "")
                self.assertTrue(r.stderr.strip())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    os.environ["G_DEBUG"] = "fatal-criticals"
    teardown.install()
    unittest.main(verbosity=2)
