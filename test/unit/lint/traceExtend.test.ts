// The kept trace database reaches the next migration's state by applying only the rest of its
// script: on a generated history, tracing a migration after its parent gives exactly what a fresh
// database with every ancestor applied gives, and the two databases hold the same schema; an
// ancestor that fails is reported the same way on either path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateHistory } from '../../../bench/generate-history.mjs';
import type { Session } from '../../../server/src/database/session';
import { openMemoryDatabase } from '../../../server/src/database/memoryDatabase';
import { loadEngineEnvironment } from '../../../server/src/engine/environment/loadEnvironment';
import { defaultCompiler } from '../../../server/src/engine/offline/defaultEngine';
import { singleUseDatabase } from '../../../server/src/lint/trace/freshDatabase';
import { KeptDatabases } from '../../../server/src/lint/trace/keptDatabases';
import { traceRevision, type TraceDatabase, type TraceResult } from '../../../server/src/lint/trace/lockTrace';
import { scriptBefore } from '../../../server/src/lint/trace/ancestors';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';
import { temporaryFolder } from '../../support/temporaryFolders';

/** Tables, columns, constraints and indexes of the public schema, as text to compare. */
const SCHEMA_SQL = `SELECT c.relname || ' ' || c.relkind::text || ' ' || coalesce((
         SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY a.attnum)
           FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ' | ' || coalesce((
         SELECT string_agg(con.conname || ' ' || pg_get_constraintdef(con.oid), ', ' ORDER BY con.conname) FROM pg_constraint con WHERE con.conrelid = c.oid), '') || ' | ' || coalesce((
         SELECT string_agg(pg_get_indexdef(i.indexrelid), ', ' ORDER BY 1) FROM pg_index i WHERE i.indrelid = c.oid), '') AS line
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')
 ORDER BY 1`;

/** What a trace reports, without its timings. */
function outcome(result: TraceResult): unknown {
  assert.equal(result.ok, true, result.ok ? '' : result.message);
  if (!result.ok) return undefined;
  return result.statements.map(({ sql, line, inTransaction, locks, taken, rewritten, error }) => ({ sql, line, inTransaction, locks, taken, rewritten, error }));
}

