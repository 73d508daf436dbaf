#!/usr/bin/env bash
# Many subscribers on one instance: SUBSCRIBERS (10,000) WebSocket clients subscribed to `changes`
# on our release server, then COMMITS (5) writes: the server's memory per idle connection and the
# time from a commit to the last subscriber receiving it (p50, p99). Loopback only; the clients
# are Node.js 22 (from bench/peers, `npm ci` there) with its built-in WebSocket.
#
#   bench/subscribers.sh            SUBSCRIBERS=1000 bench/subscribers.sh   (a quick look)
#
# DATABASE_URL: the database to serve (default a fresh SQLite file; a PostgreSQL URL works too,
# e.g. postgres://postgres@127.0.0.1:5432/portfolio_subscribers, created when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/portfolio"
PORT="${PORT:-18300}"
# Every client is a socket at each end.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [ ! -x bench/peers/node_modules/.bin/node ]; then
  (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
fi
NODE="$ROOT/bench/peers/node_modules/.bin/node"
if [ "${NO_BUILD:-}" != 1 ]; then
  cargo build --release -q -p portfolio-server --locked
fi

tmp=$(mktemp -d)
URL="${DATABASE_URL:-sqlite://$tmp/subscribers.db?mode=rwc}"
case "$URL" in
  postgres*)
    db="${URL##*/}"; admin="${URL%/*}/postgres"
    psql -Atq "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      psql -q "$admin" -c "CREATE DATABASE \"$db\""
    ;;
esac
server_pid=
cleanup() {
  [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --database-url "$URL" --listen "127.0.0.1:$PORT" \
  --max-subscription-connections 20000 >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
TOKEN=$("$BIN" token create --database-url "$URL" --name "subscribers-$(date +%s)-$$" --role admin 2>/dev/null)
echo "== $(nproc) cores; $("$NODE" --version); ${SUBSCRIBERS:-10000} subscribers on $URL"
SUBSCRIBERS="${SUBSCRIBERS:-10000}" "$NODE" bench/subscribers/run.mjs "ws://127.0.0.1:$PORT/graphql" "$TOKEN" "$server_pid"
