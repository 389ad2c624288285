#!/usr/bin/python3
"""altoscope-cli check against a hostile server: a Python TLS socket on
loopback that writes raw bytes no real server would (an empty directory, a
nest of 100 000 brackets, redirects to every scheme and to clear text), and
CA files of every wrong form.  The normal cases stay with nginx
(test_check.py); these are what a server a NAPTR record names could send to
crash or fool the check.  Every case ends in a verdict with its code, exit
status 1 and a JSON report, never a crash (G_DEBUG=fatal-criticals makes a
GLib critical one).

Usage: test_hostile.py PATH-TO-altoscope-cli
Exits 77 (skip) only when openssl is missing, and says why.
"""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_check import Certificates  # noqa: E402
import teardown  # noqa: E402  (tests/dns, put on the path by test_check)

CLI = None
SERVER = None

DIRECTORY = "application/alto-directory+json"
DEEP = 100_000   # json-glib 1.6 overflows an 8 MiB stack at about 80 000


def response(body, status="200 OK", ctype=DIRECTORY, headers=()):
    if isinstance(body, str):
        body = body.encode()
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
    if ctype is not None:
        head.append(f"Content-Type: {ctype}")
    head += list(headers)
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def redirect(location, status="302 Found"):
    return response(b"", status=status, ctype="text/plain", headers=[f"Location: {location}"])


def directory_listing(uri):
    """A valid directory that lists one more directory, at @uri."""
    return json.dumps({"meta": {}, "resources": {
        "network-map": {"uri": "/networkmap", "media-type": "application/alto-networkmap+json"},
        "more": {"uri": uri, "media-type": DIRECTORY}}})


VALID = json.dumps({"meta": {}, "resources": {
    "network-map": {"uri": "/networkmap", "media-type": "application/alto-networkmap+json"}}})


class RawServer:
    """Answers each request on a connection with the bytes its path is given
    (keep-alive: one connection may carry several requests), over TLS or in
    clear text.  Counts connections and the paths asked for."""

    def __init__(self, routes, context=None):
        self.routes = routes
        self.context = context
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.requests = []
        self.open = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path):
        return f"{'https' if self.context else 'http'}://127.0.0.1:{self.port}{path}"

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self.open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            conn.settimeout(15)
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
                self.open.append(conn)
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(4096)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b"\r\n")[0].split()[1].decode()
                self.requests.append(path)
                answer = self.routes.get(path, response("", status="404 Not Found"))
                conn.sendall(answer() if callable(answer) else answer)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self):
        self.sock.close()
        for c in self.open:
            try:
                c.close()
            except OSError:
                pass


class Servers:
    def __init__(self):
        if shutil.which("openssl") is None:
            print("SKIP: openssl is not installed", file=sys.stderr)
            sys.exit(77)
        self.dir = teardown.scratch_dir("altoscope-hostile-")
        try:
            self.certs = Certificates(self.dir)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certs.path("valid.pem"), self.certs.path("valid.key"))
            self.plain = RawServer({"/ird": response(VALID)})
            deep = "[" * DEEP + "]" * DEEP
            self.tls = RawServer({
                "/ird": response(VALID),
                "/empty": response(b""),
                "/blank": response(b" \r\n\t "),
                "/deep": response(deep),
                "/deep-open": response("[" * DEEP),
                "/deep-meta": response('{"meta": {"x": ' + deep + '}, "resources": {}}'),
                "/deep-resource": response('{"meta": {}, "resources": {"r": {"uri": "/x", '
                                           '"media-type": "application/alto-networkmap+json", '
                                           '"capabilities": ' + deep + '}}}'),
                "/deep-after-comment": response('/*"*/' + deep),
                "/deep-after-single-quote": response("['\"', " + deep + "]"),
                "/comment": response('/**/{"meta": {}, "resources": {}}'),
                "/deep-in-string": response(json.dumps({"meta": {"note": "[" * DEEP},
                                                        "resources": {}})),
                "/not-utf8": response(b'{"meta": {"x": "\xff\xfe"}, "resources": {}}'),
                "/nul": response(b'{"meta": {}, "resources": {}}\x00'),
                "/lists-empty": response(directory_listing("/empty")),
                "/lists-deep": response(directory_listing("/deep")),
                "/lists-valid": response(directory_listing("/ird")),
                "/lists-file": response(directory_listing("file:///etc/passwd")),
                "/lists-data": response(directory_listing("data:,%7B%7D")),
                "/lists-resource": response(directory_listing("resource:///org/x")),
                "/lists-http": response(directory_listing(self.plain.url("/ird"))),
                "/error-empty": response(b"", status="404 Not Found",
                                         ctype="application/alto-error+json"),
                "/error-deep": response(deep, status="500 Internal Server Error",
                                        ctype="application/alto-error+json"),
                "/to-http": redirect(self.plain.url("/ird")),
                "/to-http-late": redirect("/to-http", status="301 Moved Permanently"),
                "/to-file": redirect("file:///etc/passwd"),
                "/to-data": redirect("data:application/alto-directory+json,%7B%7D"),
                "/to-resource": redirect("resource:///org/gtk/libgtk/theme/Default/gtk.css"),
                "/to-ftp": redirect("ftp://127.0.0.1/ird"),
                "/to-javascript": redirect("javascript:alert(1)"),
                "/to-no-host": redirect("http:///ird"),
                "/to-nowhere": redirect("https://"),
            }, context)
        except Exception:
            teardown.remove_dir(self.dir)
            raise

    def stop(self):
        self.plain.stop()
        self.tls.stop()
        teardown.remove_dir(self.dir)


