#!/usr/bin/python3
"""altoscope-cli show and diff (issue 16): a received report printed as
discover prints it, re-emitted as checked JSON, compared with an edited
copy of itself, and (with --lab) with this computer now: `diff - FILE`
runs discover's own code against the DNS lab (knot and unbound on
loopback), as `discover --domain NAME --server ADDR` does there.

Usage: test_report_cli.py PATH-TO-altoscope-cli GOLDEN-DIR [--lab]
With --lab, exits 77 (skip) only when the DNS lab cannot start, and says why.
"""

import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teardown  # noqa: E402

CLI = None
GOLDEN = None
LAB = None
RETRY_AT = "2026-11-23T12:02:00Z"


def env():
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
         "LANG": "C.UTF-8", "LANGUAGE": "en",
         "XDG_CACHE_HOME": teardown.scratch_dir("altoscope-cache-")}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "GSETTINGS_SCHEMA_DIR",
              "ALTOSCOPE_LOCALEDIR", "XDG_DATA_DIRS", "G_DEBUG"):
        if k in os.environ:
            e[k] = os.environ[k]
    e.setdefault("G_DEBUG", "fatal-criticals")
    return e


def cli(*args, timeout=60):
    return subprocess.run([CLI, *args], capture_output=True, text=True, env=env(),
                          timeout=timeout)


def golden(name):
    """The golden file, with a real time where test-report.c masked one."""
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
        return f.read().replace('"retry_at" : "TIME"', f'"retry_at" : "{RETRY_AT}"')


