#!/usr/bin/env bash
# `npm test`: every tier. Type-check, bundle, then one Node test run over unit, protocol,
# grammar, differential (real Alembic) and db (real PostgreSQL) tests, then the end-to-end
# suite inside a real VS Code. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export ALEMBIC_PYTHON="${ALEMBIC_PYTHON:-$HOME/.cache/alembic-lens/venv/bin/python}"
shopt -s globstar nullglob
status=0

echo "== typecheck =="
npx tsc --noEmit -p tsconfig.json || status=1
echo "== build =="
node esbuild.mjs || { echo "build failed"; exit 1; }

echo "== node tests (unit, protocol, grammar, diff, db) =="
files=(test/unit/**/*.test.ts test/protocol/**/*.test.ts test/grammar/**/*.test.ts test/diff/**/*.test.ts test/db/**/*.test.ts)
tap=$(mktemp)
node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}" || status=1
node_pass=$(grep -E '^# pass ' "$tap" | awk '{print $3}'); node_fail=$(grep -E '^# fail ' "$tap" | awk '{print $3}')
node_pass=${node_pass:-0}; node_fail=${node_fail:-1}

e2e_pass=0; e2e_fail=0
if [ "${ALEMBIC_LENS_SKIP_E2E:-}" = "1" ]; then
  echo "!! END-TO-END TIER NOT RUN (ALEMBIC_LENS_SKIP_E2E=1): the VS Code tests did not run; counted as 1 failure !!"
  e2e_fail=1; status=1
else
  echo "== end-to-end (real VS Code) =="
  e2e_out=$(mktemp)
  { bash test/e2e/setup.sh && node test/e2e/run.mjs; } 2>&1 | tee "$e2e_out"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$e2e_out" | tail -n 1)
  if [ -n "$line" ]; then
    e2e_pass=$(echo "$line" | awk '{print $1}'); e2e_fail=$(echo "$line" | awk '{print $3}')
  else
    e2e_fail=1; status=1
  fi
fi

total_pass=$((node_pass + e2e_pass)); total_fail=$((node_fail + e2e_fail))
[ "$total_fail" -eq 0 ] || status=1
echo
echo "node tests: $node_pass passed, $node_fail failed; end-to-end: $e2e_pass passed, $e2e_fail failed"
echo "$total_pass passed, $total_fail failed"
exit $status
