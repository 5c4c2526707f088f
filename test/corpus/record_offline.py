"""Records what the real Alembic prints offline for the corpus cases (test/fixtures/corpus).

Reads a JSON list of {"name", "root", "file", "source", "function"} from stdin and writes
{name: {"sql": ...} | {"error": ...}} to stdout. `root` is the case's repository folder, put first
on sys.path so the migration's application imports find the stubs written there (the stubs stand
in for the application; they are not its code). The migration runs under Alembic's real
Operations on an offline ("as_sql") PostgreSQL MigrationContext with literal binds, as the offline
branch of Alembic's generic env.py sets it up; `alembic.context` answers is_offline_mode() with
True. A function that takes arguments (`upgrade(op, tables, tester)`, as Quay's env.py calls it)
gets Alembic's `op` and, for the rest, what the folder's env.py passes to run_migrations() (stand-ins
when it passes none). A repository folder with an alembic.ini gives the
migrations its Config (`op.get_context().config.get_main_option(...)`); one with an env.py gives
them the target_metadata that env.py passes to configure() (env.py runs with a stand-in context that
only keeps configure()'s options), so names come from its naming convention as in a real run.
"""
import contextlib
import inspect
import io
import json
import os
import re
import sys

import alembic
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.runtime.environment import EnvironmentContext
from alembic.operations import Operations


class OfflineContext:
    """The few `alembic.context` calls migrations make, answered as offline mode would."""

    def __init__(self, migration_context, operations):
        self.migration_context = migration_context
        self.operations = operations
        self.config = None

    def is_offline_mode(self):
        return True

    def get_context(self):
        return self.migration_context

    def get_bind(self):
        return self.migration_context.bind

    def execute(self, sql, execution_options=None):
        self.operations.execute(sql)


class EnvironmentArgument:
    """What a custom env.py passes besides `op` (Quay: tables, tester); any use of it fails."""

    def __init__(self, name):
        self.name = name

    def __getattr__(self, attribute):
        raise RuntimeError(f"the corpus recorder has no {self.name}.{attribute}")


def environment_arguments(function, passed):
    """`upgrade(op, tables, tester)`: op is Alembic's proxy, the others what the folder's env.py
    passes to run_migrations() (its real objects), else the parameter's default, as Python gives
    it when Alembic calls the function without it (zuul's `upgrade(table_prefix='')`), else
    stand-ins."""
    arguments = []
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "op":
            arguments.append(alembic.op)
        elif name in passed:
            arguments.append(passed[name])
        elif parameter.default is not inspect.Parameter.empty:
            arguments.append(parameter.default)
        else:
            arguments.append(EnvironmentArgument(name))
    return arguments


def environment_of(root):
    """The repository folder's alembic.ini, when it has one: `op.get_context().config` reads it."""
    ini = os.path.join(root, "alembic.ini")
    if not os.path.exists(ini):
        return None
    return EnvironmentContext(Config(ini), None)


class EnvironmentReader:
    """Stands in for `alembic.context` while a case folder's env.py runs: keeps what it passes to
    configure() (its target_metadata, whose naming_convention Alembic's operations copy)."""

    def __init__(self):
        self.options = {}
        self.arguments = {}

    def configure(self, **options):
        self.options.update(options)

    def is_offline_mode(self):
        return True

    def begin_transaction(self):
        return contextlib.nullcontext()

    def run_migrations(self, **kw):
        self.arguments.update(kw)


def environment_py_of(root):
    """What the folder's env.py (if any) gives configure() (its target_metadata, as Alembic would
    get it) and run_migrations() (the arguments upgrade() receives besides op)."""
    env = os.path.join(root, "env.py")
    if not os.path.exists(env):
        return None, {}
    reader = EnvironmentReader()
    alembic.context = reader
    with open(env, encoding="utf-8") as handle:
        exec(compile(handle.read(), env, "exec"), {"__name__": "env_py"})
    return reader.options.get("target_metadata"), reader.arguments


def forget_modules_under(root):
    """Stubs of one repository must not answer the imports of the next one."""
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(root + os.sep):
            del sys.modules[name]


def record(case):
    out = io.StringIO()
    saved_context = getattr(alembic, "context", None)
    sys.path.insert(0, case["root"])
    try:
        opts = {"as_sql": True, "output_buffer": out, "literal_binds": True}
        target_metadata, passed = environment_py_of(case["root"])
        if target_metadata is not None:
            opts["target_metadata"] = target_metadata
        migration_context = MigrationContext.configure(
            url="postgresql://",
            dialect_opts={"paramstyle": "named"},
            opts=opts,
            environment_context=environment_of(case["root"]),
        )
        operations = Operations(migration_context)
        alembic.context = OfflineContext(migration_context, operations)
        with Operations.context(migration_context), contextlib.redirect_stdout(io.StringIO()):
            # Alembic names a migration module after its file name, non-word characters as "_".
            # Alembic loads the file from its path, so `__file__` is set (Mycodo reads it).
            namespace = {"__name__": re.sub(r"\W", "_", os.path.basename(case["file"])), "__file__": case["file"]}
            exec(compile(case["source"], case["name"], "exec"), namespace)
            function = namespace[case["function"]]
            function(*environment_arguments(function, passed))
    except BaseException as error:  # noqa: BLE001 - a refusal is a recorded fact too
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        alembic.context = saved_context
        sys.path.remove(case["root"])
        forget_modules_under(case["root"])
    return {"sql": out.getvalue()}


def main():
    cases = json.load(sys.stdin)
    json.dump({case["name"]: record(case) for case in cases}, sys.stdout)


if __name__ == "__main__":
    main()
