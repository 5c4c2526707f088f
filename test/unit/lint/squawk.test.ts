// Measured against squawk (npm squawk-cli): the offline SQL of each lint fixture history and of
// the shop example is rendered with `upgrade heads --sql`, squawk lints it, and every squawk
// finding of a rule with a counterpart here must be reported by Alembic Lens too, on the Python
// source of the revision whose SQL squawk flagged. Known, reasoned differences are listed below.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { FIXTURES, readFixture, writeFixtureHistory } from './fixtureHistory';
import { temporaryFolder } from '../../support/temporaryFolders';

// Installed by test/setup/squawk.sh (npm test runs it); not a devDependency (see that script).
const SQUAWK = process.env.ALEMBIC_LENS_SQUAWK ?? path.resolve(__dirname, '..', '..', '..', '.cache', 'squawk', 'node_modules', '.bin', 'squawk');

/** squawk rule → the codes here that report the same hazard. */
const COUNTERPARTS: Record<string, string[]> = {
  'require-concurrent-index-creation': ['create-index-not-concurrently'],
  'require-concurrent-index-deletion': ['drop-index-not-concurrently'],
  'adding-required-field': ['add-column-required-no-default'],
  'adding-not-nullable-field': ['set-not-null'],
  'changing-column-type': ['column-type-change'],
  'adding-foreign-key-constraint': ['add-foreign-key-not-valid'],
  'constraint-missing-not-valid': ['add-foreign-key-not-valid', 'add-check-not-valid'],
  'disallowed-unique-constraint': ['add-unique-constraint'],
  'adding-field-with-default': ['volatile-default'],
  'ban-drop-column': ['drop-column'],
  'ban-drop-table': ['drop-table'],
  'renaming-column': ['rename-column'],
  'renaming-table': ['rename-table'],
  'ban-truncate-cascade': ['truncate-cascade'],
  'prefer-timestamptz': ['timestamp-without-time-zone'],
  'ban-char-field': ['char-n'],
  'ban-concurrent-index-creation-in-transaction': ['concurrently-in-transaction'],
  'require-lock-timeout': ['lock-timeout-missing'],
};