def write(text, name="report.json"):
    path = os.path.join(teardown.scratch_dir("altoscope-report-"), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def mask_ms(text):
    # as test-report.c masks the golden text
    text = re.sub(r"^ +[0-9]+\.[0-9] ms", "        0.0 ms", text, flags=re.M)
    return re.sub(r"[0-9]+\.[0-9] ms", "0.0 ms", text)


GOLDENS = ["found", "fallback", "nxdomain", "no-domain"]


class Show(unittest.TestCase):
    def test_text_is_discovers(self):
        for name in GOLDENS:
            with self.subTest(name):
                r = cli("show", "--verbose", write(golden(name + ".json")))
                self.assertEqual(r.returncode, 0, r.stderr)
                head = "Report:    by altoscope 0.1.0, made 2026-11-23T12:00:00Z\n\n"
                self.assertTrue(r.stdout.startswith(head), r.stdout[:200])
                self.assertEqual(mask_ms(r.stdout[len(head):]), golden(name + ".txt"))

    def test_json_is_the_report(self):
        for name in GOLDENS:
            with self.subTest(name):
                text = golden(name + ".json")
                r = cli("show", "--json", write(text))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, text + "\n")

    def test_note_and_networkmanager(self):
        report = json.loads(golden("found.json"))
        report["note"] = "Ticket 4711"
        report["networkmanager"] = {"running": True, "status": None, "version": "1.42.4",
                                    "state": "connected-global"}
        r = cli("show", write(json.dumps(report)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Note:      Ticket 4711\n", r.stdout)
        self.assertIn("NetworkManager 1.42.4, connected-global\n", r.stdout)

    def test_invalid_report(self):
        text = golden("found.json").replace('"order" : 100,', '"order" : "100",', 1)
        path = write(text)
        r = cli("show", path)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr, f"altoscope-cli show: {path}: The report is not valid: "
                         "targets[0].uris[0].order is not a whole number\n")

    def test_hostile_text(self):
        text = golden("found.json").replace('"domain" : "a.test"',
                                            '"domain" : "a.test\\u001b]0;owned\\u0007\\u202e"', 1)
        r = cli("show", write(text))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\x1b", r.stdout)
        self.assertNotIn("\u202e", r.stdout)
        self.assertIn("a.test\\u{001B}]0;owned\\u{0007}\\u{202E}", r.stdout)

    def test_usage(self):
        self.assertEqual(cli("show").returncode, 2)
        self.assertEqual(cli("show", "a", "b").returncode, 2)
        self.assertEqual(cli("show", "--json", "--text", write(golden("found.json"))).returncode, 2)
        r = cli("show", "/nonexistent/report.json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("The report cannot be read", r.stderr)


class Diff(unittest.TestCase):
    def test_equal(self):
        a = write(golden("found.json"))
        b = write(golden("found.json"), "copy.json")
        r = cli("diff", a, b)
        self.assertEqual((r.returncode, r.stdout), (0, "No differences.\n"), r.stderr)

    def test_changed_copy(self):
        a = write(golden("no-domain.json"))
        report = json.loads(golden("no-domain.json"))
        t = report["targets"][0]
        t["domain"] = "example.net"
        t["domain_source"] = "dhcp6-option-57"
        t["dnssec"] = "insecure"
        t["status"] = "ok"
        t["error"] = None
        t["uris"] = [json.loads(golden("found.json"))["targets"][0]["uris"][0]]
        b = write(json.dumps(report, indent=2), "b.json")
        r = cli("diff", a, b)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout.splitlines(), [
            "eth0 ipv6: domain: none → example.net",
            "eth0 ipv6: domain from: none → dhcp6-option-57",
            f"eth0 ipv6: URI only in {b}: https://h1.a.test/ird",
            "eth0 ipv6: DNSSEC: indeterminate → insecure",
            "eth0 ipv6: failure: no-domain → none",
        ])
        r = cli("diff", "--json", a, b)
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        self.assertEqual(out["schema"], "altoscope-report-diff/1")
        self.assertFalse(out["equal"])
        self.assertEqual([d["what"] for d in out["differences"]],
                         ["domain", "domain-source", "uri-added", "dnssec", "failure"])

    def test_uris_reordered_and_pairs_apart(self):
        report = json.loads(golden("found.json"))
        report["targets"][0]["uris"].reverse()
        r = cli("diff", write(golden("found.json")), write(json.dumps(report), "b.json"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "no interface: URI order: https://h1.a.test/ird, "
                         "http://h2.a.test:8080/ird → http://h2.a.test:8080/ird, "
                         "https://h1.a.test/ird\n")
        other = json.loads(golden("no-domain.json"))
        other["targets"][0]["interface"] = "wlan0"
        a = write(golden("no-domain.json"))
        b = write(json.dumps(other), "b.json")
        r = cli("diff", a, b)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout.splitlines(), [f"eth0 ipv6: only in {a}",
                                                 f"wlan0 ipv6: only in {b}"])

    def test_usage_and_invalid(self):
        a = write(golden("found.json"))
        self.assertEqual(cli("diff", a).returncode, 2)
        self.assertEqual(cli("diff", "-", "-").returncode, 2)
        r = cli("diff", "--domain", "a.test", a, a)
        self.assertEqual(r.returncode, 2)
        self.assertIn("go with “-”", r.stderr)
        bad = write(golden("found.json").replace('"schema" : "altoscope-report/1"',
                                                 '"schema" : "altoscope-report/9"'), "bad.json")
        r = cli("diff", a, bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn("version “altoscope-report/9”", r.stderr)


class ThisComputer(unittest.TestCase):
    """diff - FILE against the DNS lab: this computer now, as discover finds it."""

    def discover_file(self, domain, note=None):
        extra = ["--note", note] if note else []
        r = cli("discover", "--domain", domain, "--server", LAB.resolver, "--no-validate",
                "--json", *extra)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return r.stdout

    def diff_now(self, path, domain, *extra):
        return cli("diff", "-", path, "--domain", domain, "--server", LAB.resolver,
                   "--no-validate", *extra)

    def test_same_now(self):
        text = self.discover_file("simple.signed.test", note="Ticket 1")
        self.assertEqual(json.loads(text)["note"], "Ticket 1")
        r = self.diff_now(write(text), "simple.signed.test")
        self.assertEqual((r.returncode, r.stdout), (0, "No differences.\n"), r.stderr)

    def test_changed_since(self):
        report = json.loads(self.discover_file("simple.signed.test"))
        t = report["targets"][0]
        removed = t["uris"].pop(0)["uri"]
        t["dnssec"] = "bogus"
        path = write(json.dumps(report, indent=2))
        r = self.diff_now(path, "simple.signed.test")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout.splitlines(), [
            f"no interface: URI only in this computer: {removed}",
            "no interface: DNSSEC: secure → bogus",
        ])

    def test_other_domain_now(self):
        path = write(self.discover_file("simple.signed.test"))
        r = self.diff_now(path, "missing.signed.test", "--json")
        self.assertEqual(r.returncode, 1, r.stderr)
        whats = [d["what"] for d in json.loads(r.stdout)["differences"]]
        self.assertEqual(whats[0], "domain")
        self.assertIn("failure", whats)

    def test_discover_usage_error(self):
        r = cli("diff", "-", write(golden("found.json")), "--server", "not an address",
                "--domain", "a.test")
        self.assertEqual(r.returncode, 2)


def main():
    global CLI, GOLDEN, LAB
    CLI, GOLDEN = sys.argv[1], sys.argv[2]
    lab = "--lab" in sys.argv[3:]
    teardown.install()
    if lab:
        from lab import start_or_skip
        LAB = start_or_skip()
        teardown.on_teardown(LAB.stop)
        cases = [ThisComputer]
    else:
        cases = [Show, Diff]
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in cases)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
