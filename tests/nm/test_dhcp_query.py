#!/usr/bin/python3
"""Asking DHCP servers directly (DHCPINFORM, DHCPv6 Information-Request)
beside a real NetworkManager with its default internal DHCP client, which
holds its lease from a real dnsmasq (tests/nm/nmlab.py).  Needs root;
without it, exits 77 and says why.

Usage: test_dhcp_query.py PATH-TO-altoscope-cli PATH-TO-altoscope-dhcp-helper [unittest args]
"""

import json
import os
import re
import select
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nmlab  # noqa: E402
import teardown  # noqa: E402
from lab import LabUnavailable  # noqa: E402

CLI = None
HELPER = None
FORGER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forge_dhcp.py")
FORGED = "forged.example"

# What would change or end a lease, in dnsmasq's log (DHCPv4, then DHCPv6).
LEASE_MESSAGES = re.compile(r"\b(DHCPDISCOVER|DHCPREQUEST|DHCPRELEASE|DHCPDECLINE|DHCPSOLICIT|"
                            r"DHCPRENEW|DHCPREBIND|DHCPCONFIRM)\b")


class Inform(unittest.TestCase):
    lab = None

    @classmethod
    def setUpClass(cls):
        cls.lab = nmlab.NmLab("internal")
        try:
            cls.lab.start()
            cls.lab.wait_for_dhcp6()
        except LabUnavailable as e:
            if cls.lab.dir is not None:
                cls.lab.stop()
            cls.lab = None
            raise unittest.SkipTest(str(e))
        cls.home = teardown.scratch_dir("altoscope-dhcptest-")

    @classmethod
    def tearDownClass(cls):
        if cls.lab is not None:
            cls.lab.stop()
            teardown.remove_dir(cls.home)

    def run_in_client(self, argv, user=None):
        env = {"XDG_CONFIG_HOME": os.path.join(self.home, "config"),
               "XDG_CACHE_HOME": os.path.join(self.home, "cache")}
        if user is not None:
            argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *argv]
        return subprocess.run(self.lab.in_client(argv, env), capture_output=True, text=True,
                              timeout=120)

    def cli(self, *args, check_exit=None, user=None):
        r = self.run_in_client([CLI, *args], user=user)
        if check_exit is not None:
            self.assertEqual(r.returncode, check_exit, (args, r.stdout[-3000:], r.stderr))
        return r

    def query(self, *args, check_exit=0):
        r = self.cli("dhcp-query", "--interface", nmlab.CLIENT_IF, "--json", *args,
                     check_exit=check_exit)
        report = json.loads(r.stdout)
        self.assertEqual(report["schema"], "altoscope-dhcp-query/1")
        return {q["family"]: q for q in report["queries"]}

    def discover(self, *args):
        r = self.cli("discover", "--json", "--ignore-backoff", "--ask-dhcp", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        report = json.loads(r.stdout)
        return {t["family"]: t for t in report["targets"] if t["interface"] == nmlab.CLIENT_IF}

    @staticmethod
    def option_status(target):
        """dhcp_option_status as {option: status}."""
        return {o["option"]: o["status"] for o in target["dhcp_option_status"]}

    def lease_state(self):
        """Everything that says which lease the client holds."""
        with open(self.lab._path("dnsmasq.leases")) as f:
            leases = f.read()
        return (leases, self.lab.device_field("IP4.ADDRESS"), self.lab.device_field("IP6.ADDRESS"),
                sorted(self.lab.device_field("DHCP4.OPTION")),
                sorted(self.lab.device_field("DHCP6.OPTION")))

    def log_offset(self):
        return os.path.getsize(self.lab._path("dnsmasq.log"))

    def log_since(self, offset):
        with open(self.lab._path("dnsmasq.log")) as f:
            f.seek(offset)
            return f.read()

    def test_queries_find_213_and_57_and_leave_the_lease_alone(self):
        before = self.lease_state()
        offset = self.log_offset()
        queries = self.query()
        v4, v6 = queries["ipv4"], queries["ipv6"]

        self.assertEqual(v4["status"], "ok", v4)
        self.assertEqual(v4["message"], "DHCPINFORM")
        self.assertEqual(v4["server"], nmlab.SERVER_V4)
        self.assertEqual(v4["server_id"], nmlab.SERVER_V4)
        # Unicast to the lease's own server (RFC 2131 §4.4.3), from the
        # lease's address.
        self.assertEqual(v4["sent_to"], nmlab.SERVER_V4)
        self.assertTrue(v4["sent_from"].startswith("192.0.2."))
        self.assertIn(213, v4["options_present"])
        decoded = {o["option"]: o for o in v4["options"]}
        self.assertEqual(decoded[213]["domain"], "dhcp213.signed.test")
        self.assertEqual(decoded[213]["key"], "inform_option_213")
        self.assertEqual(decoded[15]["domain"], "dhcp15.signed.test")
        # Kept for the lease's own time (the lab's 10 minutes).
        self.assertEqual((v4["lifetime_s"], v4["lifetime_source"]), (600, "lease-time"))
        self.assertIsNone(v4["error"])

        self.assertEqual(v6["status"], "ok", v6)
        self.assertEqual(v6["message"], "Information-Request")
        self.assertEqual(v6["sent_to"], "ff02::1:2")
        self.assertTrue(v6["sent_from"].startswith("fe80::"))
        self.assertTrue(v6["server"].startswith("fe80::"), v6)
        self.assertTrue(v6["server_id"])
        self.assertEqual([o["domain"] for o in v6["options"]], ["dhcp57.signed.test"])
        self.assertIn(v6["lifetime_source"], ("option-32", "option-32-minimum", "rfc8415-default"))
        self.assertGreaterEqual(v6["lifetime_s"], 600)

        log = self.log_since(offset)
        self.assertIn("DHCPINFORM(", log)
        self.assertIn("DHCPINFORMATION-REQUEST(", log)
        self.assertIsNone(LEASE_MESSAGES.search(log), log)
        self.assertEqual(self.lease_state(), before)

    def test_discover_ask_dhcp_finds_both_families(self):
        before = self.lease_state()
        offset = self.log_offset()
        targets = self.discover()
        v4, v6 = targets["ipv4"], targets["ipv6"]
        self.assertEqual((v4["domain"], v4["domain_source"], v4["dhcp_server"]),
                         ("dhcp213.signed.test", "dhcp4-inform-option-213", nmlab.SERVER_V4))
        self.assertEqual([u["uri"].rsplit("/", 1)[1] for u in v4["uris"]], ["dhcp213"])
        self.assertEqual(v4["status"], "ok")
        # The lease's own option 15 is still shown beside the answer.
        self.assertEqual([o["option"] for o in v4["dhcp_options"]], [15])
        self.assertEqual(v4["dhcp_query"]["status"], "ok")
        self.assertEqual((v6["domain"], v6["domain_source"]),
                         ("dhcp57.signed.test", "dhcp6-inforeq-option-57"))
        self.assertTrue(v6["dhcp_server"].startswith("fe80::"))
        self.assertEqual([u["uri"].rsplit("/", 1)[1] for u in v6["uris"]], ["dhcp57"])
        self.assertEqual(v6["status"], "ok")
        self.assertIsNone(LEASE_MESSAGES.search(self.log_since(offset)))
        self.assertEqual(self.lease_state(), before)
        # What step 1 knew of each option: the answer's 213 and 57 are there.
        self.assertEqual(self.option_status(v4), {213: "present", 15: "present"})
        self.assertEqual(self.option_status(v6), {57: "present"})

        # Without --ask-dhcp nothing is asked: the lease's option 15, and no domain for IPv6.
        r = self.cli("discover", "--json", "--ignore-backoff", "--interface", nmlab.CLIENT_IF)
        plain = {t["family"]: t for t in json.loads(r.stdout)["targets"]}
        self.assertEqual(plain["ipv4"]["domain_source"], "dhcp4-option-15")
        self.assertNotIn("dhcp_query", plain["ipv4"])
        self.assertEqual(plain["ipv6"]["error"]["code"], "no-domain")
        self.assertIn("--ask-dhcp", plain["ipv6"]["error"]["message"])
        # The internal client never asks for 213 and does not know 57: not
        # reported, which is not "not sent" (issue 15, item 1).
        self.assertEqual(self.option_status(plain["ipv4"]), {213: "not-reported", 15: "present"})
        self.assertEqual(self.option_status(plain["ipv6"]), {57: "not-reported"})
        self.assertTrue(plain["ipv6"]["error"]["message"].startswith(
            "NetworkManager did not report option 57"), plain["ipv6"]["error"]["message"])

    def test_text_output(self):
        r = self.cli("dhcp-query", "--interface", nmlab.CLIENT_IF, "--family", "ipv6",
                     check_exit=0)
        self.assertIn("Information-Request", r.stdout)
        self.assertIn("option 57: dhcp57.signed.test", r.stdout)

    def test_a_server_that_does_not_answer(self):
        self.lab._end(self.lab.dnsmasq)
        try:
            queries = self.query("--timeout", "3", check_exit=1)
        finally:
            self.lab.start_dnsmasq()
        for family, q in queries.items():
            with self.subTest(family=family):
                self.assertEqual(q["status"], "failed")
                self.assertEqual(q["error"]["code"], "dhcp-timeout")
                self.assertIn("No DHCP server answered", q["error"]["message"])
                self.assertIn("Information-Request" if family == "ipv6" else "DHCPINFORM",
                              q["error"]["hint"])
                self.assertGreaterEqual(q["elapsed_ms"], 2900)
                self.assertLess(q["elapsed_ms"], 6000)
                self.assertGreaterEqual(q["attempts"], 1)
        # RFC 8415: retransmitted after about 1, then 2 s; RFC 2131: after 4 s.
        self.assertGreaterEqual(queries["ipv6"]["attempts"], 2)
        self.assertEqual(queries["ipv4"]["attempts"], 1)

    def test_a_server_that_answers_without_the_options(self):
        self.lab.restart_dnsmasq(**{"213": None, "57": None})
        try:
            queries = self.query()
            self.assertEqual(queries["ipv4"]["status"], "ok")
            self.assertEqual([o["option"] for o in queries["ipv4"]["options"]], [15])
            self.assertNotIn(213, queries["ipv4"]["options_present"])
            self.assertEqual(queries["ipv6"]["status"], "ok")
            self.assertEqual(queries["ipv6"]["options"], [])
            targets = self.discover()
            self.assertEqual(targets["ipv4"]["domain_source"], "dhcp4-option-15")
            self.assertIn("dhcp-option-15", [w["code"] for w in targets["ipv4"]["warnings"]])
            self.assertEqual(targets["ipv6"]["error"]["code"], "no-domain")
            self.assertIn("answered without option 57", targets["ipv6"]["error"]["message"])
            self.assertEqual(targets["ipv6"]["dhcp_query"]["status"], "ok")
            # Asked directly, the server's silence is known: not sent.
            self.assertEqual(self.option_status(targets["ipv4"]),
                             {213: "not-sent", 15: "present"})
            self.assertEqual(self.option_status(targets["ipv6"]), {57: "not-sent"})
            r = self.cli("discover", "--ignore-backoff", "--ask-dhcp", "--interface",
                         nmlab.CLIENT_IF, "--family", "ipv6")
            self.assertIn("option 57: not sent by the DHCP server", r.stdout)
        finally:
            self.lab.restart_dnsmasq(**{"213": "dhcp213.signed.test", "57": "dhcp57.signed.test"})

    def test_malformed_values_are_shown_and_not_used(self):
        # 213: a label longer than what follows; 57: a compression pointer.
        self.lab.restart_dnsmasq(**{"213": "hex:07:65:78", "57": "hex:c0:0c"})
        try:
            queries = self.query()
            o213 = {o["option"]: o for o in queries["ipv4"]["options"]}[213]
            self.assertIsNone(o213["domain"])
            self.assertEqual(o213["value"], "07:65:78")
            self.assertTrue(o213["error"])
            o57 = queries["ipv6"]["options"][0]
            self.assertIsNone(o57["domain"])
            self.assertIn("192", o57["error"])
            targets = self.discover()
            self.assertEqual(targets["ipv4"]["domain_source"], "dhcp4-option-15")
            self.assertIn("dhcp-malformed", [w["code"] for w in targets["ipv4"]["warnings"]])
            self.assertEqual(targets["ipv6"]["error"]["code"], "no-domain")
            self.assertIn("malformed", targets["ipv6"]["error"]["message"])
        finally:
            self.lab.restart_dnsmasq(**{"213": "dhcp213.signed.test", "57": "dhcp57.signed.test"})

    def test_without_privileges_the_error_says_what_to_do(self):
        queries = self.query("--family", "ipv4", check_exit=0)
        self.assertEqual(queries["ipv4"]["status"], "ok")   # as root it works ...
        r = self.cli("dhcp-query", "--interface", nmlab.CLIENT_IF, "--json", user=65534)
        self.assertEqual(r.returncode, 1, r.stderr)
        for q in json.loads(r.stdout)["queries"]:
            self.assertEqual(q["error"]["code"], "dhcp-permission")
            self.assertIn("sudo altoscope-cli dhcp-query", q["error"]["hint"])

    def with_forger(self, mode, family):
        """altoscope-cli dhcp-query while forge_dhcp.py answers on the
        server's end of the veth: its output, and how many replies the
        forger sent."""
        forger = subprocess.Popen(["ip", "netns", "exec", self.lab.ns_srv, "/usr/bin/python3",
                                   FORGER, nmlab.SERVER_IF, mode, FORGED],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)
        try:
            ready, _, _ = select.select([forger.stdout], [], [], 10)
            line = forger.stdout.readline() if ready else ""
            self.assertEqual(line.strip(), "ready", forger.stderr.read() if not ready else line)
            r = self.cli("dhcp-query", "--interface", nmlab.CLIENT_IF, "--family", family,
                         "--timeout", "3", "--json")
        finally:
            self.lab._end(forger)
        out, err = forger.communicate()
        return out.count(f"sent {mode}"), r, err

    def test_replies_for_another_client_are_not_taken(self):
        """Issue 14, RFC 2131 §4.4.1 and RFC 8415 §16.10: a reply with our
        transaction id but for another client (its chaddr, its DUID, or no
        Client Identifier), or from no server (no Server Identifier), is
        not ours.  With dnsmasq stopped, a hand-built reply is the only one
        on the link: taken, it would be the answer; ignored, the query
        times out.  The forger's own correct reply is taken: the forged ones
        did reach the client."""
        self.lab._end(self.lab.dnsmasq)
        try:
            for mode, family in (("v4-ours", "ipv4"), ("v4-other-chaddr", "ipv4"),
                                 ("v6-ours", "ipv6"), ("v6-no-client-id", "ipv6"),
                                 ("v6-other-duid", "ipv6"), ("v6-no-server-id", "ipv6")):
                with self.subTest(mode=mode):
                    sent, r, err = self.with_forger(mode, family)
                    self.assertGreaterEqual(sent, 1, f"the forger sent nothing: {err}")
                    [q] = json.loads(r.stdout)["queries"]
                    if mode.endswith("-ours"):
                        self.assertEqual(r.returncode, 0, (r.stdout, r.stderr))
                        self.assertEqual(q["status"], "ok")
                        self.assertIn(FORGED, [o["domain"] for o in q["options"]])
                    else:
                        self.assertEqual(r.returncode, 1, (r.stdout, r.stderr))
                        self.assertEqual(q["error"]["code"], "dhcp-timeout", q)
                        self.assertEqual(q["options"], [])
                        self.assertNotIn(FORGED, r.stdout)
        finally:
            self.lab.start_dnsmasq()

    def test_usage_errors(self):
        for args in (["--family", "ipv5"], ["--interface", "../etc"], ["--timeout", "0"],
                     ["extra"]):
            with self.subTest(args=args):
                r = self.cli("dhcp-query", *args)
                self.assertEqual(r.returncode, 2, r.stdout)
                self.assertIn("altoscope-cli dhcp-query:", r.stderr)
        queries = self.query("--interface", "nosuch0", check_exit=1)
        self.assertEqual(queries["ipv4"]["error"]["code"], "dhcp-no-interface")

    def helper(self, *args, user=None):
        return self.run_in_client([HELPER, *args], user=user)

    def test_helper_answers_and_refuses_bad_arguments(self):
        r = self.helper("--interface", nmlab.CLIENT_IF, "--family", "ipv6")
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["schema"], "altoscope-dhcp-query/1")
        [q] = report["queries"]
        self.assertEqual([o["domain"] for o in q["options"]], ["dhcp57.signed.test"])
        bad = [
            [],
            ["--interface", nmlab.CLIENT_IF],
            ["--family", "ipv4"],
            ["--interface", nmlab.CLIENT_IF, "--family", "ipv5"],
            ["--interface", "nosuch0", "--family", "ipv4"],
            ["--interface", "../../x", "--family", "ipv4"],
            ["--interface", "a" * 40, "--family", "ipv4"],
            ["--interface", "al to0", "--family", "ipv4"],
            ["--interface", nmlab.CLIENT_IF, "--family", "ipv4", "--timeout", "5"],
            ["--interface", nmlab.CLIENT_IF, "--family", "ipv4", "extra"],
            ["--interface", nmlab.CLIENT_IF, "--interface", "lo", "--family", "ipv4"],
            ["--interface=alto0", "--family=ipv4"],
        ]
        offset = self.log_offset()
        for args in bad:
            with self.subTest(args=args):
                r = self.helper(*args)
                self.assertEqual(r.returncode, 2, (r.stdout, r.stderr))
                self.assertEqual(r.stdout, "")
                self.assertIn("altoscope-dhcp-helper:", r.stderr)
        # Nothing was sent for any of them.
        self.assertNotIn("DHCPINFORM(", self.log_since(offset))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    HELPER = os.path.abspath(sys.argv.pop(1))
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
