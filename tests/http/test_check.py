#!/usr/bin/python3
"""altoscope-cli check against a real HTTPS server (nginx, started here on
loopback ports of its own) with a CA and certificates made here with
openssl.  Every assertion is on the JSON report (altoscope-check/1) or the
exit status.

Usage: test_check.py PATH-TO-altoscope-cli
Exits 77 (skip) only when nginx or openssl is missing, and says why.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dns"))
import teardown  # noqa: E402
from lab import DnsLab, LabUnavailable, free_port  # noqa: E402

CLI = None
SERVER = None

DIRECTORY = "application/alto-directory+json"
ERROR = "application/alto-error+json"


def run(argv, cwd):
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)


class Certificates:
    """A test CA; certificates it signs for 127.0.0.1 (valid, expired, for
    another name); one from a CA nobody knows."""

    def __init__(self, d):
        self.d = d
        key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        run(["openssl", "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days",
             "30", "-subj", "/CN=Altoscope Test CA"], d)
        run(["openssl", "req", "-x509", *key, "-keyout", "other.key", "-out", "other.pem",
             "-days", "30", "-subj", "/CN=localhost", "-addext",
             "subjectAltName=IP:127.0.0.1,DNS:localhost"], d)
        os.makedirs(os.path.join(d, "db"))
        open(os.path.join(d, "db", "index.txt"), "w").close()
        with open(os.path.join(d, "db", "serial"), "w") as f:
            f.write("01\n")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ ca ]\ndefault_ca = t\n[ t ]\ndir = .\ndatabase = db/index.txt\n"
                    "serial = db/serial\nnew_certs_dir = db\ncertificate = ca.pem\n"
                    "private_key = ca.key\ndefault_md = sha256\npolicy = p\n"
                    "copy_extensions = copy\nunique_subject = no\n[ p ]\ncommonName = supplied\n")
        for name, san, dates in (
                ("valid", "IP:127.0.0.1,DNS:localhost", ["-days", "30"]),
                ("expired", "IP:127.0.0.1,DNS:localhost",
                 ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"]),
                ("mismatch", "DNS:wrong.example", ["-days", "30"])):
            run(["openssl", "req", *key, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", "/CN=altoscope-test", "-addext", f"subjectAltName={san}"], d)
            run(["openssl", "ca", "-batch", "-config", "ca.cnf", *dates, "-in", f"{name}.csr",
                 "-out", f"{name}.pem"], d)

    def path(self, name):
        return os.path.join(self.d, name)


class Silent:
    """Accepts TCP connections and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def stop(self):
        self.sock.close()
        for c in self.conns:
            c.close()


