#!/usr/bin/env bash
# Runs every benchmark and the build/size measurements of BENCHMARKS.md, and prints the
# figures. One command, from anywhere in the repository:
#
#   scripts/bench.sh            # everything (~10 minutes on 2 cores, most of it the clean build)
#   scripts/bench.sh --quick    # skip the clean release build (time and binary size)
#
# Benchmarks build in $CARGO_TARGET_DIR (default: ./target). The clean build uses a fresh
# temporary target directory, removed afterwards. The machine should be otherwise idle:
# the script prints the load average before each step so that a noisy run can be spotted.
set -euo pipefail

cd "$(dirname "$0")/.."
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
step() { printf '\n=== %s (load average %s)\n' "$1" "$(load)"; }
# Criterion's progress and comparison chatter, filtered out; its timing lines are kept.
filter() {
    grep -vE '^(Benchmarking|Warming up|Collecting|Analyzing|Found [0-9]+ outliers)|^\s+[0-9]+ \([0-9.]+%\) (low|high) (mild|severe)|change:|Change within|No change|Performance has|^\s*$' || true
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "date: $(date -u +%F)   rustc: $(rustc --version)   commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

step "building the benches"
cargo bench -p cloudfront-benches --no-run 2>&1 | grep -E '^(error|warning)' || true

failed=()
for bench in sign distribution_codec invalidation_list paging_e2e paging_memory; do
    step "cargo bench --bench $bench"
    if ! cargo bench -p cloudfront-benches --bench "$bench" 2>&1 | grep -vE '^\s+(Running|Finished|Compiling)' | filter; then
        failed+=("$bench")
    fi
done

step "dependency tree: cargo tree -p cloudfront -e normal --prefix none | sort -u | wc -l"
for features in "" "--no-default-features"; do
    lines=$(cargo tree -p cloudfront -e normal --prefix none $features | sort -u | wc -l)
    # `sort -u` keeps a crate's "(*)" repeat line apart; without those: distinct crates.
    crates=$(cargo tree -p cloudfront -e normal --prefix none $features | sed 's/ (\*)$//' | sort -u | wc -l)
    printf '%-24s %s lines, %s distinct crates (this one included)\n' "${features:-default features}:" "$lines" "$crates"
done

report_failures() {
    if ((${#failed[@]})); then
        echo
        echo "FAILED: ${failed[*]}"
        exit 1
    fi
}

if $quick; then
    echo
    echo "(--quick: clean build time and binary size skipped)"
    report_failures
    exit 0
fi

clean_dir="$(mktemp -d)"
trap 'rm -rf "$clean_dir"' EXIT
step "clean release build of examples/tour (fresh target dir)"
CARGO_TARGET_DIR="$clean_dir" cargo clean 2>/dev/null || true
start=$(date +%s.%N)
CARGO_TARGET_DIR="$clean_dir" cargo build --release --example tour 2>&1 | grep -E '^(error|warning)' || true
end=$(date +%s.%N)
printf 'cargo build --release --example tour: %.1f s wall\n' "$(echo "$end - $start" | bc)"

step "size of a minimal binary: examples/list_distributions (release, stripped)"
CARGO_TARGET_DIR="$clean_dir" cargo build --release --example list_distributions 2>&1 | grep -E '^(error|warning)' || true
bin="$clean_dir/release/examples/list_distributions"
cp "$bin" "$clean_dir/list_distributions.stripped"
strip "$clean_dir/list_distributions.stripped"
printf 'unstripped: %s bytes\nstripped:   %s bytes\n' "$(stat -c %s "$bin")" "$(stat -c %s "$clean_dir/list_distributions.stripped")"
ls -l "$clean_dir/list_distributions.stripped" | sed "s|$clean_dir/||"
report_failures
