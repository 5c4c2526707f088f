#!/usr/bin/env bash
# Creates the virtual environment with the reference Alembic (1.20.0) and psycopg2 that the
# differential and db tiers run as their oracle. usage: alembic-venv.sh VENV_DIR
# Reuses the folder when it already holds exactly that Alembic.
set -euo pipefail
venv=$1
check='import alembic, psycopg2, sqlalchemy, sys; sys.exit(alembic.__version__ != "1.20.0")'
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
  echo "reusing $venv"
  exit 0
fi
source "$(dirname "$0")/pipConfig.sh"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --retries 1 --timeout 30 alembic==1.20.0 psycopg2-binary
"$venv/bin/python" -c "$check"
"$venv/bin/python" -c 'import alembic, sqlalchemy; print("alembic", alembic.__version__, "sqlalchemy", sqlalchemy.__version__)'
