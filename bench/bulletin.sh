#!/usr/bin/env bash
# The monthly bulletin at scale: the month's roll-up by responsible unit, publishing the month,
# the published bulletin, and its spreadsheet export, on the synthetic reporting cycle of
# bench/reporting.sh (125,000 projects, about 100,000 with a 2026 plan and 1.16 M returns), on
# PostgreSQL, release build. Prints p50/p90 per request (ROUNDS, 21 by default) and its ratio to
# the reference (the first page of projects, measured in the same run), the export's time
# and size, and the server's resident memory before and after the export.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${BENCH_DB:-portfolio_bench_bulletin}"
PROJECTS="${BENCH_PROJECTS:-125000}"
PERIOD="${PERIOD:-2026-11}"
ROUNDS="${ROUNDS:-21}"
PORT="${BENCH_PORT:-18097}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
URL="$PG/$DB"

echo "== building the server (release)"
cargo build --release -q -p portfolio-server

pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
}
trap cleanup EXIT

psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
echo "== seeding $PROJECTS synthetic projects with their reporting cycles"
"$BIN" --database-url "$URL" seed --synthetic "$PROJECTS" --seed 1 --synthetic-returns 2>/dev/null | tail -1
psql -q -d "$URL" -c "VACUUM ANALYZE"
TOKEN=$("$BIN" --database-url "$URL" token create --name "office-$(date +%s)" --role coordinator 2>/dev/null)

# Without the response cache: every request below is computed, not answered from memory (a
# repeated read with no write between would be served from the cache in about 2 ms).
RUST_LOG=warn "$BIN" --database-url "$URL" serve --listen "127.0.0.1:$PORT" --no-response-cache >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

python3 - "$PORT" "$TOKEN" "$PERIOD" "$ROUNDS" "$pid" <<'PY'
import json, statistics, sys, time, urllib.request

port, token, period, rounds, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
base = f"http://127.0.0.1:{port}"

def rss():
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024

def post(query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    req = urllib.request.Request(base + "/graphql", body, {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as r:
        answer = json.load(r)
    elapsed = (time.perf_counter() - start) * 1000
    if "errors" in answer:
        sys.exit(f"errors: {answer['errors']}")
    return elapsed, answer["data"]

reference = None

def timed(label, query, variables, n):
    global reference
    times, data = [], None
    post(query, variables)  # warm
    for _ in range(n):
        t, data = post(query, variables)
        times.append(t)
    times.sort()
    p50 = statistics.median(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    if reference is None:
        reference = p50
    print(f"{label:<58} p50 {p50:9.1f} ms   p90 {p90:9.1f} ms   {p50 / reference:7.1f} x ref   (n={n})")
    return data

# The reference, measured in the same run: the first page of 20 projects.
timed("projects(first: 20) (reference)", "{ projects(first: 20) { nodes { key name } } }", {}, rounds)

summary = "query($p: String!) { reportingSummary(period: $p, groupBy: [RESPONSIBLE_UNIT]) { total { projectCount completionRate { value basisCount } lights { green yellow red notApplicable } } groups { projectCount } } }"
# The period's first request makes its kept facts (every monitored project's row).
t, _ = post(summary, {"p": period})
print(f"{'reportingSummary, first request of the period':<58} {t:9.1f} ms")
data = timed("reportingSummary(groupBy: [RESPONSIBLE_UNIT]), live", summary, {"p": period}, rounds)
total = data["reportingSummary"]["total"]
print(f"   {total['projectCount']} monitored projects in {len(data['reportingSummary']['groups'])} groups, lights {total['lights']}")
timed("warningCounts(period:)", "query($p: String!) { warningCounts(period: $p) { level count } }", {"p": period}, rounds)

# After a write: each round changes one project's 2026 plan, then reads the roll-up, which first
# brings that project's kept facts up to date (the write itself is not timed).
nodes = post('{ projects(first: 100, filter: { listCodes: ["SYNTHETIC"], startYear: { max: 2026 } }) { nodes { id version } } }', {})[1]["projects"]["nodes"]
plan = "mutation($i: SetAnnualPlanInput!) { setAnnualPlan(input: $i) { userErrors { message } } }"
after = []
for k, node in enumerate(nodes):
    if len(after) == rounds:
        break
    _, answer = post(plan, {"i": {"projectId": node["id"], "expectedVersion": node["version"], "year": 2026, "plannedInvestment": str(1000 + k)}})
    if answer["setAnnualPlan"]["userErrors"]:
        # A project this plan cannot be set for (completed, cancelled): the next one.
        continue
    t, _ = post(summary, {"p": period})
    after.append(t)
if len(after) < rounds:
    sys.exit(f"only {len(after)} plans could be set")
# A plan set where there was none adds a monitored project: the total the bulletin must show.
total = post(summary, {"p": period})[1]["reportingSummary"]["total"]
after.sort()
p50 = statistics.median(after)
print(f"{'reportingSummary, live, right after one write':<58} p50 {p50:9.1f} ms   p90 {after[min(len(after) - 1, int(len(after) * 0.9))]:9.1f} ms   {p50 / reference:7.1f} x ref   (n={len(after)})")
t, data = post("mutation($p: String!) { publishPeriod(input: { period: $p }) { userErrors { message } bulletin { summary { total { projectCount } } } } }", {"p": period})
if data["publishPeriod"]["userErrors"]:
    sys.exit(data["publishPeriod"]["userErrors"])
print(f"{'publishPeriod (once)':<58} {t:9.1f} ms")
data = timed("bulletin(period:) published, summary only", "query($p: String!) { bulletin(period: $p) { live publishedAt summary { total { projectCount } } } }", {"p": period}, rounds)
assert data["bulletin"]["live"] is False and data["bulletin"]["summary"]["total"]["projectCount"] == total["projectCount"], data
timed("bulletin(period:, groupBy: [RESPONSIBLE_UNIT]) published", "query($p: String!) { bulletin(period: $p, groupBy: [RESPONSIBLE_UNIT]) { summary { total { projectCount } groups { projectCount completionRate { value } } } } }", {"p": period}, rounds)
def reset_peak():
    # Writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one, so the
    # growth below is the export's own, not what an earlier request left behind.
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")

def export(label, path):
    reset_peak()
    before = rss()
    start = time.perf_counter()
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"Bearer {token}"})
    size = 0
    with urllib.request.urlopen(req, timeout=600) as r:
        while chunk := r.read(1 << 20):
            size += len(chunk)
    elapsed = (time.perf_counter() - start) * 1000
    after = rss()
    print(f"{label:<58} {elapsed:9.1f} ms   {size / 1e6:.1f} MB")
    print(f"   server RSS before {before[0]} MiB, peak during {after[1]} MiB: growth {after[1] - before[0]} MiB")

export("GET /export/bulletin.xlsx (published)", f"/export/bulletin.xlsx?period={period}")
export("GET /export/bulletin.csv (published)", f"/export/bulletin.csv?period={period}")
export("GET /export/bulletin.xlsx?live=true (today's figures)", f"/export/bulletin.xlsx?period={period}&live=true")
PY
