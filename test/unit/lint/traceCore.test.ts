// The lock trace's pure parts: the ancestors' script without the version table, the lock a rule's
// message names, the prediction check against traced statements, and table sizes in findings.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../server/src/common/problem';
import { defaultCompiler } from '../../../server/src/engine/offline/defaultEngine';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { ancestorKey, ancestorScript, continuation } from '../../../server/src/lint/trace/ancestors';
import { predictedLockOf } from '../../../server/src/lint/trace/lockModes';
import type { TracedStatement } from '../../../server/src/lint/trace/lockTrace';
import { checkPredictions } from '../../../server/src/lint/trace/prediction';
import { describeSize, tablesToMeasure, withTableSizes } from '../../../server/src/lint/trace/tableSizes';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';
import { temporaryFolder } from '../../support/temporaryFolders';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

function finding(code: string, message: string, line: number, lock?: { mode: string; tables?: string[] }): Problem {
  const at = { line, character: 4 };
  return { code, severity: 'warning', message, file: '/x.py', range: { start: at, end: { line, character: 40 } }, related: [], ...(lock ? { data: { lock } } : {}) };
}

function statement(line: number, locks: { relation: string; mode: string }[], error?: { code: string; message: string }): TracedStatement {
  return { sql: 'x', line, inTransaction: true, locks, taken: locks, rewritten: [], ms: 1, error };
}

test('the ancestors script is what upgrade --sql prints, without the version table; the key follows content', () => {
  const root = makeEnvironment({
    'a.py': `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("t", sa.Column("id", sa.Integer()))\n\ndef downgrade():\n    pass\n`,
    'b.py': `${headerOf('b1', 'a1')}def upgrade():\n    op.add_column("t", sa.Column("n", sa.Integer()))\n\ndef downgrade():\n    pass\n`,
  });
  const environment = buildWorkspaceIndex([root]).environments[0];
  const script = ancestorScript(environment, defaultCompiler(), 'b1');
  assert.ok(script.ok);
  assert.deepEqual(script.statements.map((sql) => sql.split('\n')[0]), ['BEGIN', 'CREATE TABLE t (', 'ALTER TABLE t ADD COLUMN n INTEGER', 'COMMIT']);
  assert.equal(ancestorKey(environment, 'b1'), ancestorKey(buildWorkspaceIndex([root]).environments[0], 'b1'), 'same files, same key');
  assert.notEqual(ancestorKey(environment, 'b1'), ancestorKey(environment, 'a1'));
  assert.equal(ancestorKey(environment, undefined), 'base');
});

test('the lock a finding predicts is its data, never read back from its words', () => {
  assert.deepEqual(predictedLockOf(finding('x', 'no lock named in words', 1, { mode: 'ShareLock', tables: ['orders'] }))?.tables, ['orders']);
  assert.equal(predictedLockOf(finding('x', '', 1, { mode: 'ShareLock', tables: ['orders'] }))?.mode.sqlName, 'SHARE');
  assert.equal(predictedLockOf(finding('x', '', 1, { mode: 'ShareRowExclusiveLock' }))?.tables, undefined, 'no tables: any relation the statement locks');
  assert.equal(predictedLockOf(finding('x', 'takes an ACCESS EXCLUSIVE lock on "orders"', 1)), undefined, 'words alone predict nothing');
  assert.equal(predictedLockOf(finding('x', '', 1, { mode: 'NoSuchLock' })), undefined);
});

test('predictions: confirmed by the same or a stronger lock on the table, contradicted otherwise; errors by SQLSTATE', () => {
  const share = finding('create-index-not-concurrently', 'takes a SHARE lock on "orders"', 3, { mode: 'ShareLock', tables: ['orders'] });
  assert.deepEqual(checkPredictions([share], 3, [statement(3, [{ relation: 'orders', mode: 'ShareLock' }])]).map((c) => c.verdict), ['confirmed']);
  assert.deepEqual(
    checkPredictions([share], 3, [statement(3, [{ relation: 'orders', mode: 'AccessExclusiveLock' }])]).map((c) => [c.verdict, c.observed]),
    [['confirmed', 'AccessExclusiveLock on orders, already held']],
  );
  assert.deepEqual(
    checkPredictions([share], 3, [statement(3, [{ relation: 'orders', mode: 'RowExclusiveLock' }])]).map((c) => [c.verdict, c.observed]),
    [['contradicted', 'RowExclusiveLock on orders']],
  );
  assert.deepEqual(checkPredictions([share], 4, [statement(3, [])]), [], 'another line');
  const concurrently = finding('concurrently-in-transaction', 'cannot run inside a transaction block (PostgreSQL error 25001)', 5);
  assert.deepEqual(checkPredictions([concurrently], 5, [statement(5, [], { code: '25001', message: 'no' })]).map((c) => c.verdict), ['confirmed']);
  assert.deepEqual(checkPredictions([concurrently], 5, [statement(5, [])]).map((c) => [c.verdict, c.observed]), [['contradicted', 'no error']]);
});

