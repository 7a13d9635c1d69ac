#!/usr/bin/env bash
# Runs the Python client's tests (client/python) in the repository's virtualenv, .venv.
#   - prepares .venv with the client and its test extras (scripts/python-venv.sh: creates it, installs only
#     when client/python/pyproject.toml changed)
#   - locates the server jar the live tests start (QUIVER_SERVER_JAR, default
#     flight-server/target/quiver-flight-server.jar) and builds it with Maven when it is missing or older than the
#     main sources of flight-server and sinks (after `mvn verify` in `make test` it is fresh and nothing is built)
#   - runs `pytest client/python -q` (unit tests against a fake server, then the live ones against the jar);
#     extra arguments go to pytest, e.g. `scripts/python-tests.sh -m 'not live'`
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="$(scripts/python-venv.sh)"   # creates .venv and installs client/python[test] when needed

jar="${QUIVER_SERVER_JAR:-$root/flight-server/target/quiver-flight-server.jar}"
if [ -z "${QUIVER_URL:-}" ] && [ -z "${QUIVER_SERVER_JAR:-}" ]; then
  stale=""
  if [ -f "$jar" ]; then
    stale="$(find pom.xml flight-server/pom.xml flight-server/src/main sinks/pom.xml sinks/src/main -newer "$jar" -type f -print -quit)"
  fi
  if [ ! -f "$jar" ] || [ -n "$stale" ]; then
    command -v mvn >/dev/null || { echo "[python-tests] $jar is missing and mvn is not installed; run 'make toolchain'" >&2; exit 1; }
    echo "[python-tests] building $jar${stale:+ ($stale is newer)}" >&2
    mvn -B -ntp -q -pl flight-server -am package -DskipTests >&2
  fi
fi
export QUIVER_SERVER_JAR="$jar"

exec "$python" -m pytest client/python -q "$@"
