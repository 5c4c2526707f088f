// Schema snapshots survive an edit that does not change what a revision does to the schema (a
// comment, lines moved, an edit taken back): the next re-lint starts from the snapshot after the
// edit instead of replaying from the edited revision. An edit that changes the schema effect
// still invalidates them, and either way the findings equal a lint from the base.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { historyOf, lintEnvironment, readEntries } from '../../../server/src/lint/environment';
import { ReplayCheckpoints, type HistoryEntry, type MigrationReading } from '../../../server/src/lint/run';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

const COUNT = 450;
const id = (n: number): string => `r${String(n).padStart(3, '0')}`;

/** The editor's reading cache as the tests need it: by file, valid while the file's text (or hash) is the same. */
function readingCache(): { get(entry: HistoryEntry): MigrationReading | undefined; set(entry: HistoryEntry, reading: MigrationReading): void } {
  const keyOf = (entry: HistoryEntry): string | undefined => entry.hash ?? entry.text;
  const byFile = new Map<string, { key: string; reading: MigrationReading }>();
  return {
    get: (entry) => (byFile.get(entry.file)?.key === keyOf(entry) ? byFile.get(entry.file)!.reading : undefined),
    set: (entry, reading) => void byFile.set(entry.file, { key: keyOf(entry)!, reading }),
  };
}

function migration(n: number, body: string, comment = ''): string {
  return `${headerOf(id(n), n === 0 ? undefined : id(n - 1))}${comment}def upgrade():\n    ${body}\n\ndef downgrade():\n    pass\n`;
}

test('snapshots after an edit stay valid when the edited revision changes the schema alike', () => {
  const bodyOf = (n: number): string => (n === 0 ? 'op.create_table("carts", sa.Column("id", sa.BigInteger(), primary_key=True))' : `op.add_column("orders", sa.Column("c${n}", sa.Text()))`);
  const files: Record<string, string> = {};
  for (let n = 0; n < COUNT; n++) files[`${id(n)}.py`] = migration(n, bodyOf(n));
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  const open = path.join(root, 'versions', `${id(430)}.py`);
  const r100 = path.join(root, 'versions', `${id(100)}.py`);
  const cache = readingCache();
  const checkpoints = new ReplayCheckpoints();
  const config = { ...defaultLintConfig(), ignore: ['empty-downgrade', 'downgrade-does-not-reverse'] };
  const environment = () => index.environmentForFile(open)!;
  const lint = (withCheckpoints: boolean): string[] =>
    lintEnvironment(index, environment(), config, interpretMigration, { cache, files: new Set([open]), indexHashes: true, ...(withCheckpoints ? { checkpoints } : {}) })
      .problems.map((problem) => `${problem.code}@${problem.range.start.line}`)
      .sort();
  // Where the next re-lint of the open file would start (the edited file read first, as the lint reads it).
  const startAt = (): number => {
    const history = historyOf(index, environment(), true);
    readEntries(history, interpretMigration, cache);
    return checkpoints.start(history, (at) => cache.get(history[at]), history.findIndex((entry) => entry.file === open)).at;
  };

  index.setOverlay(open, migration(430, 'op.add_column("carts", sa.Column("note", sa.Text()))'));
  assert.deepEqual(lint(true), []);
  // The first (cold) lint recorded no readings; the second one records them with the snapshots.
  assert.deepEqual(lint(true), []);
  assert.equal(startAt(), 400);

  // A comment above upgrade(): every range below it moves, the schema effect does not.
  index.setOverlay(r100, migration(100, bodyOf(100), '# reviewed\n'));
  assert.equal(startAt(), 400, 'the snapshot at 400 is still valid');
  assert.deepEqual(lint(true), lint(false));

  // Dropping carts at r100 changes the schema: no snapshot after r100 may be used.
  index.setOverlay(r100, migration(100, 'op.drop_table("carts")'));
  const at = startAt();
  assert.ok(at <= 100, `starts at ${at}`);
  assert.deepEqual(lint(true), ['unknown-table@7']);
  assert.deepEqual(lint(true), lint(false));

  // Taken back: the original reading (read again) has the original effect; findings as from the base.
  index.setOverlay(r100, undefined);
  assert.deepEqual(lint(true), []);
  assert.deepEqual(lint(false), []);
});

