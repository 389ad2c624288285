#!/usr/bin/python3
"""AltoscopeValidator (libunbound) against real servers: knot signs, unbound
resolves, Altoscope validates from the lab's trust anchors (the DS records
the lab's unbound is given), and a lying forwarder sits in front of the
lab's resolver for the case the validator exists for: the resolver vouches
(AD) for data whose signatures are wrong.

The same through `altoscope-cli discover --domain` (CliValidation): the
proved status in the report, the dnssec-mismatch warning, --no-validate and
--trust-anchor's usage errors.

Usage: test_validator.py PATH-TO-validate-probe PATH-TO-altoscope-cli
Exits 77 (skip) only when the DNS lab cannot start (its programs are
missing), and says why; it needs neither root nor a network namespace.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teardown  # noqa: E402
from lab import free_port, start_or_skip  # noqa: E402
from lying_forwarder import LyingForwarder  # noqa: E402
from stripping_forwarder import StrippingForwarder  # noqa: E402

PROBE = None
CLI = None
LAB = None
ROOT_KEY = "/usr/share/dns/root.key"


def setUpModule():
    global LAB
    LAB = start_or_skip()


def tearDownModule():
    if LAB is not None:
        LAB.stop()


def probe(*queries, server=None, anchors=None, extra=(), timeout=60):
    anchors = [LAB.anchors_file] if anchors is None else anchors
    argv = [PROBE, "--server", server or LAB.resolver, *extra]
    for a in anchors:
        argv += ["--anchor", a]
    r = subprocess.run(argv + list(queries), capture_output=True, text=True, timeout=timeout,
                       env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="en"))
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    # libunbound must not write to the terminal: the answer carries the reason.
    assert r.stderr == "", r.stderr
    return json.loads(r.stdout)


class Proofs(unittest.TestCase):
    """Each status proved from the lab's anchors, with the resolver's claim beside it."""

    @classmethod
    def setUpClass(cls):
        cls.answers = dict(zip(
            ("secure", "bogus", "insecure", "no-anchor", "nxdomain", "address"),
            probe("simple.signed.test/NAPTR", "naptr.bogus.test/NAPTR",
                  "simple.island.signed.test/NAPTR", "simple.unsigned.test/NAPTR",
                  "missing.signed.test/NAPTR", "alto1.signed.test/A")))

    def test_secure(self):
        a = self.answers["secure"]
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertEqual(a["dnssec"], "secure", a)
        self.assertEqual(a["resolver_dnssec"], "secure", a)   # the honest resolver agrees
        self.assertFalse(a["failed"], a)
        self.assertEqual(a["count"], 2, a)
        self.assertIsNone(a["validation_failure"], a)
        self.assertIsNone(a["why_bogus"], a)
        self.assertEqual(a["server"], LAB.resolver, a)
        self.assertEqual(self.answers["address"]["dnssec"], "secure")

    def test_bogus(self):
        a = self.answers["bogus"]
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertEqual(a["dnssec"], "bogus", a)
        self.assertTrue(a["failed"], a)
        self.assertEqual(a["error_code"], "bogus", a)
        self.assertTrue(a["why_bogus"], a)               # libunbound's reason, in words
        # The lab's unbound validates too: it says bogus (SERVFAIL, EDE 6).
        self.assertEqual(a["resolver_dnssec"], "bogus", a)
        # The data that failed is kept, to be shown as bogus.
        self.assertTrue(any("evil.bogus.test" in r for r in a["naptr_regexps"]), a)

    def test_insecure(self):
        a = self.answers["insecure"]
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertEqual(a["dnssec"], "insecure", a)     # proved: no DS at island.signed.test
        self.assertEqual(a["resolver_dnssec"], "insecure", a)
        self.assertFalse(a["failed"], a)
        self.assertEqual(a["count"], 1, a)

    def test_no_anchor_is_indeterminate(self):
        # No anchor covers unsigned.test (the root's is left out here): not
        # proved insecure, so not "insecure".
        a = self.answers["no-anchor"]
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertEqual(a["dnssec"], "indeterminate", a)
        self.assertEqual(a["count"], 1, a)

    def test_nxdomain_is_proved(self):
        a = self.answers["nxdomain"]
        self.assertEqual(a["dnssec"], "secure", a)       # NSEC proves the name is not there
        self.assertEqual(a["error_code"], "nxdomain", a)
        self.assertEqual(a["rcode"], 3, a)


class LabCases(unittest.TestCase):
    """The broken and the proved zones the lab signs offline (zones.OFFLINE_CHILDREN),
    each told apart by the validator, with the resolver's claim beside it."""

    @classmethod
    def setUpClass(cls):
        cls.answers = dict(zip(
            ("expired", "dsbad", "oddalg", "nsec-nodata", "nsec3-secure", "nsec3-nxdomain",
             "nsec3-nodata"),
            probe("simple.expired.signed.test/NAPTR", "simple.dsbad.signed.test/NAPTR",
                  "simple.oddalg.signed.test/NAPTR", "host.signed.test/NAPTR",
                  "simple.nsec3.signed.test/NAPTR", "missing.nsec3.signed.test/NAPTR",
                  "host.nsec3.signed.test/NAPTR")))

    def assert_bogus(self, a, words):
        self.assertEqual((a["dnssec"], a["dnssec_validator"]), ("bogus", "altoscope"), a)
        self.assertEqual(a["error_code"], "bogus", a)
        self.assertIsNone(a["validation_failure"], a)
        self.assertIn(words, a["why_bogus"], a)
        self.assertEqual(a["resolver_dnssec"], "bogus", a)   # the lab's unbound agrees

    def test_expired_signatures_are_bogus(self):
        self.assert_bogus(self.answers["expired"], "signature expired")

    def test_ds_mismatch_is_bogus(self):
        # The parent's DS is of a key that signed nothing in the child.
        self.assert_bogus(self.answers["dsbad"], "no keys have a DS")

    def test_unsupported_algorithm_is_insecure(self):
        # RSAMD5 (RFC 6725): RFC 4035 §5.2 treats the zone as unsigned.
        a = self.answers["oddalg"]
        self.assertEqual((a["dnssec"], a["dnssec_validator"]), ("insecure", "altoscope"), a)
        self.assertFalse(a["failed"], a)
        self.assertEqual(a["count"], 1, a)
        self.assertIsNone(a["why_bogus"], a)
        self.assertIn("algorithm it does not support", a["dnssec_detail"], a)

    def assert_proved_absence(self, a, rcode):
        self.assertEqual((a["dnssec"], a["dnssec_validator"]), ("secure", "altoscope"), a)
        self.assertEqual(a["rcode"], rcode, a)
        self.assertEqual(a["count"], 0, a)
        self.assertIsNone(a["validation_failure"], a)
        self.assertEqual(a["resolver_dnssec"], "secure", a)

    def test_nsec_proves_nodata(self):
        self.assert_proved_absence(self.answers["nsec-nodata"], 0)   # an A, no NAPTR

    def test_nsec3_proves_nxdomain_and_nodata(self):
        self.assertEqual(self.answers["nsec3-secure"]["dnssec"], "secure")
        self.assert_proved_absence(self.answers["nsec3-nxdomain"], 3)
        self.assertEqual(self.answers["nsec3-nxdomain"]["error_code"], "nxdomain")
        self.assert_proved_absence(self.answers["nsec3-nodata"], 0)