class Server:
    def __init__(self):
        for tool in ("nginx", "openssl"):
            if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin") is None:
                print(f"SKIP: {tool} is not installed", file=sys.stderr)
                sys.exit(77)
        self.dir = teardown.scratch_dir("altoscope-https-")
        os.chmod(self.dir, 0o755)
        self.certs = Certificates(self.dir)
        www = os.path.join(self.dir, "www")
        shutil.copytree(os.path.join(HERE, "fixtures"), www)
        with open(os.path.join(www, "big.json"), "w") as f:
            f.write('{"meta": {}, "resources": {}, "padding": "' + "x" * (2 * 1024 * 1024) + '"}')
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files:
                os.chmod(os.path.join(root, n), 0o755)
        self.ports = {k: free_port() for k in ("valid", "expired", "mismatch", "other", "plain")}
        self.silent = Silent()
        self.proc = None
        self._start(www)

    def _start(self, www):
        def tls(name):
            cert = "other" if name == "other" else name
            return (f"listen 127.0.0.1:{self.ports[name]} ssl;\n"
                    f"    ssl_certificate {self.certs.path(cert + '.pem')};\n"
                    f"    ssl_certificate_key {self.certs.path(cert + '.key')};\n")

        def typed(path, file, media):
            return (f"    location = {path} {{ types {{ }} default_type {media}; "
                    f"alias {www}/{file}; }}\n")

        locations = (
            typed("/ird", "rfc7285-ird.json", DIRECTORY)
            + typed("/wrong-type", "rfc7285-ird.json", "application/json")
            + typed("/invalid", "invalid.json", DIRECTORY)
            + typed("/dangling", "dangling-uses.json", DIRECTORY)
            + typed("/big", "big.json", DIRECTORY)
            + typed("/maps", "rfc7285-custom-maps.json", DIRECTORY)
            + typed("/nested-missing", "nested-missing.json", DIRECTORY)
            + f"    location = /missing {{ types {{ }} default_type {ERROR}; "
              "return 404 '{\"meta\": {\"code\": \"E_NOT_FOUND\"}}'; }\n"
            + f"    location = /busy {{ types {{ }} default_type {ERROR}; "
              "return 503 '{\"meta\": {\"code\": \"E_UNAVAILABLE\"}}'; }\n"
            + "    location = /r1 { return 302 /r2; }\n"
            + "    location = /r2 { return 301 /r3; }\n"
            + "    location = /r3 { return 307 /ird; }\n"
            + "    location = /r0 { return 302 /r1; }\n"
            + "    location = /only-from-2 { allow 127.0.0.2; deny all; "
              f"types {{ }} default_type {DIRECTORY}; alias {www}/rfc7285-ird.json; }}\n"
            + "    location = /loop1 { return 302 /loop2; }\n"
            + "    location = /loop2 { return 302 /loop1; }\n")
        servers = "".join(f"  server {{\n    {tls(n)}{locations}  }}\n"
                          for n in ("valid", "expired", "mismatch", "other"))
        servers += (f"  server {{\n    listen 127.0.0.1:{self.ports['plain']};\n"
                    f"{locations}  }}\n")
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""{user}worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/tmp;
  proxy_temp_path {self.dir}/tmp;
  fastcgi_temp_path {self.dir}/tmp;
  uwsgi_temp_path {self.dir}/tmp;
  scgi_temp_path {self.dir}/tmp;
{servers}}}
""")
        nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")
        self.proc = subprocess.Popen([nginx, "-c", conf, "-p", self.dir, "-e",
                                      f"{self.dir}/error.log", "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        teardown.track(self.proc, group=False, name="nginx")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.ports["plain"]), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        print("SKIP: nginx did not start: " + (self.proc.stderr.read().decode()[-500:]),
              file=sys.stderr)
        sys.exit(77)

    def url(self, name, path):
        scheme = "http" if name == "plain" else "https"
        return f"{scheme}://127.0.0.1:{self.ports[name]}{path}"

    def stop(self):
        self.silent.stop()
        # Only the server this test started, by its id.
        teardown.end_process(self.proc, timeout=10, group=False)
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()
        teardown.remove_dir(self.dir)


def setUpModule():
    global SERVER
    SERVER = Server()


def tearDownModule():
    SERVER.stop()


def check(url, *extra, ca=True, expect=None):
    args = [CLI, "check", url, "--json", "--timeout", "5", *extra]
    if ca:
        args += ["--ca-file", SERVER.certs.path("ca.pem")]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, LC_ALL="C.UTF-8"))
    if expect is not None:
        assert r.returncode == expect, (r.returncode, r.stdout[-2000:], r.stderr)
    return json.loads(r.stdout)


class Check(unittest.TestCase):
    def assertFailed(self, report, code):
        self.assertEqual(report["status"], "failed")
        self.assertEqual(report["error"]["code"], code, report["error"])
        self.assertTrue(report["error"]["message"])
        self.assertTrue(report["error"]["hint"])

    def test_valid_directory(self):
        r = check(SERVER.url("valid", "/ird"), expect=0)
        self.assertEqual(r["schema"], "altoscope-check/1")
        self.assertEqual(r["status"], "ok")
        self.assertIsNone(r["error"])
        self.assertEqual(r["http"]["status"], 200)
        self.assertEqual(r["http"]["content_type"], DIRECTORY)
        self.assertEqual(r["tls"]["subject"], "CN=altoscope-test")
        ird = r["ird"]
        self.assertEqual(ird["default_network_map"], "my-default-network-map")
        self.assertEqual(len(ird["resources"]), 8)
        by_id = {x["id"]: x for x in ird["resources"]}
        self.assertEqual(by_id["numerical-routing-cost-map"]["uri"],
                         SERVER.url("valid", "/costmap/num/routingcost"))
        self.assertEqual(by_id["update-my-costs"]["kind"], "update-stream")
        self.assertEqual(by_id["pv-propmap"]["kind"], "property-map")
        self.assertEqual(ird["errors"], [])
        self.assertIn("nested-directory", [w["code"] for w in r["warnings"]])
        self.assertIsInstance(r["timing"]["total_ms"], (int, float))
        # The directory it lists is read one level down (RFC 7285 §9.3's second example).
        nested = by_id["custom-maps-resources"]["directory"]
        self.assertEqual(nested["status"], "ok", nested)
        self.assertIsNone(nested["error"])
        self.assertEqual(sorted(x["id"] for x in nested["resources"]),
                         ["my-hopcount-map", "my-network-map", "my-routingcost-map"])
        self.assertEqual({x["id"]: x["uri"] for x in nested["resources"]}["my-network-map"],
                         SERVER.url("valid", "/maps/networkmap/mymap"))
        self.assertNotIn("directory", by_id["my-default-network-map"])

    def test_listed_directory_that_cannot_be_read(self):
        r = check(SERVER.url("valid", "/nested-missing"), expect=0)
        by_id = {x["id"]: x for x in r["ird"]["resources"]}
        nested = by_id["elsewhere"]["directory"]
        self.assertEqual(nested["status"], "unread")
        self.assertIn("404", nested["error"])
        self.assertIn(("nested-directory-unreadable", "elsewhere"),
                      {(w["code"], w["resource"]) for w in r["warnings"]})

    def test_unknown_issuer_without_the_ca_file(self):
        r = check(SERVER.url("valid", "/ird"), ca=False, expect=1)
        self.assertFailed(r, "tls")
        self.assertIn("unknown-issuer", r["error"]["tls_errors"])

    def test_tls_failures(self):
        for name, flag in (("expired", "expired"), ("mismatch", "name-mismatch"),
                           ("other", "unknown-issuer")):
            with self.subTest(name=name):
                r = check(SERVER.url(name, "/ird"), expect=1)
                self.assertFailed(r, "tls")
                # With the CA file that signed it, the fault is its own alone:
                # not also "unknown issuer", which would say the file was not taken.
                self.assertEqual(r["error"]["tls_errors"], [flag])

    def test_wrong_media_type(self):
        r = check(SERVER.url("valid", "/wrong-type"), expect=1)
        self.assertFailed(r, "media-type")
        self.assertEqual(r["http"]["content_type"], "application/json")

    def test_invalid_json(self):
        self.assertFailed(check(SERVER.url("valid", "/invalid"), expect=1), "invalid-json")

    def test_dangling_uses(self):
        r = check(SERVER.url("valid", "/dangling"), expect=1)
        self.assertFailed(r, "invalid-ird")
        codes = {(e["code"], e["resource"]) for e in r["ird"]["errors"]}
        self.assertIn(("dangling-uses", "costs"), codes)
        self.assertIn(("unknown-cost-type", "costs"), codes)

    def test_alto_errors_with_http_status(self):
        for path, status, code in (("/missing", 404, "E_NOT_FOUND"),
                                   ("/busy", 503, "E_UNAVAILABLE")):
            with self.subTest(path=path):
                r = check(SERVER.url("valid", path), expect=1)
                self.assertFailed(r, "http-status")
                self.assertEqual(r["http"]["status"], status)
                self.assertEqual(r["error"]["alto_error"], code)

    def test_redirects(self):
        r = check(SERVER.url("valid", "/r1"), expect=0)
        self.assertEqual([x["status"] for x in r["redirects"]], [302, 301, 307])
        self.assertEqual(r["final_uri"], SERVER.url("valid", "/ird"))
        r = check(SERVER.url("valid", "/r0"), expect=1)
        self.assertFailed(r, "redirects")
        self.assertEqual(len(r["redirects"]), 4)
        r = check(SERVER.url("valid", "/loop1"), expect=1)
        self.assertFailed(r, "redirects")
        self.assertIn("loop", r["error"]["message"])

    def test_body_over_the_cap(self):
        r = check(SERVER.url("valid", "/big"), expect=1)
        self.assertFailed(r, "too-large")
        self.assertGreater(r["http"]["body_bytes"], 1024 * 1024)
        self.assertLess(r["http"]["body_bytes"], 2 * 1024 * 1024)

    def test_server_that_never_answers(self):
        start = time.monotonic()
        r = check(f"https://127.0.0.1:{SERVER.silent.port}/ird", "--timeout", "1", expect=1)
        self.assertFailed(r, "timeout")
        self.assertLess(time.monotonic() - start, 10)

    def test_nothing_listening(self):
        r = check(f"https://127.0.0.1:{free_port()}/ird", expect=1)
        self.assertFailed(r, "network")

    def test_plain_http_is_warned_about(self):
        r = check(SERVER.url("plain", "/ird"), expect=0)
        self.assertIn("http", [w["code"] for w in r["warnings"]])
        self.assertIsNone(r["tls"])

    def test_usage(self):
        for args in (["check"], ["check", "ftp://x/"], ["check", "https://a/", "--family", "ipv4"],
                     ["check", "https://a/", "--ca-file", "/nonexistent/ca.pem"],
                     ["check", "https://a/", "--timeout", "0"]):
            with self.subTest(args=args):
                r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=30)
                self.assertEqual(r.returncode, 2, (r.stdout, r.stderr))
                self.assertTrue(r.stderr.strip())

    def test_text_report_is_safe(self):
        r = subprocess.run([CLI, "check", SERVER.url("valid", "/ird"), "--ca-file",
                            SERVER.certs.path("ca.pem")], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("my-default-network-map", r.stdout)
        self.assertFalse([c for c in r.stdout if ord(c) < 0x20 and c != "\n"])


class SourceAddress(unittest.TestCase):
    """RFC 7286 §4.2: the server found on an interface is reached from that
    interface's address.  /only-from-2 answers 127.0.0.2 alone (403 for any
    other client), so only a check that really sends from it succeeds."""

    def test_reached_only_from_the_given_address(self):
        r = check(SERVER.url("valid", "/only-from-2"), "--source", "127.0.0.2", expect=0)
        self.assertEqual(r["local_address"], "127.0.0.2")
        self.assertEqual(r["http"]["status"], 200)
        r = check(SERVER.url("valid", "/only-from-2"), expect=1)
        self.assertFailed(r, "http-status")
        self.assertEqual(r["http"]["status"], 403)

    def test_bad_source_is_a_usage_error(self):
        for source in ("not-an-address", "192.0.2.250"):
            with self.subTest(source=source):
                r = subprocess.run([CLI, "check", SERVER.url("valid", "/ird"), "--source", source,
                                    "--json"], capture_output=True, text=True, timeout=30)
                self.assertIn(r.returncode, (1, 2), r.stdout)
                if r.returncode == 1:
                    self.assertEqual(json.loads(r.stdout)["error"]["code"], "network")

    assertFailed = Check.assertFailed


class DiscoverCheck(unittest.TestCase):
    """discover --check: each eligible URI of the result is checked, and its
    report gains a "check" object (altoscope-check/1); the others are not
    contacted.  Discovery runs on a real authoritative server and validating
    resolver (the DNS lab) whose zone points at this nginx."""

    @classmethod
    def setUpClass(cls):
        v, e = SERVER.ports["valid"], SERVER.ports["expired"]
        extra = (f'checked NAPTR 100 10 "u" "ALTO:https" "!.*!https://127.0.0.1:{v}/ird!" .\n'
                 f'checked NAPTR 100 20 "u" "ALTO:https" "!.*!https://127.0.0.1:{e}/ird!" .\n'
                 f'checked NAPTR 200 10 "u" "ALTO:https" "!.*!https://127.0.0.1:{v}/later!" .\n')
        cls.dns = DnsLab(extra_signed=extra)
        try:
            cls.dns.start()
        except LabUnavailable as err:
            raise unittest.SkipTest(str(err))

    @classmethod
    def tearDownClass(cls):
        cls.dns.stop()

    def discover(self, *extra, json_out=True):
        home = teardown.scratch_dir("altoscope-check-home-")
        self.addCleanup(teardown.remove_dir, home)
        args = [CLI, "discover", "--domain", "checked.signed.test", "--server",
                self.dns.resolver, *extra]
        if json_out:
            args.append("--json")
        r = subprocess.run(args, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, LC_ALL="C.UTF-8", XDG_CACHE_HOME=home,
                                    XDG_CONFIG_HOME=home))
        self.assertEqual(r.returncode, 0, r.stdout[-2000:] + r.stderr)
        return json.loads(r.stdout) if json_out else r.stdout

    def test_eligible_uris_are_checked(self):
        report = self.discover("--check", "--ca-file", SERVER.certs.path("ca.pem"))
        uris = {u["uri"]: u for u in report["targets"][0]["uris"]}
        ok = uris[SERVER.url("valid", "/ird")]
        self.assertTrue(ok["eligible"])
        self.assertEqual(ok["check"]["schema"], "altoscope-check/1")
        self.assertEqual(ok["check"]["status"], "ok")
        self.assertEqual(len(ok["check"]["ird"]["resources"]), 8)
        expired = uris[SERVER.url("expired", "/ird")]
        self.assertEqual(expired["check"]["error"]["code"], "tls")
        self.assertIn("expired", expired["check"]["error"]["tls_errors"])
        later = uris[SERVER.url("valid", "/later")]
        self.assertFalse(later["eligible"])
        self.assertNotIn("check", later)

    def test_without_check_nothing_is_contacted(self):
        report = self.discover()
        for u in report["targets"][0]["uris"]:
            self.assertNotIn("check", u)

    def test_text_report_shows_the_checks(self):
        out = self.discover("--check", "--ca-file", SERVER.certs.path("ca.pem"), json_out=False)
        self.assertIn("my-default-network-map", out)
        self.assertIn("(tls)", out)

    def test_ca_file_needs_check(self):
        r = subprocess.run([CLI, "discover", "--domain", "checked.signed.test", "--ca-file",
                            SERVER.certs.path("ca.pem")], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 2)

    def test_unusable_ca_file_is_refused_before_any_lookup(self):
        for path in ("/nonexistent/ca.pem", os.path.join(HERE, "fixtures", "invalid.json")):
            with self.subTest(path=path):
                r = subprocess.run([CLI, "discover", "--domain", "checked.signed.test",
                                    "--server", self.dns.resolver, "--check", "--ca-file", path,
                                    "--json"], capture_output=True, text=True, timeout=30)
                self.assertEqual(r.returncode, 2, r.stdout[-500:])
                self.assertEqual(r.stdout, "")
                self.assertTrue(r.stderr.strip())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    # A GLib critical is a bug: it ends the program under test, and the test fails.
    os.environ["G_DEBUG"] = "fatal-criticals"
    teardown.install()   # SIGTERM (meson's timeout) and SIGINT end nginx and the DNS lab too
    unittest.main(verbosity=2)
