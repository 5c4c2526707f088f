/**
 * A `try` around SQL run in autocommit_block() (live behaviour in test/db/online-autocommit-try.test.ts):
 * which handlers make it opaque online, that `--sql` keeps the followed steps, and that a try in
 * a project helper called inside the block counts too (the helper runs in its module's own state).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { workspaceWith } from '../../support/workspaceFolder';

const HELPERS = `from alembic import op
from sqlalchemy.exc import ProgrammingError


def add_label(value):
    try:
        op.execute("ALTER TYPE mood ADD VALUE '%s'" % value)
    except ProgrammingError:
        pass
`;

const root = workspaceWith('lens-autocommit-try-', {
  'myapp/__init__.py': '',
  'myapp/enum_helpers.py': HELPERS,
  'migrations/versions/a1_first.py': '',
});
const file = path.join(root, 'migrations', 'versions', 'a1_first.py');

function migration(body: string): string {
  return `from alembic import op
import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.exc import ProgrammingError, TimeoutError
from myapp.enum_helpers import add_label


def upgrade():
${body
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
`;
}

/** The statements each mode runs, flattened: `opaque` for a refused step. */
function sides(steps: readonly Step[]): { offline: string[]; online: string[] } {
  const walk = (list: readonly Step[], mode: 'offline' | 'online'): string[] =>
    list.flatMap((step) => {
      if (step.kind === 'operation') return [step.operation.kind];
      if (step.kind === 'autocommit') return walk(step.steps, mode);
      if (step.kind === 'modeBranch') return walk(step[mode], mode);
      if (step.kind === 'opaque') return ['opaque'];
      return [];
    });
  return { offline: walk(steps, 'offline'), online: walk(steps, 'online') };
}

function blockWith(handler: string): string {
  return `with op.get_context().autocommit_block():\n    try:\n        op.execute("ALTER TYPE mood ADD VALUE 'x'")\n    except ${handler}:\n        pass\nop.add_column("t", sa.Column("x", sa.Integer))`;
}

test('handlers that may catch the failed statement make the try opaque online, and --sql still prints it', () => {
  for (const handler of ['ProgrammingError', 'Exception', 'exc.DBAPIError', 'TimeoutError', '(ValueError, ProgrammingError)', 'exc.TimeoutError']) {
    const steps = interpretMigration(file, migration(blockWith(handler))).upgrade!.steps;
    assert.deepEqual(sides(steps), { offline: ['execute', 'addColumn'], online: ['opaque', 'addColumn'] }, handler);
  }
  const bare = interpretMigration(file, migration(blockWith('').replace('except :', 'except:'))).upgrade!.steps;
  assert.deepEqual(sides(bare).online, ['opaque', 'addColumn']);
});

test('built-in exceptions other than Exception cannot catch it: followed in both modes', () => {
  for (const handler of ['ValueError', '(KeyError, ValueError)', 'ZeroDivisionError']) {
    const steps = interpretMigration(file, migration(blockWith(handler))).upgrade!.steps;
    assert.deepEqual(sides(steps), { offline: ['execute', 'addColumn'], online: ['execute', 'addColumn'] }, handler);
  }
});

test('a try inside the transaction is followed unless its handler ends the transaction; after a COMMIT, around the block or in a helper called in it, it is opaque online', () => {
  const inTransaction = interpretMigration(file, migration(`try:\n    op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept ProgrammingError:\n    pass`)).upgrade!.steps;
  assert.deepEqual(sides(inTransaction), { offline: ['execute'], online: ['execute'] });

  const around = interpretMigration(file, migration(`try:\n    with op.get_context().autocommit_block():\n        op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept Exception:\n    pass`)).upgrade!.steps;
  assert.deepEqual(sides(around), { offline: ['execute'], online: ['opaque'] });

  const afterCommit = interpretMigration(file, migration(`op.execute("COMMIT")\ntry:\n    op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept ProgrammingError:\n    pass`)).upgrade!.steps;
  assert.deepEqual(sides(afterCommit), { offline: ['execute', 'execute'], online: ['execute', 'opaque'] });
  // A BEGIN after the COMMIT opens a transaction again; the COMMIT inside the try body counts from there.
  const begunAgain = interpretMigration(file, migration(`op.execute("COMMIT")\nop.execute("BEGIN")\ntry:\n    op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept ProgrammingError:\n    pass`)).upgrade!.steps;
  assert.deepEqual(sides(begunAgain).online, ['execute', 'execute', 'execute']);
  const commitInBody = interpretMigration(file, migration(`try:\n    op.execute("COMMIT")\n    op.execute("CREATE INDEX CONCURRENTLY ix ON t (id)")\nexcept Exception:\n    pass`)).upgrade!.steps;
  assert.deepEqual(sides(commitInBody).online, ['opaque']);

  const rollbackHandler = interpretMigration(file, migration(`try:\n    op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept ProgrammingError:\n    op.execute("ROLLBACK")`)).upgrade!.steps;
  assert.deepEqual(sides(rollbackHandler), { offline: ['execute'], online: ['opaque'] });
  // A handler that cannot catch it never runs: followed.
  const narrowRollback = interpretMigration(file, migration(`try:\n    op.execute("ALTER TYPE mood ADD VALUE 'x'")\nexcept KeyError:\n    op.execute("ROLLBACK")`)).upgrade!.steps;
  assert.deepEqual(sides(narrowRollback).online, ['execute']);

  const helper = interpretMigration(file, migration(`with op.get_context().autocommit_block():\n    add_label("x")\nadd_label("y")`)).upgrade!.steps;
  // Inside the block the helper's try is opaque online; called in the transaction it is followed.
  assert.deepEqual(sides(helper), { offline: ['execute', 'execute'], online: ['opaque', 'execute'] });
});