class UnawarePath(unittest.TestCase):
    """A forwarder that does not take part in DNSSEC (issue 17, item 3): no
    proof, and no "bogus" either; the resolver's view, with the reason."""

    def through(self, mode, *queries):
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, mode)
        try:
            return probe(*queries, server=f"127.0.0.1:{fwd.port}"), fwd
        finally:
            fwd.stop()

    def assert_fallback(self, a):
        self.assertEqual(a["dnssec_validator"], "resolver", a)
        self.assertNotEqual(a["dnssec"], "bogus", a)
        self.assertIsNone(a["why_bogus"], a)
        self.assertFalse(a["failed"], a)
        self.assertEqual(a["count"], 2, a)
        self.assertIn("DNSSEC records", a["validation_failure"], a)
        self.assertIn("forwarder", a["validation_failure"], a)
        self.assertNotIn("bogus", a["validation_failure"], a)

    def test_signatures_dropped(self):
        # Only DO cleared: DNSKEY and DS come back, their signatures do not.
        [a], _ = self.through("no-do", "simple.signed.test/NAPTR")
        self.assert_fallback(a)
        self.assertIn("does not pass on DNSSEC records", a["validation_failure"])

    def test_keys_and_ds_stripped(self):
        [a], fwd = self.through("strip", "simple.signed.test/NAPTR")
        self.assertGreater(fwd.stripped, 0)
        self.assert_fallback(a)

    def test_real_forgery_still_caught(self):
        # The path check asks for the anchor's keys: through an honest path
        # they come back signed, so the bogus zone stays bogus.
        [a] = probe("naptr.bogus.test/NAPTR")
        self.assertEqual(a["dnssec"], "bogus", a)

    def test_cli_says_why(self):
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, "no-do")
        try:
            t = discover_json("simple.signed.test", f"127.0.0.1:{fwd.port}",
                              "--trust-anchor", LAB.anchors_file, expect=0)
        finally:
            fwd.stop()
        self.assertEqual(t["dnssec_validator"], "resolver", t)
        self.assertNotEqual(t["dnssec"], "bogus", t)
        self.assertEqual(len(t["uris"]), 2, t)
        self.assertNotIn("dnssec-mismatch", codes(t))
        [w] = [w for w in t["warnings"] if w["code"] == "dnssec-not-validated"]
        self.assertIn("does not pass on DNSSEC records", w["message"])


