#!/bin/sh
# run-fuzzer.sh FUZZER SEED-DIR RUNS [libFuzzer options…]
#
# Runs FUZZER over its seed corpus and then RUNS mutated inputs.  New inputs
# go to a temporary directory, never into the committed corpus.  A crash,
# a leak or a sanitizer report fails the test; the input is kept and named.
set -eu
fuzzer=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
seeds=$(cd "$2" && pwd)
runs=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/altoscope-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
# A signal (meson's timeout sends SIGTERM) ends the script through exit, so
# that the EXIT trap runs; sh would otherwise die without running it.
trap 'exit 143' TERM
trap 'exit 130' INT
mkdir "$work/new"
cd "$work"
status=0
"$fuzzer" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$@" "$work/new" "$seeds" || status=$?
if [ "$status" -ne 0 ]; then
  echo "$(basename "$fuzzer") failed (exit $status); the input is kept in $work" >&2
  trap - EXIT
  # libFuzzer's exit status for a crash is 77, which meson reads as "skipped":
  # a crash must fail the test.
  [ "$status" -eq 77 ] && status=1
fi
exit "$status"
