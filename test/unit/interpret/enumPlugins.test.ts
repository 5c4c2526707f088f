/**
 * `op.sync_enum_values` of the alembic-autogenerate-enums plugin (0.1.x): its statements, as the
 * real plugin printed them under Alembic 1.20 offline when this was written (the plugin is not
 * installed with the reference Alembic, so no corpus golden records it); the same name
 * registered by alembic-postgresql-enum, or by nothing the engine can see, stays a plugin
 * operation; values added in the order of a Python set stay opaque.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { renderOperation } from '../../../server/src/engine/render';
import { temporaryFolder } from '../../support/temporaryFolders';

function stepsOf(envPy: string | undefined, body: string, direction: 'upgrade' | 'downgrade' = 'upgrade'): Step[] {
  const root = temporaryFolder('lens-enum-plugin-');
  const folder = path.join(root, 'migrations');
  fs.mkdirSync(path.join(folder, 'versions'), { recursive: true });
  if (envPy !== undefined) fs.writeFileSync(path.join(folder, 'env.py'), envPy);
  const file = path.join(folder, 'versions', 'm.py');
  const source = `from alembic import op\n\n\ndef upgrade():\n${body}\n\n\ndef downgrade():\n${body}\n`;
  return interpretMigration(file, source)[direction]!.steps;
}

function sql(steps: Step[]): string[] {
  return steps.flatMap((step) => {
    assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : '');
    return step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements : [];
  });
}

const ENV = 'import alembic_autogenerate_enums  # noqa\nfrom alembic import context\n';

test('one added value: COMMIT, then ALTER TYPE ... ADD VALUE', () => {
  assert.deepEqual(sql(stepsOf(ENV, '    op.sync_enum_values("public", "log_type", ["a", "b"], ["a", "b", "c"])')), [
    'COMMIT',
    "ALTER TYPE public.log_type ADD VALUE 'c'",
  ]);
  assert.deepEqual(sql(stepsOf(ENV, '    op.sync_enum_values(schema="s", name="n", old_values=["a", "b"], new_values=["a"], should_reverse=False)')), ['COMMIT']);
});

test('should_reverse with affected columns: the type renamed, recreated with sorted values, columns cast, the old dropped', () => {
  assert.deepEqual(sql(stepsOf(ENV, '    op.sync_enum_values("public", "kind", ["x"], ["x", "z", "y", "Z"], [("t", "c"), ("u", "d")], True)')), [
    'ALTER TYPE public.kind RENAME TO kind_old',
    "CREATE TYPE public.kind AS ENUM('Z', 'x', 'y', 'z')",
    'ALTER TABLE t ALTER COLUMN c TYPE public.kind USING c::text::public.kind',
    'ALTER TABLE u ALTER COLUMN d TYPE public.kind USING d::text::public.kind',
    'DROP TYPE public.kind_old',
  ]);
});

test('two added values (set order), colons, the other plugin or no plugin: opaque', () => {
  const twoAdded = stepsOf(ENV, '    op.sync_enum_values("public", "t", ["a"], ["a", "b", "c"])');
  assert.equal(twoAdded.length, 1);
  assert.ok(twoAdded[0].kind === 'opaque' && /order of a Python set/.test(twoAdded[0].reason));
  assert.equal(stepsOf(ENV, '    op.sync_enum_values("public", "t", ["a"], ["a", "b:c"])')[0].kind, 'opaque');
  const other = stepsOf(`${ENV}import alembic_postgresql_enum\n`, '    op.sync_enum_values("public", "t", ["a"], ["a", "b"])');
  assert.ok(other[0].kind === 'opaque' && /registered by a plugin/.test(other[0].reason));
  const none = stepsOf(undefined, '    op.sync_enum_values("public", "t", ["a"], ["a", "b"])');
  assert.ok(none[0].kind === 'opaque' && /registered by a plugin/.test(none[0].reason));
});
