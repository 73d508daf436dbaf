#!/usr/bin/env bash
# Starts a PostgreSQL primary and a streaming replica of it on loopback, with the installed
# PostgreSQL binaries, for the read-replica tests (and for trying DATABASE_READ_URL by hand):
#
#   tools/replica-pair/start.sh          # primary on 55432, replica on 55433
#   tools/replica-pair/start.sh stop
#
# The primary is postgres://postgres@127.0.0.1:55432/postgres and the replica
# postgres://postgres@127.0.0.1:55433/postgres (trust authentication, loopback only). Running it
# again while both answer does nothing. The clusters live under $PAIR_DIR (default
# /tmp/portfolio-replica-pair), owned by the `postgres` user: PostgreSQL refuses to run as root,
# so as root every server command runs through `runuser -u postgres`.
set -euo pipefail

PAIR_DIR=${PAIR_DIR:-/tmp/portfolio-replica-pair}
PRIMARY_PORT=${PRIMARY_PORT:-55432}
REPLICA_PORT=${REPLICA_PORT:-55433}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  echo "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$1"; }

if [[ ${1:-start} == stop ]]; then
  for cluster in replica primary; do
    if [[ -f "$PAIR_DIR/$cluster/postmaster.pid" ]]; then
      as_postgres "$BIN/pg_ctl" -D "$PAIR_DIR/$cluster" -m fast -w stop >/dev/null
    fi
  done
  exit 0
fi

if ready "$PRIMARY_PORT" && ready "$REPLICA_PORT"; then
  exit 0
fi

mkdir -p "$PAIR_DIR"
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$PAIR_DIR"
fi

start_cluster() {
  local dir=$1 port=$2
  if ! ready "$port"; then
    as_postgres "$BIN/pg_ctl" -D "$dir" -l "$dir.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
}

if [[ ! -f "$PAIR_DIR/primary/PG_VERSION" ]]; then
  rm -rf "$PAIR_DIR/primary" "$PAIR_DIR/replica"
  as_postgres "$BIN/initdb" -D "$PAIR_DIR/primary" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$PAIR_DIR/primary/pg_hba.conf" <<'HBA'
host replication postgres 127.0.0.1/32 trust
HBA
  cat >>"$PAIR_DIR/primary/postgresql.conf" <<'CONF'
wal_level = replica
max_wal_senders = 4
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
start_cluster "$PAIR_DIR/primary" "$PRIMARY_PORT"

if [[ ! -f "$PAIR_DIR/replica/PG_VERSION" ]]; then
  rm -rf "$PAIR_DIR/replica"
  # -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$PAIR_DIR/replica" -R -X stream >/dev/null
fi
start_cluster "$PAIR_DIR/replica" "$REPLICA_PORT"

for _ in $(seq 1 60); do
  if ready "$REPLICA_PORT"; then
    exit 0
  fi
  sleep 0.5
done
echo "the replica on port $REPLICA_PORT did not come up; see $PAIR_DIR/replica.log" >&2
exit 1
