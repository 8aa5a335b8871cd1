#!/usr/bin/env bash
# The whole test suite: Swift tests on SQLite, again on PostgreSQL, then the served API
# fuzzed by schemathesis (0 server errors, 0 responses that break the spec).
# Installs what a bare machine lacks when run as root (Debian postgresql, a Python venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
step() { printf '\n=== %s ===\n' "$*"; }

# --- tools -------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "installing PostgreSQL (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
venv=${CHAINLEAD_VENV:-$root/.venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  step "installing Python test tools in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r e2e/requirements.txt
fi

# --- build -------------------------------------------------------------------------
step "build"
swift build --build-tests

# --- Swift tests, SQLite then PostgreSQL ----------------------------------------------
step "swift test (SQLite)"
swift test --skip-build
pg_url=${CHAINLEAD_TEST_POSTGRES_URL:-$(scripts/pg-start.sh)}
step "swift test (PostgreSQL at ${pg_url%%\?*})"
CHAINLEAD_TEST_POSTGRES_URL="$pg_url" swift test --skip-build

# --- the served API under schemathesis -----------------------------------------------
step "schemathesis against chainlead serve --demo"
CHAINLEAD_VENV="$venv" e2e/fuzz-api.sh "$root/.build/debug/chainlead"
step "all tests passed"