/**
 * Where squawk reports and this linter, on purpose, does not. Each entry is checked to still be a
 * difference (the list cannot go stale), with why this linter is right not to report it.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // The table or column was created earlier in the same migration: empty, and unseen by the
  // application. squawk sees one migration's SQL without the history, and does not exempt these.
  'add-column-required-no-default.py: a1 adding-required-field': 'table created in the same migration',
  'column-type-change.py: a1 changing-column-type': 'table created in the same migration',
  'set-not-null.py: a1 adding-not-nullable-field': 'column added in the same migration',
  'add-column-required-no-default.py: d4 adding-not-nullable-field': 'column added in the same migration (add-column-required-no-default when nothing fills it first)',
  'volatile-default.py: a1 adding-field-with-default': 'table created in the same migration',
  'empty-downgrade.py: d4 require-concurrent-index-creation': 'temporary table created in the same migration',
  'empty-downgrade.py: d4 ban-drop-table': 'temporary table created and dropped in the same migration',
  'empty-downgrade.py: d4 require-lock-timeout': 'temporary table created in the same migration',
  'drop-table.py: a1 require-lock-timeout': 'table created in the same migration',
  // Held-out sweep BD (fixbackend): the constraint is added to a table the same transaction
  // truncated, which is empty and held under ACCESS EXCLUSIVE already.
  'add-unique-constraint.py: c3 constraint-missing-not-valid': 'table truncated earlier in the same transaction',
  'add-primary-key.py: g7 constraint-missing-not-valid': 'table truncated earlier in the same transaction',
  'add-exclusion-constraint.py: c3 constraint-missing-not-valid': 'table truncated earlier in the same transaction',
  'drop-type-in-use.py: c2 ban-drop-table': 'table created in the same migration (a temporary table of the fixture)',
  'drop-table-referenced.py: d4 ban-drop-table': 'table created in the same migration',
  'drop-index-not-concurrently.py: f6 require-concurrent-index-creation': 'materialized view created in the same migration',
  'drop-index-not-concurrently.py: g7 require-concurrent-index-deletion': 'the materialized view is dropped right after, and its indexes with it, under the same lock (sanbou_app)',
  'drop-index-not-concurrently.py: i9 require-concurrent-index-deletion': 'the indexes went with the column dropped just before: DROP INDEX IF EXISTS finds nothing and takes no lock (PostgreSQL 15: a NOTICE, no new relation lock)',
  'drop-index-not-concurrently.py: m13 require-concurrent-index-deletion': 'the index went with its primary key or unique constraint, dropped just before: DROP INDEX IF EXISTS finds nothing and takes no lock (moonstream-to/api)',
  'unknown-table.py: ix1 require-concurrent-index-creation': 'materialized view created in the same migration',
  'unknown-table.py: ix2 require-concurrent-index-deletion': 'the indexes went with the materialized view or column dropped just before (unknown-table says the DROP INDEX fails; with IF EXISTS it finds nothing), or were made in the same migration',
  'unknown-table.py: ix3 require-concurrent-index-deletion': 'the transaction holds ACCESS EXCLUSIVE on the table already (the column rename above): the DROP INDEX waits for nothing more',
  'lock-timeout-missing.py: d30 require-lock-timeout': 'CREATE OR REPLACE VIEW of a view no revision made creates it: nobody can be holding it',
  'concurrently-in-transaction.py: b3 require-lock-timeout': 'CREATE INDEX CONCURRENTLY inside a transaction fails (25001) before it takes a lock: concurrently-in-transaction says so',
  'table-rewrite.py: c3 require-concurrent-index-creation': 'materialized view created in the same migration',
  'unknown-column.py: zz_partition require-lock-timeout': 'partition of a table created in the same migration',
  'unknown-column.py: zz_partition adding-not-nullable-field': 'partition of a table created in the same migration',
  'downgrade-does-not-reverse.py: ad30 require-lock-timeout': 'schema and table created in the same migration',
  'downgrade-does-not-reverse.py: aa27 require-concurrent-index-creation': 'materialized view created in the same migration',
  'downgrade-does-not-reverse.py: ae31 require-concurrent-index-creation': 'materialized view created in the same migration',
  'create-index-not-concurrently.py: e5 require-concurrent-index-creation': 'materialized view created in the same migration',
  'downgrade-does-not-reverse.py: br70 require-concurrent-index-creation': 'materialized view created in the same migration',
  'unknown-column.py: dm1 ban-drop-column': 'table created in the same migration',
  'unknown-column.py: b2 ban-drop-column': 'the column is gone already: unknown-column says the DROP fails, and no data is lost',
  'downgrade-does-not-reverse.py: o15 ban-drop-column': 'the column is gone already (n14 dropped it): no data is lost',
  'unknown-table.py: mv2 require-concurrent-index-creation': 'materialized view created in the same migration',
  'unknown-table.py: mv1 renaming-table': 'table created in the same migration',
  'downgrade-does-not-reverse.py: ap42 renaming-table': 'table created in the same migration',
  'downgrade-does-not-reverse.py: ap42 require-concurrent-index-creation': 'table created in the same migration (CREATE TABLE ... LIKE)',
  'drop-table.py: d4 ban-drop-table': 'made again and maybe filled by a statement the lint does not follow (SELECT of a function)',
  'downgrade-does-not-reverse.py: ap42 ban-drop-table': 'a table renamed into its place right after: rebuilt and swapped (drop-table)',
  'create-index-not-concurrently.py: h8 require-concurrent-index-creation': 'table created by SELECT ... INTO in the same migration',
  'downgrade-does-not-reverse.py: af32 require-lock-timeout': 'CREATE VIEW locks no table against reads or writes',
  'downgrade-does-not-reverse.py: ag33 renaming-column': 'view created in the same migration',
  'unknown-column.py: v1 renaming-column': 'view created in the same migration',
  'unknown-column.py: v2 renaming-column': 'view made again in the same migration',
  'used-by-view.py: c3 changing-column-type': 'table created in the same migration',
  // VARCHAR(32) to VARCHAR(32) (a non-native Enum of length 32): the same type, nothing rewritten
  // (PostgreSQL 15); squawk reports every ALTER COLUMN ... TYPE. The CHECK that comes with the Enum
  // is the fixture's point, reported by add-check-not-valid.
  'add-check-not-valid.py: g7 changing-column-type': 'the same type again: no rewrite',
  'used-by-view.py: c3 ban-drop-column': 'table created in the same migration',
  'used-by-view.py: c3 ban-drop-table': 'table created in the same migration',
  // PostgreSQL has no NOT VALID primary key (add-primary-key reports the lock instead).
  'downgrade-does-not-reverse.py: ai35 constraint-missing-not-valid': 'a primary key cannot be NOT VALID',
  'add-column-required-no-default.py: f6 constraint-missing-not-valid': 'a primary key cannot be NOT VALID (add-primary-key reports the lock; this fixture says it fails on NULLs)',
  'downgrade-does-not-reverse.py: aj36 constraint-missing-not-valid': 'a unique constraint cannot be NOT VALID (add-unique-constraint reports the lock)',
  'unknown-constraint.py: a1 constraint-missing-not-valid': 'a unique constraint cannot be NOT VALID (add-unique-constraint reports the lock)',
  'unknown-constraint.py: r1 constraint-missing-not-valid': 'a unique constraint cannot be NOT VALID (add-unique-constraint reports the lock)',
  'unknown-constraint.py: t1 require-lock-timeout': 'table created in the same migration',
  'unknown-constraint.py: t1 ban-drop-table': 'table created in the same migration',
  // squawk asks for a lock_timeout before any lock; this lint only before one that blocks the
  // application's reads or writes (ALTER TYPE ... ADD VALUE locks no table; CREATE INDEX
  // CONCURRENTLY's SHARE UPDATE EXCLUSIVE lets reads and writes go on).
  'enum-add-value-in-transaction.py: a1 require-lock-timeout': 'no table lock',
  'enum-add-value-in-transaction.py: b2 require-lock-timeout': 'no table lock',
  'concurrently-in-transaction.py: b2 require-lock-timeout': 'SHARE UPDATE EXCLUSIVE blocks no reads or writes',
  'empty-downgrade.py: f6 require-lock-timeout': 'VALIDATE CONSTRAINT: SHARE UPDATE EXCLUSIVE blocks no reads or writes',
  'empty-downgrade.py: g7 require-lock-timeout': 'no table lock',
  // `ADD CONSTRAINT ... UNIQUE / PRIMARY KEY USING INDEX` cannot take NOT VALID; it is the safe recipe.
  'add-primary-key.py: b2 constraint-missing-not-valid': 'USING INDEX is the safe form',
  'add-unique-constraint.py: b2 constraint-missing-not-valid': 'USING INDEX is the safe form',
  'add-exclusion-constraint.py: b2 constraint-missing-not-valid': 'exclusion and unique constraints cannot be NOT VALID (add-exclusion-constraint and add-unique-constraint report the lock)',
  // The table comes from an op.create_table the interpreter cannot render (an application column
  // type): --allow-opaque prints it as a comment, so squawk does not see the table created.
  'create-index-not-concurrently.py: c3 require-concurrent-index-creation': 'table created by an opaque create_table',
};

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

interface SquawkFinding {
  file: string;
  line: number;
  rule_name: string;
}

/**
 * The offline script cut at each `-- Running upgrade ... -> REV` into one file per revision, so
 * squawk judges each migration on its own, as this linter reports it (a whole script in one file
 * would let squawk treat every table of the history as created in the same transaction).
 */
