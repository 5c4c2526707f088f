#!/bin/bash
# Measures `alembic-lens coverage` of one history with a third-party package installed in the
# project's virtualenv, as docs/coverage.md reports for neutron with neutron-lib. Usage:
#   test/corpus/measure-with-venv.sh CHECKOUT HISTORY_DIR PACKAGE_SOURCE OUT
#     CHECKOUT        the repository checkout (copied, never changed)
#     HISTORY_DIR     the script_location inside it (e.g. neutron/db/migration/alembic_migrations)
#     PACKAGE_SOURCE  the package folder to install (e.g. a neutron-lib checkout's neutron_lib)
#     OUT             receives the copy, the alembic.ini and coverage-with.txt / coverage-without.txt
# The copy gets a .git folder (the engine looks for the virtualenv at the repository root) and the
# package in .venv/lib/python3.11/site-packages (with a pyvenv.cfg); it is measured without the
# package, then with it, sharing one cache folder (the second run must notice the installation).
set -euo pipefail
checkout=$(cd "$1" && pwd); history=$2; package=$(cd "$3" && pwd); out=$4
here=$(cd "$(dirname "$0")/../.." && pwd)
cli=(node --import tsx "$here/server/src/cli.ts")
[ -f "$here/dist/cli.js" ] && [ "${USE_SOURCES:-}" != 1 ] && cli=(node "$here/dist/cli.js")
mkdir -p "$out"; copy="$out/$(basename "$checkout")"
rm -rf "$copy"; cp -r "$checkout" "$copy"; mkdir -p "$copy/.git"
printf '[alembic]\nscript_location = %s\nrecursive_version_locations = true\n' "$copy/$history" > "$out/alembic.ini"
export ALEMBIC_LENS_CACHE_DIR=$(mktemp -d)
trap 'rm -rf "$ALEMBIC_LENS_CACHE_DIR"' EXIT
"${cli[@]}" coverage "$out" > "$out/coverage-without.txt" || true
site="$copy/.venv/lib/python3.11/site-packages"; mkdir -p "$site"; cp -r "$package" "$site/"
# As a real virtualenv has one (the engine watches it to notice a virtualenv created later).
printf 'home = /usr/bin\n' > "$copy/.venv/pyvenv.cfg"
"${cli[@]}" coverage "$out" > "$out/coverage-with.txt" || true
echo "without: $(head -1 "$out/coverage-without.txt" | sed 's/^[^:]*: //')"
echo "with:    $(head -1 "$out/coverage-with.txt" | sed 's/^[^:]*: //')"
