#!/usr/bin/env bash
# Throughput of investmentSummary(groupBy: [CATEGORY]) over HTTP against a plain GROUP BY run
# directly on PostgreSQL with pgbench, at the same concurrency, on 100,000 synthetic projects.
#
#   bench/finance.sh [--fresh]
#
# Needs a local PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432), pgbench and wrk
# (apt-get install -y wrk). Builds the server in release mode. The database portfolio_bench is kept
# between runs (--fresh drops it first). Every run is bounded: DURATION seconds each (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${BENCH_DB:-portfolio_bench}"
PROJECTS="${BENCH_PROJECTS:-100000}"
CONCURRENCY="${CONCURRENCY:-8}"
DURATION="${DURATION:-15}"
PORT="${BENCH_PORT:-18090}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
URL="$PG/$DB"
HOSTPORT="${PG#*://}"; HOSTPORT="${HOSTPORT#*@}"
PGHOST="${HOSTPORT%%:*}"; PGPORT="${HOSTPORT##*:}"
PGUSER="${PG#*://}"; PGUSER="${PGUSER%%@*}"
export PGHOST PGPORT PGUSER

for tool in pgbench psql wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

echo "== building the server (release)"
cargo build --release -q -p portfolio-server

if [ "${1:-}" = "--fresh" ]; then
  psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
fi
if ! psql -Atq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -q -d postgres -c "CREATE DATABASE \"$DB\""
fi
have=$(psql -Atq -d "$DB" -c "SELECT COUNT(*) FROM project p JOIN project_list l ON l.id = p.list_id WHERE l.code = 'SYNTHETIC'" 2>/dev/null || echo 0)
if [ "$have" -lt "$PROJECTS" ]; then
  echo "== adding $((PROJECTS - have)) synthetic projects"
  DATABASE_URL="$URL" "$BIN" seed --synthetic "$((PROJECTS - have))" --seed 1
fi
# Requests carry a FINANCE token, as a finance client's would.
TOKEN=$(DATABASE_URL="$URL" "$BIN" token create --name "bench-$(date +%s)-$$" --role finance 2>/dev/null)
psql -q -d "$DB" -c "VACUUM ANALYZE"
echo "projects: $(psql -Atq -d "$DB" -c 'SELECT COUNT(*) FROM project')"

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== starting the server on 127.0.0.1:$PORT"
RUST_LOG=warn DATABASE_URL="$URL" "$BIN" serve --listen "127.0.0.1:$PORT" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.2
done

FIELDS='groups{key{listCode categoryCode}projectCount totalInvestment{known unknownCount}fypInvestment{known unknownCount}}'
FILTER='{statuses:[UNDER_CONSTRUCTION]}'
UNFILTERED="{investmentSummary(groupBy:[CATEGORY]){$FIELDS}}"
FILTERED="{investmentSummary(groupBy:[CATEGORY],filter:$FILTER){$FIELDS}}"
# The same question asked directly: count and sum per category, known and unknown apart.
PLAIN="SELECT category_id, COUNT(*), SUM(total_investment_fen), COUNT(total_investment_fen), SUM(fyp_investment_fen), COUNT(fyp_investment_fen) FROM project WHERE archived_at IS NULL"
echo "$PLAIN GROUP BY category_id;" >"$tmp/unfiltered.sql"
echo "$PLAIN AND status = 'UNDER_CONSTRUCTION' GROUP BY category_id;" >"$tmp/filtered.sql"

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

http_rps() {
  local url="http://127.0.0.1:$PORT/graphql?query=$(urlencode "$1")"
  # One request first, so that a broken query fails loudly instead of being measured.
  curl -sf -H "authorization: Bearer $TOKEN" "$url" | grep -q '"groups"' ||
    { echo "query failed: $(curl -s -H "authorization: Bearer $TOKEN" "$url")" >&2; exit 1; }
  wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" -H "authorization: Bearer $TOKEN" "$url" | tee "$tmp/wrk.txt" >&2
  if grep -q "Non-2xx" "$tmp/wrk.txt"; then echo "non-2xx answers" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt"
}

pg_tps() {
  pgbench -n -c "$CONCURRENCY" -j 2 -T "$DURATION" -f "$1" "$DB" 2>&1 | tee "$tmp/pgbench.txt" >&2
  awk '/^tps = / {print $3}' "$tmp/pgbench.txt" | tail -1
}

echo "== unfiltered: HTTP investmentSummary(groupBy:[CATEGORY])"
http_unfiltered=$(http_rps "$UNFILTERED")
echo "== unfiltered: pgbench plain GROUP BY"
pg_unfiltered=$(pg_tps "$tmp/unfiltered.sql")
echo "== filtered ($FILTER): HTTP"
http_filtered=$(http_rps "$FILTERED")
echo "== filtered: pgbench plain GROUP BY"
pg_filtered=$(pg_tps "$tmp/filtered.sql")

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}')"; }
echo
echo "concurrency $CONCURRENCY, ${DURATION} s each, $(nproc) cores, PostgreSQL $(psql -Atq -d postgres -c 'SHOW server_version')"
printf '%-12s %14s %14s %8s %8s\n' case "HTTP req/s" "pgbench tps" ratio goal
printf '%-12s %14s %14s %8s %8s\n' unfiltered "$http_unfiltered" "$pg_unfiltered" "$(ratio "$http_unfiltered" "$pg_unfiltered")" ">= 10"
printf '%-12s %14s %14s %8s %8s\n' filtered "$http_filtered" "$pg_filtered" "$(ratio "$http_filtered" "$pg_filtered")" ">= 0.8"
