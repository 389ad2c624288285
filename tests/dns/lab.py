#!/usr/bin/python3
"""The DNS lab: a real authoritative server (knot, signing online), a real
validating resolver (unbound) in front of it, and the hostile server, all
on loopback ports of their own, in a temporary directory.  Nothing here
needs root or touches a system service.

By hand:  tests/dns/lab.py        starts it, prints the servers, waits for Ctrl+C.
"""

import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import teardown  # noqa: E402
import zones  # noqa: E402
from hostile import HostileServer  # noqa: E402


# Served by unbound itself (local-data), which knot refuses: a name only the
# second of two servers answers.
LOCALONLY_URI = "https://192.0.2.77/local"


class LabUnavailable(Exception):
    """The lab cannot run here; the message says why."""


def _find(tool):
    for d in (os.environ.get("PATH", "").split(":") + ["/usr/sbin", "/sbin", "/usr/bin"]):
        p = os.path.join(d, tool)
        if d and os.access(p, os.X_OK):
            return p
    return None


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise LabUnavailable("no free port pair on 127.0.0.1")


def dns_query(port, name, qtype, timeout=0.5):
    """A minimal query; returns (rcode, ancount) or None."""
    q = struct.pack("!HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack("!HH", qtype, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(q, ("127.0.0.1", port))
        data, _ = s.recvfrom(65535)
        flags, _, an = struct.unpack("!HHH", data[2:8])
        return flags & 0xF, an
    except OSError:
        return None
    finally:
        s.close()


def _wait_for(what, check, proc, log, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise LabUnavailable(f"{what} exited with status {proc.returncode}: "
                                 + _tail(log))
        if check():
            return
        time.sleep(0.05)
    raise LabUnavailable(f"{what} did not become ready within {timeout:.0f} s: " + _tail(log))


def _tail(path, n=8):
    try:
        with open(path, errors="replace") as f:
            return " | ".join(f.read().strip().splitlines()[-n:])
    except OSError:
        return "(no log)"


class DnsLab:
    """netns: run the servers in that network namespace (the NetworkManager
    lab); listen: the addresses the resolver answers on, port 53 there."""

    def __init__(self, netns=None, listen=None, extra_signed=""):
        """extra_signed: zone-file lines added to signed.test (names whose
        data only the caller knows, such as a port it picked)."""
        self.dir = None
        self.extra_signed = extra_signed
        self.procs = []
        self.hostile = None
        self.moody = {}          # mode -> HostileServer answering every query that way
        self.netns = netns
        self.listen = listen

    def _ns(self, argv):
        return (["ip", "netns", "exec", self.netns] + argv) if self.netns else argv

    # -- set-up ----------------------------------------------------------
    def start(self):
        tools = {t: _find(t) for t in ("knotd", "keymgr", "kdig", "unbound",
                                        "ldns-keygen", "ldns-signzone", "ldns-key2ds")}
        missing = [t for t, p in tools.items() if p is None]
        if missing:
            raise LabUnavailable("missing programs: " + ", ".join(missing)
                                 + " (packages knot, knot-dnsutils, unbound, ldnsutils)")
        self.tools = tools
        self.dir = tempfile.mkdtemp(prefix="altoscope-dnslab-")
        if not os.environ.get("ALTOSCOPE_KEEP_LAB"):
            teardown.track_dir(self.dir)
        try:
            self._make_bogus_zone()
            self._start_knot()
            self._start_unbound()
            if self.netns is None:
                self.hostile_port = free_port()
                self.hostile = HostileServer(self.hostile_port)
                # Servers that answer every question the same bad way: the
                # first of several servers, which the next one must make up for.
                for mode in ("refuse-all", "servfail-all", "garbage-all"):
                    self.moody[mode] = HostileServer(free_port(), mode=mode)
        except Exception:
            self.stop()
            raise
        return self

    def _path(self, *parts):
        return os.path.join(self.dir, *parts)

    def _run(self, argv, **kw):
        return subprocess.run(argv, cwd=self.dir, check=True, capture_output=True, text=True, **kw)

    def _make_bogus_zone(self):
        zdir = self._path("zones")
        os.makedirs(zdir)
        with open(self._path("zones", "bogus.test.zone"), "w") as f:
            f.write(zones.bogus_zone())
        ksk = self._run([self.tools["ldns-keygen"], "-a", "ECDSAP256SHA256", "-k",
                         "bogus.test"]).stdout.strip()
        zsk = self._run([self.tools["ldns-keygen"], "-a", "ECDSAP256SHA256",
                         "bogus.test"]).stdout.strip()
        self._run([self.tools["ldns-signzone"], "-o", "bogus.test",
                   self._path("zones", "bogus.test.zone"), self._path(zsk), self._path(ksk)])
        self.bogus_ds = self._run([self.tools["ldns-key2ds"], "-n", "-2",
                                   self._path(ksk + ".key")]).stdout.strip()
        signed = self._path("zones", "bogus.test.zone.signed")
        with open(signed) as f:
            text = f.read()
        for old, new in ((zones.BOGUS_ORIGINAL_URI, zones.BOGUS_TAMPERED_URI),
                         (zones.BOGUS_ORIGINAL_ADDR, zones.BOGUS_TAMPERED_ADDR)):
            if old not in text:
                raise LabUnavailable(f"ldns-signzone output lacks {old!r}")
            text = text.replace(old, new)
        with open(signed, "w") as f:
            f.write(text)
        child_ds = self._make_offline_children()
        with open(self._path("zones", "signed.test.zone"), "w") as f:
            f.write(zones.signed_zone() + zones.offline_delegations() + child_ds
                    + self.extra_signed)
        with open(self._path("zones", "unsigned.test.zone"), "w") as f:
            f.write(zones.unsigned_zone())
        with open(self._path("zones", "island.signed.test.zone"), "w") as f:
            f.write(zones.island_zone())
        self._make_reverse_zones()

    def _make_reverse_zones(self):
        """RFC 8686's reverse zones: knot signs zones.REVERSE_SIGNED; the
        bogus child is signed here and then altered, its DS put in its parent."""
        origin = zones.REVERSE_BOGUS_CHILD
        path = self._path("zones", origin + ".zone")
        with open(path, "w") as f:
            f.write(zones.reverse_bogus_child_zone())
        ksk = self._run([self.tools["ldns-keygen"], "-a", "ECDSAP256SHA256", "-k",
                         origin]).stdout.strip()
        self._run([self.tools["ldns-signzone"], "-o", origin, path, self._path(ksk)])
        child_ds = self._run([self.tools["ldns-key2ds"], "-n", "-2",
                              self._path(ksk + ".key")]).stdout.strip()
        with open(path + ".signed") as f:
            text = f.read()
        if zones.REVERSE_BOGUS_ORIGINAL_URI not in text:
            raise LabUnavailable(f"ldns-signzone output lacks {zones.REVERSE_BOGUS_ORIGINAL_URI!r}")
        with open(path + ".signed", "w") as f:
            f.write(text.replace(zones.REVERSE_BOGUS_ORIGINAL_URI,
                                 zones.REVERSE_BOGUS_TAMPERED_URI))
        for zone in zones.REVERSE_SIGNED:
            with open(self._path("zones", zone + ".zone"), "w") as f:
                f.write(zones.reverse_zone(zone))
                if zone == zones.REVERSE_V4_16:
                    f.write(child_ds + "\n")

    def _make_offline_children(self):
        """Signs each of zones.OFFLINE_CHILDREN with ldns-signzone; returns
        the DS lines signed.test delegates them with."""
        ds_lines = ""
        for label, (algorithm, sign_args, ds_from) in zones.OFFLINE_CHILDREN.items():
            origin = f"{label}.signed.test"
            path = self._path("zones", origin + ".zone")
            with open(path, "w") as f:
                f.write(zones.offline_child_zone(label))
            keygen = [self.tools["ldns-keygen"], "-a", algorithm]
            if algorithm.startswith("RSA"):
                keygen += ["-b", "1024"]
            ksk = self._run(keygen + ["-k", origin]).stdout.strip()
            self._run([self.tools["ldns-signzone"], *sign_args, "-o", origin, path,
                       self._path(ksk)])
            if ds_from == "other":
                # A key of the same algorithm that never signed anything.
                ksk = self._run(keygen + ["-k", origin]).stdout.strip()
            ds_lines += self._run([self.tools["ldns-key2ds"], "-n", "-2",
                                   self._path(ksk + ".key")]).stdout.strip() + "\n"
        return ds_lines

    def _start_knot(self):
        self.knot_port = free_port()
        os.makedirs(self._path("knot-run"))
        os.makedirs(self._path("knot-db"))
        conf = self._path("knot.conf")
        with open(conf, "w") as f:
            f.write((f"""server:
    rundir: "{self._path('knot-run')}"
    listen: 127.0.0.1@{self.knot_port}
log:
  - target: stderr
    any: warning
database:
    storage: "{self._path('knot-db')}"
policy:
  - id: lab
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: off
template:
  - id: default
    storage: "{self._path('zones')}"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: signed.test
    file: signed.test.zone
    dnssec-signing: on
    dnssec-policy: lab
  - domain: unsigned.test
    file: unsigned.test.zone
  - domain: island.signed.test
    file: island.signed.test.zone
  - domain: bogus.test
    file: bogus.test.zone.signed
""" + "".join(f"""  - domain: {label}.signed.test
    file: {label}.signed.test.zone.signed
""" for label in zones.OFFLINE_CHILDREN) + "".join(f"""  - domain: {zone}
    file: {zone}.zone
    dnssec-signing: on
    dnssec-policy: lab
""" for zone in zones.REVERSE_SIGNED) + f"""  - domain: {zones.REVERSE_BOGUS_CHILD}
    file: {zones.REVERSE_BOGUS_CHILD}.zone.signed
"""))
        self.knot_conf = conf
        log = self._path("knot.log")
        with open(log, "w") as out:
            proc = subprocess.Popen(self._ns([self.tools["knotd"], "-c", conf]), cwd=self.dir,
                                    stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        self.procs.append(teardown.track(proc, group=True, name="knotd"))

        def signed(zone):
            out = subprocess.run(self._ns([self.tools["kdig"], "@127.0.0.1", "-p", str(self.knot_port),
                                  "+short", "+timeout=1", "+retry=0", zone, "DNSKEY"]),
                                 capture_output=True, text=True)
            return out.returncode == 0 and out.stdout.strip() != ""
        for zone in ("signed.test",) + zones.REVERSE_SIGNED:
            _wait_for(f"knotd ({zone})", lambda: signed(zone), proc, log)
        self.signed_ds = self._knot_ds(conf, "signed.test")
        self.reverse_ds = [self._knot_ds(conf, zone) for zone in zones.REVERSE_SIGNED]

    def _knot_ds(self, conf, zone):
        out = self._run([self.tools["keymgr"], "-c", conf, zone, "ds"]).stdout
        ds = [line for line in out.splitlines() if " DS " in line and line.split()[5] == "2"]
        if not ds:
            ds = [line for line in out.splitlines() if " DS " in line]
        if not ds:
            raise LabUnavailable(f"keymgr printed no DS record for {zone}: " + out)
        return ds[0].strip()

    def _start_unbound(self):
        self.resolver_port = free_port()
        self.dead_port = free_port()   # nothing listens here
        anchors = self._path("anchors")
        with open(anchors, "w") as f:
            f.write(self.signed_ds + "\n" + self.bogus_ds + "\n"
                    + "".join(ds + "\n" for ds in self.reverse_ds))
        conf = self._path("unbound.conf")
        if self.listen:
            interfaces = "".join(f"    interface: {a}\n" for a in self.listen)
            port = 53
            ip6 = "yes"
        else:
            interfaces = "    interface: 127.0.0.1\n"
            port = self.resolver_port
            ip6 = "no"
        stubs = "".join(f"""stub-zone:
    name: "{zone}"
    stub-addr: 127.0.0.1@{port}
""" for zone, port in (("signed.test", self.knot_port), ("unsigned.test", self.knot_port),
                       ("island.signed.test", self.knot_port),
                       ("bogus.test", self.knot_port), ("lame.test", self.knot_port))
                      + tuple((f"{label}.signed.test", self.knot_port)
                              for label in zones.OFFLINE_CHILDREN)
                      + tuple((zone, self.knot_port)
                              for zone in zones.REVERSE_SIGNED + (zones.REVERSE_BOGUS_CHILD,)))
        # unbound answers the documentation ranges' reverse zones itself
        # (RFC 6303) unless told not to.
        nodefault = "".join(f'    local-zone: "{zone}." nodefault\n'
                            for zone in zones.REVERSE_DEFAULT_LOCAL)
        with open(conf, "w") as f:
            f.write(f"""server:
{interfaces}    port: {port}
    do-ip6: {ip6}
    do-not-query-localhost: no
    module-config: "validator iterator"
    trust-anchor-file: "{anchors}"
    username: ""
    chroot: ""
    directory: "{self.dir}"
    pidfile: "{self._path('unbound.pid')}"
    use-syslog: no
    verbosity: 1
    ede: yes
    val-log-level: 2
    qname-minimisation: no
    access-control: 0.0.0.0/0 allow
    access-control: ::/0 allow
    cache-max-negative-ttl: 3600
    infra-host-ttl: 2
    ip-freebind: yes
    local-zone: "test." nodefault
{nodefault}    local-zone: "localonly.test." static
    local-data: 'localonly.test. 300 IN NAPTR 100 10 "u" "ALTO:https" "!.*!{LOCALONLY_URI}!" .'
remote-control:
    control-enable: no
{stubs}""")
        log = self._path("unbound.log")
        with open(log, "w") as out:
            proc = subprocess.Popen(self._ns([self.tools["unbound"], "-d", "-c", conf]),
                                    cwd=self.dir, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        self.procs.append(teardown.track(proc, group=True, name="unbound"))
        if self.listen:
            def answers():
                out = subprocess.run(self._ns([self.tools["kdig"], f"@{self.listen[0]}",
                                               "+timeout=1", "+retry=0", "unsigned.test", "SOA"]),
                                     capture_output=True, text=True)
                return "status: NOERROR" in out.stdout
            _wait_for("unbound", answers, proc, log)
        else:
            _wait_for("unbound",
                      lambda: dns_query(self.resolver_port, "unsigned.test", 6) is not None,
                      proc, log)

    # -- use ---------------------------------------------------------------
    @property
    def resolver(self):
        return f"127.0.0.1:{self.resolver_port}"

    @property
    def anchors_file(self):
        """The DS records of signed.test and bogus.test, as the resolver trusts them."""
        return self._path("anchors")

    @property
    def authoritative(self):
        return f"127.0.0.1:{self.knot_port}"

    @property
    def hostile_server(self):
        return f"127.0.0.1:{self.hostile_port}"

    def moody_server(self, mode):
        return f"127.0.0.1:{self.moody[mode].port}"

    @property
    def dead_server(self):
        return f"127.0.0.1:{self.dead_port}"

    def stop(self):
        if self.hostile:
            self.hostile.stop()
            self.hostile = None
        for server in self.moody.values():
            server.stop()
        self.moody = {}
        for proc in self.procs:
            # Only the processes this lab started, by their id (their session).
            teardown.end_process(proc, timeout=5)
        self.procs = []
        if self.dir and not os.environ.get("ALTOSCOPE_KEEP_LAB"):
            teardown.remove_dir(self.dir)


def start_or_skip(**kwargs):
    """A started DnsLab, for a test module's setUpModule; when the lab
    cannot start here, says why and exits 77 (skip), as every DNS test
    does."""
    lab = DnsLab(**kwargs)
    try:
        lab.start()
    except LabUnavailable as e:
        print(f"SKIP: the DNS lab cannot start: {e}", file=sys.stderr)
        sys.exit(77)
    return lab


DEMO_DOMAINS = (
    ("A signed zone: two ALTO servers, ranked, DNSSEC secure", "simple.signed.test"),
    ("A chain of non-terminal records", "chain.signed.test"),
    ("Records that must be ignored, each with its reason", "verdicts.signed.test"),
    ("A zone whose signatures were tampered with", "naptr.bogus.test"),
    ("A domain that does not exist", "missing.signed.test"),
)


def demo(cli):
    lab = DnsLab()
    try:
        lab.start()
    except LabUnavailable as e:
        print(f"The DNS lab cannot start: {e}", file=sys.stderr)
        return 1
    cache = teardown.scratch_dir("altoscope-demo-")
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    try:
        for title, domain in DEMO_DOMAINS:
            print(f"\n=== {title}\n$ altoscope-cli discover --domain {domain} "
                  f"--server {lab.resolver}\n", flush=True)
            subprocess.run([cli, "discover", "--domain", domain, "--server", lab.resolver],
                           env=env)
        print("\nMore: altoscope-cli discover --help; the JSON report: add --json; the lab "
              "by hand: tests/dns/lab.py")
    finally:
        lab.stop()
        teardown.remove_dir(cache)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--demo":
        return demo(sys.argv[2])
    lab = DnsLab()
    try:
        lab.start()
    except LabUnavailable as e:
        print(f"The DNS lab cannot start: {e}", file=sys.stderr)
        return 1
    print(f"Validating resolver (unbound): {lab.resolver}")
    print(f"Authoritative server (knot):   {lab.authoritative}")
    print(f"Hostile test server:           {lab.hostile_server}")
    print("Zones: signed.test (DNSSEC), unsigned.test, bogus.test (broken signatures)")
    print(f"Try:   altoscope-cli discover --domain simple.signed.test --server {lab.resolver}")
    print("Ctrl+C stops the lab.")
    try:
        signal.pause()   # SIGINT and SIGTERM end the lab (teardown) and the program
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
