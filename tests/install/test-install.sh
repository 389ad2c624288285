#!/bin/sh
# test-install.sh BUILD-DIR
#
# The installed program works: `meson install` into a staging directory,
# then the installed altoscope-cli and altoscope run from there with the
# installed schema and translations, and no path of the build or source
# tree is compiled into them.
set -eu
build=$(cd "$1" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/altoscope-stage-XXXXXX")
trap 'rm -rf "$stage"' EXIT
# A signal (meson's timeout sends SIGTERM) ends the script through exit, so
# that the EXIT trap runs; sh would otherwise die without running it.
trap 'exit 143' TERM
trap 'exit 130' INT
fail() { echo "FAIL: $*" >&2; exit 1; }

meson install -C "$build" --no-rebuild --quiet --destdir "$stage" >/dev/null
prefix=$(meson introspect "$build" --buildoptions \
  | /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
root="$stage$prefix"
cli="$root/bin/altoscope-cli"
app="$root/bin/altoscope"
[ -x "$cli" ] || fail "altoscope-cli is not installed in $root/bin"
[ -x "$app" ] || fail "altoscope is not installed in $root/bin"
libdir=$(meson introspect "$build" --buildoptions \
  | /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"][0])')
# The window's program, which the launcher loads (src/app/main.c); found
# from where the launcher is, so the staged copy runs its own (--help below).
module="$root/$libdir/altoscope/altoscope-app.so"
[ -f "$module" ] || fail "the window's module is not installed in $root/$libdir/altoscope"
for f in share/glib-2.0/schemas/org.altoscope.Altoscope.gschema.xml \
         share/locale/de/LC_MESSAGES/altoscope.mo \
         share/applications/org.altoscope.Altoscope.desktop \
         share/metainfo/org.altoscope.Altoscope.metainfo.xml \
         share/icons/hicolor/scalable/apps/org.altoscope.Altoscope.svg \
         share/polkit-1/actions/org.altoscope.Altoscope.policy \
         share/mime/packages/org.altoscope.Altoscope.xml; do
  [ -f "$root/$f" ] || fail "$f is not installed"
done

# Nothing of the build or source tree is compiled in (the debug
# information names the compile directory, as it does in any build: it is
# left out of the check, as a distribution's strip would take it out).
src=$(cd "$(dirname "$0")/../.." && pwd)
libexec=$(meson introspect "$build" --buildoptions \
  | /usr/bin/python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "libexecdir"][0])')
helper="$root/$libexec/altoscope-dhcp-helper"
[ -x "$helper" ] || fail "the pkexec helper is not installed in $root/$libexec"
# The polkit action names the installed helper (pkexec matches the path),
# asks an active session's administrator once in a while (auth_admin_keep),
# and its German message is merged in.
/usr/bin/python3 - "$root/share/polkit-1/actions/org.altoscope.Altoscope.policy" \
  "$prefix/$libexec/altoscope-dhcp-helper" <<'PY' || fail "the polkit action is wrong"
import sys, xml.etree.ElementTree as ET
action = ET.parse(sys.argv[1]).getroot().find("action[@id='org.altoscope.Altoscope.dhcp-query']")
assert action is not None, "no action org.altoscope.Altoscope.dhcp-query"
assert action.findtext("defaults/allow_active") == "auth_admin_keep"
assert action.findtext("defaults/allow_any") == "auth_admin"
path = action.find("annotate[@key='org.freedesktop.policykit.exec.path']").text
assert path == sys.argv[2], (path, sys.argv[2])
de = [m for m in action.findall("message") if m.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"]
assert de and de[0].text, "no German message"
PY
# The helper refuses what it does not take, before anything is sent.
if "$helper" --interface lo --family ipv5 >/dev/null 2>&1; then
  fail "the installed helper took --family ipv5"
fi
for bin in "$cli" "$app" "$module" "$helper"; do
  objcopy --strip-debug "$bin" "$stage/stripped"
  if grep -q -a -F -e "$build" -e "$src" "$stage/stripped"; then
    fail "$(basename "$bin") holds a path of the build or source tree"
  fi
done

# The installed schema (compiled as a packager's post-install would) and
# catalogues, and nothing of the build tree in the environment.
glib-compile-schemas "$root/share/glib-2.0/schemas"
home=$(mktemp -d "$stage/home-XXXXXX")
run() {
  env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" LC_ALL=C.UTF-8 \
    GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas" \
    ALTOSCOPE_LOCALEDIR="$root/share/locale" "$@"
}
out=$(run "$cli" override set alto.example.net) || fail "override set: $out"
run "$cli" override list --json | grep -q '"alto.example.net"' || fail "override not kept"
out=$(run env LANGUAGE=de "$cli" discover --domain a..b 2>&1 || true)
echo "$out" | grep -q "leeren Teil" || fail "no German from the installed catalogue: $out"
# The installed window program runs its own module: --help comes from it
# (several times: a launch that asks for help begins no discovery, whose
# thread would still run when GLib's option parser exits).
for i in 1 2 3 4 5 6 7 8 9 10; do
  out=$(run "$app" --help 2>&1) || fail "altoscope --help exited $?: $out"
  echo "$out" | grep -q -- "--interface" || fail "altoscope --help: $out"
done
# Without a display it says so and what to use instead, and exits 1 (not a
# crash: GTK 4.8 takes a failed gtk_init_check for done).
status=0
out=$(run "$app" 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "altoscope without a display exited $status: $out"
echo "$out" | grep -q "no display" || fail "altoscope without a display said: $out"
# A saved report is of Altoscope's MIME type, and Altoscope opens it, as a
# file manager would see it once a packager's post-install has run.
update-mime-database "$root/share/mime" >/dev/null 2>&1 || fail "update-mime-database"
update-desktop-database "$root/share/applications" >/dev/null 2>&1 || fail "update-desktop-database"
printf '{ "schema": "altoscope-report/1", "targets": [] }\n' > "$stage/sent.altoscope.json"
printf '{"x": 1}\n' > "$stage/plain.json"
# GIO lists an application only when its Exec program is on PATH.
mime() {
  run env PATH="$root/bin:/usr/bin:/bin" XDG_DATA_DIRS="$root/share:/usr/share" \
    XDG_DATA_HOME="$home/data" "$@"
}
type=$(mime gio info -a standard::content-type "$stage/sent.altoscope.json" \
       | sed -n 's/.*standard::content-type: //p')
[ "$type" = "application/x-altoscope-report+json" ] || fail "a saved report is of type '$type'"
type=$(mime gio info -a standard::content-type "$stage/plain.json" \
       | sed -n 's/.*standard::content-type: //p')
[ "$type" = "application/json" ] || fail "plain JSON became '$type'"
mime gio mime application/x-altoscope-report+json | grep -q "org.altoscope.Altoscope.desktop" \
  || fail "no application opens a report: $(mime gio mime application/x-altoscope-report+json 2>&1)"
grep -q '^Exec=altoscope %F$' "$root/share/applications/org.altoscope.Altoscope.desktop" \
  || fail "the desktop file does not pass the files it opens"

echo "installed to $root: both programs run with the installed schema and translations"
