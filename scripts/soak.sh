#!/usr/bin/env bash
# Run the test suite (or a part of it) N times in a row on a clean clone of this repository and
# stop at the first failure: the soak test for flaky timing (stop latency, fault tests).
#
#   scripts/soak.sh 20                                # 20 full `make test` runs
#   scripts/soak.sh 20 tests/e2e/test_faults.py       # 20 runs of the fault tests only
#
# The clone is made once (its first `make test` sets it up: venv, wheels, colcon build); each run's
# log is kept in the clone's soak-logs/. Prints one line per run and a summary.
set -euo pipefail
runs="${1:?usage: scripts/soak.sh RUNS [PYTEST ARGS...]}"
shift
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/lam-soak.XXXXXX")"
git clone --quiet "$repo" "$work/lam"
cd "$work/lam"
mkdir -p soak-logs
passed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if [ "$#" -eq 0 ]; then
    cmd=(make test)
  else
    make setup >/dev/null
    cmd=(bash -c 'source .venv/bin/activate && python -m pytest "$@"' pytest "$@")
  fi
  if "${cmd[@]}" >"soak-logs/run-$i.log" 2>&1; then
    passed=$((passed + 1))
    echo "run $i/$runs passed in $(( $(date +%s) - start )) s"
  else
    echo "run $i/$runs FAILED in $(( $(date +%s) - start )) s: $work/lam/soak-logs/run-$i.log"
    grep -E "^(FAILED|ERROR)" "soak-logs/run-$i.log" || true
    echo "soak: $passed of $runs passed before the first failure"
    exit 1
  fi
done
echo "soak: $passed of $runs passed ($work/lam)"