function scriptsByRevision(sql: string, folder: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string[] | undefined;
  let revision = '';
  const flush = (): void => {
    if (current && revision) {
      const file = path.join(folder, `${revision}.sql`);
      fs.writeFileSync(file, current.join('\n'));
      files.set(file, revision);
    }
  };
  for (const line of sql.split('\n')) {
    const match = /^-- Running upgrade .*-> (\S+)$/.exec(line);
    if (match) {
      flush();
      revision = match[1];
      current = [];
    } else current?.push(line);
  }
  flush();
  return files;
}

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

/** What squawk reports that Alembic Lens does not: `revision rule`, for one environment root. */
async function missing(root: string, postgresqlVersion: number): Promise<{ missed: string[]; compared: number }> {
  const offline = await cli(['upgrade', 'heads', '--sql', '--allow-opaque'], root);
  assert.equal(offline.code, 0, offline.stderr);
  const folder = temporaryFolder('squawk-');
  const files = scriptsByRevision(offline.stdout, folder);
  // Alembic runs each migration in a transaction; autocommit_block() shows as COMMIT ... BEGIN.
  const squawk = spawnSync(SQUAWK, ['--reporter', 'json', '--assume-in-transaction', `--pg-version=${postgresqlVersion}`, ...files.keys()], { encoding: 'utf8' });
  assert.ok(squawk.stdout.trim().startsWith('['), `squawk ran: ${squawk.stderr}`);
  const findings = JSON.parse(squawk.stdout) as SquawkFinding[];

  const checked = await cli(['check', '.', '--format', 'json', '--select', 'ALL'], root);
  const ours = new Set<string>();
  for (const problem of JSON.parse(checked.stdout).problems as { code: string; file: string }[]) {
    const text = fs.readFileSync(path.resolve(root, problem.file), 'utf8');
    const revision = /^revision(?::[^=]*)?\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    ours.add(`${revision} ${problem.code}`);
  }
  const missed: string[] = [];
  let compared = 0;
  for (const finding of findings) {
    const codes = COUNTERPARTS[finding.rule_name];
    const revision = files.get(finding.file) ?? files.get(path.resolve(finding.file));
    if (!codes || !revision) continue;
    compared++;
    if (!codes.some((code) => ours.has(`${revision} ${code}`))) missed.push(`${revision} ${finding.rule_name} (line ${finding.line})`);
  }
  return { missed, compared };
}

