#!/usr/bin/env bash
# Paging benchmark: page 1 against page 600 of a 60,000-project synthetic portfolio on
# PostgreSQL, in the document's order and in a filtered, investment-ordered view, with the
# default plan cache and with custom plans forced. Needs the local PostgreSQL (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB=portfolio_bench_paging
PORT="${BENCH_PORT:-8071}"

cargo build --release -q -p portfolio-server
BIN=target/release/portfolio

psql "$PG/test" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
"$BIN" --database-url "$PG/$DB" seed --synthetic 59933 --seed 1 | tail -1
psql "$PG/$DB" -qc "ANALYZE" >/dev/null
TOKEN=$("$BIN" --database-url "$PG/$DB" token create --name bench --role viewer 2>/dev/null)

run() {
  local label="$1" url="$2"
  "$BIN" --database-url "$url" serve --listen "127.0.0.1:$PORT" 2>/dev/null &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "== $label: document order"
  python3 bench/paging.py --token "$TOKEN" --url "http://127.0.0.1:$PORT" --page 600 --size 100 --rounds "${ROUNDS:-200}"
  echo "== $label: SYNTHETIC projects under way, largest 14th-FYP investment first"
  python3 bench/paging.py --token "$TOKEN" --url "http://127.0.0.1:$PORT" --page 100 --size 100 --rounds "${ROUNDS:-200}" \
    --filter '{"listCodes":["SYNTHETIC"],"statuses":["PLANNED","UNDER_CONSTRUCTION"]}' \
    --order '[{"field":"FYP_INVESTMENT","direction":"DESC"}]'
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run "default plan cache" "$PG/$DB"
run "plan_cache_mode=force_custom_plan" "$PG/$DB?options=-c%20plan_cache_mode%3Dforce_custom_plan"
psql "$PG/test" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
