#!/usr/bin/python3
"""A fast, model-level test of how Altoscope reads VPN connections and odd
DHCP option forms from libnm, against python3-dbusmock's NetworkManager on a
private bus: it runs without root, and covers a form the real lab's DHCP
clients do not produce (option 213 as colon hex without zero padding).  The
real VPN test, through NetworkManager's OpenVPN plugin, is in test_nm.py;
this replaces none of the real tests.

Usage: test_model_mock.py PATH-TO-altoscope-cli
"""

import json
import os
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dns"))
import teardown  # noqa: E402

try:
    import dbus
    import dbusmock
except ImportError:
    print("SKIP: python3-dbusmock is not installed", file=sys.stderr)
    sys.exit(77)

CLI = None
VPN_UUID = "0b7a3e52-51c1-4b7e-9d8e-6a0c7f1d2e33"
OTHER_UUID = "5d3c1a90-2f4e-4b6a-8c1d-7e9f0a1b2c3d"   # another VPN named "Work VPN"
ETH0_UUID = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"    # a VPN named like the device
IP4 = "org.freedesktop.NetworkManager.IP4Config"
DHCP4 = "org.freedesktop.NetworkManager.DHCP4Config"
DEVICE = "org.freedesktop.NetworkManager.Device"
ACTIVE = "org.freedesktop.NetworkManager.Connection.Active"


def ip4_config(mock, path, address, dns):
    mock.AddObject(path, IP4, {
        "Addresses": dbus.Array([], signature="au"),
        "AddressData": dbus.Array([{"address": dbus.String(address), "prefix": dbus.UInt32(24)}],
                                  signature="a{sv}"),
        "Nameservers": dbus.Array([], signature="u"),
        "NameserverData": dbus.Array([{"address": dbus.String(d)} for d in dns],
                                     signature="a{sv}"),
        "Domains": dbus.Array([], signature="s"),
        "Searches": dbus.Array([], signature="s"),
        "Gateway": "",
        "RouteData": dbus.Array([], signature="a{sv}"),
    }, [])


