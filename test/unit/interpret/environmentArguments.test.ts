/**
 * Arguments a custom env.py passes besides `op` (`upgrade(op, tables, tester)`): unknown, and the
 * reason quotes what env.py's run_migrations() calls pass, so the user sees where the value comes
 * from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { temporaryFolder } from '../../support/temporaryFolders';

const MIGRATION = 'def upgrade(op, tables, tester):\n    tester.populate_table("t", [])\n    op.bulk_insert(tables.kinds, [{"name": "x"}])\n';

function reasons(envPy: string | undefined): string[] {
  const root = temporaryFolder('lens-envargs-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  if (envPy !== undefined) fs.writeFileSync(path.join(root, 'migrations', 'env.py'), envPy);
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  return interpretMigration(file, MIGRATION).upgrade!.steps.map((step) => (step.kind === 'opaque' ? step.reason : step.kind));
}

test("the reason quotes what env.py's run_migrations() passes for the argument", () => {
  const env = 'from alembic import context\ncontext.run_migrations(op=alembic_op, tables=tables, tester=get_tester())\n';
  const [first, second] = reasons(env);
  assert.match(first, /uses the argument tester that the environment passes to the function \(env\.py: tester=get_tester\(\), computed when env\.py runs\)/);
  assert.match(second, /uses the argument tables that the environment passes to the function \(env\.py: tables=tables, computed when env\.py runs\)/);
});

test('without env.py, or when it does not name the argument, the reason stays the general one', () => {
  for (const env of [undefined, 'from alembic import context\ncontext.run_migrations(**extra)\n']) {
    const [first] = reasons(env);
    assert.match(first, /uses the argument tester that the environment passes to the function$/);
  }
});