test('table sizes: described as people say them, added to heavy-lock findings on tables the database has', () => {
  assert.equal(describeSize({ rows: 12_345_678, bytes: 3.1 * 1024 ** 3 }), 'about 12 million rows, 3.1 GB');
  assert.equal(describeSize({ rows: 20_000, bytes: 2_200_000 }), 'about 20 thousand rows, 2.1 MB');
  assert.equal(describeSize({ rows: -1, bytes: 8192 }), 'row count not yet estimated (never analyzed), 8 kB');
  const heavy = finding('column-type-change', 'ALTER COLUMN total TYPE BIGINT takes an ACCESS EXCLUSIVE lock on "orders"', 2, { mode: 'AccessExclusiveLock', tables: ['orders'] });
  const light = finding('unknown-table', 'table "orders" does not exist', 3);
  const elsewhere = finding('column-type-change', 'takes an ACCESS EXCLUSIVE lock on "invoices"', 4, { mode: 'AccessExclusiveLock', tables: ['invoices'] });
  assert.deepEqual(tablesToMeasure([heavy, light, elsewhere]), ['orders', 'invoices']);
  const sized = withTableSizes([heavy, light, elsewhere], new Map([['orders', { rows: 12e6, bytes: 3.1 * 1024 ** 3 }]]));
  assert.equal(sized[0].message, `AccessExclusiveLock on orders (about 12 million rows, 3.1 GB): ${heavy.message}`);
  assert.deepEqual(sized[0].data?.tableSize, { table: 'orders', rows: 12e6, bytes: 3.1 * 1024 ** 3 });
  assert.equal(sized[1], light);
  assert.equal(sized[2], elsewhere);
});

test('kept databases: applied once per state, reused, saved once for the next session, loaded from there', async () => {
  const { KeptDatabases } = await import('../../../server/src/lint/trace/keptDatabases');
  const opened: string[] = [];
  const saved = new Map<string, string>();
  const fake = (name: string) => ({
    session: { name } as never,
    dump: async () => new Blob([name]),
    close: async () => undefined,
  });
  const store = {
    async load(slot: string, key: string) {
      return saved.get(slot) === key ? { database: fake(`loaded:${key}`), key } : undefined;
    },
    async save(slot: string, key: string) {
      saved.set(slot, key);
    },
  };
  let applied = 0;
  // States that never continue one another: only reuse, saving and loading are at play here.
  const apply = {
    render: () => undefined,
    continues: () => false,
    async apply() {
      applied++;
      return [`state ${applied}`];
    },
  };
  const first = new KeptDatabases(async () => {
    opened.push('fresh');
    return fake('fresh');
  }, store);
  const one = await first.use('env', (database) => database.prepare('k1', apply));
  assert.deepEqual([one.reused, applied], [false, 1]);
  const two = await first.use('env', (database) => database.prepare('k1', apply));
  assert.deepEqual([two.reused, applied], [true, 1], 'the same state: nothing applied again');
  await first.closeAll();
  assert.deepEqual([...saved], [['env', 'k1']], 'saved once');
  const next = new KeptDatabases(async () => fake('fresh'), store);
  const loaded = await next.use('env', (database) => database.prepare('k1', apply));
  assert.deepEqual([loaded.reused, (loaded.session as unknown as { name: string }).name, applied], [false, 'loaded:k1', 1], 'the next session loads it');
  const other = await next.use('env', (database) => database.prepare('k2', apply));
  assert.deepEqual([other.reused, applied], [false, 2], 'another state is applied');
  await next.closeAll();
  assert.equal(saved.get('env'), 'k2');
});

