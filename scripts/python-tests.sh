#!/usr/bin/env bash
# Runs the Python client's tests (client/python) in the repository's virtualenv, .venv.
#   - creates .venv with `python3 -m venv` when missing (installs python3 and python3-venv from Debian first
#     when they are missing: Debian's python3 ships without venv/ensurepip)
#   - installs the client with its test extras (`pip install -e 'client/python[test]'`) only when
#     client/python/pyproject.toml changed since the last install (stamp: .venv/.quiver-client-python.stamp)
#   - locates the server jar the live tests start (QUIVER_SERVER_JAR, default
#     flight-server/target/quiver-flight-server.jar) and builds it with Maven when it is missing or older than the
#     main sources of flight-server and sinks (after `mvn verify` in `make test` it is fresh and nothing is built)
#   - runs `pytest client/python -q` (unit tests against a fake server, then the live ones against the jar);
#     extra arguments go to pytest, e.g. `scripts/python-tests.sh -m 'not live'`
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
pyproject="client/python/pyproject.toml"
stamp="$venv/.quiver-client-python.stamp"

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "[python-tests] installing $* from Debian" >&2
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v python3 >/dev/null || apt_install python3

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"   # a failed attempt leaves a venv without pip behind
    apt_install python3-venv
    python3 -m venv "$venv"
  fi
  echo "[python-tests] created $venv" >&2
fi

# the stamp names what was installed: the pyproject's content and the venv's Python
want="$(sha256sum "$pyproject" | cut -d' ' -f1) $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "[python-tests] installing client/python[test] into .venv" >&2
  log="$venv/pip-install.log"
  if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e 'client/python[test]' >"$log" 2>&1; then
    cat "$log" >&2
    echo "[python-tests] pip install failed (log: $log)" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi

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

exec "$venv/bin/python" -m pytest client/python -q "$@"
