#!/usr/bin/env bash
# Prepares the repository's Python virtualenv (.venv) with the Quiver Python client and its test extras, and
# chdb-core (the embedded current ClickHouse that the Java tests run the DateTime64 layout's SQL on, through
# dev.quiver.testsupport.ChdbSession), and prints the path of its python. Used by `make test` (before mvn verify),
# scripts/python-tests.sh and scripts/bench.sh.
#   - creates .venv with `python3 -m venv` when missing (installs python3 and python3-venv from Debian first
#     when they are missing: Debian's python3 ships without venv/ensurepip)
#   - installs `client/python[test]` and test-support/src/main/python/requirements.txt only when one of them
#     changed since the last install (stamp: .venv/.quiver-client-python.stamp)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
pyproject="client/python/pyproject.toml"
requirements="test-support/src/main/python/requirements.txt"
stamp="$venv/.quiver-client-python.stamp"

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "[python-venv] installing $* from Debian" >&2
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
  echo "[python-venv] created $venv" >&2
fi

# the stamp names what was installed: the pyproject's and the requirements' content and the venv's Python
want="$(cat "$pyproject" "$requirements" | sha256sum | cut -d' ' -f1) $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "[python-venv] installing client/python[test] and $requirements into .venv" >&2
  log="$venv/pip-install.log"
  if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e 'client/python[test]' -r "$requirements" >"$log" 2>&1; then
    cat "$log" >&2
    echo "[python-venv] pip install failed (log: $log)" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi

echo "$venv/bin/python"
