#!/usr/bin/python3
"""The NetworkManager lab: a real NetworkManager in a network namespace of
its own, on a private system bus, managing one end of a veth pair; on the
other end, in a second namespace, a real DHCP server (dnsmasq) sending
options 15, 213 and 57, and a real validating resolver (unbound) in front of
a real authoritative server (knot) serving NAPTR records for those domains.

Root is needed (namespaces, mounts).  Nothing on the host is touched: the
host's interfaces, routes and services stay as they were; NetworkManager
sees only its namespace, and its private directories are bind-mounted over
its own paths in its own mount namespace.

By hand:  sudo /usr/bin/python3 tests/nm/nmlab.py [internal|dhclient]
starts the lab, prints how to run Altoscope inside it, waits for Ctrl+C.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dns"))
import teardown  # noqa: E402
from lab import DnsLab, LabUnavailable  # noqa: E402

SERVER_V4 = "192.0.2.1"
SERVER_V6 = "2001:db8:77::1"
CLIENT_IF = "alto0"
SERVER_IF = "alto1"
CONNECTION_UUID = "5f1e0c2a-7d3b-4c8e-9a61-2b4f8d0e7a13"
CONNECTION_ID = "alto-lab"
VPN_UUID = "9c2d6f1a-3b4e-4f5a-8c7d-1e2f3a4b5c6d"
VPN_ID = "alto-vpn"
VPN_SERVER = "10.8.0.1"      # inside the lab's own namespaces only
VPN_CLIENT = "10.8.0.2"


def wire_hex(name):
    out = []
    for label in name.rstrip(".").split("."):
        out.append(f"{len(label):02x}")
        out.extend(f"{ord(c):02x}" for c in label)
    out.append("00")
    return ":".join(out)


def run(argv, check=True, **kw):
    return subprocess.run(argv, check=check, capture_output=True, text=True, **kw)


class NmLab:
    def __init__(self, backend="internal", option15="dhcp15.signed.test",
                 option213="dhcp213.signed.test", option57="dhcp57.signed.test"):
        self.backend = backend
        self.options = {"15": option15, "213": option213, "57": option57}
        tag = secrets.token_hex(3)
        self.ns_srv = f"alto-s-{tag}"
        self.ns_cli = f"alto-c-{tag}"
        self.dir = None
        self.dns = None
        self.bus = None
        self.nm = None
        self.dnsmasq = None
        self.vpn_server = None
        self.namespaces = []
        self.logs = []
        self.made_etc_netns = not os.path.isdir("/etc/netns")

    # -- set-up ----------------------------------------------------------
    def start(self):
        if os.geteuid() != 0:
            raise LabUnavailable("the NetworkManager lab needs root (network namespaces, mounts)")
        for tool in ("NetworkManager", "dnsmasq", "dbus-daemon", "nmcli", "ip"):
            if shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin") is None:
                raise LabUnavailable(f"{tool} is not installed")
        if self.backend == "dhclient" and shutil.which("dhclient", path="/usr/sbin:/sbin") is None:
            raise LabUnavailable("dhclient is not installed (package isc-dhcp-client)")
        self.dir = tempfile.mkdtemp(prefix="altoscope-nmlab-")
        if not os.environ.get("ALTOSCOPE_KEEP_LAB"):
            teardown.track_dir(self.dir)
        try:
            self._network()
            # 10.8.0.1 is the VPN server's end of the tunnel (ip-freebind: it
            # exists only once the tunnel is up): the VPN's own DNS server.
            self.dns = DnsLab(netns=self.ns_srv, listen=[SERVER_V4, SERVER_V6, VPN_SERVER]).start()
            self.start_dnsmasq()
            self._start_bus()
            self.start_nm()
            self.wait_for_ipv4()
        except Exception:
            self.stop()
            raise
        return self

    def _path(self, *p):
        return os.path.join(self.dir, *p)

    def _network(self):
        try:
            run(["ip", "netns", "add", self.ns_srv])
            self.namespaces.append(self.ns_srv)
            teardown.track_netns(self.ns_srv)
            run(["ip", "netns", "add", self.ns_cli])
            self.namespaces.append(self.ns_cli)
            teardown.track_netns(self.ns_cli)
        except subprocess.CalledProcessError as e:
            raise LabUnavailable(f"network namespaces are not available: {e.stderr.strip()}")
        run(["ip", "link", "add", CLIENT_IF, "netns", self.ns_cli, "type", "veth",
             "peer", "name", SERVER_IF, "netns", self.ns_srv])
        for ns in (self.ns_srv, self.ns_cli):
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "-n", self.ns_srv, "addr", "add", f"{SERVER_V4}/24", "dev", SERVER_IF])
        run(["ip", "-n", self.ns_srv, "addr", "add", f"{SERVER_V6}/64", "dev", SERVER_IF,
             "nodad"])
        run(["ip", "-n", self.ns_srv, "link", "set", SERVER_IF, "up"])
        # `ip netns exec` puts /etc/netns/NAME/* over /etc: the client
        # namespace's "system resolver" is the lab's, never the host's.
        if self.made_etc_netns:
            teardown.track_empty_dir("/etc/netns")
        os.makedirs(f"/etc/netns/{self.ns_cli}", exist_ok=True)
        teardown.track_dir(f"/etc/netns/{self.ns_cli}")
        with open(f"/etc/netns/{self.ns_cli}/resolv.conf", "w") as f:
            f.write(f"nameserver {SERVER_V4}\n")

    def start_dnsmasq(self):
        conf = self._path("dnsmasq.conf")
        with open(conf, "w") as f:
            f.write(f"""port=0