test('a re-lint of an early file keeps the snapshots after it for the next re-lint of a later file', () => {
  const bodyOf = (n: number): string => (n === 0 ? 'op.create_table("carts", sa.Column("id", sa.BigInteger(), primary_key=True))' : `op.add_column("orders", sa.Column("c${n}", sa.Text()))`);
  const files: Record<string, string> = {};
  for (let n = 0; n < COUNT; n++) files[`${id(n)}.py`] = migration(n, bodyOf(n));
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  const late = path.join(root, 'versions', `${id(430)}.py`);
  const early = path.join(root, 'versions', `${id(120)}.py`);
  const cache = readingCache();
  const checkpoints = new ReplayCheckpoints();
  const config = { ...defaultLintConfig(), ignore: ['empty-downgrade', 'downgrade-does-not-reverse'] };
  const lint = (file: string, withCheckpoints: boolean): string[] =>
    lintEnvironment(index, index.environmentForFile(file)!, config, interpretMigration, { cache, files: new Set([file]), indexHashes: true, ...(withCheckpoints ? { checkpoints } : {}) })
      .problems.map((problem) => `${problem.code}@${problem.range.start.line}`)
      .sort();
  const startAt = (file: string): number => {
    const history = historyOf(index, index.environmentForFile(file)!, true);
    readEntries(history, interpretMigration, cache);
    return checkpoints.start(history, (at) => cache.get(history[at]), history.findIndex((entry) => entry.file === file)).at;
  };

  lint(late, true);
  assert.equal(startAt(late), 400);
  // The early file edited (a comment) and linted: that replay ends at r120.
  index.setOverlay(early, migration(120, bodyOf(120), '# reviewed\n'));
  assert.deepEqual(lint(early, true), lint(early, false));
  assert.equal(startAt(late), 400, 'the snapshots after r120 survive a lint that stopped at r120');
  assert.deepEqual(lint(late, true), lint(late, false));

  // The early file now changes the schema: the later snapshots go, and the findings follow it.
  index.setOverlay(early, migration(120, 'op.drop_table("carts")'));
  assert.deepEqual(lint(early, true), lint(early, false));
  const at = startAt(late);
  assert.ok(at <= 120, `starts at ${at}`);
  index.setOverlay(late, migration(430, 'op.add_column("carts", sa.Column("note", sa.Text()))'));
  assert.deepEqual(lint(late, true), ['unknown-table@7']);
  assert.deepEqual(lint(late, true), lint(late, false));
});

test('an edit that only moves a statement into an autocommit block changes the schema effect (an enum value then committed)', () => {
  const bodyOf = (n: number): string =>
    n === 0 ? 'op.execute("CREATE TYPE mood AS ENUM (\'sad\')")\n    op.execute("CREATE TABLE people (id bigint PRIMARY KEY, mood mood)")' : n === 300 ? 'op.execute("ALTER TYPE mood ADD VALUE \'happy\'")' : `op.add_column("orders", sa.Column("c${n}", sa.Text()))`;
  const files: Record<string, string> = {};
  for (let n = 0; n < COUNT; n++) files[`${id(n)}.py`] = migration(n, bodyOf(n));
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  const open = path.join(root, 'versions', `${id(430)}.py`);
  const r300 = path.join(root, 'versions', `${id(300)}.py`);
  const cache = readingCache();
  const checkpoints = new ReplayCheckpoints();
  const config = { ...defaultLintConfig(), select: ['enum-add-value-in-transaction'] };
  const lint = (withCheckpoints: boolean): string[] =>
    lintEnvironment(index, index.environmentForFile(open)!, config, interpretMigration, { cache, files: new Set([open]), indexHashes: true, ...(withCheckpoints ? { checkpoints } : {}) })
      .problems.filter((problem) => problem.code === 'enum-add-value-in-transaction')
      .map((problem) => `${problem.code}@${problem.range.start.line}`);

  index.setOverlay(open, migration(430, 'op.execute("UPDATE people SET mood = \'happy\'")'));
  assert.deepEqual(lint(true), ['enum-add-value-in-transaction@7']);
  assert.deepEqual(lint(true), ['enum-add-value-in-transaction@7'], 'again, from the snapshots');
  index.setOverlay(r300, migration(300, 'with op.get_context().autocommit_block():\n        op.execute("ALTER TYPE mood ADD VALUE \'happy\'")'));
  assert.deepEqual(lint(false), []);
  assert.deepEqual(lint(true), [], 'the snapshots after r300 hold the value as uncommitted: not valid any more');
});