class DowngradePath(unittest.TestCase):
    """An attacker strips the proof (DO cleared, DNSKEY and DS emptied),
    alters a NAPTR byte and sets AD on every reply: the resolver vouches
    while the path withholds the records that would prove it.  A validating
    resolver sends them to a DO query (RFC 4035 §3.2.1, §4.9; RFC 6840
    §5.8), so that claim contradicts itself: indeterminate, never secure,
    with dnssec-mismatch."""

    def test_probe_says_indeterminate(self):
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, "strip-ad")
        try:
            [a] = probe("simple.signed.test/NAPTR", server=f"127.0.0.1:{fwd.port}")
        finally:
            fwd.stop()
        self.assertGreater(fwd.altered, 0)
        self.assertEqual(a["dnssec"], "indeterminate", a)
        self.assertEqual(a["resolver_dnssec"], "secure", a)
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertTrue(a["validation_failure"], a)
        self.assertNotIn("nothing shows", a["validation_failure"], a)

    def test_cli_never_shows_the_forgery_as_secure(self):
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, "strip-ad")
        try:
            r = cli("discover", "--domain", "simple.signed.test", "--server",
                    f"127.0.0.1:{fwd.port}", "--trust-anchor", LAB.anchors_file, "--json")
        finally:
            fwd.stop()
        self.assertGreater(fwd.altered, 0)
        t = json.loads(r.stdout)["targets"][0]
        self.assertNotEqual(t["dnssec"], "secure", t)
        self.assertEqual(t["resolver_dnssec"], "secure", t)
        for u in t["uris"]:
            self.assertNotEqual(u["dnssec"], "secure", u)
        for a in t["answers"]:
            self.assertNotEqual(a["dnssec"], "secure", a)
        [naptr] = [a for a in t["answers"] if a["type"] == "NAPTR"]
        self.assertEqual((naptr["dnssec"], naptr["resolver_dnssec"]),
                         ("indeterminate", "secure"), naptr)
        # One for each answer the path vouched for; the NAPTR's among them.
        mismatches = [w["message"] for w in t["warnings"] if w["code"] == "dnssec-mismatch"]
        self.assertTrue(any("NAPTR answer for “simple.signed.test”" in m and "withheld" in m
                            for m in mismatches), mismatches)
        for w in t["warnings"]:
            self.assertNotIn("nothing shows", w["message"], w)


