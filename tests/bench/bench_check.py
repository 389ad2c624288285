#!/usr/bin/python3
"""Altoscope's check against curl, by hand (not a test: it prints figures, it
asserts nothing).  Issue 14's target: a check of the directory plus the
directory it lists costs at most 1.15x what curl takes to fetch the same two
URLs over one connection, over a delayed link, measured side by side.

Two network namespaces (server and client) joined by a veth, 198.18.0.1 and
198.18.0.2 (RFC 2544); every packet held DELAY ms on ingress on both sides
(an NFQUEUE hold in user space, nfq_delay.py, as this kernel has no netem;
--delay 0 leaves the link undelayed).  In the server namespace, nginx (its own
config, CA and certificate in a temp dir) serves RFC 7285 §9.3's directory
(tests/http/fixtures/rfc7285-ird.json) at /directory and the directory it
lists at its own URI.  In the client namespace, alternating run by run:

  a. altoscope-cli check https://198.18.0.1/directory --ca-file CA --json
  b. curl for /directory and the listed directory, one connection
  c. curl for /directory alone (for context)
  d. b, with the system's CAs and the test CA in one bundle (for context: the
     check trusts both, curl's --cacert only the file given)

Each is timed from exec to exit inside the namespace (the time `ip netns
exec` takes is left out).  nginx logs each request with its connection's
serial number, and its stub_status the TCP connections it accepted: the
connections each one opened are counted from both.  Needs root, nginx, curl
and openssl.  Also run by tests/bench/bench.py --only check.

Usage: sudo /usr/bin/python3 tests/bench/bench_check.py [BUILD-DIR] [--delay MS] [--runs N]
(BUILD-DIR defaults to _build; build it first: this script runs no ninja.)
"""

import argparse
import collections
import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(TOP, "tests", "http", "fixtures")

SRV_ADDR, CLI_ADDR = "198.18.0.1", "198.18.0.2"   # RFC 2544 range, inside our namespaces
DIRECTORY = "application/alto-directory+json"
SYSTEM_CAS = "/etc/ssl/certs/ca-certificates.crt"   # Debian's bundle, which GnuTLS reads
STATUS_PORT = 8080   # nginx's stub_status, on the server namespace's loopback

# Runs a command, prints its output and, last on stderr, the time from exec
# to exit in ms and its exit status.  Runs inside the namespace, so that
# `ip netns exec` and this interpreter's start are not counted.
TIMER = r"""
import subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], capture_output=True)
e = (time.monotonic() - t) * 1000
sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
sys.stderr.write(f"\nALTOBENCH-ELAPSED {e} {r.returncode}\n")
"""

# Median time of a TCP connect (one round trip), in ms, from inside the client namespace.
CONNECT_RTT = r"""
import socket, statistics, sys, time
t = []
for i in range(9):
    a = time.monotonic()
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
    t.append((time.monotonic() - a) * 1000)
    s.close()
print(statistics.median(t[1:]))
"""


def run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def nested_uri(ird):
    """The URI of the first directory that @ird lists (same origin)."""
    with open(os.path.join(FIXTURES, ird)) as f:
        doc = json.load(f)
    for res in doc["resources"].values():
        if res.get("media-type") == DIRECTORY:
            return res["uri"]
    raise SystemExit(f"{ird} lists no directory")


def make_certificates(d):
    """A CA and a certificate it signs for SRV_ADDR; returns their paths."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run(["openssl", "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
         "-subj", "/CN=Altoscope Bench CA"], cwd=d)
    run(["openssl", "req", *key, "-keyout", "server.key", "-out", "server.csr",
         "-subj", "/CN=altoscope-bench"], cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write(f"subjectAltName=IP:{SRV_ADDR}\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-days", "2", "-sha256", "-extfile", "server.ext",
         "-out", "server.pem"], cwd=d)
    return (os.path.join(d, "ca.pem"), os.path.join(d, "server.pem"),
            os.path.join(d, "server.key"))


def nginx_conf(d, cert, key, docs):
    user = "user root;\n" if os.geteuid() == 0 else ""
    locations = "".join(
        f"    location = {path} {{ types {{ }} default_type {DIRECTORY}; "
        f"alias {os.path.join(FIXTURES, name)}; }}\n" for path, name in docs)
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""{user}worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
  log_format bench '$connection $connection_requests "$ssl_session_reused" $ssl_protocol '
                   '$server_protocol $request_uri $status';
  client_body_temp_path {d}/tmp;
  proxy_temp_path {d}/tmp;
  fastcgi_temp_path {d}/tmp;
  uwsgi_temp_path {d}/tmp;
  scgi_temp_path {d}/tmp;
  server {{
    listen {SRV_ADDR}:443 ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    access_log {d}/access.log bench;
{locations}  }}
  server {{
    listen 127.0.0.1:{STATUS_PORT};
    access_log off;
    location = /status {{ stub_status; }}
  }}
}}
""")
    return conf


