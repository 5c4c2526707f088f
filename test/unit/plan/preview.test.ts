import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContentCache } from '../../../server/src/engine/cache/contentCache';
import type { CompiledMigration } from '../../../server/src/engine/offline/compiled';
import { DEFAULT_ENGINE_PARTS } from '../../../server/src/engine/offline/defaultEngine';
import { MigrationCompiler } from '../../../server/src/engine/offline/migrationCompiler';
import { previewRevisionSql } from '../../../server/src/engine/preview';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { temporaryFolder } from '../../support/temporaryFolders';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sql');
const compiler = new MigrationCompiler(
  DEFAULT_ENGINE_PARTS,
  new ContentCache<CompiledMigration>(temporaryFolder('preview-'), 'offline', 'test'),
);

function environment(name: string) {
  const index = buildWorkspaceIndex([path.join(FIXTURES, name)]);
  assert.equal(index.environments.length, 1);
  return index.environments[0];
}

test('preview of a merge revision: its SQL and the version rows it merges', () => {
  const preview = previewRevisionSql(environment('branches'), 'eeee0005', 'upgrade', { compiler });
  assert.equal(preview.header, 'upgrade cccc0003, dddd0004 -> eeee0005');
  assert.equal(
    preview.sql,
    [
      'BEGIN;',
      '-- Running upgrade cccc0003, dddd0004 -> eeee0005',
      "DELETE FROM alembic_version WHERE alembic_version.version_num = 'cccc0003';",
      "UPDATE alembic_version SET version_num='eeee0005' WHERE alembic_version.version_num = 'dddd0004';",
      'COMMIT;',
      '',
    ].join('\n\n'),
  );
  assert.deepEqual(preview.problems, []);
});

test('preview of a base revision creates the version table; downgrade deletes its row', () => {
  const env = environment('linear');
  const up = previewRevisionSql(env, '1a2b3c4d5e6f', 'upgrade', { compiler });
  assert.match(up.sql, /^BEGIN;\n\nCREATE TABLE alembic_version \(/);
  assert.match(up.sql, /CREATE TABLE account \(id INTEGER PRIMARY KEY\);/);
  const down = previewRevisionSql(env, '1a2b3c4d5e6f', 'downgrade', { compiler });
  assert.equal(down.header, 'downgrade 1a2b3c4d5e6f -> ');
  assert.match(down.sql, /DROP TABLE account;\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = '1a2b3c4d5e6f';/);
});

test('preview honours env.py settings and autocommit blocks', () => {
  const preview = previewRevisionSql(environment('per_migration'), 'p0000002', 'upgrade', { compiler });
  assert.match(preview.sql, /COMMIT;\n\nVACUUM app.t;\n\nBEGIN;\n\nUPDATE meta.schema_history SET version_num='p0000002'/);
});

test('preview of unsaved text, with opaque steps shown in place, compiles only that one buffer and reuses it', () => {
  const env = environment('linear');
  const file = env.fileOf('2b3c4d5e6f7a')!;
  // Count what the compiler really interprets: refreshing on every edit stays cheap because only
  // this revision's text is compiled (never the rest of the history) and an unchanged buffer is
  // served from the compiler's content-keyed memory.
  const interpreted: string[] = [];
  const counting = new MigrationCompiler({
    ...DEFAULT_ENGINE_PARTS,
    interpret: (at, source) => {
      interpreted.push(at);
      return DEFAULT_ENGINE_PARTS.interpret(at, source);
    },
  }, null);
  const text = fs.readFileSync(file, 'utf8').replace(
    'op.execute("ALTER TABLE account ADD COLUMN name TEXT")',
    'op.execute("ALTER TABLE account ADD COLUMN nick TEXT")\n    for row in rows():\n        op.execute(row)',
  );
  const first = previewRevisionSql(env, '2b3c4d5e6f7a', 'upgrade', { compiler: counting, text });
  assert.deepEqual(interpreted, [file], 'only the previewed file is compiled');
  const again = previewRevisionSql(env, '2b3c4d5e6f7a', 'upgrade', { compiler: counting, text });
  assert.deepEqual(interpreted, [file], 'the same buffer is not compiled again');
  assert.equal(again.sql, first.sql);
  const preview = previewRevisionSql(env, '2b3c4d5e6f7a', 'upgrade', { compiler: counting, text: text + '\n# edited\n' });
  assert.deepEqual(interpreted, [file, file], 'an edit compiles that one buffer once more');
  assert.match(preview.sql, /ADD COLUMN nick TEXT;/);
  assert.equal(preview.opaqueSteps.length, 1);
  assert.match(preview.sql, /-- alembic-lens: opaque step at .*:\d+ not rendered/);
});

test('an unknown revision is a plan-failed problem, not a throw', () => {
  const preview = previewRevisionSql(environment('linear'), 'nosuch', 'upgrade', { compiler });
  assert.equal(preview.sql, '');
  assert.equal(preview.problems[0].code, 'plan-failed');
});