class PlainPathFails(unittest.TestCase):
    """Only the plain query goes unanswered (the forwarder drops what comes
    from 127.0.0.1; validation sends from 127.0.0.2): the proof stands, the
    claim is indeterminate."""

    def through(self, *queries):
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, "pass", drop_from="127.0.0.1")
        try:
            out = probe(*queries, server=f"127.0.0.1:{fwd.port}",
                        extra=["--source", "127.0.0.2", "--timeout", "1500"])
        finally:
            fwd.stop()
        self.assertGreater(fwd.dropped, 0)
        return out

    def test_secure_proof_without_claim(self):
        [a] = self.through("simple.signed.test/NAPTR")
        self.assertEqual((a["dnssec"], a["dnssec_validator"]), ("secure", "altoscope"), a)
        self.assertEqual(a["resolver_dnssec"], "indeterminate", a)
        self.assertFalse(a["failed"], a)
        self.assertEqual(a["count"], 2, a)
        self.assertIsNone(a["validation_failure"], a)

    def test_bogus_proof_without_claim(self):
        [a] = self.through("naptr.bogus.test/NAPTR")
        self.assertEqual((a["dnssec"], a["dnssec_validator"]), ("bogus", "altoscope"), a)
        self.assertEqual(a["resolver_dnssec"], "indeterminate", a)
        self.assertEqual(a["error_code"], "bogus", a)
        self.assertTrue(a["why_bogus"], a)
        self.assertIsNone(a["validation_failure"], a)


class LyingPath(unittest.TestCase):
    """A forwarder alters one byte of each NAPTR record and sets AD."""

    def test_lie_is_caught(self):
        fwd = LyingForwarder(free_port(), LAB.resolver_port)
        try:
            [a] = probe("simple.signed.test/NAPTR", server=f"127.0.0.1:{fwd.port}",
                        extra=["--source", "127.0.0.2"])
        finally:
            fwd.stop()
        self.assertGreater(fwd.altered, 0)
        self.assertEqual(a["resolver_dnssec"], "secure", a)   # the resolver vouches (AD)...
        self.assertEqual(a["dnssec"], "bogus", a)             # ...for data that is not
        self.assertEqual(a["dnssec_validator"], "altoscope", a)
        self.assertTrue(a["why_bogus"], a)
        self.assertEqual(a["error_code"], "bogus", a)
        # The data the resolver vouched for is kept, to be shown as bogus.
        self.assertTrue(any("//elto" in r for r in a["naptr_regexps"]), a)
        # Validation's queries left from the source address given
        # (outgoing-interface); the plain ones from the default one.
        self.assertIn("127.0.0.2", fwd.sources)
        self.assertIn("127.0.0.1", fwd.sources)


class Setup(unittest.TestCase):
    def test_anchor_file_must_be_regular(self):
        d = teardown.scratch_dir("altoscope-anchor-")
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        for bad in (d, fifo, os.path.join(d, "missing")):
            out = probe("simple.signed.test/NAPTR", anchors=[bad])
            self.assertIn("setup_error", out, bad)
            self.assertIn("trust anchor file", out["setup_error"])

    def test_anchor_file_needs_records(self):
        with tempfile.NamedTemporaryFile("w", suffix=".key") as f:
            f.write("; nothing but a comment\nexample. IN A 192.0.2.1\n")
            f.flush()
            out = probe("simple.signed.test/NAPTR", anchors=[f.name])
        self.assertIn("no DS or DNSKEY", out["setup_error"])

    def test_some_anchor_is_needed(self):
        out = probe("simple.signed.test/NAPTR", anchors=[])
        self.assertIn("at least one trust anchor", out["setup_error"])

    @unittest.skipUnless(os.path.exists(ROOT_KEY), "dns-root-data is not installed")
    def test_root_anchor_beside_the_lab(self):
        # The closest anchor decides: the root's changes nothing below signed.test.
        [a] = probe("simple.signed.test/NAPTR", extra=["--with-root"])
        self.assertEqual(a["dnssec"], "secure", a)