test('continuation: the rest of a script that begins with the held one; the held last COMMIT reopened; anything else refused', () => {
  const parent = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'COMMIT'];
  const child = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT'];
  // One transaction for the whole script (transaction_per_migration off): the parent's COMMIT
  // ended it; the rest runs in a transaction of its own.
  assert.deepEqual(continuation(parent, child), ['BEGIN', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT']);
  // One per migration, or an autocommit block after the held part: the plain rest.
  assert.deepEqual(continuation(parent, [...parent, 'CREATE INDEX CONCURRENTLY ix ON a (id)']), ['CREATE INDEX CONCURRENTLY ix ON a (id)']);
  assert.deepEqual(continuation(parent, parent), [], 'the same script: nothing to run');
  assert.equal(continuation(child, parent), undefined, 'an older state cannot be reached');
  assert.equal(continuation(parent, ['BEGIN', 'CREATE TABLE a (id BIGINT)', 'COMMIT']), undefined, 'an edited ancestor: a fresh database');
  const local = ['BEGIN', "SET LOCAL lock_timeout = '1s'", 'CREATE TABLE a (id INTEGER)', 'COMMIT'];
  assert.equal(continuation(local, [...local.slice(0, -1), 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT']), undefined, 'a transaction-scoped setting: the held transaction cannot be split');
});

test('kept databases: the next migration extends the kept state with the rest of its script; a refused or failed extension starts fresh', async () => {
  const { KeptDatabases } = await import('../../../server/src/lint/trace/keptDatabases');
  const parent = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'COMMIT'];
  const child = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT'];
  const runs: { database: string; statements: readonly string[] }[] = [];
  let opened = 0;
  const kept = new KeptDatabases(async () => {
    const name = `db${++opened}`;
    return { session: { name } as never, dump: async () => new Blob([]), close: async () => undefined };
  });
  const scriptOf = (script: readonly string[], fail = false) => ({
    render: () => undefined,
    continues: (held: readonly string[]) => continuation(held, script) !== undefined,
    async apply(session: unknown, held?: readonly string[]) {
      const run = held ? continuation(held, script) : script;
      assert.ok(run, 'apply is called only on a database it continues');
      runs.push({ database: (session as { name: string }).name, statements: run });
      if (fail) throw new Error('relation "a" already exists');
      return script;
    },
  });
  const first = await kept.use('env', (database) => database.prepare('parent', scriptOf(parent)));
  assert.deepEqual([first.reused, first.extended ?? false], [false, false]);
  const next = await kept.use('env', (database) => database.prepare('child', scriptOf(child)));
  assert.deepEqual([next.reused, next.extended, opened], [false, true, 1], 'the same database, extended');
  assert.deepEqual(runs[1], { database: 'db1', statements: ['BEGIN', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT'] });
  assert.equal(kept.keyOf('env'), 'child');
  // Back to the parent: its state cannot be reached from the child's, so a fresh database.
  const back = await kept.use('env', (database) => database.prepare('parent', scriptOf(parent)));
  assert.deepEqual([back.extended ?? false, opened, runs[2]], [false, 2, { database: 'db2', statements: parent }]);
  // An extension that fails part way leaves no state a key names: the next trace starts fresh.
  await assert.rejects(kept.use('env', (database) => database.prepare('child', scriptOf(child, true))), /already exists/);
  assert.equal(kept.keyOf('env'), undefined);
  const retry = await kept.use('env', (database) => database.prepare('child', scriptOf(child)));
  assert.deepEqual([retry.extended ?? false, opened, runs.at(-1)], [false, 3, { database: 'db3', statements: child }]);
  // A trace that changed the database (autocommit statements) invalidates it: not extended either.
  await kept.use('env', async (database) => database.invalidate());
  await kept.use('env', (database) => database.prepare('child', scriptOf(child)));
  assert.equal(opened, 4);
  await kept.closeAll();
});

test('saved states: the statements are saved with the state; the next session loads it for its key or for a state it continues', async () => {
  const { savedStates } = await import('../../../server/src/lint/trace/savedStates');
  const { KeptDatabases } = await import('../../../server/src/lint/trace/keptDatabases');
  const fs = await import('node:fs');
  const cache = temporaryFolder('alembic-lens-states-');
  try {
    // A database is its dump's text here: opening a dump gives a database named by it.
    const database = (name: string) => ({ session: { name } as never, dump: async () => new Blob([name]), close: async () => undefined });
    const store = savedStates(async (from) => database(`loaded:${await from.text()}`), { XDG_CACHE_HOME: cache })!;
    const parent = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'COMMIT'];
    const child = ['BEGIN', 'CREATE TABLE a (id INTEGER)', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT'];
    const other = ['BEGIN', 'CREATE TABLE b (id INTEGER)', 'COMMIT'];
    await store.save('env', 'parent-key', database('db-parent'), parent);
    const exact = await store.load('env', 'parent-key');
    assert.deepEqual([exact?.key, exact?.statements, (exact?.database.session as unknown as { name: string }).name], ['parent-key', parent, 'loaded:db-parent']);
    const continues = (script: readonly string[]) => (held: readonly string[]) => continuation(held, script) !== undefined;
    const extended = await store.load('env', 'child-key', continues(child));
    assert.deepEqual([extended?.key, extended?.statements], ['parent-key', parent], 'loaded for a state it continues, with the key it holds');
    assert.equal(await store.load('env', 'other-key', continues(other)), undefined, 'not for a state it does not begin');
    assert.equal(await store.load('env', 'child-key'), undefined, 'not without the check');

    // The next session's first trace of the child: the saved parent state loaded, the rest applied, saved again as the child's.
    const runs: (readonly string[])[] = [];
    const kept = new KeptDatabases(async () => assert.fail('no fresh database: the saved one is extended'), store);
    const prepared = await kept.use('env', (db) =>
      db.prepare('child-key', {
        render: () => assert.fail('a loaded state is not opened fresh: nothing to render meanwhile'),
        continues: continues(child),
        async apply(_session, held) {
          const run = held ? continuation(held, child)! : child;
          runs.push(run);
          return child;
        },
      }),
    );
    assert.deepEqual([prepared.extended, runs], [true, [['BEGIN', 'ALTER TABLE a ADD COLUMN n INTEGER', 'COMMIT']]]);
    await kept.closeAll();
    const again = await store.load('env', 'child-key');
    assert.deepEqual([again?.key, again?.statements], ['child-key', child], 'saved as the state it now holds');
    // Saved without statements: no stale statements are left beside it.
    await store.save('env', 'bare-key', database('db-bare'));
    assert.equal((await store.load('env', 'bare-key'))?.statements, undefined);
    assert.equal(await store.load('env', 'child-key', continues(child)), undefined);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('kept databases: a fresh database opens while the script renders, and is applied once open', async () => {
  const { KeptDatabases } = await import('../../../server/src/lint/trace/keptDatabases');
  const events: string[] = [];
  let finishOpening!: () => void;
  const kept = new KeptDatabases(() => {
    events.push('open started');
    return new Promise((resolve) => {
      finishOpening = () => {
        events.push('opened');
        resolve({ session: { name: 'fresh' } as never, dump: async () => new Blob([]), close: async () => undefined });
      };
    });
  });
  const prepared = kept.use('env', (database) =>
    database.prepare('k', {
      render() {
        events.push('render');
        // Still opening: the rendering overlaps the open instead of following it.
        finishOpening();
      },
      continues: () => false,
      async apply(session) {
        events.push(`apply on ${(session as unknown as { name: string }).name}`);
        return ['BEGIN', 'COMMIT'];
      },
    }),
  );
  assert.equal((await prepared).reused, false);
  assert.deepEqual(events, ['open started', 'render', 'opened', 'apply on fresh']);
  await kept.closeAll();

  // A render that throws leaves no database open behind it.
  let closed = 0;
  const failing = new KeptDatabases(async () => ({ session: {} as never, dump: async () => new Blob([]), close: async () => void closed++ }));
  const throwing = { render: () => { throw new Error('cannot render'); }, continues: () => false, apply: async () => [] };
  await assert.rejects(failing.use('env', (database) => database.prepare('k', throwing)), /cannot render/);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(closed, 1);
});

test('single-use database: renders while its session opens; a session that fails to open is reported by prepare, never unhandled', async () => {
  const { singleUseDatabase } = await import('../../../server/src/lint/trace/freshDatabase');
  const events: string[] = [];
  let finishOpening!: (session: never) => void;
  const database = singleUseDatabase(new Promise((resolve) => (finishOpening = resolve)));
  const prepared = await database.prepare('k', {
    render() {
      events.push('render');
      finishOpening({ name: 'opened' } as never);
    },
    continues: () => false,
    async apply(session) {
      events.push(`apply on ${(session as unknown as { name: string }).name}`);
      return [];
    },
  });
  assert.deepEqual([events, (prepared.session as unknown as { name: string }).name], [['render', 'apply on opened'], 'opened']);
  // Rejected before anyone awaits it (the trace may fail earlier and never prepare): no unhandled rejection.
  const failing = singleUseDatabase(Promise.reject(new Error('no PGlite here')));
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(failing.prepare('k', { render: () => undefined, continues: () => false, apply: async () => [] }), /no PGlite here/);
});
