#!/bin/sh
# Instructions (callgrind, deterministic on a loaded machine) of each peer of compare.sh
# for the same workloads, per page listed and per CreateInvalidation. Each peer runs with
# n and 2n (pages of 100 or requests) against peer-server; the totals of the whole process
# (every thread) are differenced and divided by n, so startup cancels out. Kernel time
# (socket copies, page faults) is not an instruction here: compare.sh measures CPU time.
#
#   benches/peers/callgrind.sh     # after compare.sh has built everything
set -eu
cd "$(dirname "$0")/../.."
bin=$(pwd)/target/release
sdk=$(pwd)/benches/peers/aws-sdk-rust/target/release/aws-sdk-rust-peer
tmp=$(mktemp -d)
servers=
trap 'for p in $servers; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT INT TERM
# serve TOTAL -> starts a server (in this shell, so that the trap stops it); sets $endpoint
serve() {
    "$bin/peer-server" "$1" >"$tmp/server-$1" &
    servers="$servers $!"
    while [ ! -s "$tmp/server-$1" ]; do sleep 0.1; done
    endpoint=$(head -n 1 "$tmp/server-$1")
}
serve 1000; e1=$endpoint
serve 2000; e2=$endpoint

# instr COMMAND... -> instructions of the whole process
instr() {
    case $1 in --*) opt=$1; shift ;; *) opt=--collect-atstart=yes ;; esac
    valgrind --tool=callgrind "$opt" --callgrind-out-file="$tmp/cg" "$@" >/dev/null 2>"$tmp/log"
    sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$tmp/cg"
}
per() { echo $(( ($2 - $1) / $3 )); }

ours=$(per "$(instr "$bin/cloudfront-peer" list "$e1")" "$(instr "$bin/cloudfront-peer" list "$e2")" 10)
sdkl=$(per "$(instr "$sdk" list "$e1")" "$(instr "$sdk" list "$e2")" 10)
# roxmltree alone: only the instructions inside its parse (not the page rendering), 10 pages.
rox=$(( $(instr --toggle-collect='roxmltree::parse::parse' "$bin/roxmltree-baseline" 1000) / 10 ))
oc=$(per "$(instr "$bin/cloudfront-peer" create "$e1" 100)" "$(instr "$bin/cloudfront-peer" create "$e1" 200)" 100)
sc=$(per "$(instr "$sdk" create "$e1" 100)" "$(instr "$sdk" create "$e1" 200)" 100)
echo "instructions per page of 100 listed: cloudfront $ours, AWS SDK for Rust $sdkl;" \
    "roxmltree::Document::parse alone $rox"
echo "instructions per CreateInvalidation: cloudfront $oc, AWS SDK for Rust $sc"
awk -v a="$ours" -v b="$sdkl" -v c="$oc" -v d="$sc" -v r="$rox" 'BEGIN {
    printf "ratios: list cloudfront/roxmltree %.2f, cloudfront/SDK %.2f; create cloudfront/SDK %.2f\n",
        a / r, a / b, c / d }'
