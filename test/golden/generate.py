"""Regenerates test/fixtures/golden/cases.json from the real Alembic.

Run from the repository root:
    "${ALEMBIC_PYTHON:-/root/.cache/alembic-lens/venv/bin/python}" test/golden/generate.py [--out PATH]

Each case's snippet is executed through Alembic's real `Operations`, bound to a
MigrationContext in offline ("as_sql") PostgreSQL mode that writes into a buffer: no database
is involved. What Alembic prints is stored verbatim as `expected` (statements end with ";\n\n").
The context is configured as the offline branch of Alembic's generic `env.py` template
configures it (`literal_binds=True`, `paramstyle="named"`, a `postgresql://` URL).
A case that Alembic refuses stores its error in `error` instead. Each case also records what
Alembic's own `reverse()` of the recorded operation renders as (`reverseExpected`) or the
error it raises (`reverseError`).
"""
import io
import json
import os
import re
import sys

import alembic
import sqlalchemy
from alembic.migration import MigrationContext
from alembic.operations import Operations

sys.dont_write_bytecode = True  # no __pycache__ inside the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES  # noqa: E402

PRELUDE = "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n"
REGENERATE = '"${ALEMBIC_PYTHON:-/root/.cache/alembic-lens/venv/bin/python}" test/golden/generate.py'
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "golden", "cases.json")


def describe(error: Exception) -> str:
    # Object addresses in messages differ from run to run; keep the fixture stable.
    return re.sub(r"0x[0-9a-f]+", "0x...", f"{type(error).__name__}: {error}")


def offline_context(buffer: io.StringIO, paramstyle: str = "named") -> MigrationContext:
    # The same configuration as the offline branch of Alembic's generic env.py template:
    # literal binds and the "named" paramstyle (so "%" is not doubled). Cases may ask for
    # psycopg2's "pyformat" instead, which an env.py without dialect_opts gets.
    return MigrationContext.configure(
        url="postgresql://",
        dialect_opts={"paramstyle": paramstyle},
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )


def reverse_of(operations: list, paramstyle: str) -> dict:
    """What Alembic's own `reverse()` of the case's operations renders as (or why it cannot)."""
    buffer = io.StringIO()
    try:
        reversed_ops = [operation.reverse() for operation in reversed(operations)]
        target = Operations(offline_context(buffer, paramstyle))
        for operation in reversed_ops:
            target.invoke(operation)
    except Exception as error:
        return {"reverseError": describe(error)}
    return {"reverseExpected": buffer.getvalue()}


def run_case(python: str, options: dict) -> dict:
    buffer = io.StringIO()
    paramstyle = options.get("paramstyle", "named")
    context = offline_context(buffer, paramstyle)
    recorded: list = []
    original_invoke = Operations.invoke

    def recording_invoke(self, operation):
        recorded.append(operation)
        return original_invoke(self, operation)

    Operations.invoke = recording_invoke
    try:
        with Operations.context(context):
            exec(compile(PRELUDE + python, "<case>", "exec"), {})
    except Exception as error:  # a refused case is a fact worth recording too
        return {"error": describe(error)}
    finally:
        Operations.invoke = original_invoke
    return {"expected": buffer.getvalue(), **reverse_of(recorded, paramstyle)}


def main() -> None:
    names = set()
    cases = []
    for name, python, *rest in CASES:
        options = rest[0] if rest else {}
        if name in names:
            raise SystemExit(f"duplicate case name {name}")
        names.add(name)
        entry = {"name": name, "python": python}
        if options:
            entry["options"] = options
        cases.append({**entry, **run_case(python, options)})
    document = {
        "regenerate": REGENERATE,
        "alembic": alembic.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "prelude": PRELUDE,
        "cases": cases,
    }
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else OUT
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
