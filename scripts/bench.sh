#!/usr/bin/env bash
# make bench: side-by-side benchmarks against the real local services, written to bench-results/*.json.
#   scripts/bench.sh [flight|events|embedded|all] [-- extra arguments for the benchmark script]
# Builds the jars, starts the services (scripts/services.sh up), prepares the Python virtualenv (.venv, with the
# Quiver Python client and so pyarrow: scripts/python-venv.sh, plus bench/requirements.txt, the ADBC PostgreSQL
# driver, when it does not import) and runs
#   flight  bench/flight_bench.py  Flight vs HTTP/JSON vs psql COPY vs ADBC, and Flight nested (user, items.product)
#                                  at 10k/100k/1M rows; 10M rows at -Xmx256m
#   events  bench/events_bench.py  per sink: drain rate, produce->visible latency of every event, bridge memory
#   embedded  EmbeddedEngineMeasure  make run's embedded engine, H2, against an in-memory DuckDB on the demo rows:
#                                  load, flat, nested, filtered and like queries through the server's QueryExecutor,
#                                  results compared row for row (arguments: bench [orders] [runs]; see its javadoc)
# Each script's --help lists its options, e.g. scripts/bench.sh flight -- --runs 3 --big-rows 0
# A missed target is printed and recorded in the JSON ("targets", "targets_missed") and the exit status stays 0;
# with --strict (scripts/bench.sh all -- --strict passes it to both) a missed or unjudged target exits 3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

which_bench="${1:-all}"
shift || true
[ "${1:-}" = "--" ] && shift

case "$which_bench" in
  flight|events|embedded|all) ;;
  -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "scripts/bench.sh: unknown benchmark '$which_bench'; use flight, events, embedded or all" >&2; exit 2 ;;
esac

if [ "$which_bench" = all ] && [ $# -gt 0 ] && [ "$*" != "--strict" ]; then
  echo "scripts/bench.sh: extra arguments other than --strict go to one benchmark: scripts/bench.sh flight -- $*" \
       "(or events, embedded)" >&2
  exit 2
fi

MVN="${MVN:-mvn -B -ntp}"
scripts/services.sh up
echo "[bench] building the jars" >&2
$MVN -q -pl flight-server,event-bridge,client,cli -am package -DskipTests
python="$(scripts/python-venv.sh)"
if ! "$python" -c 'import adbc_driver_postgresql' >/dev/null 2>&1; then
  echo "[bench] installing bench/requirements.txt (the ADBC PostgreSQL driver) into .venv" >&2
  "$python" -m pip install -q --disable-pip-version-check -r bench/requirements.txt
fi
mkdir -p bench-results

status=0
run_bench() {  # a missed target under --strict (exit 3) does not stop the other benchmark; any other failure does
  local rc=0
  "$python" "$@" || rc=$?
  if [ "$rc" -eq 3 ]; then status=3; elif [ "$rc" -ne 0 ]; then exit "$rc"; fi
}
if [ "$which_bench" = flight ] || [ "$which_bench" = all ]; then
  run_bench bench/flight_bench.py "$@"
fi
if [ "$which_bench" = events ] || [ "$which_bench" = all ]; then
  run_bench bench/events_bench.py "$@"
fi
if [ "$which_bench" = embedded ] || [ "$which_bench" = all ]; then
  # a measurement harness in flight-server's test classes (named *Measure: no test run picks it up)
  echo "[bench] embedded engines: H2 against DuckDB (bench-results/embedded.txt)" >&2
  $MVN -q -pl flight-server -am test-compile
  $MVN -q -pl flight-server dependency:build-classpath -Dmdep.outputFile="$root/bench-results/embedded-classpath.txt" \
    -Dmdep.includeScope=test
  if [ $# -gt 0 ] && [ "$*" != "--strict" ]; then measure_args=("$@"); else measure_args=(bench 100000 7); fi
  java --add-opens=java.base/java.nio=ALL-UNNAMED \
    -cp "flight-server/target/test-classes:flight-server/target/classes:$(cat bench-results/embedded-classpath.txt)" \
    dev.quiver.flight.source.EmbeddedEngineMeasure "${measure_args[@]}" | tee bench-results/embedded.txt
fi
exit "$status"
