#!/usr/bin/env bash
# Where a Q1 request's time goes in our server: `perf record` (Debian's linux-perf) on the release
# server while wrk sends Q1 of bench/peers.sh (first page of 50 projects with category name and
# phases) at 10 connections, then the hottest functions, by self time and with their callees.
# Run bench/peers.sh first (it loads the database portfolio_peers).
#
#   bench/peers/profile.sh            DURATION=15 by default; the report goes to standard output
set -euo pipefail
cd "$(dirname "$0")/../.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${BENCH_DB:-portfolio_peers}"
PORT="${PROFILE_PORT:-18110}"
DURATION="${DURATION:-15}"
BIN="${CARGO_TARGET_DIR:-target}/release/portfolio"
URL="$PG/$DB"

command -v perf >/dev/null || apt-get install -y linux-perf >/dev/null
tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

TOKEN=$(DATABASE_URL="$URL" "$BIN" token create --name "profile-$(date +%s)-$$" --role viewer 2>/dev/null)
RUST_LOG=warn DATABASE_URL="$URL" "$BIN" serve --listen "127.0.0.1:$PORT" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

# PROFILE_QUERY and PROFILE_EXPECT (a text every response must hold) profile another read.
Q1='{ projects(first: 50) { edges { node { key name totalInvestment category { name } phases { ordinal name totalInvestment } } } } }'
QUERY="${PROFILE_QUERY:-$Q1}"
Q1_EXPECT='"phases"'
python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$QUERY" >"$tmp/q1.json"
BODY_FILE="$tmp/q1.json" AUTH="Bearer $TOKEN" EXPECT="${PROFILE_EXPECT:-$Q1_EXPECT}" \
  wrk -t2 -c10 -d"$((DURATION + 4))s" --latency -s bench/peers/read.lua "http://127.0.0.1:$PORT/graphql" >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 2
# DWARF unwinding: the release build has no frame pointers, but its unwind tables serve.
PERF_DATA="${PERF_DATA:-$tmp/perf.data}"
perf record -q -F 199 --call-graph dwarf,16384 -p "$server_pid" -o "$PERF_DATA" -- sleep "$DURATION" 2>/dev/null
wait "$wrk_pid" || { cat "$tmp/wrk.txt" >&2; echo "Q1 failed under the profile" >&2; exit 1; }
grep RESULT "$tmp/wrk.txt"
grep -E "Requests/sec" "$tmp/wrk.txt" || true

echo "== self time, top 40"
perf report -i "$PERF_DATA" --no-inline --no-children --sort symbol --stdio -q -g none --percent-limit 0.7 2>/dev/null |
  grep -E '^ +[0-9.]+%' | sed 's/  *$//' | cut -c1-200 | awk 'NR <= 40'
echo "== with callees (inclusive), top 60"
perf report -i "$PERF_DATA" --no-inline --children --sort symbol --stdio -q -g none --percent-limit 2 2>/dev/null |
  grep -E '^ +[0-9.]+%' | sed 's/  *$//' | cut -c1-220 | awk 'NR <= 60'
