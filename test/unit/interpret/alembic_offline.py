"""Runs migration sources through the real Alembic in offline PostgreSQL mode.

Reads a JSON list of {"name", "source"} from stdin and writes {name: {"sql": ...} | {"error": ...}}
to stdout. Each source is executed as a module; its upgrade() runs under Alembic's real
Operations bound to an offline ("as_sql") MigrationContext configured like the offline branch of
Alembic's generic env.py (postgresql:// URL, literal binds, "named" paramstyle). `alembic.context`
is replaced by a small stand-in for the calls migrations make on it (offline mode is true).
"""
import contextlib
import inspect
import io
import json
import sys

import alembic
from alembic.migration import MigrationContext
from alembic.operations import Operations


class OfflineEnvironment:
    def __init__(self, context, operations):
        self._context = context
        self._operations = operations

    def is_offline_mode(self):
        return True

    def get_context(self):
        return self._context

    def get_bind(self):
        return self._context.bind

    def execute(self, sql, execution_options=None):
        self._operations.execute(sql)


def run(source):
    buffer = io.StringIO()
    context = MigrationContext.configure(
        url="postgresql://",
        dialect_opts={"paramstyle": "named"},
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )
    operations = Operations(context)
    original_context = getattr(alembic, "context", None)
    alembic.context = OfflineEnvironment(context, operations)
    try:
        # print() in a migration must not corrupt the JSON written to stdout.
        with Operations.context(context), contextlib.redirect_stdout(io.StringIO()):
            namespace = {"__name__": "migration"}
            exec(compile(source, "<migration>", "exec"), namespace)
            upgrade = namespace["upgrade"]
            if inspect.signature(upgrade).parameters:
                raise TypeError("upgrade() takes environment arguments")
            upgrade()
    except BaseException as error:  # noqa: BLE001 - every failure is a fact to report
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        alembic.context = original_context
    return {"sql": buffer.getvalue()}


def main():
    cases = json.load(sys.stdin)
    json.dump({case["name"]: run(case["source"]) for case in cases}, sys.stdout)


if __name__ == "__main__":
    main()
