#!/bin/sh
# Client instructions per request (callgrind, deterministic on a noisy machine) and the
# number of threads the process started (strace), for the workloads of
# benches/request_cost.rs.
#
#   benches/callgrind.sh            # list (pages of 100) and create (CreateInvalidation)
#
# Each workload runs with n and 2n requests; the client (main) thread's instruction totals
# are differenced and divided by n, so setup, server and connection costs cancel out.
# valgrind hides SHA-NI, so SHA-256 weighs more here than natively.
set -eu
cd "$(dirname "$0")/.."
# REQUEST_COST_BIN: an already built binary (e.g. one from an older commit, to compare).
bin=${REQUEST_COST_BIN:-$(cargo bench --bench request_cost --no-run 2>&1 |
    sed -n 's/.*(\(target\/[^)]*request_cost-[0-9a-f]*\)).*/\1/p' | tail -n 1)}
[ -x "$bin" ] || { echo "request_cost bench not built" >&2; exit 1; }

# measure WORKLOAD N -> instructions of the client (main) thread
measure() {
    dir=$(mktemp -d)
    valgrind --tool=callgrind --separate-threads=yes \
        --callgrind-out-file="$dir/cg" "$bin" "$1" "$2" >/dev/null 2>"$dir/log"
    sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$dir/cg-01"
    rm -rf "$dir"
}

# threads WORKLOAD N -> threads the process started (clone calls, strace)
threads() {
    log=$(mktemp)
    strace -f -e trace=clone,clone3 -o "$log" "$bin" "$1" "$2" >/dev/null
    grep -c 'clone' "$log"
    rm -f "$log"
}

for spec in "list 10" "create 100"; do
    set -- $spec
    a=$(measure "$1" "$2")
    b=$(measure "$1" $(($2 * 2)))
    echo "$1: $(( (b - a) / $2 )) instructions per request (client thread);" \
        "threads started: $(threads "$1" "$2") for n=$2, $(threads "$1" $(($2 * 2))) for n=$(($2 * 2))"
done
