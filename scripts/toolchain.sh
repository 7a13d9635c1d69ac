#!/usr/bin/env bash
# Makes sure the build toolchain is here: JDK 17+ and Maven. Installs from Debian if missing.
set -euo pipefail
need=()
if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
  need+=(openjdk-17-jdk-headless)
else
  major=$(javac -version 2>&1 | awk '{print $2}' | cut -d. -f1)
  [ "${major:-0}" -ge 17 ] || need+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[toolchain] installing ${need[*]}" >&2
sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
sudo_ apt-get update -qq
sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
