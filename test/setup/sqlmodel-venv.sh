#!/usr/bin/env bash
# Creates the virtual environment the SQLModel parity test (test/diff/sqlmodel.test.ts) runs as its
# oracle: the reference Alembic 1.20.0 with SQLModel 0.0.47. A venv of its own because SQLModel
# requires SQLAlchemy below 2.1 and the reference venv (alembic-venv.sh) has 2.1.
# usage: sqlmodel-venv.sh VENV_DIR. Reuses the folder when it already holds exactly those versions.
set -euo pipefail
source "$(dirname "$0")/pythonVenv.sh"
venv=$1
python_venv "$venv" 'import alembic, sqlmodel, sys; sys.exit(alembic.__version__ != "1.20.0" or sqlmodel.__version__ != "0.0.47")' alembic==1.20.0 sqlmodel==0.0.47
"$venv/bin/python" -c 'import alembic, sqlalchemy, sqlmodel; print("alembic", alembic.__version__, "sqlalchemy", sqlalchemy.__version__, "sqlmodel", sqlmodel.__version__)'
