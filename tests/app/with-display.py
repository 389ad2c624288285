#!/usr/bin/python3
"""Runs a widget test under a private Xvfb of its own, and stops it.

Usage: with-display.py PROGRAM [ARGS…]
Exits 77 (skip), saying why, when Xvfb is not installed or does not start.
"""

import os
import shutil
import signal
import subprocess
import sys


def main():
    # meson ends a test that runs too long with SIGTERM: the finally below
    # must still stop Xvfb (and subprocess.run ends the test program).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("Xvfb") is None:
        print("SKIP: Xvfb is not installed (package xvfb)", file=sys.stderr)
        return 77
    rfd, wfd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1024x768x24",
                             "-nolisten", "tcp"], pass_fds=(wfd,), stderr=subprocess.DEVNULL,
                            start_new_session=True)
    os.close(wfd)
    try:
        with os.fdopen(rfd) as f:
            display = f.readline().strip()
        if not display:
            print("SKIP: Xvfb did not start", file=sys.stderr)
            return 77
        env = dict(os.environ, DISPLAY=f":{display}", GDK_BACKEND="x11", GSK_RENDERER="cairo")
        env.pop("WAYLAND_DISPLAY", None)
        return subprocess.run(sys.argv[1:], env=env, timeout=300).returncode
    finally:
        xvfb.terminate()   # only the server this script started, by its id
        try:
            xvfb.wait(timeout=10)
        except subprocess.TimeoutExpired:
            xvfb.kill()
            xvfb.wait()


if __name__ == "__main__":
    sys.exit(main())
