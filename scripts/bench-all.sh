#!/usr/bin/env bash
# Every figure of issue 21's table in one run, from one release build: `bench import`,
# `supporting-rate`, `list` and `desk` at their full sizes, on SQLite and on a private PostgreSQL
# (scripts/pg-start.sh). One JSON line per figure goes to OUT (default bench-work/all.jsonl),
# each bench's progress to OUT's folder, and a table to standard output at the end.
# Usage: scripts/bench-all.sh [OUT]   (env BENCH_ONLY="import list" runs only those benches)
# Takes about an hour on 2 cores; needs wrk and sqlite3 (apt-get install wrk sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench-work/all.jsonl}
work=$(dirname "$out")
mkdir -p "$work"
: > "$out"
bin=.build-release/release/chainlead
if [ ! -x "$bin" ]; then
  swift build -c release --scratch-path .build-release --product chainlead
fi
pg_url=$(scripts/pg-start.sh)
bench_pg=${pg_url/\/postgres\?/\/chainlead_bench?}
psql -X -q "$pg_url" -c "CREATE DATABASE chainlead_bench" >/dev/null 2>&1 || true
args() {
  case $1 in
    list) echo "--seconds 30" ;;
    desk) echo "--seconds 60" ;;
    *) echo "" ;;
  esac
}
for bench in ${BENCH_ONLY:-import supporting-rate list desk}; do
  for db in sqlite postgres; do
    extra=()
    [ "$db" = postgres ] && extra=(--postgres "$bench_pg")
    echo "$(date -u +%H:%M:%S) bench $bench on $db" >&2
    # shellcheck disable=SC2046
    "$bin" bench "$bench" --json --work "$work" $(args "$bench") "${extra[@]}" 2>"$work/$bench-$db.log" >>"$out" \
      || { echo "bench $bench on $db failed:" >&2; tail -n 20 "$work/$bench-$db.log" >&2; }
  done
done
python3 - "$out" <<'EOF'
import json, sys
print(f"{'figure':16} {'database':9} {'seconds':>9} {'comparison':>11} {'ratio':>7} {'met':>5}  extra")
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    f = json.loads(line)
    extra = {k: f[k] for k in ("requestsPerSecond", "comparisonRequestsPerSecond", "p99Milliseconds", "lost", "acknowledged", "peakMemoryMiB", "serverPeakMemoryMiB") if k in f}
    def n(v):
        return "" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
    print(f"{f.get('figure',''):16} {f.get('database',''):9} {n(f.get('seconds')):>9} {n(f.get('comparisonSeconds')):>11} {n(f.get('ratio')):>7} {str(f.get('met')):>5}  {extra}")
EOF
