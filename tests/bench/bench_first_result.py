#!/usr/bin/python3
"""The first result without waiting (issue 15, item 10), by hand: figures,
no assertions.  Run by tests/bench/bench.py (sections 5 and 6); needs root.

5. The window: from exec to the first frame that shows a result, against a
   bare libadwaita window's first frame, in a lab with no delay.  A network
   namespace of its own holds the DNS lab (knot and unbound, tests/dns/lab.py)
   on its loopback, with unbound on port 53 as the namespace's system
   resolver (/etc/netns/NAME/resolv.conf); no NetworkManager (its bus points
   nowhere), so the window's one entry is the default domain, set with
   `altoscope-cli override set`, looked up with the system's resolver and
   proved from the lab's trust anchor (set as Preferences sets it), so the
   result is "verified secure" as on a signed network; the app's icons
   come from a copy with its icon cache, as a package installs them.
   Inside the namespace (a runner started once with `ip netns exec`, so that
   neither it nor this interpreter is timed) a private Xvfb, then both
   programs alternately, each on a private session bus started before its
   clock.  Each prints CLOCK_MONOTONIC at a frame's
   after-paint: the bare window at its first (the copy compiled here adds
   that); Altoscope (best a release build) with ALTOSCOPE_BENCH_MARKS=1, at its
   first frame and at the first frame painted after the scheduler's first
   result (src/app/altoscope-application.c).  The first run of each is not
   timed; Altoscope's is left open a second after its first result, so that
   what a start keeps for the next (the first frame's fonts,
   src/app/altoscope-font-warmup.c) is written: the figures are those of a
   start after the first.  Target: a ratio of at most 1.3.

6. The CLI: `discover --interface alto0 --family ipv4` (NetworkManager's
   links, the scheduler, step 1 from DHCP option 15) against
   `discover --domain D --server S` doing the same lookups, in the
   NetworkManager lab (tests/nm/nmlab.py), timed from exec to exit inside the
   client namespace, alternately.  Target: the per-interface path adds no
   fixed wait, only the time NetworkManager takes to answer.
"""

import json
import os
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "dns"))
sys.path.insert(0, os.path.join(TOP, "tests", "nm"))
import teardown  # noqa: E402
from lab import DnsLab, LabUnavailable  # noqa: E402

DOMAIN = "simple.signed.test"   # two URIs, DNSSEC secure (tests/dns/zones.py)

# Added to bench.py's bare window: its first after-paint, on stderr.
BARE_MARK = r"""
static void after_paint (GdkFrameClock *clock) {
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, after_paint, NULL);
}
static void realize (GtkWidget *w) {
  g_signal_connect (gtk_widget_get_frame_clock (w), "after-paint", G_CALLBACK (after_paint), NULL);
}
"""


def _run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def marked_bare(bare_source):
    src = bare_source.replace("static void activate", BARE_MARK + "static void activate", 1)
    src = src.replace("  GtkWidget *w = adw_application_window_new (app);",
                      '  g_printerr ("mark-activate %" G_GINT64_FORMAT "\\n", g_get_monotonic_time ());\n'
                      "  GtkWidget *w = adw_application_window_new (app);", 1)
    src = src.replace("int main (int argc, char **argv) {",
                      "int main (int argc, char **argv) {\n"
                      '  g_printerr ("mark-main %" G_GINT64_FORMAT "\\n", g_get_monotonic_time ());', 1)
    return src.replace("gtk_window_present (GTK_WINDOW (w));",
                       'g_signal_connect (w, "realize", G_CALLBACK (realize), NULL);\n'
                       "  gtk_window_present (GTK_WINDOW (w));", 1)


# ---- inside the namespace --------------------------------------------------------

