/**
 * Migrations lezer's Python grammar accepts and CPython refuses to compile: Alembic's import fails
 * with a SyntaxError and every command over the folder fails. Lens printed the SQL of the first
 * (`op.add_column("t", column=..., "x")`: a positional argument after a keyword) and of the others;
 * it must refuse each with CPython's message and line instead, with --allow-opaque too (it printed
 * the script around the file there, exit 0). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

function migration(upgradeBody: string, moduleTail = ''): string {
  return `"""refused by Python's compiler

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None
${moduleTail}

def upgrade():
${upgradeBody}


def downgrade():
    op.drop_column("t", "c")
`;
}

// Each: the migration, the line CPython names (1-based) and its message.
const CASES: { name: string; text: string; line: number; message: string; kind?: string }[] = [
  { name: 'positional after keyword', text: migration('    op.add_column("t", column=sa.Column("c", sa.Integer()), "x")'), line: 14, message: 'positional argument follows keyword argument' },
  { name: 'keyword repeated', text: migration('    op.add_column("t", sa.Column("c", sa.Integer(), nullable=True, nullable=False))'), line: 14, message: 'keyword argument repeated: nullable' },
  { name: 'duplicate parameter', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))\n\n\ndef helper(name, name):\n    pass'), line: 17, message: "duplicate argument 'name' in function definition" },
  { name: 'return at module level', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))', 'if revision is None:\n    return\n'), line: 12, message: "'return' outside function" },
  { name: 'assignment to a call', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))\n    op.f("ix") = 1'), line: 15, message: "cannot assign to function call here. Maybe you meant '==' instead of '='?" },
  { name: 'Python 2 octal literal', text: migration('    op.add_column("t", sa.Column("c", sa.Integer(), server_default=sa.text(str(0777))))'), line: 14, message: 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers' },
  { name: 'Python 2 raise', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))\n    if False:\n        raise ValueError, "no"'), line: 16, message: 'invalid syntax' },
  { name: 'annotated tuple', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))', 'name, kind: str = "t", "x"\n'), line: 11, message: 'only single target (not tuple) can be annotated' },
  { name: 'global after assignment', text: migration('    table = "t"\n    global table\n    op.add_column(table, sa.Column("c", sa.Integer()))'), line: 15, message: "name 'table' is assigned to before global declaration" },
  { name: 'nonlocal without binding', text: migration('    def helper():\n        nonlocal table\n    op.add_column("t", sa.Column("c", sa.Integer()))'), line: 15, message: "no binding for nonlocal 'table' found" },
  { name: '__debug__ as a keyword', text: migration('    op.add_column("t", sa.Column("c", sa.Integer(), __debug__=True))'), line: 14, message: 'cannot assign to __debug__' },
  { name: 'unreachable case', text: migration('    match revision:\n        case rev:\n            pass\n        case "a1":\n            pass\n    op.add_column("t", sa.Column("c", sa.Integer()))'), line: 15, message: "name capture 'rev' makes remaining patterns unreachable" },
  { name: 'lambda as an f-string field', text: migration('    op.execute(f"SELECT {lambda: 1}")'), line: 14, message: 'f-string: invalid syntax' },
  { name: '/ twice in a def', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))\n\n\ndef helper(name, /, /):\n    pass'), line: 17, message: '/ may appear only once' },
  { name: 'unexpected indent', text: migration('    op.add_column("t", sa.Column("c", sa.Integer()))\n        op.add_column("t", sa.Column("d", sa.Integer()))'), line: 15, message: 'unexpected indent', kind: 'IndentationError' },
  { name: 'unindent to no outer level', text: migration('        op.add_column("t", sa.Column("c", sa.Integer()))\n    op.add_column("t", sa.Column("d", sa.Integer()))'), line: 15, message: 'unindent does not match any outer indentation level', kind: 'IndentationError' },
  // A bracket left open: CPython names it, not the lines read inside it (the user's case first).
  { name: "'(' never closed", text: migration('    op.add_column("t", sa.Column("c", sa.Integer(), nullable=True)\n    op.create_index("ix_t_c", "t", ["c"])'), line: 14, message: "'(' was never closed" },
  { name: "'[' never closed", text: migration('    op.create_index("ix_t_c", "t", ["c",\n    op.drop_column("t", "d")'), line: 14, message: "'[' was never closed" },
  { name: "'{' never closed", text: migration('    op.bulk_insert(sa.table("t", sa.column("c")), [{"c": 1\n    op.drop_column("t", "d")'), line: 14, message: "'{' was never closed" },
  // lezer reads a try with no handler; Alembic cannot import the migration (Lens printed its SQL).
  // Python 3.11's except* beside a plain except (Lens printed the migration's SQL).
  { name: 'except* after except', text: migration('    try:\n        op.add_column("t", sa.Column("c", sa.Integer()))\n    except ValueError:\n        pass\n    except* KeyError:\n        pass'), line: 18, message: "cannot have both 'except' and 'except*' on the same 'try'" },
  { name: 'except after except*', text: migration('    try:\n        op.add_column("t", sa.Column("c", sa.Integer()))\n    except* ValueError:\n        pass\n    except KeyError:\n        pass'), line: 18, message: "cannot have both 'except' and 'except*' on the same 'try'" },
  { name: 'try without except or finally', text: migration('    try:\n        op.add_column("t", sa.Column("c", sa.Integer()))\n    op.create_index("ix_t_c", "t", ["c"])'), line: 16, message: "expected 'except' or 'finally' block" },
];

for (const { name, text, line, message, kind = 'SyntaxError' } of CASES) {
  test(`a migration CPython cannot compile (${name}) fails --sql as Alembic fails it`, async () => {
    const dir = temporaryFolder('compile-time-syntax-');
    writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
    writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
    writeFile(path.join(dir, 'migrations', 'versions', 'a1_refused.py'), text);
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.ok(alembic.stderr.includes(kind), alembic.stderr);
    assert.ok(alembic.stderr.includes(message), alembic.stderr);
    assert.ok(alembic.stderr.includes(`a1_refused.py", line ${line}`), alembic.stderr);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, lens.stdout);
    assert.ok(lens.stderr.includes(`a1_refused.py:${line}:`) && lens.stderr.includes(`${kind}: ${message}`), lens.stderr);
    assert.doesNotMatch(lens.stdout, /ALTER TABLE/);
    // --allow-opaque comments out only what the engine cannot follow: Alembic fails here, so no script.
    const allowed = await runLens(dir, ['upgrade', 'head', '--sql', '--allow-opaque']);
    assert.equal(allowed.code, 1, allowed.stdout);
    assert.equal(allowed.stdout, '');
    assert.match(allowed.stderr, /Alembic fails here too/);
  });
}
