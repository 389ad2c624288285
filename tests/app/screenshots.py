#!/usr/bin/python3
"""Renders the screenshots the README and the AppStream metainfo show:
the real window, in the NetworkManager lab, under Xvfb, driven into each
state with altoscope-cli (the window follows overrides live).

Run as root from the source tree after building:
    sudo /usr/bin/python3 tests/app/screenshots.py
Writes data/screenshots/*.png.  Look at every one before committing it.
"""

import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "nm"))
sys.path.insert(0, HERE)
import nmlab  # noqa: E402
import teardown  # noqa: E402
from test_app import IrdServer, Xvfb  # noqa: E402

APP = os.path.join(ROOT, "_build", "src", "app", "altoscope")
CLI = os.path.join(ROOT, "_build", "src", "cli", "altoscope-cli")
OUT = os.path.join(ROOT, "data", "screenshots")
SIZE = "1100x720+0+0"
NARROW = "360x720+0+0"

RESIZE = r"""
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
d = x.XOpenDisplay(None)
x.XResizeWindow(ctypes.c_void_p(d), ctypes.c_ulong(int(sys.argv[1], 16)), int(sys.argv[2]),
                int(sys.argv[3]))
x.XFlush(ctypes.c_void_p(d))
x.XCloseDisplay(ctypes.c_void_p(d))
"""

# A click at X Y, as a person's pointer gives it (XTest).
CLICK = r"""
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
t = ctypes.CDLL("libXtst.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x.XOpenDisplay(None))
t.XTestFakeMotionEvent(d, -1, int(sys.argv[1]), int(sys.argv[2]), 0)
t.XTestFakeButtonEvent(d, 1, 1, 0)
t.XTestFakeButtonEvent(d, 1, 0, 0)
x.XFlush(d)
x.XCloseDisplay(d)
"""


