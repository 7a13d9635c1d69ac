#!/usr/bin/env bash
# Prints the summary table of the resilience report (resilience-tests/target/resilience-report/report.md):
# everything before the first per-scenario section. Used by `make test` and `make resilience` after Maven.
set -euo pipefail
dir=${1:-resilience-tests/target/resilience-report}
report="$dir/report.md"
if [ ! -f "$report" ]; then
  echo "no resilience report at $report (no suite scenario ran)" >&2
  exit 0
fi
echo
awk '/^## /{exit} {print}' "$report"
echo "full report: $dir/report.html (charts), $dir/report.md, $dir/report.json"
