#!/usr/bin/env bash
# Plans over time at scale, on PostgreSQL with the release build:
# - importing a 10,000-row list in the appendix layout (`portfolio import`): a dry run, the import
#   itself, and the same file again (which must change nothing), each with its wall time and the
#   process's peak resident memory. The file is the appendix export (`/export/appendix.xlsx`) of
#   10,000 generated projects (names like 合成项目 00001: nothing in it is a real plan's data),
#   imported as a new list of the seeded plan in a second database;
# - `GET /export/projects.xlsx` of 100,000 projects: time, size, and the server's peak resident
#   memory growth during it (the peak is reset first), against the first page of projects
#   measured on the same server.
set -euo pipefail
cd "$(dirname "$0")/.."

PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
ROWS="${BENCH_ROWS:-10000}"
EXPORT_ROWS="${BENCH_EXPORT_ROWS:-100000}"
PORT="${BENCH_PORT:-18098}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
SRC=portfolio_bench_lists_src
DST=portfolio_bench_lists
WORK=$(mktemp -d)

echo "== building the server (release)"
cargo build --release -q -p portfolio-server

pid=
stop_server() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  pid=
}
cleanup() {
  stop_server
  for db in "$SRC" "$DST"; do
    psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

fresh() {
  psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\""
}

serve() {
  RUST_LOG=warn "$BIN" --database-url "$PG/$1" serve --listen "127.0.0.1:$PORT" --no-response-cache >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server did not become ready" >&2
  exit 1
}

# The file: the appendix export of $ROWS generated projects.
fresh "$SRC"
"$BIN" --database-url "$PG/$SRC" seed --synthetic "$ROWS" --seed 1 2>/dev/null | tail -1
TOKEN=$("$BIN" --database-url "$PG/$SRC" token create --name "bench-$(date +%s)" --role admin 2>/dev/null)
serve "$SRC"
curl -sf -H "Authorization: Bearer $TOKEN" -o "$WORK/list.xlsx" "http://127.0.0.1:$PORT/export/appendix.xlsx?list=SYNTHETIC"
stop_server
echo "== the file: $(du -k "$WORK/list.xlsx" | cut -f1) KiB, the appendix of $ROWS generated projects"

# Into a second database, as a new list of the seeded plan.
fresh "$DST"
"$BIN" --database-url "$PG/$DST" seed 2>/dev/null | tail -1
import() {
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" \
    "$BIN" --database-url "$PG/$DST" import "$WORK/list.xlsx" --plan DONGTOU-14FYP --list BENCH "$@" \
    >"$WORK/report" 2>/dev/null
  read -r seconds kib <"$WORK/time"
  printf '%-40s %8.2f s   peak RSS %6d MiB   %s\n' "$label" "$seconds" $((kib / 1024)) \
    "$(grep -m1 -E '^(rows|new|[0-9]+ new)' "$WORK/report" || head -1 "$WORK/report")"
}
import "import --dry-run ($ROWS rows)" --dry-run
import "import ($ROWS rows)"
import "import, the same file again"
psql -At -d "$PG/$DST" -c "SELECT 'projects in the imported list: ' || count(*) FROM project p JOIN project_list l ON l.id = p.list_id WHERE l.code = 'BENCH'"

# The projects export at $EXPORT_ROWS projects.
fresh "$SRC"
"$BIN" --database-url "$PG/$SRC" seed --synthetic "$EXPORT_ROWS" --seed 1 2>/dev/null | tail -1
psql -q -d "$PG/$SRC" -c "VACUUM ANALYZE"
TOKEN=$("$BIN" --database-url "$PG/$SRC" token create --name "bench-$(date +%s)" --role finance 2>/dev/null)
serve "$SRC"
python3 - "$PORT" "$TOKEN" "$pid" <<'PY'
import statistics, sys, time, urllib.request

port, token, pid = sys.argv[1:4]
base = f"http://127.0.0.1:{port}"

def rss():
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024

def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    start = time.perf_counter()
    size = 0
    with urllib.request.urlopen(req, timeout=600) as r:
        while chunk := r.read(1 << 20):
            size += len(chunk)
    return (time.perf_counter() - start) * 1000, size

times = sorted(get("/export/projects.csv?list=DONGTOU")[0] for _ in range(11))
print(f"{'reference: /export/projects.csv?list=DONGTOU (67)':<48} p50 {statistics.median(times):9.1f} ms")
for path in ["/export/projects.xlsx", "/export/projects.csv"]:
    get(path)  # warm
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")  # resets the peak resident size to the current one
    before = rss()[0]
    elapsed, size = get(path)
    peak = rss()[1]
    print(f"GET {path:<44} {elapsed:9.1f} ms   {size / 1e6:6.1f} MB   RSS {before} MiB, peak {peak} MiB: growth {peak - before} MiB")
PY