def _marks(argv, env, last, timeout=30, linger=0.0):
    """Runs @argv until it prints the mark @last (and @linger seconds
    more); every mark it printed, in seconds since exec ("first-result"
    also with the pair's state).  A session bus of its own, started before
    the clock: on a shared one the previous run's name may not be released
    yet under load, and the new start would become a remote instance
    waiting on a process gone."""
    bus, address = _daemon_with_fd(["dbus-daemon", "--session", "--nofork",
                                    "--print-address={fd}"])
    env = dict(env, DBUS_SESSION_BUS_ADDRESS=address)
    start = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
    marks, buf, text = {}, b"", []
    sel = selectors.DefaultSelector()
    sel.register(p.stderr, selectors.EVENT_READ)
    try:
        while time.monotonic() - start < timeout:
            if last in marks:
                if linger <= 0:
                    break
                time.sleep(linger)
                break
            if not sel.select(timeout=0.5):
                continue
            chunk = os.read(p.stderr.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                text.append(line.decode(errors="replace"))
                words = text[-1].split()
                if len(words) >= 2 and words[0].startswith(("first-", "mark-")) and words[1].isdigit():
                    marks[words[0]] = int(words[1]) / 1e6 - start
                    if len(words) > 2:
                        marks[words[0] + "-state"] = words[2]
    finally:
        sel.close()
        # The program and its children (none expected), by its session id.
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        p.wait()
        p.stderr.close()
        bus.terminate()
        bus.wait()
    if last not in marks:
        marks["failed"] = f"exit {p.returncode}: " + " | ".join(text[-5:])
    return marks


def _daemon_with_fd(argv):
    """Starts @argv, which writes one line to the fd given as {fd}."""
    r, w = os.pipe()
    p = subprocess.Popen([a.replace("{fd}", str(w)) for a in argv], pass_fds=(w,),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    os.close(w)
    with os.fdopen(r) as f:
        return p, f.readline().strip()


def inside(config_path):
    with open(config_path) as f:
        c = json.load(f)
    xvfb, display = _daemon_with_fd(["Xvfb", "-displayfd", "{fd}", "-screen", "0",
                                     "1280x800x24", "-nolisten", "tcp"])
    try:
        env = dict(c["env"], DISPLAY=":" + display)
        out = {"bare": [], "alto": []}
        # Side by side, alternating.  The first run of each warms up, not
        # timed; Altoscope's is left open a second after its first result,
        # as a person would leave it, so that what a start keeps for the
        # next (the first frame's fonts, altoscope-font-warmup.c) is
        # written: the figures are those of a start after the first.
        for i in range(c["runs"] + 1):
            bare = _marks([c["bare"]], env, "first-frame")
            alto = _marks([c["alto"], *c.get("alto_args", [])], env, "first-result-frame",
                          linger=1.0 if i == 0 else 0.0)
            if i > 0:
                out["bare"].append(bare)
                out["alto"].append(alto)
        print(json.dumps(out))
    finally:
        xvfb.terminate()
        xvfb.wait()


# ---- 5. the window ---------------------------------------------------------------

def _median(runs, key):
    got = [r[key] for r in runs if key in r]
    return (statistics.median(got), len(got)) if got else (None, 0)


def _print_window(out, runs, title=None):
    bare, n_bare = _median(out["bare"], "first-frame")
    frame, _ = _median(out["alto"], "first-frame")
    result, _ = _median(out["alto"], "first-result")
    shown, n_alto = _median(out["alto"], "first-result-frame")
    states = sorted({r.get("first-result-state", "none") for r in out["alto"]})
    unproved = [st for st in states if not st.endswith("/secure")]
    print(title or f"5. The first result on screen, no delay (DNS lab on a namespace's loopback, "
                   f"no NetworkManager, default domain {DOMAIN}); exec to the frame's after-paint, "
                   f"median of {n_bare} and {n_alto} of {runs} alternating runs")
    if bare is None or shown is None:
        print("   no figure: a program printed no mark (is the build older than its marks?)")
        return
    print(f"   bare libadwaita window, first frame   {bare * 1000:7.0f} ms")
    print(f"   Altoscope, first frame                {frame * 1000:7.0f} ms")
    print(f"   Altoscope, first result (signal)      {result * 1000:7.0f} ms  "
          f"(state/DNSSEC: {', '.join(states)})")
    if unproved:
        print("   warning: a first result was not proved secure, so it is not the result "
              "this section means to time (was the lab's anchor taken?)")
    print(f"   Altoscope, first frame with a result  {shown * 1000:7.0f} ms")
    print(f"   ratio, first result frame / bare      {shown / bare:7.2f}     (target 1.3)")
    for name, got in (("the bare window's", out["bare"]), ("Altoscope's", out["alto"])):
        marks = sorted({k for r in got for k in r if k.startswith("mark-")},
                       key=lambda k: _median(got, k)[0])
        if marks:
            print(f"   where {name} time went (median ms since exec): " +
                  ", ".join(f"{k[5:]} {_median(got, k)[0] * 1000:.0f}" for k in marks))
    for name, got in (("bare window", out["bare"]), ("Altoscope", out["alto"])):
        for r in got:
            if "failed" in r:
                print(f"   a run of the {name} printed no mark: {r['failed'][:300]}")


def _namespace_with_lab(ns):
    _run(["ip", "netns", "add", ns])
    teardown.track_netns(ns)
    _run(["ip", "-n", ns, "link", "set", "lo", "up"])
    made_etc_netns = not os.path.isdir("/etc/netns")
    if made_etc_netns:
        teardown.track_empty_dir("/etc/netns")
    os.makedirs(f"/etc/netns/{ns}")
    teardown.track_dir(f"/etc/netns/{ns}")
    # `ip netns exec` puts this over /etc/resolv.conf: the system's
    # resolver, inside the namespace, is the lab's.
    with open(f"/etc/netns/{ns}/resolv.conf", "w") as f:
        f.write("nameserver 127.0.0.1\n")
    return made_etc_netns, DnsLab(netns=ns, listen=["127.0.0.1"]).start()


def _compile_bare(tmp, bare_source):
    """The bare window, with its first-frame mark, as tmp/bare."""
    src = os.path.join(tmp, "bare.c")
    with open(src, "w") as f:
        f.write(marked_bare(bare_source))
    flags = _run(["pkg-config", "--cflags", "--libs", "libadwaita-1"]).stdout.split()
    _run(["cc", "-O2", src, "-o", os.path.join(tmp, "bare"), *flags])


def installed_icons(tmp):
    """The app's icons as a package installs them: in hicolor with its
    icon-theme.cache (a package's trigger runs gtk-update-icon-cache).  The
    source tree's data/icons has no cache, and GTK would then stat every
    directory hicolor's index.theme lists, which no installed copy does."""
    share = os.path.join(tmp, "share")
    shutil.copytree(os.path.join(TOP, "data", "icons"), os.path.join(share, "icons"))
    _run(["gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index",
          os.path.join(share, "icons", "hicolor")])
    return share


def _trust_lab_anchor(env, lab):
    """The lab's zones are signed under the lab's own root: its anchor, as
    Preferences stores it (the window tests and the screenshots do the
    same), so that the result is what a person on a signed network sees,
    "verified secure".  Without it the window proves nothing and shows the
    resolver-and-proof mismatch warning instead, a result no one should
    see first."""
    path = os.path.join(env["XDG_CONFIG_HOME"], "altoscope", "settings.ini")
    with open(path) as f:
        text = f.read()
    if text.strip() != f"[altoscope]\ndefault-domain='{DOMAIN}'":
        raise LabUnavailable(f"unexpected settings after override set: {text!r}")
    with open(path, "a") as f:
        f.write(_anchor_line(lab.anchors_file))


def _anchor_line(anchors_file):
    """The trust-anchor-file setting naming @anchors_file, as Preferences
    stores it: a GVariant string in a key file, quotes and backslashes
    escaped."""
    quoted = anchors_file.replace("\\", "\\\\").replace("'", "\\'")
    return f"trust-anchor-file='{quoted}'\n"


def bench_first_result(build, env, bare_source, runs):
    if os.geteuid() != 0:
        print("5. The first result on screen: skipped (needs root for a network namespace "
              "whose system resolver is the lab's)")
        return
    ns = f"altobench-f-{os.getpid()}"
    tmp = tempfile.mkdtemp(prefix="altobench-")
    lab, made_etc_netns = None, False
    try:
        made_etc_netns, lab = _namespace_with_lab(ns)
        _compile_bare(tmp, bare_source)
        env = dict(env, GDK_BACKEND="x11", GSK_RENDERER="cairo", HOME=tmp, NO_AT_BRIDGE="1",
                   GTK_A11Y="none", XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"), XDG_RUNTIME_DIR=tmp,
                   DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/altobench",
                   ALTOSCOPE_BENCH_MARKS="1",
                   XDG_DATA_DIRS=installed_icons(tmp) + ":/usr/local/share:/usr/share")
        _run([os.path.join(build, "src", "cli", "altoscope-cli"), "override", "set", DOMAIN],
             env=env)
        _trust_lab_anchor(env, lab)
        config = os.path.join(tmp, "config.json")
        with open(config, "w") as f:
            json.dump({"env": env, "runs": runs, "bare": os.path.join(tmp, "bare"),
                       "alto": os.path.join(build, "src", "app", "altoscope")}, f)
        r = _run(["ip", "netns", "exec", ns, "/usr/bin/python3", os.path.abspath(__file__),
                  "--inside", config], timeout=60 * (runs + 1))
        _print_window(json.loads(r.stdout), runs)
    except LabUnavailable as e:
        print(f"5. The first result on screen: skipped ({e})")
    except subprocess.CalledProcessError as e:
        print(f"5. The first result on screen: failed: {e}: {e.stderr[-1500:]}")
    finally:
        if lab:
            lab.stop()
        teardown.delete_netns(ns)
        teardown.remove_dir(f"/etc/netns/{ns}")
        if made_etc_netns:
            try:
                os.rmdir("/etc/netns")
            except OSError:
                pass
            teardown.untrack_empty_dir("/etc/netns")
        shutil.rmtree(tmp, ignore_errors=True)


# ---- 5b. the window, with NetworkManager -------------------------------------------

def bench_first_result_nm(build, env, bare_source, runs):
    """5b: as 5, in the NetworkManager lab (tests/nm/nmlab.py): the client
    namespace's alto0 with a DHCPv4 and a DHCPv6 lease from the lab's
    dnsmasq, the window opened on it (--interface), its IPv4 domain from
    option 15, proved from the lab's anchor.  A Xvfb and both programs run
    inside the client namespace, alternately, as in 5.  Not the target's
    lab (5 is); it shows what the window costs on a machine with
    NetworkManager."""
    if os.geteuid() != 0:
        print("5b. The first result with NetworkManager: skipped (the NetworkManager lab needs "
              "root)")
        return
    import nmlab
    lab = nmlab.NmLab("internal")
    tmp = tempfile.mkdtemp(prefix="altobench-")
    try:
        lab.start()
        _compile_bare(tmp, bare_source)
        inner = {k: env[k] for k in ("GSETTINGS_SCHEMA_DIR", "ALTOSCOPE_LOCALEDIR")}
        inner.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                     XDG_CACHE_HOME=os.path.join(tmp, "cache"), XDG_RUNTIME_DIR=tmp,
                     GDK_BACKEND="x11", GSK_RENDERER="cairo", NO_AT_BRIDGE="1", GTK_A11Y="none",
                     ALTOSCOPE_BENCH_MARKS="1",
                     XDG_DATA_DIRS=installed_icons(tmp) + ":/usr/local/share:/usr/share")
        inner = lab.env(inner)
        os.makedirs(os.path.join(tmp, "config", "altoscope"))
        with open(os.path.join(tmp, "config", "altoscope", "settings.ini"), "w") as f:
            f.write("[altoscope]\n" + _anchor_line(lab.dns.anchors_file))
        config = os.path.join(tmp, "config.json")
        with open(config, "w") as f:
            json.dump({"env": inner, "runs": runs, "bare": os.path.join(tmp, "bare"),
                       "alto": os.path.join(build, "src", "app", "altoscope"),
                       "alto_args": ["--interface", nmlab.CLIENT_IF]}, f)
        r = _run(lab.in_client(["/usr/bin/python3", os.path.abspath(__file__), "--inside",
                                config]), timeout=60 * (runs + 1))
        _print_window(json.loads(r.stdout), runs,
                      f"5b. The first result with NetworkManager ({nmlab.CLIENT_IF} in the "
                      f"NetworkManager lab, a lease of each family, no delay); exec to the frame's "
                      f"after-paint, alternating runs")
    except LabUnavailable as e:
        print(f"5b. The first result with NetworkManager: skipped ({e})")
    except subprocess.CalledProcessError as e:
        print(f"5b. The first result with NetworkManager: failed: {e}: {e.stderr[-1500:]}")
    finally:
        lab.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# ---- 6. the CLI, per interface and per domain --------------------------------------

# Inside the client namespace: each command alternately, from exec to exit,
# with the discovery's own elapsed_ms from its report.
TIMER = r"""
import json, subprocess, sys, time
cmds, runs = json.loads(sys.argv[1]), int(sys.argv[2])
out = [[] for _ in cmds]
for i in range(runs + 1):
    for c, argv in enumerate(cmds):
        t = time.monotonic()
        r = subprocess.run(argv, capture_output=True, text=True)
        wall = (time.monotonic() - t) * 1000
        try:
            elapsed = [t["elapsed_ms"] for t in json.loads(r.stdout)["targets"]]
        except (ValueError, KeyError):
            elapsed = []
        if i > 0:
            out[c].append({"wall": wall, "elapsed": elapsed, "status": r.returncode})
print(json.dumps(out))
"""


def bench_cli_interface(build, env, runs):
    if os.geteuid() != 0:
        print("6. discover --interface against --domain: skipped (the NetworkManager lab needs "
              "root)")
        return
    import nmlab
    lab = nmlab.NmLab("internal")
    tmp = tempfile.mkdtemp(prefix="altobench-")
    try:
        lab.start()
        cli = os.path.join(build, "src", "cli", "altoscope-cli")
        extra = {k: env[k] for k in ("GSETTINGS_SCHEMA_DIR", "ALTOSCOPE_LOCALEDIR")}
        extra.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                     XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        common = ["--json", "--ignore-backoff"]
        cmds = [[cli, "discover", "--interface", nmlab.CLIENT_IF, "--family", "ipv4", *common],
                [cli, "discover", "--domain", lab.options["15"], "--server", nmlab.SERVER_V4,
                 *common]]
        r = _run(lab.in_client(["/usr/bin/python3", "-c", TIMER, json.dumps(cmds), str(runs)],
                               extra))
        per_if, per_domain = json.loads(r.stdout)
    except LabUnavailable as e:
        print(f"6. discover --interface against --domain: skipped ({e})")
        return
    finally:
        lab.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"6. discover --interface {nmlab.CLIENT_IF} --family ipv4 against --domain "
          f"{lab.options['15']} --server {nmlab.SERVER_V4} (the same lookups), NetworkManager "
          f"lab, no delay; exec to exit, median of {runs} alternating runs")
    for name, got in (("--interface", per_if), ("--domain", per_domain)):
        wall = statistics.median(g["wall"] for g in got)
        lookup = statistics.median(sum(g["elapsed"]) for g in got)
        codes = sorted({g["status"] for g in got})
        print(f"   {name:12s} {wall:7.1f} ms to exit; the lookup {lookup:6.1f} ms; exit {codes}")
    wall_if = statistics.median(g["wall"] for g in per_if)
    wall_d = statistics.median(g["wall"] for g in per_domain)
    print(f"   difference   {wall_if - wall_d:7.1f} ms (NetworkManager's answer and the "
          f"scheduler; a fixed wait would show as 150 or 200 ms); ratio {wall_if / wall_d:.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        inside(sys.argv[2])
    else:
        print(__doc__)
