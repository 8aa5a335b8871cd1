#!/usr/bin/env bash
# Makes the upgrade fixtures of a release from that release's own binary (see Tests/Fixtures/README.md):
#   git checkout v0.1.0 && swift build && scripts/make-upgrade-fixture.sh 0.1.0
# SQLite: a demo city of 60 firms, two accounts and a request workflow, vacuumed and gzipped.
# PostgreSQL: the same city in a fresh database, dumped as plain SQL (pg_dump --inserts), gzipped.
set -euo pipefail
version="$1"
bin="${CHAINLEAD_BIN:-.build/debug/chainlead}"
out="Tests/Fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fill() {
  local db="$1"
  "$bin" demo --database "$db" --enterprises 60 --seed 2027 >/dev/null
  "$bin" users create --username fixture_official --password 'Fixture-Pw-1' --role official --scope city --database "$db" >/dev/null
  "$bin" users create --username fixture_district --password 'Fixture-Pw-2' --role district --scope district:320281 --database "$db" >/dev/null
}

fill "sqlite://$work/city.sqlite"
sqlite3 "$work/city.sqlite" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; VACUUM;" >/dev/null
gzip -9 -c "$work/city.sqlite" > "$out/v$version.sqlite.gz"

if [ -n "${CHAINLEAD_TEST_POSTGRES_URL:-}" ]; then
  admin="$CHAINLEAD_TEST_POSTGRES_URL"
  name="fixture_$(echo "$version" | tr . _)"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  url="${admin%/*}/$name"
  fill "$url"
  pg_dump --inserts --no-owner --no-privileges "$url" | gzip -9 > "$out/v$version-postgres.sql.gz"
  psql -q "$admin" -c "DROP DATABASE $name"
fi
ls -l "$out"/v"$version"*