interface={SERVER_IF}
bind-interfaces
no-ping
dhcp-authoritative
user=root
group=root
dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,10m
dhcp-range={SERVER_V6.rsplit(':', 1)[0]}:100,{SERVER_V6.rsplit(':', 1)[0]}:1ff,64,10m
enable-ra
dhcp-option=option:dns-server,{SERVER_V4}
dhcp-option=option6:dns-server,[{SERVER_V6}]
dhcp-leasefile={self._path('dnsmasq.leases')}
pid-file={self._path('dnsmasq.pid')}
log-dhcp
""")
            # A value "hex:…" is sent as those bytes, as it is: for hostile tests.
            def raw(value, encode):
                return value[4:] if value.startswith("hex:") else encode(value)
            if self.options["15"]:
                if self.options["15"].startswith("hex:"):
                    f.write(f"dhcp-option-force=15,{self.options['15'][4:]}\n")
                else:
                    f.write(f"dhcp-option=option:domain-name,{self.options['15']}\n")
            if self.options["213"]:
                f.write(f"dhcp-option-force=213,{raw(self.options['213'], wire_hex)}\n")
            if self.options["57"]:
                f.write(f"dhcp-option-force=option6:57,{raw(self.options['57'], wire_hex)}\n")
        log = open(self._path("dnsmasq.log"), "a")
        self.logs.append(log)
        self.dnsmasq = subprocess.Popen(["ip", "netns", "exec", self.ns_srv, "dnsmasq",
                                         "--keep-in-foreground", "--log-facility=-",
                                         f"--conf-file={conf}"],
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        teardown.track(self.dnsmasq, group=True, name="dnsmasq")
        time.sleep(0.3)
        if self.dnsmasq.poll() is not None:
            raise LabUnavailable("dnsmasq did not start: " + open(self._path("dnsmasq.log")).read())

    def restart_dnsmasq(self, **options):
        self.options.update(options)
        self._end(self.dnsmasq)
        self.start_dnsmasq()

    # -- an OpenVPN tunnel, for VPN tests ---------------------------------
    def start_vpn_server(self):
        """An OpenVPN server (static key, UDP) in the server namespace, and a
        VPN profile for NetworkManager; `vpn_up()` connects it."""
        if shutil.which("openvpn", path="/usr/sbin:/usr/bin") is None or \
                not os.path.exists("/usr/lib/NetworkManager/nm-openvpn-service"):
            raise LabUnavailable("openvpn or network-manager-openvpn is not installed")
        key = self._path("vpn.key")
        run(["openvpn", "--genkey", "secret", key])
        log = open(self._path("openvpn.log"), "w")
        self.logs.append(log)
        self.vpn_server = subprocess.Popen(
            ["ip", "netns", "exec", self.ns_srv, "openvpn", "--dev", "tun", "--proto", "udp",
             "--local", SERVER_V4, "--port", "1194", "--ifconfig", VPN_SERVER, VPN_CLIENT,
             "--secret", key, "--cipher", "AES-256-CBC",
             "--verb", "3"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        teardown.track(self.vpn_server, group=True, name="openvpn")
        self.vpn_key = key

    def write_vpn_profile(self):
        keyfile = os.path.join(self._path("nm"), "keyfiles", f"{VPN_ID}.nmconnection")
        with open(keyfile, "w") as f:
            f.write(f"""[connection]
