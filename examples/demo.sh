#!/usr/bin/env bash
# The tour after cloning (`npm run demo`): builds the CLI if needed, then runs it on the
# example project in examples/shop. Every step prints a heading; a step that fails (check finds
# the planted mistakes and exits 1 on purpose) does not stop the tour.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shop="$repo/examples/shop"
# ALEMBIC_LENS_CLI points the tour at another bundle (then nothing is built).
cli="${ALEMBIC_LENS_CLI:-$repo/dist/cli.js}"

heading() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
run() {
  printf '\033[2m$ alembic-lens %s\033[0m\n' "$*"
  (cd "$shop" && node "$cli" "$@")
  local code=$?
  [ "$code" -eq 0 ] || printf '\033[2m(exit code %s)\033[0m\n' "$code"
  return 0
}

if [ -z "${ALEMBIC_LENS_CLI:-}" ] && { [ ! -f "$cli" ] || [ -n "$(find "$repo/server/src" -newer "$cli" -name '*.ts' -print -quit)" ]; }; then
  heading "build (node esbuild.mjs)"
  (cd "$repo" && node esbuild.mjs) || { echo "build failed" >&2; exit 1; }
fi

heading "check: every problem in every environment under examples/shop (mistakes planted on purpose)"
run check .

heading "heads -v: the main environment's heads"
run heads -v

heading "history"
run history

heading "branches"
run branches

heading "upgrade heads --sql: the offline SQL, without a database"
run upgrade heads --sql

# The embedded PostgreSQL (PGlite): no server to install or configure. The folder is made anew on
# every tour so each run starts from an empty database.
sandbox="$repo/.cache/demo-sandbox"
rm -rf "$sandbox"
heading "upgrade heads on the embedded database (--sandbox $sandbox)"
run upgrade heads --sandbox "$sandbox"

heading "current: what the embedded database now has"
run current --sandbox "$sandbox"

heading "downgrade to the first merge (the last merge is undone: two heads applied), then current again"
run downgrade e6b3f1a0c954 --sandbox "$sandbox"
run current --sandbox "$sandbox"

heading "the mistake the real PostgreSQL catches: downgrade to base runs DROP INDEX CONCURRENTLY inside a transaction"
run downgrade base --sandbox "$sandbox"
run current --sandbox "$sandbox"

heading "the analytics environment: the real Alembic stops here with a KeyError"
run -c analytics/alembic.ini heads
echo
