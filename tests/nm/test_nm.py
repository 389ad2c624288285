#!/usr/bin/python3
"""Altoscope against a real NetworkManager (tests/nm/nmlab.py), with both of
its DHCP back ends.  Needs root; without it, exits 77 and says why.

Usage: test_nm.py PATH-TO-altoscope-cli [unittest arguments]
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
HTTP_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http")
import nmlab  # noqa: E402
import teardown  # noqa: E402
from lab import LabUnavailable  # noqa: E402

CLI = None


class LabCase(unittest.TestCase):
    BACKEND = "internal"
    lab = None

    @classmethod
    def setUpClass(cls):
        cls.lab = nmlab.NmLab(cls.BACKEND)
        try:
            cls.lab.start()
        except LabUnavailable as e:
            cls.lab = None
            raise unittest.SkipTest(str(e))
        cls.home = teardown.scratch_dir("altoscope-nmtest-")

    @classmethod
    def tearDownClass(cls):
        if cls.lab is not None:
            cls.lab.stop()
            teardown.remove_dir(cls.home)

    def cli(self, *args, check_exit=None):
        env = {"XDG_CONFIG_HOME": os.path.join(self.home, "config"),
               "XDG_CACHE_HOME": os.path.join(self.home, "cache")}
        r = subprocess.run(self.lab.in_client([CLI, *args], env), capture_output=True, text=True,
                           timeout=120)
        if check_exit is not None:
            self.assertEqual(r.returncode, check_exit, (args, r.stdout[-3000:], r.stderr))
        return r

    def discover(self, *args):
        r = self.cli("discover", "--json", "--ignore-backoff", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        report = json.loads(r.stdout)
        return report, {(t["interface"], t["family"]): t for t in report["targets"]}

    def interface(self):
        r = self.cli("interfaces", "--json", check_exit=0)
        report = json.loads(r.stdout)
        self.assertEqual(report["schema"], "altoscope-interfaces/1")
        self.assertTrue(report["networkmanager"]["running"])
        by_name = {i["name"]: i for i in report["interfaces"]}
        self.assertIn(nmlab.CLIENT_IF, by_name)
        return by_name[nmlab.CLIENT_IF]

    def uri_names(self, target):
        return [u["uri"].rsplit("/", 1)[1] for u in target["uris"]]


class InternalClient(LabCase):
    BACKEND = "internal"

    def test_interfaces_show_what_networkmanager_reports(self):
        iface = self.interface()
        self.assertEqual(iface["connection"]["uuid"], nmlab.CONNECTION_UUID)
        self.assertEqual(iface["state"], "connected")
        v4 = iface["ipv4"]
        self.assertEqual(v4["dns"], [nmlab.SERVER_V4])
        self.assertTrue(any(a.startswith("192.0.2.") for a in v4["addresses"]))
        self.assertEqual(v4["dhcp"]["domain_name"], "dhcp15.signed.test")
        # The internal client never requests option 213, though the server forces it.
        self.assertNotIn("v4_access_domain", v4["dhcp"])
        self.assertEqual([o["option"] for o in v4["alto_options"]], [15])
        self.assertEqual((v4["domain"], v4["domain_source"]),
                         ("dhcp15.signed.test", "dhcp4-option-15"))

    def test_ipv4_uses_option_15_on_the_interface_resolver(self):
        # With the lab's anchor: the root's alone cannot prove the lab, and
        # an AD claim it cannot prove reads indeterminate (issue 17).
        report, targets = self.discover("--trust-anchor", self.lab.dns.anchors_file)
        self.assertTrue(report["networkmanager"]["running"])
        t = targets[(nmlab.CLIENT_IF, "ipv4")]
        self.assertEqual((t["domain"], t["domain_source"]), ("dhcp15.signed.test", "dhcp4-option-15"))
        self.assertEqual(t["status"], "ok")
        self.assertEqual(self.uri_names(t), ["dhcp15"])
        self.assertEqual(t["resolvers"][0], f"{nmlab.SERVER_V4}:53")
        self.assertFalse(t["resolvers_from_system"])
        self.assertEqual(t["dnssec"], "secure")
        self.assertEqual(t["connection"]["uuid"], nmlab.CONNECTION_UUID)
        self.assertIn("dhcp-option-15", [w["code"] for w in t["warnings"]])

    def test_dnssec_is_proved_through_the_interface(self):
        """Issue 17: the pair's validator asks the interface's own DNS server
        (from DHCP), from the interface, and proves the answers from the
        lab's anchor; without that anchor (the lab is not under the real
        root) the resolver's AD is a claim whose proof did not come:
        indeterminate, the claim beside it, and dnssec-mismatch."""
        report, targets = self.discover("--interface", nmlab.CLIENT_IF, "--family", "ipv4",
                                        "--trust-anchor", self.lab.dns.anchors_file)
        t = targets[(nmlab.CLIENT_IF, "ipv4")]
        self.assertEqual(t["status"], "ok")
        self.assertEqual(t["resolvers"][0], f"{nmlab.SERVER_V4}:53")
        self.assertEqual((t["dnssec"], t["dnssec_validator"]), ("secure", "altoscope"))
        self.assertEqual(t["resolver_dnssec"], "secure")
        self.assertEqual(t["uris"][0]["dnssec_validator"], "altoscope")
        self.assertTrue(t["answers"])
        for a in t["answers"]:
            self.assertEqual(a["dnssec_validator"], "altoscope", a)
            self.assertTrue(a["server"].startswith(nmlab.SERVER_V4), a)
        self.assertNotIn("dnssec-mismatch", [w["code"] for w in t["warnings"]])

        report, targets = self.discover("--interface", nmlab.CLIENT_IF, "--family", "ipv4")
        t = targets[(nmlab.CLIENT_IF, "ipv4")]
        self.assertEqual((t["dnssec"], t["dnssec_validator"]), ("indeterminate", "altoscope"))
        self.assertEqual(t["resolver_dnssec"], "secure")
        self.assertIn("dnssec-mismatch", [w["code"] for w in t["warnings"]])
        self.assertTrue(all("trust anchor" in a["validation_failure"] for a in t["answers"]), t)

    def test_ipv6_has_no_domain_and_says_why(self):
        self.lab.wait_for_dhcp6()
        _, targets = self.discover("--family", "ipv6")
        t = targets[(nmlab.CLIENT_IF, "ipv6")]
        self.assertEqual(t["status"], "failed")
        self.assertEqual(t["error"]["code"], "no-domain")
        self.assertEqual(t["error"]["step"], "domain")
        self.assertIn("57", t["error"]["message"])
        self.assertIn("internal DHCP client", t["error"]["message"])
        self.assertIn("dhclient", t["error"]["message"])
        self.assertIsNone(t["domain"])
        self.assertEqual(set(targets), {(nmlab.CLIENT_IF, "ipv6")})

    def test_interface_family_override_wins_and_uses_the_interface_resolver(self):
        self.cli("override", "set", "override.signed.test", "--interface", nmlab.CLIENT_IF,
                 "--family", "ipv6", check_exit=0)
        try:
            _, targets = self.discover("--interface", nmlab.CLIENT_IF)
            v6 = targets[(nmlab.CLIENT_IF, "ipv6")]
            self.assertEqual((v6["domain"], v6["domain_source"]),
                             ("override.signed.test", "override-interface-family"))
            self.assertEqual(self.uri_names(v6), ["override"])
            self.assertFalse(v6["resolvers_from_system"])
            self.assertIn(f"{nmlab.SERVER_V4}:53", v6["resolvers"])
            # The other family is untouched.
            v4 = targets[(nmlab.CLIENT_IF, "ipv4")]
            self.assertEqual(v4["domain_source"], "dhcp4-option-15")
        finally:
            self.cli("override", "clear", "--interface", nmlab.CLIENT_IF, "--family", "ipv6",
                     check_exit=0)

    def test_precedence_of_overrides(self):
        steps = [
            (("set", "override4.signed.test"), "override-default", "override4"),
            (("set", "connection.signed.test", "--connection", nmlab.CONNECTION_UUID),
             "override-connection", "connection"),
            (("set", "changed.signed.test", "--interface", nmlab.CLIENT_IF),
             "override-interface", "changed"),
            (("set", "override.signed.test", "--connection", nmlab.CONNECTION_UUID,
              "--family", "ipv4"), "override-connection-family", "override"),
        ]
        try:
            for args, source, uri in steps:
                with self.subTest(source=source):
                    self.cli("override", *args, check_exit=0)
                    _, targets = self.discover("--family", "ipv4")
                    t = targets[(nmlab.CLIENT_IF, "ipv4")]
                    self.assertEqual(t["domain_source"], source)
                    self.assertEqual(self.uri_names(t), [uri])
        finally:
            self.cli("override", "clear", check_exit=0)
            self.cli("override", "clear", "--connection", nmlab.CONNECTION_UUID, check_exit=0)
            self.cli("override", "clear", "--connection", nmlab.CONNECTION_UUID, "--family",
                     "ipv4", check_exit=0)
            self.cli("override", "clear", "--interface", nmlab.CLIENT_IF, check_exit=0)
        listing = json.loads(self.cli("override", "list", "--json", check_exit=0).stdout)
        self.assertEqual(listing["overrides"], [])

    def test_invalid_override_changes_nothing(self):
        before = self.cli("override", "list", "--json", check_exit=0).stdout
        for args in (("set", "bad..name", "--interface", nmlab.CLIENT_IF),
                     ("set", "ok.test", "--interface", "bad/name"),
                     ("set", "ok.test", "--connection", "not-a-uuid"),
                     ("set", "ok.test", "--family", "ipv6"),
                     ("set", "ok.test", "--interface", "x", "--connection", nmlab.CONNECTION_UUID),
                     ("set",), ("frobnicate",)):
            with self.subTest(args=args):
                r = self.cli("override", *args)
                self.assertEqual(r.returncode, 2, r.stdout)
                self.assertTrue(r.stderr.strip())
        self.assertEqual(self.cli("override", "list", "--json", check_exit=0).stdout, before)

    def test_unknown_interface_is_bad_usage(self):
        # Said as soon as NetworkManager's interfaces are known, before the
        # scheduler starts: no report, exit 2.
        for args in (("--interface", "nosuch0"), ("--interface", "nosuch0", "--family", "ipv4")):
            with self.subTest(args=args):
                r = self.cli("discover", "--json", *args)
                self.assertEqual(r.returncode, 2, r.stdout)
                self.assertEqual(r.stdout, "")
                self.assertIn("knows no interface “nosuch0”", r.stderr)

    def test_check_finds_the_pid_of_the_lease(self):
        """check --interface asks the server which PID the lease's address is
        in (issue 18): an ALTO server in the lab's server namespace, over
        plain http (its address is the lab's, not in a certificate)."""
        server = subprocess.Popen(["ip", "netns", "exec", self.lab.ns_srv, "/usr/bin/python3",
                                   os.path.join(HTTP_DIR, "alto_server.py"), nmlab.SERVER_V4],
                                  stdout=subprocess.PIPE, text=True)
        teardown.track(server, group=False, name="alto_server")
        try:
            base = server.stdout.readline().strip()
            self.assertTrue(base.startswith("http://"), base)
            lease = self.interface()["ipv4"]["addresses"][0].split("/")[0]
            r = self.cli("check", base + "/ird-maps", "--interface", nmlab.CLIENT_IF, "--json",
                         check_exit=0)
            report = json.loads(r.stdout)
            self.assertEqual(report["local_address"], lease)
            self.assertEqual([(e["address"], e["pid"], e["via"]) for e in report["endpoints"]],
                             [(lease, "nm-lab", "network-map")])
        finally:
            teardown.end_process(server, timeout=10, group=False)
            server.stdout.close()


class DhclientClient(LabCase):
    BACKEND = "dhclient"

    def test_ipv4_uses_option_213(self):
        iface = self.interface()
        self.assertEqual(iface["ipv4"]["dhcp"]["v4_access_domain"], "dhcp213.signed.test.")
        _, targets = self.discover("--family", "ipv4",
                                   "--trust-anchor", self.lab.dns.anchors_file)
        t = targets[(nmlab.CLIENT_IF, "ipv4")]
        self.assertEqual((t["domain"], t["domain_source"]),
                         ("dhcp213.signed.test", "dhcp4-option-213"))
        self.assertEqual(self.uri_names(t), ["dhcp213"])
        self.assertEqual(t["dnssec"], "secure")
        decoded = {o["option"]: o for o in t["dhcp_options"]}
        self.assertEqual(decoded[213]["domain"], "dhcp213.signed.test")
        self.assertEqual(decoded[15]["domain"], "dhcp15.signed.test")

    def test_ipv6_uses_option_57(self):
        self.lab.wait_for_dhcp6()
        iface = self.interface()
        self.assertEqual(iface["ipv6"]["dhcp"]["dhcp6_v6_access_domain"], "dhcp57.signed.test.")
        _, targets = self.discover("--family", "ipv6")
        t = targets[(nmlab.CLIENT_IF, "ipv6")]
        self.assertEqual((t["domain"], t["domain_source"]),
                         ("dhcp57.signed.test", "dhcp6-option-57"))
        self.assertEqual(self.uri_names(t), ["dhcp57"])
        self.assertTrue(t["resolvers"][0].startswith(f"[{nmlab.SERVER_V6}]"))


class HostileDhcp(LabCase):
    """Odd DHCP strings, through both DHCP back ends: shown escaped, never
    used, never a crash, and the message says what was wrong."""
    BACKEND = "internal"
    EVIL = "evil\x1b[2J\u202e.test"

    @classmethod
    def setUpClass(cls):
        hex15 = "hex:" + ":".join(f"{b:02x}" for b in cls.EVIL.encode())
        cls.labs = []
        for backend in ("internal", "dhclient"):
            lab = nmlab.NmLab(backend, option15=hex15, option213="hex:40:65:00")
            try:
                lab.start()
            except LabUnavailable as e:
                for other in cls.labs:
                    other.stop()
                raise unittest.SkipTest(str(e))
            cls.labs.append(lab)
        cls.lab = cls.labs[0]
        cls.home = teardown.scratch_dir("altoscope-nmtest-")

    @classmethod
    def tearDownClass(cls):
        for lab in cls.labs:
            lab.stop()
        teardown.remove_dir(cls.home)

    def test_odd_values_are_shown_escaped_and_not_used(self):
        for lab in self.labs:
            with self.subTest(backend=lab.backend):
                type(self).lab = lab
                iface = self.interface()
                v4 = iface["ipv4"]
                self.assertIsNone(v4["domain"])
                self.assertIn("dhcp-malformed", [w["code"] for w in v4["warnings"]])
                self.assertIn("malformed", v4["no_domain_message"])
                self.assertTrue(v4["alto_options"])
                self.assertTrue(all(o["domain"] is None and o["error"] for o in v4["alto_options"]))
                text = self.cli("interfaces", check_exit=0).stdout
                self.assertFalse([c for c in text if ord(c) < 0x20 and c != "\n"])
                self.assertNotIn("\u202e", text)
                _, targets = self.discover("--family", "ipv4")
                t = targets[(nmlab.CLIENT_IF, "ipv4")]
                self.assertEqual(t["error"]["code"], "no-domain")
                self.assertIn("malformed", t["error"]["message"])


class RealVpn(LabCase):
    """A real OpenVPN tunnel through NetworkManager's own VPN plugin."""
    BACKEND = "internal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.lab.start_vpn_server()
            cls.lab.vpn_up()
        except LabUnavailable as e:
            cls.lab.stop()
            cls.lab = None
            raise unittest.SkipTest(str(e))

    def vpn_entry(self):
        r = self.cli("interfaces", "--json", check_exit=0)
        return {i["name"]: i for i in json.loads(r.stdout)["interfaces"]}

    def test_vpn_is_its_own_entry_with_its_tunnel(self):
        entries = self.vpn_entry()
        vpn = entries[nmlab.VPN_ID]
        self.assertTrue(vpn["vpn"])
        self.assertEqual(vpn["kind"], "vpn")
        self.assertEqual(vpn["vpn_parent"], nmlab.CLIENT_IF)
        self.assertEqual(vpn["connection"]["uuid"], nmlab.VPN_UUID)
        self.assertTrue(vpn["ip_interface"].startswith("tun"))
        # The tunnel device is folded into the VPN, not listed twice.
        self.assertNotIn(vpn["ip_interface"], entries)
        self.assertEqual(vpn["ipv4"]["addresses"], [f"{nmlab.VPN_CLIENT}/32"])
        self.assertEqual(vpn["ipv4"]["dns"], [nmlab.VPN_SERVER])
        self.assertIsNone(vpn["ipv4"]["domain"])
        self.assertIn("vpn-no-dhcp", [w["code"] for w in vpn["ipv4"]["warnings"]])

    def test_connection_override_follows_the_vpn_across_reconnects(self):
        self.cli("override", "set", "connection.signed.test", "--connection", nmlab.VPN_UUID,
                 check_exit=0)
        try:
            for attempt in ("first", "after reconnecting"):
                with self.subTest(attempt=attempt):
                    _, targets = self.discover("--interface", nmlab.VPN_ID, "--family", "ipv4")
                    t = targets[(nmlab.VPN_ID, "ipv4")]
                    self.assertEqual((t["domain"], t["domain_source"]),
                                     ("connection.signed.test", "override-connection"))
                    # Asked of the VPN's own DNS server, through the tunnel.
                    self.assertEqual(t["resolvers"], [f"{nmlab.VPN_SERVER}:53"])
                    self.assertEqual(self.uri_names(t), ["connection"])
                    self.assertEqual(t["vpn_parent"], nmlab.CLIENT_IF)
                self.lab.vpn_down()
                self.lab.vpn_up()
        finally:
            self.cli("override", "clear", "--connection", nmlab.VPN_UUID, check_exit=0)


class Live(LabCase):
    """watch follows overrides, DHCP changes and NetworkManager restarting."""
    BACKEND = "internal"

    def start_watch(self):
        env = {"XDG_CONFIG_HOME": os.path.join(self.home, "config"),
               "XDG_CACHE_HOME": os.path.join(self.home, "cache")}
        self.watch = subprocess.Popen(self.lab.in_client([CLI, "watch", "--json", "--family",
                                                          "ipv4"], env),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.seen = []

        def reader():
            for line in self.watch.stdout:
                self.lines.put(line)
        threading.Thread(target=reader, daemon=True).start()

    def stop_watch(self):
        self.watch.terminate()
        self.watch.wait(timeout=10)

    def wait_for(self, what, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            event = json.loads(line)   # every line is one JSON object
            self.seen.append(event)
            if predicate(event):
                return event
        self.fail(f"watch never reported {what}; it said: "
                  + json.dumps(self.seen[-6:], indent=1)[:4000])

    @staticmethod
    def result_with(domain):
        def match(e):
            return (e.get("event") == "result" and e["targets"][0]["interface"] == nmlab.CLIENT_IF
                    and e["targets"][0]["domain"] == domain)
        return match

    def test_watch_follows_every_change(self):
        self.start_watch()
        try:
            first = self.wait_for("the first result", self.result_with("dhcp15.signed.test"))
            self.assertEqual(first["schema"], "altoscope-report/1")
            self.assertEqual(first["targets"][0]["uris"][0]["uri"],
                             "https://alto1.signed.test/dhcp15")

            # An override: only the affected pair runs again.
            self.cli("override", "set", "changed.signed.test", "--interface", nmlab.CLIENT_IF,
                     "--family", "ipv4", check_exit=0)
            changed = self.wait_for("the override", self.result_with("changed.signed.test"))
            self.assertEqual(changed["targets"][0]["domain_source"], "override-interface-family")
            self.cli("override", "clear", "--interface", nmlab.CLIENT_IF, "--family", "ipv4",
                     check_exit=0)
            self.wait_for("the override cleared", self.result_with("dhcp15.signed.test"))

            # The DHCP server now hands out another domain; a new lease brings it.
            self.lab.restart_dnsmasq(**{"15": "dhcp15b.signed.test"})
            self.lab.reactivate()
            renewed = self.wait_for("the new DHCP domain", self.result_with("dhcp15b.signed.test"))
            self.assertEqual(renewed["targets"][0]["uris"][0]["uri"],
                             "https://alto1.signed.test/dhcp15b")

            # NetworkManager goes away, and comes back.
            self.lab.stop_nm()
            self.wait_for("NetworkManager stopping",
                          lambda e: e.get("event") == "networkmanager"
                          and not e["networkmanager"]["running"])
            self.wait_for("the pair going away", lambda e: e.get("event") == "removed")
            self.lab.start_nm()
            self.lab.wait_for_ipv4()
            self.wait_for("NetworkManager back", lambda e: e.get("event") == "networkmanager"
                          and e["networkmanager"]["running"])
            self.wait_for("a result after the restart", self.result_with("dhcp15b.signed.test"))
            self.assertIsNone(self.watch.poll(), "watch must survive NetworkManager restarting")
        finally:
            self.stop_watch()

    def test_without_networkmanager_the_default_override_still_works(self):
        self.lab.stop_nm()
        try:
            self.cli("override", "set", "override4.signed.test", check_exit=0)
            report, targets = self.discover()
            self.assertFalse(report["networkmanager"]["running"])
            t = targets[(None, None)]
            self.assertEqual((t["domain"], t["domain_source"]),
                             ("override4.signed.test", "override-default"))
            self.assertTrue(t["resolvers_from_system"])
            self.assertEqual(t["resolvers"], [f"{nmlab.SERVER_V4}:53"])
            self.assertEqual(self.uri_names(t), ["override4"])
        finally:
            self.cli("override", "clear", check_exit=0)
            self.lab.start_nm()
            self.lab.wait_for_ipv4()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    if os.geteuid() != 0:
        print("SKIP: the NetworkManager lab needs root (network namespaces, mounts)",
              file=sys.stderr)
        sys.exit(77)
    teardown.install()   # SIGTERM (meson's timeout) and SIGINT end the labs too
    result = unittest.main(verbosity=2, exit=False).result
    if result.skipped and not result.failures and not result.errors \
            and len(result.skipped) == result.testsRun:
        print("SKIP: " + result.skipped[0][1], file=sys.stderr)
        sys.exit(77)
    sys.exit(0 if result.wasSuccessful() else 1)
