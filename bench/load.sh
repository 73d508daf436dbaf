#!/usr/bin/env bash
# 60 s of mixed reads and writes against a release server, on PostgreSQL (and SQLite with
# BACKEND=sqlite); afterwards every acknowledged write must be in the change feed and no response
# may have been a 5xx. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
PORT="${BENCH_PORT:-8072}"
SECONDS_RUN="${LOAD_SECONDS:-60}"

cargo build --release -q -p portfolio-server
BIN=target/release/portfolio

if [ "${BACKEND:-postgres}" = sqlite ]; then
  rm -f /tmp/portfolio-load.db*
  URL="sqlite:///tmp/portfolio-load.db?mode=rwc"
else
  psql "$PG/test" -qc "DROP DATABASE IF EXISTS portfolio_load" -c "CREATE DATABASE portfolio_load" >/dev/null
  URL="$PG/portfolio_load"
fi
"$BIN" --database-url "$URL" seed --synthetic 10000 --seed 7 | tail -1
TOKEN=$("$BIN" --database-url "$URL" token create --name load --role admin 2>/dev/null)
"$BIN" --database-url "$URL" serve --listen "127.0.0.1:$PORT" 2>/tmp/portfolio-load.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
KEYS=$(seq -f 'DONGTOU-GREEN-%02g' 1 10 | paste -sd, -),$(seq -f 'DONGTOU-INDUSTRIAL-%02g' 1 17 | paste -sd, -)
python3 bench/load.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_RUN" --keys "$KEYS"