id={VPN_ID}
uuid={VPN_UUID}
type=vpn
autoconnect=false

[vpn]
service-type=org.freedesktop.NetworkManager.openvpn
connection-type=static-key
remote={SERVER_V4}
static-key={self.vpn_key}
local-ip={VPN_CLIENT}
remote-ip={VPN_SERVER}
cipher=AES-256-CBC

[ipv4]
method=auto
dns={VPN_SERVER};
never-default=true

[ipv6]
method=ignore
""")
        os.chmod(keyfile, 0o600)

    def vpn_up(self, timeout=30):
        self.write_vpn_profile()
        self.nmcli("connection", "reload")
        r = self.nmcli("connection", "up", VPN_UUID)
        if r.returncode != 0:
            raise LabUnavailable("the VPN did not come up: " + r.stdout + r.stderr)
        self.wait(lambda: "activated" in self.nmcli("-t", "-f", "GENERAL.STATE", "connection",
                                                      "show", VPN_UUID).stdout,
                  "the VPN", timeout, self.nm)

    def vpn_down(self):
        self.nmcli("connection", "down", VPN_UUID)

    def _start_bus(self):
        os.makedirs(self._path("bus"))
        conf = self._path("bus.conf")
        with open(conf, "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={self._path('bus', 'system_bus_socket')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
</busconfig>
""")
        log = open(self._path("bus.log"), "w")
        self.logs.append(log)
        self.bus = subprocess.Popen(["dbus-daemon", "--nofork", "--nopidfile", f"--config-file={conf}"],
                                    stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        teardown.track(self.bus, group=True, name="dbus-daemon")
        deadline = time.monotonic() + 5
        while not os.path.exists(self._path("bus", "system_bus_socket")):
            if time.monotonic() > deadline or self.bus.poll() is not None:
                raise LabUnavailable("dbus-daemon did not start: " + open(self._path("bus.log")).read())
            time.sleep(0.05)

    @property
    def bus_address(self):
        return f"unix:path={self._path('bus', 'system_bus_socket')}"

    def start_nm(self):
        nm = self._path("nm")
        # A clean start: NetworkManager leaves state behind on SIGTERM.
        shutil.rmtree(nm, ignore_errors=True)
        for d in ("run", "lib", "etc", "etc/conf.d", "keyfiles", "system-conf.d"):
            os.makedirs(os.path.join(nm, d), exist_ok=True)
        run(["ip", "-n", self.ns_cli, "addr", "flush", "dev", CLIENT_IF], check=False)
        with open(os.path.join(nm, "NetworkManager.conf"), "w") as f:
            f.write(f"""[main]
plugins=keyfile
auth-polkit=false
dhcp={self.backend}
dns=none
rc-manager=unmanaged
systemd-resolved=false
hostname-mode=none
no-auto-default=*

[keyfile]
path={os.path.join(nm, 'keyfiles')}

[connectivity]
enabled=false

[logging]
level=INFO
""")
        keyfile = os.path.join(nm, "keyfiles", f"{CONNECTION_ID}.nmconnection")
        with open(keyfile, "w") as f:
            f.write(f"""[connection]
id={CONNECTION_ID}
uuid={CONNECTION_UUID}
type=ethernet
interface-name={CLIENT_IF}
autoconnect=true

[ethernet]

[ipv4]
method=auto

[ipv6]
method=auto
addr-gen-mode=eui64
""")
        os.chmod(keyfile, 0o600)
        # In NetworkManager's own mount namespace: the private bus at the
        # system bus's path (NM is not given DBUS_SYSTEM_BUS_ADDRESS, which
        # dhclient would report as DHCP options), private state directories,
        # and /sys read-only so that NM manages devices without udev.
        script = f"""set -e
mkdir -p /run/dbus /run/NetworkManager /var/lib/NetworkManager /etc/NetworkManager
mount --bind {self._path('bus')} /run/dbus
mount --bind {nm}/run /run/NetworkManager
mount --bind {nm}/lib /var/lib/NetworkManager
mount --bind {nm}/etc /etc/NetworkManager
mount -o remount,ro /sys
exec NetworkManager --no-daemon --config={nm}/NetworkManager.conf \\
  --config-dir={nm}/etc/conf.d --system-config-dir={nm}/system-conf.d \\
  --intern-config={nm}/intern.conf --state-file={nm}/state --pid-file={nm}/nm.pid
"""
        log = open(self._path("nm.log"), "a")
        self.logs.append(log)
        self.nm = subprocess.Popen(["ip", "netns", "exec", self.ns_cli, "sh", "-c", script],
                                   stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        teardown.track(self.nm, group=True, name="NetworkManager")
        self.wait(lambda: self.nmcli("-t", "-f", "RUNNING", "general").stdout.strip() == "running",
                  "NetworkManager on the private bus", 20, self.nm)

    def stop_nm(self):
        self._end(self.nm)
        self.nm = None

    # -- use ---------------------------------------------------------------
    def env(self, extra=None):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8",
               "DBUS_SYSTEM_BUS_ADDRESS": self.bus_address}
        # Where an uninstalled build finds its schema, catalogues and icons,
        # and the sanitizers' options (meson test sets them).
        for k in ("GSETTINGS_SCHEMA_DIR", "ALTOSCOPE_LOCALEDIR", "XDG_DATA_DIRS", "ASAN_OPTIONS",
                  "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        env.update(extra or {})
        return env

    def in_client(self, argv, env=None):
        """argv run inside the client namespace, as the lab's machine."""
        prefix = ["ip", "netns", "exec", self.ns_cli, "env", "-i"]
        prefix += [f"{k}={v}" for k, v in self.env(env).items()]
        return prefix + argv

    def nmcli(self, *args):
        return run(self.in_client(["nmcli", *args]), check=False)

    def wait(self, check, what, timeout, proc=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise LabUnavailable(f"{what}: the process ended: "
                                     + open(self._path("nm.log")).read()[-2000:])
            try:
                if check():
                    return
            except (subprocess.SubprocessError, OSError):
                pass
            time.sleep(0.1)
        raise LabUnavailable(f"timed out waiting for {what}")

    def device_field(self, field):
        out = self.nmcli("-t", "-f", field, "device", "show", CLIENT_IF).stdout
        return [line.split(":", 1)[1] for line in out.splitlines() if ":" in line]

    def wait_for_ipv4(self, timeout=30):
        self.wait(lambda: any(v.startswith("192.0.2.") for v in self.device_field("IP4.ADDRESS")),
                  "an IPv4 lease on " + CLIENT_IF, timeout, self.nm)

    def wait_for_dhcp6(self, timeout=40):
        self.wait(lambda: any(v for v in self.device_field("DHCP6.OPTION")),
                  "a DHCPv6 lease on " + CLIENT_IF, timeout, self.nm)

    def reactivate(self):
        """A new DHCP exchange: the connection goes down and up again."""
        self.nmcli("connection", "up", CONNECTION_UUID)
        self.wait_for_ipv4()

    def _end(self, proc):
        # Only processes this lab started, by their id (their session).
        teardown.end_process(proc, timeout=10, group=True)

    def stop(self):
        self._end(self.nm)
        self._end(self.vpn_server)
        self._end(self.dnsmasq)
        self._end(self.bus)
        if self.dns is not None:
            self.dns.stop()
        for ns in self.namespaces:
            # Whatever still runs inside (a helper NetworkManager started) ends with it.
            teardown.delete_netns(ns)
        self.namespaces = []
        teardown.remove_dir(f"/etc/netns/{self.ns_cli}")
        if self.made_etc_netns:
            try:
                os.rmdir("/etc/netns")
            except OSError:
                pass
            teardown.untrack_empty_dir("/etc/netns")
        for log in self.logs:
            log.close()
        self.logs = []
        if self.dir and not os.environ.get("ALTOSCOPE_KEEP_LAB"):
            teardown.remove_dir(self.dir)


def main():
    backend = sys.argv[1] if len(sys.argv) > 1 else "internal"
    lab = NmLab(backend)
    try:
        lab.start()
    except LabUnavailable as e:
        print(f"The NetworkManager lab cannot start: {e}", file=sys.stderr)
        return 1
    cli = os.path.abspath(os.path.join(HERE, "..", "..", "_build", "src", "cli", "altoscope-cli"))
    print(f"NetworkManager ({backend} DHCP client) manages {CLIENT_IF} in namespace {lab.ns_cli}.")
    print("Run Altoscope inside the lab, e.g.:")
    print(f"  sudo ip netns exec {lab.ns_cli} env DBUS_SYSTEM_BUS_ADDRESS={lab.bus_address} "
          f"{cli} interfaces")
    print("Ctrl+C stops the lab and removes everything it made.")
    try:
        signal.pause()   # SIGINT and SIGTERM end the lab (teardown) and the program
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
