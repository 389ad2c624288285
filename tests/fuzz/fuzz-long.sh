#!/bin/sh
# fuzz-long.sh [SECONDS-PER-HARNESS]   (by hand; default 600)
#
# Builds the harnesses with clang (_build-fuzz) and runs each for the time
# given over its seed corpus, printing executions, new coverage, crashes
# and leaks.  New inputs are kept in _build-fuzz/corpus-NAME for a look.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
cd "$top"
if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false >/dev/null
fi
ninja -C _build-fuzz >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1
# Every harness tests/fuzz/meson.build runs, with the same input limit.
for name in dns-message naptr dhcp dhcp-reply input ird network-map alto-replies report; do
  max_len=4096
  [ "$name" = ird ] && max_len=1048576
  mkdir -p "_build-fuzz/corpus-$name"
  echo "== fuzz-$name, $seconds s"
  "_build-fuzz/tests/fuzz/fuzz-$name" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -print_final_stats=1 "_build-fuzz/corpus-$name" "tests/fuzz/corpus/$name" 2>&1 \
    | grep -E "stat::|ERROR|SUMMARY|Done" || true
done
