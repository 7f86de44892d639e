#!/bin/sh
# Side by side, in one run: this crate, the AWS SDK for Rust (aws-sdk-rust/, tokio
# current-thread) and boto3 (boto3_peer.py), each in a process of its own, against the same
# loopback server (peer-server, a process of its own), plus roxmltree alone parsing the same
# page bodies (roxmltree-baseline).
#
#   benches/peers/compare.sh [ROUNDS]      # default 5; prints medians [min] per figure
#
# Workloads: `list` = ListDistributions, 100 pages of 100 (250 KB each) with markers;
# `create` = 200 CreateInvalidation one after another (a fixed 201). Every round runs every
# peer once, one after another (alternating), so all see the same machine load.
#
# Figures per run: `cpu` = the process's CPU time over the workload only (each peer measures
# it around its requests: CLOCK_PROCESS_CPUTIME_ID for the SDK, time.process_time() for
# boto3, /proc/self/task/*/schedstat for this crate; for roxmltree, the parses only);
# `proc` = user + system time of the whole process, startup included (`/usr/bin/time`,
# 10 ms resolution); `rss` = peak RSS (`/usr/bin/time`'s %M).
#
# boto3: set BOTO3_PYTHON to a python with boto3 (default python3); skipped if missing.
# Every run's line is kept in target/peers-compare.txt (RESULTS to change).
# The SDK is built on first use (~160 crates; several minutes on 2 cores).
set -eu
cd "$(dirname "$0")/../.."
rounds=${1:-5}
cargo build --release -q -p cloudfront-benches --bins
(cd benches/peers/aws-sdk-rust && cargo build --release -q)
bin=$(pwd)/target/release
sdk=$(pwd)/benches/peers/aws-sdk-rust/target/release/aws-sdk-rust-peer
py=${BOTO3_PYTHON:-python3}
"$py" -c 'import boto3' 2>/dev/null || { echo "no boto3 in $py: skipping boto3" >&2; py=; }
tmp=$(mktemp -d)
results=${RESULTS:-$(pwd)/target/peers-compare.txt}
: >"$results"
servers=
cleanup() {
    for pid in $servers; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# serve TOTAL -> starts a server for a listing of TOTAL; sets $endpoint
serve() {
    "$bin/peer-server" "$1" >"$tmp/server-$1" &
    servers="$servers $!"
    while [ ! -s "$tmp/server-$1" ]; do sleep 0.1; done
    endpoint=$(head -n 1 "$tmp/server-$1")
}
serve 10000; e10k=$endpoint
serve 1000; e1k=$endpoint
serve 30000; e30k=$endpoint

# run LABEL COMMAND... -> appends "LABEL <peer's line> proc_us=... rss_kib=..." to results
run() {
    label=$1; shift
    /usr/bin/time -f "%U %S %M" -o "$tmp/time" "$@" >"$tmp/out"
    set -- $(tail -n 1 "$tmp/time")
    proc=$(echo "$1 $2" | awk '{printf "%d", ($1 + $2) * 1e6}')
    echo "$label $(tail -n 1 "$tmp/out") proc_us=$proc rss_kib=$3" >>"$results"
}

i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    echo "round $i of $rounds" >&2
    run list10k "$bin/cloudfront-peer" list "$e10k"
    run list10k "$sdk" list "$e10k"
    [ -z "$py" ] || run list10k "$py" benches/peers/boto3_peer.py list "$e10k"
    run list10k "$bin/roxmltree-baseline" 10000
    run list10k "$bin/roxmltree-baseline" 10000 --cold
    run create200 "$bin/cloudfront-peer" create "$e10k" 200
    run create200 "$sdk" create "$e10k" 200
    [ -z "$py" ] || run create200 "$py" benches/peers/boto3_peer.py create "$e10k" 200
    run list1k "$bin/cloudfront-peer" list "$e1k"
    run list30k "$bin/cloudfront-peer" list "$e30k"
done

echo "every run: $results" >&2
python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, peer, workload, *fields = line.split()
    kv = dict(f.split("=", 1) for f in fields)
    rows.setdefault((label, peer), []).append(kv)
def med(key, runs):
    v = [int(r[key]) for r in runs]
    return statistics.median(v), min(v)
print("| workload | peer | runs | workload CPU, median [min] | whole process user+sys, median | peak RSS, median [max] |")
print("|---|---|---|---|---|---|")
for (label, peer), runs in rows.items():
    m, lo = med("cpu_us", runs)
    p, _ = med("proc_us", runs)
    r = sorted(int(x["rss_kib"]) for x in runs)
    print(f"| {label} | {peer} | {len(runs)} | {m/1000:.1f} ms [{lo/1000:.1f}] | {p/1000:.0f} ms "
          f"| {statistics.median(r)/1024:.2f} MiB [{r[-1]/1024:.2f}] |")
# Ratios per round (the two runs compared are neighbours in time), then their median and
# range: steadier on a loaded machine than a ratio of medians.
def ratio(a, b, what):
    if a not in rows or b not in rows:
        return
    per_round = sorted(int(x["cpu_us"]) / int(y["cpu_us"]) for x, y in zip(rows[a], rows[b]))
    best = min(int(x["cpu_us"]) for x in rows[a]) / min(int(y["cpu_us"]) for y in rows[b])
    print(f"{what}: median {statistics.median(per_round):.2f} "
          f"[{per_round[0]:.2f}..{per_round[-1]:.2f}] over {len(per_round)} rounds; "
          f"ratio of the minima {best:.2f}")
print()
ratio(("list10k", "cloudfront"), ("list10k", "roxmltree"), "list 10,000: cloudfront CPU / roxmltree alone")
ratio(("list10k", "cloudfront"), ("list10k", "roxmltree-cold"), "list 10,000: cloudfront CPU / roxmltree alone without the allocator warm-up")
ratio(("list10k", "cloudfront"), ("list10k", "sdk"), "list 10,000: cloudfront CPU / AWS SDK for Rust")
ratio(("list10k", "cloudfront"), ("list10k", "boto3"), "list 10,000: cloudfront CPU / boto3")
ratio(("create200", "cloudfront"), ("create200", "sdk"), "200 CreateInvalidation: cloudfront CPU / AWS SDK for Rust")
ratio(("create200", "cloudfront"), ("create200", "boto3"), "200 CreateInvalidation: cloudfront CPU / boto3")
PY