class Lab:
    """The namespaces, the delay and nginx; stop() undoes what start() did,
    each process by its own id."""

    def __init__(self, delay):
        self.delay = delay
        suffix = str(os.getpid())
        self.ns_c, self.ns_s = "altobench-cc-" + suffix, "altobench-cs-" + suffix
        self.namespaces, self.procs, self.nginx = [], [], None
        self.dir = tempfile.mkdtemp(prefix="altobench-check-")
        os.chmod(self.dir, 0o755)
        self.access_log = os.path.join(self.dir, "access.log")

    def start(self, docs):
        for ns in (self.ns_c, self.ns_s):
            run(["ip", "netns", "add", ns])
            self.namespaces.append(ns)
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "link", "add", "acc0", "netns", self.ns_c, "type", "veth", "peer", "name",
             "acs0", "netns", self.ns_s])
        run(["ip", "-n", self.ns_s, "addr", "add", SRV_ADDR + "/30", "dev", "acs0"])
        run(["ip", "-n", self.ns_c, "addr", "add", CLI_ADDR + "/30", "dev", "acc0"])
        run(["ip", "-n", self.ns_s, "link", "set", "acs0", "up"])
        run(["ip", "-n", self.ns_c, "link", "set", "acc0", "up"])

        self.ca, cert, key = make_certificates(self.dir)
        self.bundle = os.path.join(self.dir, "bundle.pem")
        with open(self.bundle, "w") as out:
            for name in (SYSTEM_CAS, self.ca):
                if os.path.exists(name):
                    with open(name) as f:
                        out.write(f.read().rstrip("\n") + "\n")
        os.makedirs(os.path.join(self.dir, "tmp"))
        conf = nginx_conf(self.dir, cert, key, docs)
        nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")
        # `ip netns exec` execs nginx: the pid is nginx's master's.
        self.nginx = subprocess.Popen(["ip", "netns", "exec", self.ns_s, nginx, "-c", conf,
                                       "-p", self.dir, "-e", f"{self.dir}/error.log",
                                       "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      start_new_session=True)
        deadline = time.monotonic() + 10
        while True:   # up once curl gets the directory over TLS, the CA trusted
            r = subprocess.run(["ip", "netns", "exec", self.ns_c, "curl", "-s", "-o",
                                "/dev/null", "-w", "%{http_code}", "--cacert", self.ca,
                                self.url(docs[0][0])], capture_output=True, text=True)
            if r.stdout == "200":
                break
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                why = (self.nginx.stderr.read().decode()[-500:]
                       if self.nginx.poll() is not None else "nginx still running")
                raise SystemExit("nginx did not serve the directory: curl said "
                                 f"{r.stdout or 'exit ' + str(r.returncode)}; {why}")
            time.sleep(0.05)
        self.rtt0 = self.connect_rtt()

        if self.delay > 0:
            for ns, dev in ((self.ns_c, "acc0"), (self.ns_s, "acs0")):
                run(["ip", "netns", "exec", ns, "iptables", "-t", "mangle", "-A", "PREROUTING",
                     "-i", dev, "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass"])
                p = subprocess.Popen(["ip", "netns", "exec", ns, "/usr/bin/python3",
                                      os.path.join(HERE, "nfq_delay.py"), str(self.delay)],
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
                self.procs.append(p)
                if p.stdout.readline().strip() != "ready":
                    raise SystemExit("nfq_delay.py did not start in " + ns)
        self.rtt = self.connect_rtt()
        return self

    def url(self, path):
        return f"https://{SRV_ADDR}{path}"

    def connect_rtt(self):
        return float(run(["ip", "netns", "exec", self.ns_c, "/usr/bin/python3", "-c",
                          CONNECT_RTT, SRV_ADDR, "443"]).stdout)

    def accepted(self):
        """nginx's count of accepted TCP connections (this query's own included)."""
        out = run(["ip", "netns", "exec", self.ns_s, "curl", "-s",
                   f"http://127.0.0.1:{STATUS_PORT}/status"]).stdout
        # "Active connections: 1\nserver accepts handled requests\n 5 5 9\n..."
        return int(out.splitlines()[2].split()[0])

    def log_size(self):
        try:
            return os.path.getsize(self.access_log)
        except OSError:
            return 0

    def timed(self, argv, env):
        """(ms from exec to exit, exit status, stdout, stderr, TCP connections
        accepted, access log lines) of @argv run in the client namespace."""
        before, offset = self.accepted(), self.log_size()
        r = subprocess.run(["ip", "netns", "exec", self.ns_c, "/usr/bin/python3", "-c", TIMER,
                            *argv], capture_output=True, text=True, env=env)
        after = self.accepted()
        with open(self.access_log) as f:
            f.seek(offset)
            lines = f.read().splitlines()
        err, _, last = r.stderr.rstrip("\n").rpartition("\n")
        if not last.startswith("ALTOBENCH-ELAPSED "):
            raise SystemExit(f"timer failed: {r.stderr[-500:]}")
        _, ms, status = last.split()
        # The status query itself is one accepted connection.
        return float(ms), int(status), r.stdout, err, after - before - 1, lines

    def stop(self):
        for p in self.procs + ([self.nginx] if self.nginx else []):
            if p.poll() is None:
                p.terminate()   # only what this benchmark started, by its id
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def verdict(stdout, stderr, status):
    """The check's verdict from its altoscope-check/1 JSON, as text."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return f"no JSON (exit {status}): {(stderr.strip() or stdout.strip())[-300:]}"
    error = report.get("error")
    if error is None:
        nested = [res["directory"].get("status") for res in
                  (report.get("ird") or {}).get("resources", []) if res.get("directory")]
        return "ok" + (f" (listed directory: {', '.join(map(str, nested))})" if nested else "")
    if isinstance(error, dict):
        return f"{error.get('code')}: {error.get('message')}"
    return repr(error)


def connections(lines):
    """(connections, requests, TLS resumptions) from nginx's log lines."""
    conns = collections.OrderedDict()
    for line in lines:
        fields = line.split()
        conns.setdefault(fields[0], []).append(fields)
    resumed = sum(1 for reqs in conns.values() if reqs[0][2] == '"r"')
    return len(conns), sum(len(v) for v in conns.values()), resumed


def bench_check(build, delay, runs):
    if os.geteuid() != 0:
        print("4. Check against curl: skipped (needs root for network namespaces)")
        return
    for tool in ("nginx", "curl", "openssl"):
        if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin") is None:
            print(f"4. Check against curl: skipped ({tool} is not installed)")
            return
    cli = os.path.join(build, "src", "cli", "altoscope-cli")
    if not os.access(cli, os.X_OK):
        print(f"4. Check against curl: skipped (no {cli}; build it first)")
        return
    nested = nested_uri("rfc7285-ird.json")
    docs = [("/directory", "rfc7285-ird.json"), (nested, "rfc7285-custom-maps.json")]
    lab = Lab(delay)
    try:
        lab.start(docs)
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"),
                   ALTOSCOPE_LOCALEDIR=os.path.join(build, "po"), LC_ALL="C.UTF-8",
                   XDG_CACHE_HOME=os.path.join(lab.dir, "cache"),
                   XDG_CONFIG_HOME=os.path.join(lab.dir, "config"))
        first, second = lab.url(docs[0][0]), lab.url(docs[1][0])
        write = ["-w", "%{http_code} %{num_connects}\\n"]
        kinds = collections.OrderedDict((
            ("check", [cli, "check", first, "--ca-file", lab.ca, "--json"]),
            ("curl2", ["curl", "-s", "-o", "/dev/null", "-o", "/dev/null", *write,
                       "--cacert", lab.ca, first, second]),
            ("curl1", ["curl", "-s", "-o", "/dev/null", *write, "--cacert", lab.ca, first]),
            # The check trusts the system's CAs too (--ca-file adds one); curl's
            # --cacert replaces them.  For context: curl with both in one bundle.
            ("curl2-sys", ["curl", "-s", "-o", "/dev/null", "-o", "/dev/null", *write,
                           "--cacert", lab.bundle, first, second]),
            # Process start alone, for context: no network, no TLS.
            ("start-check", [cli, "--help"]),
            ("start-curl", ["curl", "--version"]),
        ))
        got = {k: [] for k in kinds}
        for i in range(runs + 1):   # side by side, alternating; the first round warms up
            order = list(kinds) if i % 2 == 0 else list(reversed(kinds))
            for k in order:
                got[k].append(lab.timed(kinds[k], env))
        got = {k: v[1:] for k, v in got.items()}

        med = {k: statistics.median(x[0] for x in v) for k, v in got.items()}
        spread = {k: (min(x[0] for x in v), max(x[0] for x in v)) for k, v in got.items()}

        def conn_text(k):
            tcp = sorted(collections.Counter(x[4] for x in got[k]).items())
            logged = [connections(x[5]) for x in got[k]]
            c, r, s = logged[0]
            fields = [f.split() for f in got[k][0][5]]
            uris = " ".join(f[5] for f in fields)
            protocols = ", ".join(sorted({f"{f[3]} {f[4]}" for f in fields}))
            same = all(x == logged[0] for x in logged)
            return (" / ".join(f"{n} TCP" + (f" (x{m})" if len(tcp) > 1 else "")
                               for n, m in tcp)
                    + f"; {r} request{'s' if r != 1 else ''} on {c} connection{'s' if c != 1 else ''}"
                    + (f", TLS resumed on {s}" if s else "")
                    + ("" if same else " (varies)") + f": {uris} ({protocols})")

        verdicts = collections.Counter(verdict(x[2], x[3], x[1]) for x in got["check"])
        totals = []
        for x in got["check"]:
            try:
                totals.append(json.loads(x[2])["timing"]["total_ms"])
            except (ValueError, KeyError, TypeError):
                pass
        curl_fail = [x[2].split() for k in ("curl1", "curl2", "curl2-sys") for x in got[k]
                     if x[1] != 0 or any(c != "200" for c in x[2].split()[0::2])]

        link = (f"a link delayed {delay:g} ms each way" if delay > 0 else "an undelayed link")
        print(f"4. Check against curl over {link} (TCP connect {lab.rtt0:.2f} ms undelayed, "
              f"{lab.rtt:.1f} ms now); median of {runs} runs each, alternating, exec to exit")
        rows = (("curl, the directory alone", "curl1"),
                ("curl, directory + listed one, 1 connection", "curl2"),
                ("  the same, the system's CAs + the test CA", "curl2-sys"),
                ("altoscope-cli check (directory + listed one)", "check"))
        for label, k in rows:
            lo, hi = spread[k]
            print(f"   {label:46s} {med[k]:7.1f} ms  ({lo:.0f}-{hi:.0f})")
        print(f"   {'  process start: altoscope-cli --help':46s} {med['start-check']:7.1f} ms"
              f";  curl --version {med['start-curl']:.1f} ms")
        if totals:
            label = "  the check's own timing.total_ms"
            print(f"   {label:46s} {statistics.median(totals):7.1f} ms")
        print(f"   ratio check / curl, two URLs one connection  {med['check'] / med['curl2']:7.2f}"
              "   (issue 14's target: <= 1.15)")
        print(f"   ratio check / curl, the directory alone      {med['check'] / med['curl1']:7.2f}")
        print(f"   connections, check: {conn_text('check')}")
        print(f"   connections, curl:  {conn_text('curl2')}")
        print("   check's verdict: " + "; ".join(f"{v} (x{n})" if len(verdicts) > 1 else v
                                                  for v, n in verdicts.items()))
        if curl_fail:
            print(f"   curl failed {len(curl_fail)} times: {curl_fail[0]}")
    finally:
        lab.stop()


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    # By hand, not under unittest: SIGTERM ends it as Ctrl+C does, through the
    # finally blocks that end the servers, delete the namespaces and remove
    # the directories.
    signal.signal(signal.SIGTERM, interrupted)
    ap = argparse.ArgumentParser(description="altoscope-cli check against curl, side by side")
    ap.add_argument("build", nargs="?", default=os.path.join(TOP, "_build"))
    ap.add_argument("--delay", type=float, default=25, help="ms each way (0: no delay)")
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    bench_check(os.path.abspath(a.build), a.delay, a.runs)


if __name__ == "__main__":
    main()
