#!/usr/bin/env bash
# make bench: side-by-side benchmarks against the real local services, written to bench-results/*.json.
#   scripts/bench.sh [flight|events|all] [-- extra arguments for the benchmark script]
# Builds the jars, starts the services (scripts/services.sh up), prepares the Python virtualenv (.venv) and runs
#   flight  bench/flight_bench.py  Flight vs HTTP/JSON vs psql COPY at 10k/100k/1M rows, 10M rows at -Xmx256m
#   events  bench/events_bench.py  events/s per sink, produce->visible latency, bridge heap with a backlog
# Each script's --help lists its options, e.g. scripts/bench.sh flight -- --runs 3 --big-rows 0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

which_bench="${1:-all}"
shift || true
[ "${1:-}" = "--" ] && shift

case "$which_bench" in
  flight|events|all) ;;
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "scripts/bench.sh: unknown benchmark '$which_bench'; use flight, events or all" >&2; exit 2 ;;
esac

if [ "$which_bench" = all ] && [ $# -gt 0 ]; then
  echo "scripts/bench.sh: extra arguments go to one benchmark: scripts/bench.sh flight -- $* (or events)" >&2
  exit 2
fi

MVN="${MVN:-mvn -B -ntp}"
scripts/services.sh up
echo "[bench] building the jars" >&2
$MVN -q -pl flight-server,event-bridge,client -am package -DskipTests
python="$(scripts/python-venv.sh)"
mkdir -p bench-results

if [ "$which_bench" = flight ] || [ "$which_bench" = all ]; then
  "$python" bench/flight_bench.py "$@"
fi
if [ "$which_bench" = events ] || [ "$which_bench" = all ]; then
  if [ -f bench/events_bench.py ]; then
    "$python" bench/events_bench.py "$@"
  else
    echo "[bench] events: not measured yet (bench/events_bench.py lands with the event pipeline)" >&2
  fi
fi