def setUpModule():
    global SERVER
    SERVER = Servers()


def tearDownModule():
    SERVER.stop()


def run_cli(*args, cwd=None, timeout=60):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=dict(os.environ, LC_ALL="C.UTF-8"))


def check(path, *extra):
    r = run_cli("check", SERVER.tls.url(path), "--json", "--timeout", "5", "--ca-file",
                SERVER.certs.path("ca.pem"), *extra)
    # Never a crash, a usage error or a missing report: the server's failure
    # is a verdict (exit 1, or 0 when the check passed).
    assert r.returncode in (0, 1), (path, r.returncode, r.stdout[-1000:], r.stderr[-2000:])
    return r.returncode, json.loads(r.stdout)


class Bodies(unittest.TestCase):
    def assertVerdict(self, path, code, *words):
        status, report = check(path)
        self.assertEqual(status, 1, report)
        self.assertEqual(report["status"], "failed")
        self.assertEqual(report["error"]["code"], code, report["error"])
        for w in words:
            self.assertIn(w, report["error"]["message"])
        self.assertTrue(report["error"]["hint"])
        return report

    def test_empty_directory(self):
        r = self.assertVerdict("/empty", "invalid-json", "empty")
        self.assertEqual(r["http"]["body_bytes"], 0)
        self.assertVerdict("/blank", "invalid-json", "empty")

    def test_deep_nesting_anywhere_in_the_directory(self):
        for path in ("/deep", "/deep-open", "/deep-meta", "/deep-resource"):
            with self.subTest(path=path):
                self.assertVerdict(path, "invalid-json", "64")

    def test_what_json_glib_reads_but_json_is_not(self):
        # A '"' in a comment or a single-quoted string once hid the
        # brackets after it from the depth limit (a crash); neither is JSON.
        for path in ("/deep-after-comment", "/deep-after-single-quote", "/comment"):
            with self.subTest(path=path):
                self.assertVerdict(path, "invalid-json", "RFC 8259")

    def test_brackets_inside_a_string_are_not_nesting(self):
        status, r = check("/deep-in-string")
        self.assertEqual(status, 0, r["error"])

    def test_not_utf8_and_nul(self):
        self.assertVerdict("/not-utf8", "invalid-json", "UTF-8")
        self.assertVerdict("/nul", "invalid-json", "UTF-8")

    def test_listed_directory_empty_or_deep(self):
        for path, words in (("/lists-empty", "empty"), ("/lists-deep", "64")):
            with self.subTest(path=path):
                status, r = check(path)
                # The directory itself is fine: what it lists is a warning.
                self.assertEqual(status, 0, r["error"])
                more = {x["id"]: x for x in r["ird"]["resources"]}["more"]
                self.assertEqual(more["directory"]["status"], "unread", more)
                self.assertIn(words, more["directory"]["error"])
                self.assertIn("nested-directory-unreadable", [w["code"] for w in r["warnings"]])

    def test_listed_directory_elsewhere_is_not_fetched(self):
        # ALTO is spoken over HTTP: a resource at a file, data or resource URI
        # breaks the directory, and is neither read nor handed to libsoup.
        for path in ("/lists-file", "/lists-data", "/lists-resource"):
            with self.subTest(path=path):
                status, r = check(path)
                self.assertEqual(status, 1)
                self.assertEqual(r["error"]["code"], "invalid-ird", r["error"])
                self.assertIn(("bad-uri", "more"),
                              [(e["code"], e["resource"]) for e in r["ird"]["errors"]])
        # One on plain http is not read from a check that began on https.
        before = len(SERVER.plain.requests)
        status, r = check("/lists-http")
        self.assertEqual(status, 0, r["error"])
        more = {x["id"]: x for x in r["ird"]["resources"]}["more"]
        self.assertEqual(more["directory"]["status"], "unread", more)
        self.assertIn("clear text", more["directory"]["error"])
        self.assertEqual(len(SERVER.plain.requests), before)

    def test_alto_error_bodies_that_are_empty_or_deep(self):
        for path, status_code in (("/error-empty", 404), ("/error-deep", 500)):
            with self.subTest(path=path):
                r = self.assertVerdict(path, "http-status")
                self.assertEqual(r["http"]["status"], status_code)
                self.assertIsNone(r["error"]["alto_error"])