test('squawk is installed and runs', () => {
  const version = spawnSync(SQUAWK, ['--version'], { encoding: 'utf8' });
  assert.match(version.stdout, /^squawk \d+\.\d+/);
});

const fixtureCodes = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.py'))
  .map((name) => name.replace(/\.py$/, ''));

test('every squawk finding with a counterpart on the lint fixtures is reported here too', async () => {
  let compared = 0;
  const missedAll: string[] = [];
  for (const code of fixtureCodes) {
    const history = writeFixtureHistory(readFixture(code));
    const result = await missing(history.root, history.config.postgresqlVersion);
    compared += result.compared;
    missedAll.push(...result.missed.map((entry) => `${code}.py: ${entry}`));
  }
  const unexplained = missedAll.filter((entry) => !(entry.replace(/ \(line \d+\)$/, '') in KNOWN_DIFFERENCES));
  assert.deepEqual(unexplained, [], 'squawk findings Alembic Lens does not report');
  const stillDifferent = new Set(missedAll.map((entry) => entry.replace(/ \(line \d+\)$/, '')));
  assert.deepEqual(Object.keys(KNOWN_DIFFERENCES).filter((key) => !stillDifferent.has(key)), [], 'known differences that are gone');
  assert.ok(compared > 20, `squawk findings compared: ${compared}`);
});

test('every squawk finding with a counterpart on the shop example is reported here too', async () => {
  const root = temporaryFolder('squawk-shop-');
  fs.cpSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'shop'), root, { recursive: true });
  const result = await missing(root, 14);
  assert.deepEqual(result.missed, []);
  assert.ok(result.compared > 0);
});
