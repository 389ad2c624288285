#!/bin/sh
# The README's two commands.
#
#   scripts/dev.sh run [ALTOSCOPE-CLI ARGUMENTS…]
#       install what is missing, build, and start the Altoscope window from
#       the build tree (no system-wide install); with arguments, run
#       altoscope-cli with them instead
#   scripts/dev.sh test
#       install what is missing, build (plain, with AddressSanitizer and
#       UndefinedBehaviorSanitizer, and the libFuzzer harnesses with clang),
#       run every test, end with "N passed, N failed"
#
# As root it installs Debian packages with apt-get; as another user it prints
# the one apt-get line to run and stops.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# libunbound-dev validates DNSSEC (issue 17); Debian 12's libunbound.pc names
# libevent and nettle as Requires.private, which pkg-config needs even for
# --cflags, so their -dev packages come too.  dns-root-data holds the root
# zone's trust anchor the validator starts from (/usr/share/dns/root.key).
# shared-mime-info installs the report's MIME type (update-mime-database,
# also in the staged install test); gtk-update-icon-cache makes the icon
# cache an install's post-install step and the benchmark's icon copy use.
BUILD_PACKAGES="meson ninja-build gcc pkg-config libglib2.0-dev libglib2.0-bin libjson-glib-dev
  libc-ares-dev libnm-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev gettext desktop-file-utils
  appstream pkexec polkitd libunbound-dev libevent-dev nettle-dev dns-root-data shared-mime-info
  gtk-update-icon-cache"
TEST_PACKAGES="python3 git knot knot-dnsutils unbound ldnsutils bind9-dnsutils
  network-manager dnsmasq-base isc-dhcp-client dbus-daemon iproute2 xvfb xauth imagemagick x11-utils
  python3-dbusmock network-manager-openvpn openvpn clang libclang-rt-14-dev iptables nginx
  openssl curl valgrind python3-pyatspi at-spi2-core"
# Packages whose installation would start a system service we must not
# touch, as package:unit.
SERVICE_PACKAGES="knot:knot unbound:unbound network-manager:NetworkManager openvpn:openvpn nginx:nginx"

say() { printf '%s\n' "$*" >&2; }

missing_packages() {
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s ' "$p"
    fi
  done
}

install_packages() {
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    say "Altoscope needs these Debian packages: $missing"
    say "Install them with:"
    say "  sudo apt-get install -y --no-install-recommends $missing"
    say "then run this command again."
    exit 1
  fi
  say "Installing: $missing"
  # Keep Debian's maintainer scripts from starting the system knot/unbound
  # services: the tests run their own instances on their own ports.
  added_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; then
    DEBIAN_FRONTEND=noninteractive apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  fi
  [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  # Nor should they start at the next boot, if this run installed them.
  if [ -d /run/systemd/system ]; then
    for pair in $SERVICE_PACKAGES; do
      case " $missing " in
        *" ${pair%%:*} "*) systemctl disable --now "${pair#*:}" >/dev/null 2>&1 || true ;;
      esac
    done
  fi
}

build() {
  dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || meson setup --wipe "$dir" "$@"
  elif [ $# -gt 0 ]; then
    # A build directory set up before an option was added gets it too.
    meson configure "$dir" "$@" >/dev/null
  fi
  ninja -C "$dir"
}

summarise() {
  # Counts from meson's machine-readable logs; skips count as failures in CI,
  # where everything can run.
  /usr/bin/python3 - "$@" <<'PY'
import json, os, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    with open(log) as f:
        for line in f:
            t = json.loads(line)
            r = t["result"]
            name = f"{os.path.basename(os.path.dirname(os.path.dirname(log)))}: {t['name']}"
            if r in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r == "SKIP":
                skipped += 1
                print(f"skipped: {name}", file=sys.stderr)
            else:
                failed += 1
                print(f"failed: {name} ({r})", file=sys.stderr)
if os.environ.get("CI") == "true" and skipped:
    print("CI must run every test: a skip counts as a failure here", file=sys.stderr)
    failed += skipped
    skipped = 0
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
}

cmd=${1:-}
[ $# -gt 0 ] && shift

case "$cmd" in
  run)
    install_packages $BUILD_PACKAGES $TEST_PACKAGES
    build _build -Ddevelopment=true
    # `meson devenv` tells the uninstalled programs where the build's
    # schema, translations and icons are (nothing of the build tree is
    # compiled into them).
    if [ $# -gt 0 ]; then
      exec meson devenv -C _build altoscope-cli "$@"
    fi
    if [ -n "${WAYLAND_DISPLAY:-}${DISPLAY:-}" ]; then
      exec meson devenv -C _build altoscope
    fi
    say "There is no display to open the window on (neither WAYLAND_DISPLAY nor DISPLAY is set):"
    say "showing the command-line tool on the DNS lab's example zones instead"
    say "(a real knot and unbound on loopback; nothing leaves this machine)."
    exec meson devenv -C _build /usr/bin/python3 "$top/tests/dns/lab.py" --demo \
      "$top/_build/src/cli/altoscope-cli"
    ;;
  test)
    install_packages $BUILD_PACKAGES $TEST_PACKAGES
    build _build -Ddevelopment=true
    build _build-sanitize -Ddevelopment=true -Db_sanitize=address,undefined -Db_lundef=false
    # The libFuzzer harnesses need clang: a build of their own.
    (CC=clang; export CC; build _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
      -Db_lundef=false)
    status=0
    meson test -C _build --print-errorlogs || status=$?
    # The window's tests run in the plain build only: GTK and its libraries
    # are not LeakSanitizer-clean, and the engine under the window is
    # covered here by the other suites.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C _build-sanitize --print-errorlogs --suite unit --suite dns --suite nm --suite http \
      || status=$?
    meson test -C _build-fuzz --print-errorlogs || status=$?
    summarise _build/meson-logs/testlog.json _build-sanitize/meson-logs/testlog.json \
      _build-fuzz/meson-logs/testlog.json
    ;;
  *)
    say "Usage: scripts/dev.sh run [ALTOSCOPE-CLI ARGUMENTS…] | scripts/dev.sh test"
    exit 2
    ;;
esac
