#!/usr/bin/env bash
# `npm test`: sets up everything the tiers need on a fresh machine, then runs every tier.
#   1. set-up, each step logged to .cache/logs/<step>.log and stopping the run with its name and
#      the end of its log if it fails: Debian packages, the reference Alembic venv, the VS Code
#      server for the end-to-end tier, a throwaway PostgreSQL server (stopped at exit);
#   2. type-check and bundle;
#   3. one Node test run over unit, protocol, grammar, differential (real Alembic) and db (real
#      PostgreSQL) tests;
#   4. the end-to-end suite inside a real VS Code.
# Ends with one line: "N passed, N failed" (a type-check or build failure counts as a failure).
# Caches live in <clone>/.cache (ALEMBIC_LENS_CACHE_ROOT to move them), so a fresh clone installs
# from nothing. ALEMBIC_PYTHON points at another interpreter with alembic 1.20 to use it instead,
# SQLMODEL_PYTHON at one with alembic 1.20 and sqlmodel 0.0.47.
set -uo pipefail
cd "$(dirname "$0")/.."
source test/setup/common.sh
shopt -s globstar nullglob
run_started=$SECONDS
status=0

# What the product itself caches (compiled migrations, the embedded database's template) goes into
# the clone too, never into ~/.cache, so every test run starts from the state a new user has.
export XDG_CACHE_HOME="$cache_root/xdg"
mkdir -p "$XDG_CACHE_HOME"
echo "== set-up (caches in $cache_root) =="
setup_step system-packages bash test/setup/system-packages.sh
if [ -z "${ALEMBIC_PYTHON:-}" ]; then
  setup_step alembic-venv bash test/setup/alembic-venv.sh "$cache_root/venv"
  export ALEMBIC_PYTHON="$cache_root/venv/bin/python"
fi
if [ -z "${SQLMODEL_PYTHON:-}" ]; then
  setup_step sqlmodel-venv bash test/setup/sqlmodel-venv.sh "$cache_root/venv-sqlmodel"
  export SQLMODEL_PYTHON="$cache_root/venv-sqlmodel/bin/python"
fi
export ALEMBIC_LENS_E2E_CACHE="${ALEMBIC_LENS_E2E_CACHE:-$cache_root/e2e}"
setup_step vscode-server bash test/e2e/setup.sh
setup_step squawk bash test/setup/squawk.sh "$cache_root/squawk"
export ALEMBIC_LENS_SQUAWK="${ALEMBIC_LENS_SQUAWK:-$cache_root/squawk/node_modules/.bin/squawk}"
# A throwaway server for the db tier; the trap in start-postgres.sh stops it when this script ends.
echo "[setup] postgresql ..."
source test/db/start-postgres.sh || { echo "!! set-up step 'postgresql' failed; the tests did not run."; exit 1; }
echo "[setup] all done after $((SECONDS - run_started)) s"

failures_outside_tests=0
echo "== typecheck =="
# The graph webview's script is checked on its own: it runs in a browser (DOM types, no Node).
for project in tsconfig.json media/graph/tsconfig.json; do
  if ! npx tsc --noEmit -p "$project"; then
    echo "!! type-check of $project failed: counted as 1 failure"
    failures_outside_tests=$((failures_outside_tests + 1)); status=1
  fi
done
echo "== build =="
node esbuild.mjs || { echo "!! build failed: no test can run"; echo "0 passed, 1 failed"; exit 1; }

echo "== node tests (unit, setup, protocol, grammar, diff, db) =="
files=(test/unit/**/*.test.ts test/setup/**/*.test.ts test/protocol/**/*.test.ts test/grammar/**/*.test.ts test/diff/**/*.test.ts test/db/**/*.test.ts)
tap=$(mktemp)
node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}" || status=1
node_pass=$(grep -E '^# pass ' "$tap" | awk '{print $3}'); node_fail=$(grep -E '^# fail ' "$tap" | awk '{print $3}')
node_skip=$(grep -E '^# (skipped|todo) ' "$tap" | awk '{s+=$3} END {print s+0}')
node_pass=${node_pass:-0}; node_fail=${node_fail:-1}
if [ "$node_skip" -gt 0 ]; then
  echo "!! $node_skip node tests were skipped or todo: a skipped test does not pass; counted as failures"
  node_fail=$((node_fail + node_skip)); status=1
fi

e2e_pass=0; e2e_fail=0
echo "== end-to-end (real VS Code) =="
e2e_out=$(mktemp)
node test/e2e/run.mjs 2>&1 | tee "$e2e_out"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$e2e_out" | tail -n 1)
if [ -n "$line" ]; then
  e2e_pass=$(echo "$line" | awk '{print $1}'); e2e_fail=$(echo "$line" | awk '{print $3}')
else
  echo "!! the end-to-end run printed no summary: counted as 1 failure"
  e2e_fail=1; status=1
fi

total_pass=$((node_pass + e2e_pass)); total_fail=$((node_fail + e2e_fail + failures_outside_tests))
[ "$total_fail" -eq 0 ] || status=1
echo
echo "node tests: $node_pass passed, $node_fail failed; end-to-end: $e2e_pass passed, $e2e_fail failed; type-check: $([ $failures_outside_tests -eq 0 ] && echo ok || echo failed)"
echo "whole run: $((SECONDS - run_started)) s"
echo "$total_pass passed, $total_fail failed"
exit $status
