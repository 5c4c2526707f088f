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
# pip reads its index settings from the user's configuration in $HOME. With HOME pointed at an empty
# folder (a fresh-machine check), fall back to the account's own configuration, where this kind of
# machine keeps the local package index; nothing else from the real home is used.
account_home=$(getent passwd "$(id -u)" | cut -d: -f6)
if [ -z "${PIP_CONFIG_FILE:-}" ] && [ ! -f "$HOME/.config/pip/pip.conf" ] && [ ! -f "$HOME/.pip/pip.conf" ]; then
  for candidate in "$account_home/.config/pip/pip.conf" "$account_home/.pip/pip.conf"; do
    if [ -f "$candidate" ]; then
      export PIP_CONFIG_FILE="$candidate"
      echo "HOME has no pip configuration; using $candidate"
      break
    fi
  done
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --retries 1 --timeout 30 alembic==1.20.0 psycopg2-binary
"$venv/bin/python" -c "$check"
"$venv/bin/python" -c 'import alembic, sqlalchemy; print("alembic", alembic.__version__, "sqlalchemy", sqlalchemy.__version__)'