class Failures(unittest.TestCase):
    def test_no_server_falls_back_with_reason(self):
        [a] = probe("simple.signed.test/NAPTR", server=LAB.dead_server,
                    extra=["--timeout", "1500"])
        self.assertEqual(a["dnssec_validator"], "resolver", a)
        self.assertTrue(a["validation_failure"], a)
        self.assertTrue(a["failed"], a)

    def test_cancel(self):
        # At once, and while libunbound and c-ares are both under way.
        for after in ("0", "5", "40"):
            out = probe("simple.signed.test/NAPTR", "naptr.bogus.test/NAPTR",
                        "simple.island.signed.test/NAPTR", extra=["--cancel-after", after])
            self.assertEqual(len(out), 3)
            for a in out:
                self.assertTrue(a.get("error") == "cancelled" or "dnssec" in a, a)
        out = probe("simple.signed.test/NAPTR", extra=["--cancel-after", "0"])
        self.assertEqual(out, [{"error": "cancelled"}])


def cli(*args, expect=None, env=None):
    """altoscope-cli with a cache of its own; (exit status, stdout, stderr)."""
    extra_env = env or {}
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "XDG_CACHE_HOME": teardown.scratch_dir("altoscope-cache-"),
           "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "GSETTINGS_SCHEMA_DIR",
              "ALTOSCOPE_LOCALEDIR", "XDG_DATA_DIRS"):
        if k in os.environ:
            env[k] = os.environ[k]
    env.update(extra_env)
    r = subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=60)
    if expect is not None:
        assert r.returncode == expect, (r.returncode, r.stdout[:3000], r.stderr)
    return r


def discover_json(domain, server, *extra, expect, env=None):
    r = cli("discover", "--domain", domain, "--server", server, "--json", *extra, expect=expect,
            env=env)
    return json.loads(r.stdout)["targets"][0]


def codes(target):
    return [w["code"] for w in target["warnings"]]


