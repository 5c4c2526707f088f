#!/usr/bin/env bash
# Creates the virtual environment with the reference Alembic (1.20.0) and psycopg2 that the
# differential and db tiers run as their oracle, with greenlet and asyncpg: the env.py of
# Alembic's `async` and `pyproject_async` templates imports sqlalchemy.ext.asyncio, which needs
# greenlet even under --sql, and runs online through asyncpg. usage: alembic-venv.sh VENV_DIR
# Reuses the folder when it already holds exactly that Alembic.
set -euo pipefail
source "$(dirname "$0")/pythonVenv.sh"
venv=$1
python_venv "$venv" 'import alembic, asyncpg, greenlet, psycopg2, sqlalchemy, sys; sys.exit(alembic.__version__ != "1.20.0")' alembic==1.20.0 psycopg2-binary greenlet asyncpg
"$venv/bin/python" -c 'import alembic, sqlalchemy; print("alembic", alembic.__version__, "sqlalchemy", sqlalchemy.__version__)'
