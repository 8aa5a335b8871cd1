#!/usr/bin/env bash
# Starts a private PostgreSQL server on loopback for the tests and prints its URL.
# Usage: scripts/pg-start.sh [DATADIR] [PORT]   (defaults: /tmp/chainlead-pg, 55432)
set -euo pipefail
dir=${1:-/tmp/chainlead-pg}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if ! run "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
  rm -rf "$dir"
  install -d -m 700 "$dir/data"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  run "$bin/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  run "$bin/pg_ctl -D $dir/data -l $dir/log -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=off' -w start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
