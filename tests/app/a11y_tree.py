#!/usr/bin/python3
"""Prints, as JSON, every node of the accessibility tree of the application
named in argv[1], as a screen reader reads it over AT-SPI: role, name,
description and states.  Run on the same session bus as the application
(DBUS_SESSION_BUS_ADDRESS).  Exits 3 when the application is not found in
argv[2] seconds."""

import json
import sys
import time

import pyatspi


def walk(node, depth, out):
    if node is None or depth > 60:
        return
    try:
        states = node.getState()
        out.append({"role": node.getRoleName(), "name": node.name or "",
                    "description": node.description or "",
                    "showing": states.contains(pyatspi.STATE_SHOWING),
                    "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                    "depth": depth})
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), depth + 1, out)
    except Exception as e:   # a node that went away while walked
        out.append({"role": "gone", "name": str(e), "description": "", "depth": depth})


def main():
    want, timeout = sys.argv[1], float(sys.argv[2])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == want:
                out = []
                walk(app, 0, out)
                # A tree with a page: the window has shown the entry.
                if any(n["role"] == "push button" for n in out):
                    json.dump(out, sys.stdout)
                    return 0
        time.sleep(0.5)
    return 3


if __name__ == "__main__":
    sys.exit(main())
