#!/usr/bin/env bash
# bin/rate on a fresh clone of this repository's HEAD (issue 12): the first call builds what it
# needs and says so, the second starts without Maven in under RATE_MAX_SECONDS (default 1), a
# changed source file makes the next call rebuild, and scripts run through the built worker.
#   rating-rules/src/test/rate/fresh-clone.sh [CLONE_DIR]      (default /tmp/rate-clone; removed first)
# MAVEN_ARGS reaches the builds (MAVEN_ARGS=-o offline). Takes about three minutes on 2 cores.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
clone="${1:-/tmp/rate-clone}"
max="${RATE_MAX_SECONDS:-1}"
rules=rating-rules/examples/vmware-shop.yaml
frames=rating-rules/examples/frames.json

fail() { echo "FAIL: $*" >&2; exit 1; }
seconds() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

rm -rf "$clone"
git clone --quiet "$repo" "$clone"
cd "$clone"
[ ! -e rating-rules/target ] || fail "the clone is not fresh"

echo "1. first call (builds)"
start=$(date +%s%N)
bin/rate --rules "$rules" --frames "$frames" >out1.json 2>err1.txt || { cat err1.txt >&2; fail "first call failed"; }
echo "   $(seconds "$start") s"
grep -q "building rate (first run)" err1.txt || fail "no 'building rate (first run)' message: $(cat err1.txt)"
grep -q '"price":0.225' out1.json || fail "first call priced wrongly: $(head -c 400 out1.json)"

echo "2. second call (no Maven)"
start=$(date +%s%N)
bin/rate --rules "$rules" --frames "$frames" >out2.json 2>err2.txt || { cat err2.txt >&2; fail "second call failed"; }
took=$(seconds "$start")
echo "   $took s"
[ ! -s err2.txt ] || fail "second call wrote to stderr: $(cat err2.txt)"
cmp -s out1.json out2.json || fail "second call answered differently"
awk -v t="$took" -v m="$max" 'BEGIN { exit !(t < m) }' || fail "second call took $took s (limit $max s)"

echo "3. bad arguments: exit 2, no build"
set +e
bin/rate --frames "$frames" --bogus >/dev/null 2>err3.txt
status=$?
set -e
[ "$status" = 2 ] || fail "bad arguments exited $status"
grep -q "unknown argument '--bogus'" err3.txt || fail "bad arguments not named: $(cat err3.txt)"

echo "4. a script, through a started script worker"
start=$(date +%s%N)
bin/rate --rules rating-rules/examples/vmware-shop-setup.yaml --frames "$frames" >out4.json 2>err4.txt || { cat err4.txt >&2; fail "script call failed"; }
echo "   $(seconds "$start") s"
grep -q '"price":0.2138' out4.json || fail "the volume discount was not applied: $(head -c 600 out4.json)"

echo "5. a changed source rebuilds"
touch rating-rules/src/main/java/io/ratekit/rating/RatingPipeline.java
bin/rate --rules "$rules" --frames "$frames" >out5.json 2>err5.txt || { cat err5.txt >&2; fail "call after the change failed"; }
grep -q "building rate (sources changed)" err5.txt || fail "no rebuild after a source changed: $(cat err5.txt)"
cmp -s out1.json out5.json || fail "the rebuilt tool answered differently"

echo "OK: fresh clone in $clone; second call $took s"