test('tracing a migration after its parent extends the kept database: the same trace and the same schema as a fresh one', { timeout: 120_000 }, async () => {
  const folder = temporaryFolder('alembic-lens-trace-extend-');
  const kept = new KeptDatabases(() => openMemoryDatabase());
  const fresh = await openMemoryDatabase();
  try {
    const history = generateHistory({ revisions: 40, out: path.join(folder, 'history'), seed: 42, locations: 1 });
    const environment = await loadEngineEnvironment(history.iniPath, undefined, process.env);
    // The trunk head and its parent, neither a merge (an upgrade of a merge is not traced).
    let head = history.heads.find((id: string) => id !== 'audit') as string;
    const singleParent = (id: string) => environment.graph.get(id)!.downRevisions.length === 1;
    while (!singleParent(head) || !singleParent(environment.graph.get(head)!.downRevisions[0])) head = environment.graph.get(head)!.downRevisions[0];
    const parent = environment.graph.get(head)!.downRevisions[0];
    const compiler = defaultCompiler();

    let keptSession: Session | undefined;
    let extended: boolean | undefined;
    const watched = (database: TraceDatabase): TraceDatabase => ({
      prepare: async (key, apply) => {
        const prepared = await database.prepare(key, apply);
        keptSession = prepared.session;
        extended = prepared.extended ?? false;
        return prepared;
      },
      invalidate: () => database.invalidate(),
    });
    const first = await kept.use('env', (database) => traceRevision({ environment, compiler, revision: parent, database: watched(database) }));
    assert.equal(first.ok, true, first.ok ? '' : first.message);
    assert.equal(extended, false, 'the first trace applies every ancestor');
    const next = await kept.use('env', (database) => traceRevision({ environment, compiler, revision: head, database: watched(database) }));
    assert.equal(extended, true, 'the head after its parent: only the parent applied on the kept database');

    const reference = await traceRevision({ environment, compiler, revision: head, database: singleUseDatabase(fresh.session) });
    assert.deepEqual(outcome(next), outcome(reference));
    assert.ok((outcome(reference) as unknown[]).length > 0, 'the head has statements to trace');
    const schemaOf = async (session: Session) => (await session.query(SCHEMA_SQL)).rows.map((row) => String(row.line));
    const expected = await schemaOf(fresh.session);
    assert.ok(expected.length > 10, `a schema to compare: ${expected.length} relations`);
    assert.deepEqual(await schemaOf(keptSession!), expected);
  } finally {
    await kept.closeAll();
    await fresh.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('an ancestor statement that fails says so the same way whether the kept database was extended or a fresh one was used', { timeout: 60_000 }, async () => {
  const root = makeEnvironment({
    'a.py': `${headerOf('a', undefined)}def upgrade():\n    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))\n\ndef downgrade():\n    pass\n`,
    'b.py': `${headerOf('b', 'a')}def upgrade():\n    op.execute("ALTER TABLE missing ADD COLUMN x INTEGER")\n\ndef downgrade():\n    pass\n`,
    'c.py': `${headerOf('c', 'b')}def upgrade():\n    op.add_column("t", sa.Column("n", sa.Integer()))\n\ndef downgrade():\n    pass\n`,
  });
  const kept = new KeptDatabases(() => openMemoryDatabase());
  const fresh = await openMemoryDatabase();
  try {
    const environment = await loadEngineEnvironment(path.join(root, 'alembic.ini'), undefined, process.env);
    const compiler = defaultCompiler();
    const traceIn = (revision: string) => kept.use('env', (database) => traceRevision({ environment, compiler, revision, database }));
    // b's own statement fails inside the trace: reported at its line, the trace itself succeeds.
    const own = await traceIn('b');
    assert.equal(own.ok && own.statements[0].error?.code, '42P01');
    // c needs b applied: the kept database (a applied) is extended with b, which fails.
    const extended = await traceIn('c');
    // Which ancestor, in which file, and the statement: found by running the failed transaction again one statement at a time.
    const expected = `the database could not be brought to the state before the migration: revision b (${path.join(root, 'versions', 'b.py')}) failed: relation "missing" does not exist; statement: ALTER TABLE missing ADD COLUMN x INTEGER`;
    assert.deepEqual(extended, { ok: false, message: expected });
    assert.equal(kept.keyOf('env'), undefined, 'the half-extended database is not kept as a state');
    // Again: a fresh database this time, the same message; and the same as a single-use database's.
    assert.deepEqual(await traceIn('c'), { ok: false, message: expected });
    assert.deepEqual(await traceRevision({ environment, compiler, revision: 'c', database: singleUseDatabase(fresh.session) }), { ok: false, message: expected });
  } finally {
    await kept.closeAll();
    await fresh.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the upgrade of a merge revision is traced from every parent applied', { timeout: 60_000 }, async () => {
  const root = makeEnvironment({
    'a.py': `${headerOf('a', undefined)}def upgrade():\n    op.create_table("base_t", sa.Column("id", sa.Integer(), primary_key=True))\n\ndef downgrade():\n    pass\n`,
    'b1.py': `${headerOf('b1', 'a')}def upgrade():\n    op.create_table("left_t", sa.Column("id", sa.Integer(), primary_key=True))\n\ndef downgrade():\n    pass\n`,
    'b2.py': `${headerOf('b2', 'a')}def upgrade():\n    op.create_table("right_t", sa.Column("id", sa.Integer(), primary_key=True))\n\ndef downgrade():\n    pass\n`,
    'm.py': `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "m"\ndown_revision = ("b1", "b2")\n\ndef upgrade():\n    op.add_column("left_t", sa.Column("right_id", sa.Integer()))\n    op.create_index("ix_right_t_id", "right_t", ["id"])\n\ndef downgrade():\n    op.drop_index("ix_right_t_id", table_name="right_t")\n    op.drop_column("left_t", "right_id")\n`,
  });
  const database = await openMemoryDatabase();
  try {
    const environment = await loadEngineEnvironment(path.join(root, 'alembic.ini'), undefined, process.env);
    const result = await traceRevision({ environment, compiler: defaultCompiler(), revision: 'm', database: singleUseDatabase(database.session) });
    assert.equal(result.ok, true, result.ok ? '' : result.message);
    if (!result.ok) return;
    assert.deepEqual(result.statements.map((statement) => statement.error), [undefined, undefined], 'both parents applied: both tables exist');
    assert.ok(result.statements[0].taken.some((lock) => lock.relation === 'left_t' && lock.mode === 'AccessExclusiveLock'));
    assert.ok(result.statements[1].taken.some((lock) => lock.relation === 'right_t' && lock.mode === 'ShareLock'));
    // The merge's own statements were not applied before the trace (the column is added by the trace itself).
    const columns = await database.session.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'left_t' ORDER BY 1");
    assert.deepEqual(columns.rows.map((row) => row.column_name), ['id'], 'the traced transaction was rolled back, and the merge was not among the ancestors');
  } finally {
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the script before a merge closes its transaction in either layout', () => {
  const owner = (revision: string) => ({ revision, file: `${revision}.py` });
  // transaction_per_migration: the merge's own BEGIN is dropped.
  const perMigration = scriptBefore({ ok: true, statements: ['BEGIN', 'CREATE TABLE l', 'COMMIT', 'BEGIN', 'COMMIT'], owners: [undefined, owner('b1'), owner('b1'), owner('b1'), owner('m')] }, 'm');
  assert.deepEqual(perMigration.ok && perMigration.statements, ['BEGIN', 'CREATE TABLE l', 'COMMIT']);
  // One transaction for the whole script: it gets its COMMIT.
  const single = scriptBefore({ ok: true, statements: ['BEGIN', 'CREATE TABLE l', 'CREATE TABLE r', 'ALTER TABLE l ADD x', 'COMMIT'], owners: [undefined, owner('b1'), owner('b2'), owner('m'), owner('m')] }, 'm');
  assert.deepEqual(single.ok && single.statements, ['BEGIN', 'CREATE TABLE l', 'CREATE TABLE r', 'COMMIT']);
});