def main():
    lab = nmlab.NmLab("internal")
    teardown.install()   # SIGTERM and SIGINT end the lab, the servers and the window too
    home = teardown.scratch_dir("altoscope-shots-")
    os.chmod(home, 0o700)
    lab.start()
    lab.wait_for_dhcp6()
    x = Xvfb(lab)
    env = {"DISPLAY": x.display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
           "GTK_A11Y": "none", "NO_AT_BRIDGE": "1", "HOME": home, "XDG_RUNTIME_DIR": home,
           "XDG_CONFIG_HOME": os.path.join(home, "config"),
           "XDG_CACHE_HOME": os.path.join(home, "cache"),
           # The uninstalled build's schema, catalogues and icons.
           "GSETTINGS_SCHEMA_DIR": os.path.join(ROOT, "_build", "data"),
           "ALTOSCOPE_LOCALEDIR": os.path.join(ROOT, "_build", "po"),
           "XDG_DATA_DIRS": os.path.join(ROOT, "data") + ":/usr/local/share:/usr/share"}
    app = None
    os.makedirs(OUT, exist_ok=True)

    def cli(*args, extra=None):
        subprocess.run(lab.in_client([CLI, *args], dict(env, **(extra or {}))), check=True,
                       capture_output=True)

    def shoot(name, wait=3.0, size=SIZE):
        time.sleep(wait)
        path = os.path.join(OUT, name)
        subprocess.run(lab.in_client(["import", "-window", "root", "-crop", size, "+repage",
                                      path], env), check=True)
        # A frame caught between two (all black, a few hundred bytes) is no
        # screenshot: taken again once.
        if os.path.getsize(path) < 4096:
            time.sleep(2)
            subprocess.run(lab.in_client(["import", "-window", "root", "-crop", size,
                                          "+repage", path], env), check=True)
        if os.path.getsize(path) < 4096:
            raise RuntimeError(f"{name} is blank")
        print("wrote", path)

    def resize(width, height):
        """No window manager under Xvfb: the window is resized by X itself."""
        r = subprocess.run(lab.in_client(["xwininfo", "-root", "-tree"], env),
                           capture_output=True, text=True, check=True)
        for line in r.stdout.splitlines():
            if "Altoscope" in line and line.strip().startswith("0x"):
                subprocess.run(lab.in_client(["/usr/bin/python3", "-c", RESIZE,
                                              line.split()[0], str(width), str(height)], env),
                               check=True)
                return
        raise RuntimeError("no Altoscope window to resize")

    def start_app(extra=None, args=()):
        return teardown.track(
            subprocess.Popen(lab.in_client([APP, *args], dict(env, **(extra or {}))),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True), group=True, name="altoscope")

    # The lab's zones are not under the real root: the window proves them from
    # the lab's anchor, as Preferences stores it for private zones.
    settings = os.path.join(home, "config", "altoscope", "settings.ini")
    os.makedirs(os.path.dirname(settings), exist_ok=True)
    anchor = f"trust-anchor-file='{lab.dns.anchors_file}'\n"
    with open(settings, "w") as f:
        f.write("[altoscope]\n" + anchor)

    ird = None
    try:
        app = start_app(args=["--interface", nmlab.CLIENT_IF])
        shoot("found.png", 4)
        # At 360 px: the URI wraps in full, its badge and buttons under it.
        resize(360, 720)
        shoot("narrow.png", 2, NARROW)
        teardown.end_process(app, group=True)
        # A report someone sent (issue 16): made here, then edited as another
        # machine's would differ, opened from the command line, and compared.
        r = subprocess.run(lab.in_client([CLI, "discover", "--json", "--note",
                                          "From the laptop in room 4.12, on the guest network",
                                          "--trust-anchor", lab.dns.anchors_file], env),
                           capture_output=True, text=True)
        report = json.loads(r.stdout)
        for t in report["targets"]:
            if t.get("interface") == nmlab.CLIENT_IF and t.get("family") == "ipv4":
                t["domain"] = "guest.signed.test"
                t["uris"] = t["uris"][:1]
        sent = os.path.join(home, "laptop.altoscope.json")
        with open(sent, "w") as f:
            json.dump(report, f)
        app = start_app(args=[sent])
        shoot("report.png", 4)
        subprocess.run(lab.in_client(["/usr/bin/python3", "-c", CLICK, "957", "28"], env),
                       check=True)
        shoot("compare.png", 2)
        teardown.end_process(app, group=True)
        # In German, as a German-speaking help desk sees it.
        app = start_app({"LANGUAGE": "de"})
        shoot("german.png", 4)
        teardown.end_process(app, group=True)
        # A server checked from the window: nginx in the lab, checks made
        # automatically (Preferences), with the lab's CA.
        ird = IrdServer(lab, showcase=True)
        with open(settings, "w") as f:
            f.write(f"[altoscope]\ncheck-automatically=true\ncheck-ca-file='{ird.ca}'\n" + anchor)
        app = start_app()
        shoot("checked.png", 5)
        teardown.end_process(app, group=True)
        with open(settings, "w") as f:
            f.write("[altoscope]\n" + anchor)
        app = start_app()
        time.sleep(4)
        cli("override", "set", "missing.signed.test", "--interface", nmlab.CLIENT_IF,
            "--family", "ipv4")
        shoot("failed.png")
        cli("override", "set", "mixed.signed.test", "--interface", nmlab.CLIENT_IF,
            "--family", "ipv4")
        shoot("bogus.png")
        cli("override", "clear", "--interface", nmlab.CLIENT_IF, "--family", "ipv4")
        teardown.end_process(app, group=True)
        # A real OpenVPN tunnel, with an override for its connection.
        lab.start_vpn_server()
        lab.vpn_up()
        # No domain: a neutral state that says why, with its next step.
        app = start_app(args=["--interface", nmlab.VPN_ID])
        shoot("no-domain.png", 4)
        # The window follows the override live.
        cli("override", "set", "connection.signed.test", "--connection", nmlab.VPN_UUID)
        shoot("vpn.png", 4)
        teardown.end_process(app, group=True)
        cli("override", "clear", "--connection", nmlab.VPN_UUID)
        lab.vpn_down()
        app = start_app({"ADW_DEBUG_COLOR_SCHEME": "prefer-dark"})
        shoot("found-dark.png", 4)
        teardown.end_process(app, group=True)
        lab.stop_nm()
        cli("override", "set", "override4.signed.test")
        app = start_app()
        shoot("no-networkmanager.png", 4)
    finally:
        if app is not None:
            teardown.end_process(app, group=True)
        if ird is not None:
            ird.stop()
        x.stop()
        lab.stop()
        teardown.remove_dir(home)


if __name__ == "__main__":
    main()
