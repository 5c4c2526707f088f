// Schema snapshots between lints (the editor's re-lint): after an edit anywhere before the open
// file, a lint that starts from a snapshot reports exactly what a lint from the base reports.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { lintEnvironment } from '../../../server/src/lint/environment';
import { ReplayCheckpoints, type HistoryEntry, type MigrationReading } from '../../../server/src/lint/run';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

const COUNT = 450;
const id = (n: number): string => `r${String(n).padStart(3, '0')}`;

function migration(n: number, body: string): string {
  return `${headerOf(id(n), n === 0 ? undefined : id(n - 1))}def upgrade():\n    ${body}\n\ndef downgrade():\n    pass\n`;
}

test('a lint from a snapshot equals a lint from the base, after edits before and after the snapshots', () => {
  const files: Record<string, string> = {};
  for (let n = 0; n < COUNT; n++) files[`${id(n)}.py`] = migration(n, n === 0 ? 'op.create_table("carts", sa.Column("id", sa.BigInteger(), primary_key=True))' : `op.add_column("orders", sa.Column("c${n}", sa.Text()))`);
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  const open = path.join(root, 'versions', `${id(430)}.py`);
  const keyOf = (entry: HistoryEntry): string | undefined => entry.hash ?? entry.text;
  const byFile = new Map<string, { key: string; reading: MigrationReading }>();
  const cache = {
    get: (entry: HistoryEntry) => (byFile.get(entry.file)?.key === keyOf(entry) ? byFile.get(entry.file)!.reading : undefined),
    set: (entry: HistoryEntry, reading: MigrationReading) => void byFile.set(entry.file, { key: keyOf(entry)!, reading }),
  };
  const checkpoints = new ReplayCheckpoints();
  const config = { ...defaultLintConfig(), ignore: ['empty-downgrade', 'downgrade-does-not-reverse'] };
  const lint = (withCheckpoints: boolean): string[] =>
    lintEnvironment(index, index.environmentForFile(open)!, config, interpretMigration, { cache, files: new Set([open]), indexHashes: true, ...(withCheckpoints ? { checkpoints } : {}) })
      .problems.map((problem) => `${problem.code}@${problem.range.start.line}`)
      .sort();

  index.setOverlay(open, migration(430, 'op.add_column("carts", sa.Column("note", sa.Text()))'));
  assert.deepEqual(lint(true), lint(false));
  assert.deepEqual(lint(true), [], 'carts exists');
  // An edit at r300 (between the snapshots at 200 and 400) drops carts: the snapshot at 400 is stale.
  const r300 = path.join(root, 'versions', `${id(300)}.py`);
  index.setOverlay(r300, migration(300, 'op.drop_table("carts")'));
  assert.deepEqual(lint(true), ['unknown-table@7']);
  assert.deepEqual(lint(true), lint(false));
  // And back: the table exists again.
  index.setOverlay(r300, undefined);
  assert.deepEqual(lint(true), []);
  assert.deepEqual(lint(false), []);
});
