#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when the German catalogue lacks or has fuzzy entries
# for any string of the current sources.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 143' TERM   # through the EXIT trap: sh would die without running it
trap 'exit 130' INT
cd "$src"

status=0
for f in $(git ls-files 'src/*.c' 'src/**/*.c' 'ui/*.ui' 2>/dev/null || find src ui -name '*.c' -o -name '*.ui'); do
  if grep -qE '(^|[^A-Za-z_])(N?_|ngettext|C_)\s*\(|translatable="yes"' "$f"; then
    if ! grep -qxF "$f" po/POTFILES.in; then
      echo "not in po/POTFILES.in: $f"
      status=1
    fi
  fi
done

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=ngettext:1,2 --add-comments --files-from=po/POTFILES.in \
  --output="$tmp/altoscope.pot" --package-name=altoscope 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }

for lang in $(cat po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/altoscope.pot" -o "$tmp/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1
      msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | head -40
      msgattrib --untranslated "$tmp/$lang.po" | grep '^msgid' | head -40 ;;
  esac
done
exit $status
