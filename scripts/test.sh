#!/usr/bin/env bash
# The whole test suite: the style lint, Swift tests on SQLite, again on PostgreSQL, then the served API
# fuzzed by schemathesis (0 server errors, 0 responses that break the spec).
# Installs what a bare machine lacks when run as root (Debian postgresql, a Python venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
step() { printf '\n=== %s (at %d s) ===\n' "$*" "$SECONDS"; }

# --- tools -------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v wrk >/dev/null || missing+=(wrk)  # the list bench's load
command -v iconv >/dev/null || missing+=(libc-bin)
command -v bc >/dev/null || missing+=(bc)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)  # converts the .docx notice and case book in e2e
command -v pdftoppm >/dev/null || missing+=(poppler-utils)  # renders a page of the case book's PDF in e2e
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
venv=${CHAINLEAD_VENV:-$root/.venv}
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/python" -c 'import selenium, openpyxl, pytest, docx, PIL' 2>/dev/null; then
  step "installing Python test tools in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r e2e/requirements.txt
fi

# --- style (swift-format, lint mode; .swift-format and Tests/.swift-format) ------------------
step "swift format lint"
swift format lint --strict --recursive --parallel Sources Tests Package.swift
# Small files: none over 400 lines but reference data (the taxonomy, the zh/en text tables).
long=$(find Sources Tests -name '*.swift' ! -name DefaultTaxonomy.swift ! -name L10n.swift ! -name PinyinTable.swift -exec awk 'END { if (NR > 400) print FILENAME ": " NR " lines" }' {} \;)
if [ -n "$long" ]; then echo "$long"; echo "split these files (400 lines at most)"; exit 1; fi

# --- build -------------------------------------------------------------------------
step "build"
swift build --build-tests

# --- Swift tests, SQLite then PostgreSQL ----------------------------------------------
step "swift test (SQLite)"
swift test --skip-build
pg_url=${CHAINLEAD_TEST_POSTGRES_URL:-$(scripts/pg-start.sh)}
step "swift test (PostgreSQL at ${pg_url%%\?*})"
CHAINLEAD_TEST_POSTGRES_URL="$pg_url" swift test --skip-build

# --- benchmarks at their quick sizes: they report, they do not fail the suite ---------------
step "benchmarks (--quick, debug build: figures for the record, not for the goals)"
bench_work=$(mktemp -d)
# PostgreSQL's side in a database of its own on the same server (the bench empties it).
bench_pg=${pg_url/\/postgres\?/\/chainlead_bench?}
psql -X -q "$pg_url" -c "CREATE DATABASE chainlead_bench" >/dev/null 2>&1 || true
for bench in import supporting-rate list desk; do
  for db in sqlite postgres; do
    extra=(); [ "$db" = postgres ] && extra=(--postgres "$bench_pg")
    # Never the test database itself: a URL not ending in /postgres?… gets no PostgreSQL bench.
    [ "$db" = postgres ] && [ "$bench_pg" = "$pg_url" ] && continue
    "$root/.build/debug/chainlead" bench "$bench" --quick --json --work "$bench_work" "${extra[@]}" 2>"$bench_work/$bench-$db.log" \
      || { echo "bench $bench on $db failed (reported, not failing the suite):"; tail -n 20 "$bench_work/$bench-$db.log"; }
  done
done
# Province mode: a coordinator and two shards of its own (issue 22).
"$root/.build/debug/chainlead" bench supporting-rate --shards 2 --quick --json --work "$bench_work" 2>"$bench_work/shards.log" \
  || { echo "bench supporting-rate --shards 2 failed (reported, not failing the suite):"; tail -n 20 "$bench_work/shards.log"; }
rm -rf "$bench_work"

# --- real files and a real browser against chainlead serve ------------------------------
step "pytest e2e (openpyxl files, headless Chromium)"
CHAINLEAD_BIN="$root/.build/debug/chainlead" "$venv/bin/python" -m pytest e2e -q -p no:cacheprovider

# --- the served API under schemathesis -----------------------------------------------
step "schemathesis against chainlead serve --demo"
CHAINLEAD_VENV="$venv" e2e/fuzz-api.sh "$root/.build/debug/chainlead"
step "all tests passed"