class CliValidation(unittest.TestCase):
    """`discover --domain` validates by default, from the anchors given."""

    def test_secure_is_proved(self):
        t = discover_json("simple.signed.test", LAB.resolver, "--trust-anchor", LAB.anchors_file,
                          expect=0)
        self.assertEqual(t["dnssec"], "secure", t)
        self.assertEqual(t["dnssec_validator"], "altoscope", t)
        self.assertEqual(t["resolver_dnssec"], "secure", t)
        self.assertEqual(len(t["uris"]), 2, t)
        for u in t["uris"]:
            self.assertEqual((u["dnssec"], u["dnssec_validator"], u["resolver_dnssec"]),
                             ("secure", "altoscope", "secure"), u)
            self.assertIn("Altoscope", u["dnssec_detail"], u)
        for a in t["answers"]:
            self.assertEqual(a["dnssec_validator"], "altoscope", a)
            self.assertIsNone(a["validation_failure"], a)
        self.assertNotIn("dnssec-mismatch", codes(t))

    def test_text_says_who_proved_it(self):
        r = cli("discover", "--domain", "simple.signed.test", "--server", LAB.resolver,
                "--trust-anchor", LAB.anchors_file, expect=0)
        self.assertIn("DNSSEC secure (verified by Altoscope)", r.stdout)
        r = cli("discover", "--domain", "simple.signed.test", "--server", LAB.resolver,
                "--no-validate", expect=0)
        self.assertIn("DNSSEC secure (resolver says)", r.stdout)

    def test_lying_path_is_caught(self):
        fwd = LyingForwarder(free_port(), LAB.resolver_port)
        try:
            t = discover_json("simple.signed.test", f"127.0.0.1:{fwd.port}",
                              "--trust-anchor", LAB.anchors_file, expect=1)
            r = cli("discover", "--domain", "simple.signed.test", "--server",
                    f"127.0.0.1:{fwd.port}", "--trust-anchor", LAB.anchors_file,
                    "--ignore-backoff", expect=1)
        finally:
            fwd.stop()
        self.assertGreater(fwd.altered, 0)
        # No URI from the forged answer: the proof, not the claim, decides.
        self.assertEqual(t["uris"], [], t)
        self.assertEqual(t["error"]["code"], "bogus", t)
        self.assertEqual(t["dnssec"], "bogus", t)
        self.assertEqual(t["dnssec_validator"], "altoscope", t)
        self.assertEqual(t["resolver_dnssec"], "secure", t)
        [naptr] = [a for a in t["answers"] if a["type"] == "NAPTR"]
        self.assertEqual((naptr["dnssec"], naptr["resolver_dnssec"]), ("bogus", "secure"), naptr)
        self.assertTrue(naptr["why_bogus"], naptr)
        [w] = [w for w in t["warnings"] if w["code"] == "dnssec-mismatch"]
        self.assertIn("“simple.signed.test”", w["message"])
        self.assertIn("NAPTR", w["message"])
        self.assertTrue(all(rec["reason_code"] == "bogus" for rec in t["records"]), t)
        # The text leads with it.
        self.assertIn("MISMATCH:  The DNS answers on this network were altered", r.stdout)

    def test_no_validate_is_the_resolvers_view(self):
        t = discover_json("simple.signed.test", LAB.resolver, "--no-validate", expect=0)
        self.assertEqual(t["dnssec"], "secure", t)
        self.assertEqual(t["dnssec_validator"], "resolver", t)
        for a in t["answers"]:
            self.assertEqual(a["dnssec_validator"], "resolver", a)
            self.assertIsNone(a["validation_failure"], a)

    def test_anchor_keys_not_passed_is_no_bogus(self):
        # Only the root's anchor, whose keys the lab's resolver does not
        # pass on, yet it sets AD: not bogus, and not secure either (a
        # validating resolver would have passed them): indeterminate, the
        # claim beside it, and a dnssec-mismatch.  The lab pins libunbound
        # 1.17's words that anchor_keys_missing() matches.
        r = cli("discover", "--domain", "simple.signed.test", "--server", LAB.resolver, "--json")
        t = json.loads(r.stdout)["targets"][0]
        self.assertNotEqual(t["dnssec"], "secure", t)
        self.assertNotEqual(t["dnssec"], "bogus", t)
        self.assertEqual(t["resolver_dnssec"], "secure", t)
        self.assertIn("dnssec-mismatch", codes(t))
        for a in t["answers"]:
            self.assertIn("trust anchor", a["validation_failure"], a)
            self.assertEqual((a["dnssec"], a["resolver_dnssec"]), ("indeterminate", "secure"), a)

    def test_anchor_keys_not_passed_without_claim_is_a_fallback(self):
        # The same through a router that clears AD (and DO): it vouches for
        # nothing, so the plain fallback, with no false alarm.
        fwd = StrippingForwarder(free_port(), LAB.resolver_port, "no-do")
        try:
            t = discover_json("simple.signed.test", f"127.0.0.1:{fwd.port}", expect=0)
        finally:
            fwd.stop()
        self.assertEqual(t["dnssec_validator"], "resolver", t)
        self.assertNotEqual(t["dnssec"], "bogus", t)
        self.assertNotIn("dnssec-mismatch", codes(t))
        self.assertTrue(all("trust anchor" in a["validation_failure"] for a in t["answers"]), t)

    def test_root_anchor_missing(self):
        # A machine without dns-root-data (a development build's override of
        # the path): the resolver's view, and why.
        missing = os.path.join(teardown.scratch_dir("altoscope-anchor-"), "root.key")
        t = discover_json("simple.signed.test", LAB.resolver, expect=0,
                          env={"ALTOSCOPE_ROOT_TRUST_ANCHOR": missing})
        self.assertEqual(t["dnssec_validator"], "resolver", t)
        [w] = [w for w in t["warnings"] if w["code"] == "dnssec-not-validated"]
        self.assertIn("dns-root-data", w["message"])
        self.assertIn(missing, w["message"])

    def test_trust_anchor_usage_errors(self):
        d = teardown.scratch_dir("altoscope-anchor-")
        empty = os.path.join(d, "empty.key")
        with open(empty, "w") as f:
            f.write("; nothing\n")
        for args, words in (([os.path.join(d, "missing")], "cannot be read"),
                            ([d], "not a regular file"),
                            ([empty], "no DS or DNSKEY"),
                            ([LAB.anchors_file, "--no-validate"], "--no-validate")):
            r = cli("discover", "--domain", "simple.signed.test", "--server", LAB.dead_server,
                    "--trust-anchor", *args, expect=2)
            self.assertIn(words, r.stderr)
            self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    PROBE = os.path.abspath(sys.argv.pop(1))
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