class Redirects(unittest.TestCase):
    def test_https_to_http_is_a_downgrade(self):
        for path, hop in (("/to-http", 1), ("/to-http-late", 2)):
            with self.subTest(path=path):
                before = len(SERVER.plain.requests)
                status, r = check(path)
                self.assertEqual(status, 1)
                self.assertEqual(r["error"]["code"], "insecure-redirect", r["error"])
                self.assertIn(f"Redirect {hop}", r["error"]["message"])
                self.assertIn(SERVER.plain.url("/ird"), r["error"]["message"])
                self.assertTrue(r["error"]["hint"])
                self.assertEqual(r["redirects"][-1]["to"], SERVER.plain.url("/ird"))
                # Nothing was sent in clear text.
                self.assertEqual(len(SERVER.plain.requests), before)

    def test_http_to_https_is_followed(self):
        plain = RawServer({"/up": redirect(SERVER.tls.url("/ird"))})
        try:
            r = run_cli("check", plain.url("/up"), "--json", "--timeout", "5", "--ca-file",
                        SERVER.certs.path("ca.pem"))
            report = json.loads(r.stdout)
            self.assertEqual(r.returncode, 0, report["error"])
            self.assertEqual(report["final_uri"], SERVER.tls.url("/ird"))
        finally:
            plain.stop()

    def test_redirects_to_other_schemes_are_the_servers_failure(self):
        for path in ("/to-file", "/to-data", "/to-resource", "/to-ftp", "/to-javascript",
                     "/to-no-host", "/to-nowhere"):
            with self.subTest(path=path):
                status, r = check(path)
                self.assertEqual(status, 1)
                self.assertEqual(r["error"]["code"], "redirects", r["error"])
                self.assertIn("Redirect 1", r["error"]["message"])
                self.assertTrue(r["error"]["hint"])

    def test_text_output_too(self):
        r = run_cli("check", SERVER.tls.url("/to-file"), "--timeout", "5", "--ca-file",
                    SERVER.certs.path("ca.pem"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("file:///etc/passwd", r.stdout)


class Connections(unittest.TestCase):
    def test_listed_directory_comes_over_the_same_connection(self):
        before = SERVER.tls.connections
        status, r = check("/lists-valid")
        self.assertEqual(status, 0, r["error"])
        more = {x["id"]: x for x in r["ird"]["resources"]}["more"]
        self.assertEqual(more["directory"]["status"], "ok", more)
        # One TCP connection and one TLS handshake for both documents.
        self.assertEqual(SERVER.tls.connections - before, 1)


class CaFiles(unittest.TestCase):
    def refused(self, path, words, timeout=20):
        started = time.monotonic()
        r = run_cli("check", SERVER.tls.url("/ird"), "--json", "--timeout", "3", "--ca-file",
                    path, timeout=timeout)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(r.returncode, 2, (r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        self.assertIn(words, r.stderr)
        # discover --check refuses it the same way, before any lookup.
        d = run_cli("discover", "--domain", "example.test", "--server", "127.0.0.1:9",
                    "--check", "--ca-file", path, "--json", timeout=timeout)
        self.assertEqual(d.returncode, 2, d.stdout)
        self.assertIn(words, d.stderr)

    def test_device_fifo_directory(self):
        self.refused("/dev/zero", "not a regular file")
        self.refused(SERVER.dir, "not a regular file")
        fifo = os.path.join(SERVER.dir, "fifo.pem")
        os.mkfifo(fifo)
        try:
            self.refused(fifo, "not a regular file")
        finally:
            os.unlink(fifo)

    def test_too_large_and_not_pem(self):
        big = os.path.join(SERVER.dir, "big.pem")
        with open(big, "wb") as f:
            with open(SERVER.certs.path("ca.pem"), "rb") as ca:
                f.write(ca.read())
            f.write(b"#" * (1024 * 1024 + 1))
        self.refused(big, "larger than 1024 KiB")
        empty = os.path.join(SERVER.dir, "empty.pem")
        open(empty, "w").close()
        self.refused(empty, "no PEM certificate")
        self.refused(os.path.join(SERVER.dir, "missing.pem"), "cannot be opened")

    def test_relative_path(self):
        r = run_cli("check", SERVER.tls.url("/ird"), "--json", "--timeout", "5", "--ca-file",
                    "ca.pem", cwd=SERVER.dir)
        report = json.loads(r.stdout)
        self.assertEqual(r.returncode, 0, report["error"])
        self.assertEqual(report["tls"]["subject"], "CN=altoscope-test")
        self.assertNotIn("absolute", r.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    # SIGTERM (meson's timeout) and SIGINT remove the certificates too; a
    # SystemExit would not do, unittest catches it inside a test.
    teardown.install()
    os.environ["G_DEBUG"] = "fatal-criticals"
    unittest.main(verbosity=2)
