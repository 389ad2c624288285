#!/usr/bin/python3
"""The screenshots the AppStream metainfo and the README show are committed
PNGs of a sensible size (from a 360 px phone-sized window up)."""
import os
import re
import struct
import sys

root = sys.argv[1]
names = set()
for f in ("data/org.altoscope.Altoscope.metainfo.xml.in", "README.md"):
    with open(os.path.join(root, f)) as fh:
        names.update(re.findall(r"data/screenshots/([\w.-]+\.png)", fh.read()))
if not names:
    sys.exit("no screenshots referenced")
for name in sorted(names):
    path = os.path.join(root, "data", "screenshots", name)
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{name}: not a PNG")
    # A window rendered is tens of KiB; a blank frame a few hundred bytes.
    if os.path.getsize(path) < 4096:
        sys.exit(f"{name}: blank ({os.path.getsize(path)} bytes)")
    w, h = struct.unpack(">II", head[16:24])
    # 360 px wide: the narrow screen the window is made to fit.
    if not (360 <= w <= 2000 and 400 <= h <= 1400):
        sys.exit(f"{name}: odd size {w}x{h}")
    print(f"{name}: {w}x{h}")
