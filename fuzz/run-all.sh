#!/usr/bin/env bash
# Runs every fuzz target one after the other (one process each: the machine's cores are
# shared), SECONDS_PER_TARGET seconds each (default 600), and prints libFuzzer's final stats.
# Usage: fuzz/run-all.sh [seconds-per-target] [target...]
# Logs: fuzz/logs/<target>.log. New corpus entries: fuzz/corpus/<target>/ (not committed).
# Crashes: fuzz/artifacts/<target>/ (turn each into a regression test, see FUZZING.md).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
fi
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  echo "==> $t: ${seconds}s (started $(date -u +%FT%TZ))"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 \
    >"fuzz/logs/$t.log" 2>&1
  rc=$?
  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "fuzz/logs/$t.log"
  [ $rc -eq 0 ] || echo "!! $t exited with $rc: see fuzz/logs/$t.log and fuzz/artifacts/$t/"
done
