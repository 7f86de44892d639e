#!/usr/bin/env bash
# Checks that every moto test ran against moto and passed: every test that `cargo test
# --all-features -- --list --ignored` lists (#[ignore] is reserved for moto tests, see
# tests/common/moto.rs) must have a line "<test target> <test name>" in RUN_LOG, which each
# moto test appends to when it passes after reaching moto (CLOUDFRONT_MOTO_RUN_LOG). A test
# whose body was emptied, or that returned before reaching moto, is reported and fails this.
# Usage: scripts/moto_census.sh RUN_LOG [extra cargo test arguments, e.g. --test NAME]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
run_log="$1"
shift
listed="$(pwd)/target/moto-tests-listed.txt"
mkdir -p target
# `--list --ignored` prints "name: test" per ignored test on stdout, after cargo's
# "Running ... (target/debug/deps/<target>-<hash>)" line on stderr.
cargo test --all-features "$@" -- --list --ignored 2>&1 | awk '
  /^ *Running /   { bin = $NF; gsub(/[()]/, "", bin); sub(/.*\//, "", bin); sub(/-[0-9a-f]+$/, "", bin); next }
  /^ *Doc-tests / { bin = "doc-tests"; next }
  /: test$/       { sub(/: test$/, ""); print bin " " $0 }
' | sort -u >"$listed"
if [ ! -s "$listed" ]; then
  echo "no ignored (moto) tests listed: the census itself is broken" >&2
  exit 1
fi
missing=$(sort -u "$run_log" | comm -23 "$listed" -)
if [ -n "$missing" ]; then
  printf 'these ignored tests passed without reaching moto (emptied body, early return, or\n#[ignore] on a test that is not a moto test):\n%s\n' "$missing" >&2
  exit 1
fi
echo "$(wc -l <"$listed") moto tests, all ran against moto"
