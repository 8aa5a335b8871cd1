#!/usr/bin/env bash
# Starts a private PostgreSQL server on loopback for the tests and prints its URL.
# Usage: scripts/pg-start.sh [DATADIR] [PORT]   (defaults: /tmp/chainlead-pg, 55432)
# Another PostgreSQL (or anything else) may hold the port: the next free one is taken. A server
# that will not start prints its log and is tried again with fewer connections.
set -euo pipefail
dir=${1:-/tmp/chainlead-pg}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if run "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1 && [ -f "$dir/port" ]; then
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres?sslmode=disable"
  exit 0
fi
run "$bin/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true
rm -rf "$dir"
install -d -m 700 "$dir/data"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
run "$bin/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
for connections in 1000 400 200; do
  tries=0
  while busy "$port" && [ $tries -lt 50 ]; do port=$((port + 1)); tries=$((tries + 1)); done
  if run "$bin/pg_ctl -D $dir/data -l $dir/log -t 120 -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=$connections -c fsync=off' -w start" >/dev/null; then
    echo "$port" > "$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    exit 0
  fi
  echo "PostgreSQL did not start on port $port with max_connections=$connections; its log:" >&2
  tail -n 30 "$dir/log" >&2 || true
  port=$((port + 1))
done
exit 1
