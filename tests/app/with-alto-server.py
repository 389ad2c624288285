#!/usr/bin/python3
"""Runs a program with the ALTO test server (tests/http/alto_server.py)
over TLS on loopback, with a CA made here: ALTOSCOPE_TEST_ALTO_URL,
ALTOSCOPE_TEST_CA, and what the server would answer for the costs the
program asks (ALTOSCOPE_TEST_EXPECT_*), computed by the server's own code.

Usage: with-alto-server.py PROGRAM [ARGS…]
Exits 77 (skip), saying why, when openssl is missing.
"""

import os
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.path.insert(0, os.path.join(HERE, "..", "dns"))
import teardown  # noqa: E402
from alto_server import AltoServer, cost, pid_of  # noqa: E402
from test_check import Certificates  # noqa: E402


def main():
    # meson ends a test that runs too long with SIGTERM: the finally below
    # must still stop the server and remove its certificates' directory.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("openssl") is None:
        print("SKIP: openssl is not installed", file=sys.stderr)
        return 77
    d = teardown.scratch_dir("altoscope-alto-")
    server = None
    try:
        certs = Certificates(d)
        server = AltoServer(certs.path("valid.pem"), certs.path("valid.key"))
        num = cost("num-routing", pid_of("198.51.100.7"), pid_of("203.0.113.9"))
        env = dict(os.environ, ALTOSCOPE_TEST_ALTO_URL=server.url(""),
                   ALTOSCOPE_TEST_CA=certs.path("ca.pem"), ALTOSCOPE_TEST_EXPECT_NUM=f"{num:g}")
        return subprocess.run(sys.argv[1:], env=env, timeout=300).returncode
    finally:
        if server is not None:
            server.stop()
        teardown.remove_dir(d)


if __name__ == "__main__":
    sys.exit(main())