class Vpn(dbusmock.DBusTestCase):
    @classmethod
    def setUpClass(cls):
        cls.start_system_bus()
        # dbusmock's bus forks into a session of its own, and its tearDownClass
        # leaves its data directory behind: both end with the test, however it ends.
        cls.bus_pid = dbusmock.DBusTestCase.system_bus_pid
        cls.datadir = str(dbusmock.DBusTestCase._DBusTestCase__datadir)
        teardown.track_pid(cls.bus_pid, name="dbus-daemon")
        teardown.track_dir(cls.datadir)
        cls.dbus_con = cls.get_dbus(system_bus=True)

    @classmethod
    def tearDownClass(cls):
        # dbusmock's stop_dbus leaves SIGTERM ignored: the handlers are put back.
        handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
        super().tearDownClass()
        for s, h in handlers.items():
            signal.signal(s, h)
        teardown.untrack_pid(cls.bus_pid)
        teardown.remove_dir(cls.datadir)

    def setUp(self):
        self.p_mock, self.obj = self.spawn_server_template(
            "networkmanager", {"NetworkingEnabled": True, "Version": "1.42.4"},
            stdout=subprocess.DEVNULL)
        teardown.track(self.p_mock, group=False, name="dbusmock")
        self.addCleanup(teardown.untrack, self.p_mock)
        self.addCleanup(self.stop_mock)
        self.mock = dbus.Interface(self.obj, dbusmock.MOCK_IFACE)
        self.nm = self.mock   # the template's methods are on the mock interface
        self.home = teardown.scratch_dir("altoscope-mocktest-")
        self.addCleanup(teardown.remove_dir, self.home)

        eth = self.nm.AddEthernetDevice("mock_eth0", "eth0", 100)
        ip4_config(self.mock, "/org/freedesktop/NetworkManager/IP4Config/1", "192.0.2.50",
                   ["127.0.0.1"])
        self.mock.AddObject("/org/freedesktop/NetworkManager/DHCP4Config/1", DHCP4, {
            "Options": dbus.Dictionary({"domain_name": dbus.String("corp.example"),
                                        "v4_access_domain": dbus.String("7:65:78:61:6d:70:6c:65:3:6e:65:74:0")},
                                       signature="sv")}, [])
        dev = dbus.Interface(self.dbus_con.get_object("org.freedesktop.NetworkManager", eth),
                             dbusmock.MOCK_IFACE)
        dev.AddProperties(DEVICE, {
            "Ip4Config": dbus.ObjectPath("/org/freedesktop/NetworkManager/IP4Config/1"),
            "Dhcp4Config": dbus.ObjectPath("/org/freedesktop/NetworkManager/DHCP4Config/1")})
        self.eth = eth
        self.connect_vpn("vpn1", "/org/freedesktop/NetworkManager/IP4Config/2", "10.8.0.6")

    def connect_vpn(self, name, ip4_path, address, conn_id="Work VPN", uuid=VPN_UUID):
        settings = dbus.Interface(self.obj, "org.freedesktop.NetworkManager.Settings")
        if not hasattr(self, "vpn_conns"):
            self.vpn_conns = {}
        conn = self.vpn_conns.get(uuid) or settings.SettingsAddConnection({
            "connection": {"id": conn_id, "uuid": uuid, "type": "vpn"},
            "vpn": {"service-type": "org.freedesktop.NetworkManager.openvpn"},
        })
        self.vpn_conns[uuid] = conn
        ip4_config(self.mock, ip4_path, address, ["127.0.0.1"])
        ac = self.nm.AddActiveConnection([self.eth], conn, "/", name, 2)
        ac_obj = dbus.Interface(self.dbus_con.get_object("org.freedesktop.NetworkManager", ac),
                                dbusmock.MOCK_IFACE)
        ac_obj.AddProperties(ACTIVE, {"Ip4Config": dbus.ObjectPath(ip4_path)})
        ac_obj.AddProperties("org.freedesktop.NetworkManager.VPN.Connection",
                             {"VpnState": dbus.UInt32(5), "Banner": ""})
        return ac

    def stop_mock(self):
        self.p_mock.terminate()
        self.p_mock.wait()

    def cli(self, *args):
        env = dict(os.environ, XDG_CONFIG_HOME=self.home, XDG_CACHE_HOME=self.home,
                   LC_ALL="C.UTF-8")
        r = subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=60)
        return r

    def interfaces(self):
        r = self.cli("interfaces", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return {i["name"]: i for i in json.loads(r.stdout)["interfaces"]}

    def test_vpn_is_its_own_entry_over_its_device(self):
        ifaces = self.interfaces()
        self.assertIn("eth0", ifaces)
        self.assertIn("Work VPN", ifaces)
        vpn = ifaces["Work VPN"]
        self.assertTrue(vpn["vpn"])
        self.assertEqual(vpn["kind"], "vpn")
        self.assertEqual(vpn["vpn_parent"], "eth0")
        self.assertEqual(vpn["connection"]["uuid"], VPN_UUID)
        self.assertEqual(vpn["ipv4"]["addresses"], ["10.8.0.6/24"])
        # No DHCP on the VPN: no domain, and the advice to set a connection override.
        self.assertIsNone(vpn["ipv4"]["domain"])
        self.assertIn("vpn-no-dhcp", [w["code"] for w in vpn["ipv4"]["warnings"]])
        # The device's DHCP option 213, in colon hex without padding, decoded.
        eth = ifaces["eth0"]["ipv4"]
        self.assertEqual((eth["domain"], eth["domain_source"]), ("example.net", "dhcp4-option-213"))

    def test_connection_override_follows_the_vpn(self):
        r = self.cli("override", "set", "alto.example.org", "--connection", VPN_UUID)
        self.assertEqual(r.returncode, 0, r.stderr)
        vpn = self.interfaces()["Work VPN"]["ipv4"]
        self.assertEqual((vpn["domain"], vpn["domain_source"]),
                         ("alto.example.org", "override-connection"))
        # The VPN reconnects: a new active connection, new configuration.
        self.nm.RemoveActiveConnection(self.eth,
                                       "/org/freedesktop/NetworkManager/ActiveConnection/vpn1")
        self.connect_vpn("vpn2", "/org/freedesktop/NetworkManager/IP4Config/3", "10.8.0.9")
        vpn = self.interfaces()["Work VPN"]["ipv4"]
        self.assertEqual(vpn["addresses"], ["10.8.0.9/24"])
        self.assertEqual((vpn["domain"], vpn["domain_source"]),
                         ("alto.example.org", "override-connection"))

    def test_vpns_are_known_by_their_connection_uuid(self):
        # A second VPN with the same name, and a VPN named like the device.
        self.connect_vpn("vpn2", "/org/freedesktop/NetworkManager/IP4Config/4", "10.9.0.2",
                         uuid=OTHER_UUID)
        self.connect_vpn("vpn3", "/org/freedesktop/NetworkManager/IP4Config/5", "10.10.0.3",
                         conn_id="eth0", uuid=ETH0_UUID)
        r = self.cli("interfaces", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        entries = json.loads(r.stdout)["interfaces"]
        vpns = {e["connection"]["uuid"]: e for e in entries if e["vpn"]}
        self.assertEqual(set(vpns), {VPN_UUID, OTHER_UUID, ETH0_UUID})
        self.assertEqual(vpns[VPN_UUID]["ipv4"]["addresses"], ["10.8.0.6/24"])
        self.assertEqual(vpns[OTHER_UUID]["ipv4"]["addresses"], ["10.9.0.2/24"])
        self.assertEqual(len([e for e in entries if e["name"] == "eth0"]), 2)

        # An interface override for eth0 is the device's, not the VPN's named eth0.
        r = self.cli("override", "set", "alto-eth.example.org", "--interface", "eth0")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.cli("override", "set", "alto-other.example.org", "--connection", OTHER_UUID)
        self.assertEqual(r.returncode, 0, r.stderr)
        entries = json.loads(self.cli("interfaces", "--json").stdout)["interfaces"]
        by_uuid = {e["connection"]["uuid"]: e["ipv4"] for e in entries if e["vpn"]}
        device = [e["ipv4"] for e in entries if not e["vpn"] and e["name"] == "eth0"][0]
        self.assertEqual(device["domain_source"], "override-interface")
        self.assertIsNone(by_uuid[ETH0_UUID]["domain"])
        self.assertIsNone(by_uuid[VPN_UUID]["domain"])
        self.assertEqual((by_uuid[OTHER_UUID]["domain"], by_uuid[OTHER_UUID]["domain_source"]),
                         ("alto-other.example.org", "override-connection"))

        # Every pair is its own target, and --interface takes a VPN's UUID.
        r = self.cli("discover", "--timeout", "0.2", "--json")
        targets = json.loads(r.stdout)["targets"]
        vpn_targets = [t for t in targets if t.get("interface_kind") == "vpn"]
        self.assertEqual(sorted(t["connection"]["uuid"] for t in vpn_targets),
                         sorted([VPN_UUID, OTHER_UUID, ETH0_UUID]))
        r = self.cli("discover", "--interface", OTHER_UUID, "--timeout", "0.2", "--json")
        (t,) = json.loads(r.stdout)["targets"]
        self.assertEqual((t["connection"]["uuid"], t["domain"]),
                         (OTHER_UUID, "alto-other.example.org"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    CLI = os.path.abspath(sys.argv.pop(1))
    teardown.install()   # SIGTERM (meson's timeout) and SIGINT end the mock bus too
    unittest.main(verbosity=2)
