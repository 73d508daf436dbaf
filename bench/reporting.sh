#!/usr/bin/env bash
# Reporting-cycle benchmark: the month's lights, the first page of red lights and the returns due
# on a synthetic portfolio with annual plans and twelve months of returns, against a plain page
# of projects measured in the same run, on PostgreSQL, release build.
#
#   bench/reporting.sh [--keep] [--reuse]
#
# Seeds a fresh database (portfolio_bench_reporting) with BENCH_PROJECTS synthetic projects and
# their reporting cycles (`seed --synthetic N --synthetic-returns`), ANALYZEs it, serves it with
# a VIEWER token and runs bench/reporting.py for ROUNDS rounds (default 200), then counts the
# statements each request runs from a second server's statement log. --reuse keeps a database
# already seeded; --keep leaves it behind (to EXPLAIN its statements). Needs the local
# PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432), psql and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${BENCH_DB:-portfolio_bench_reporting}"
# 125,000 projects give about 100,000 with a 2026 plan: the rest start later, or were
# completed or cancelled before the year.
PROJECTS="${BENCH_PROJECTS:-125000}"
PERIOD="${PERIOD:-2026-11}"
ROUNDS="${ROUNDS:-200}"
PORT="${BENCH_PORT:-18095}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
URL="$PG/$DB"
keep=; reuse=
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --reuse) reuse=1 ;;
    *) echo "usage: $0 [--keep] [--reuse]" >&2; exit 2 ;;
  esac
done

for tool in psql curl python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

echo "== building the server (release)"
cargo build --release -q -p portfolio-server

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
  if [ -z "$keep" ]; then psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"; fi
}
trap cleanup EXIT

have=0
if [ -n "$reuse" ]; then
  have=$(psql -Atq -d "$URL" -c "SELECT COUNT(*) FROM monthly_return" 2>/dev/null || echo 0)
fi
if [ "$have" -eq 0 ]; then
  psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
  echo "== seeding $PROJECTS synthetic projects with their reporting cycles"
  "$BIN" --database-url "$URL" seed --synthetic "$PROJECTS" --seed 1 --synthetic-returns 2>/dev/null | tail -1
fi
psql -q -d "$URL" -c "VACUUM ANALYZE"
psql -Atq -d "$URL" -F ' ' -c "SELECT (SELECT COUNT(*) FROM project), (SELECT COUNT(*) FROM annual_plan WHERE year = 2026), (SELECT COUNT(*) FROM monthly_return), (SELECT COUNT(*) FROM progress_report), (SELECT COUNT(*) FROM change_log)" |
  { read -r p a m r c; echo "rows: $p projects, $a plans for 2026, $m monthly returns, $r progress reports, $c change-log entries"; }
TOKEN=$("$BIN" --database-url "$URL" token create --name "bench-$(date +%s)-$$" --role viewer 2>/dev/null)

wait_ready() {
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server on port $1 did not start" >&2; exit 1
}

echo "== latency ($ROUNDS rounds, PostgreSQL $(psql -Atq -d "$URL" -c 'SHOW server_version'), $(nproc) cores)"
RUST_LOG=warn "$BIN" --database-url "$URL" serve --listen "127.0.0.1:$PORT" >"$tmp/server.log" 2>&1 &
pids+=($!)
wait_ready "$PORT"
python3 bench/reporting.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" --period "$PERIOD" --rounds "$ROUNDS"

# A second server logs every statement (one DEBUG event each, target sqlx::query).
echo "== statements per request"
DEBUG_PORT=$((PORT + 1))
RUST_LOG=warn,sqlx::query=debug "$BIN" --log-format json --database-url "$URL" serve --listen "127.0.0.1:$DEBUG_PORT" >"$tmp/debug.log" 2>&1 &
pids+=($!)
wait_ready "$DEBUG_PORT"
python3 bench/reporting.py --url "http://127.0.0.1:$DEBUG_PORT" --token "$TOKEN" --period "$PERIOD" --statement-log "$tmp/debug.log"
