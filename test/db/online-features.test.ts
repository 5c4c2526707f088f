// Differential runs of a history that uses what real projects use, against the real Alembic 1.20 on
// a real server, each tool on its own fresh database: a schema (`CREATE SCHEMA`, schema= on every
// operation), an enum type created by create_table and dropped in the downgrade, identity columns
// (in create_table and added to a filled table), batch_alter_table blocks, bulk_insert, two
// branches and their merge, stamps, a version table named by env.py, and a head that fails midway.
// After every command both databases must be identical (pg_dump of schema and data, version rows),
// in one transaction and with transaction_per_migration. Then each tool continues the other's
// database across the branches, the merge and stamps, and `current` agrees both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { alembic, dump, fixtures, freshDatabase, lens, projectWithVersions, psql, requireAlembic, rows, type Run } from './onlineHelpers';

const VERSION_TABLE = 'feature_versions';
const same = (url: string) => dump(url, { sortRows: true });
const versionRows = (url: string) => rows(url, VERSION_TABLE);

/** A migration file of the tests below: upgrade() runs `body` (a line each), downgrade() passes; `extra` follows the identifiers (they come last, so it may set them again). */
function migration(revision: string, down: string | null, body: string[] = ['pass'], extra = ''): string {
  const identifiers = `revision = ${JSON.stringify(revision)}\ndown_revision = ${down === null ? 'None' : JSON.stringify(down)}\nbranch_labels = None\ndepends_on = None\n${extra}`;
  return `"""${revision}"""\nfrom alembic import op\nimport sqlalchemy as sa\n${identifiers}\n\n\ndef upgrade():\n${body.map((line) => `    ${line}\n`).join('')}\n\ndef downgrade():\n    pass\n`;
}

/**
 * `upgrade target` by Alembic on `theirs` and by Lens on `ours`: both fail when `fails` (Lens with
 * exit 1), else both succeed; then the version rows and the whole databases are the same. Lens's run.
 */
async function upgradeBoth(ini: string, theirs: string, ours: string, target: string, fails: boolean): Promise<Run> {
  const real = alembic(ini, theirs, ['upgrade', target]);
  const run = await lens(ini, ours, ['upgrade', target]);
  assert.equal(real.status === 0, !fails, real.stderr);
  assert.equal(run.status, fails ? 1 : 0, run.stderr);
  assert.deepEqual(rows(ours), rows(theirs), `version rows after upgrade ${target}`);
  assert.equal(same(ours), same(theirs), `after upgrade ${target}`);
  return run;
}

/** `current` output as a set: with two heads, Alembic prints them in its hash-seeded set order. */
function currentLines(run: Run): string[] {
  return run.stdout.split('\n').filter(Boolean).sort();
}

for (const mode of ['features', 'features-per-migration'] as const) {
  const ini = path.join(fixtures, mode, 'alembic.ini');

  test(`${mode}: every command leaves the same database as Alembic (schemas, enums, identity, batch, bulk_insert, branches, merge, stamp, a failing head)`, async () => {
    requireAlembic();
    const theirs = freshDatabase();
    const ours = freshDatabase();
    // Each command with the failure both tools must report, if any.
    const commands: [string[], RegExp?][] = [
      [['upgrade', 'f5']],
      [['downgrade', 'base']],
      [['upgrade', 'f7']],
      [['downgrade', '-1'], /Ambiguous walk/],
      [['downgrade', 'tags@f5']],
      [['upgrade', 'tags@+1']],
      [['upgrade', 'f7']],
      [['stamp', 'f5']],
      [['stamp', 'f7']],
      [['downgrade', 'f5']],
      [['upgrade', 'f6a']],
      [['upgrade', 'heads'], /type "invoice_status" already exists/],
    ];
    for (const [args, failure] of commands) {
      const real = alembic(ini, theirs, args);
      const run = await lens(ini, ours, args);
      assert.equal(real.status === 0, !failure, `alembic ${args.join(' ')}: ${real.stderr}`);
      assert.equal(run.status, failure ? 1 : 0, `alembic-lens ${args.join(' ')}: ${run.stderr}`);
      if (failure) {
        assert.match(real.stderr, failure);
        assert.match(run.stderr, failure);
      }
      assert.equal(same(ours), same(theirs), `after ${args.join(' ')}`);
      assert.deepEqual(versionRows(ours), versionRows(theirs), `version rows after ${args.join(' ')}`);
    }
    assert.deepEqual(versionRows(ours), mode === 'features' ? ['f6a'] : ['f7']);
    const last = await lens(ini, ours, ['current']);
    assert.deepEqual(currentLines(last), currentLines(alembic(ini, theirs, ['current'])));
  });

  test(`${mode}: a failure midway after a merge leaves what Alembic leaves`, async () => {
    requireAlembic();
    const theirs = freshDatabase();
    const ours = freshDatabase();
    assert.equal(alembic(ini, theirs, ['upgrade', 'f5']).status, 0);
    assert.equal((await lens(ini, ours, ['upgrade', 'f5'])).status, 0);
    const real = alembic(ini, theirs, ['upgrade', 'head']);
    assert.notEqual(real.status, 0);
    assert.match(real.stderr, /type "invoice_status" already exists/);
    const run = await lens(ini, ours, ['upgrade', 'head']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED: f8 failed at test\/fixtures\/online\/features-versions\/f8_fails_midway\.py:18: \(42710\) type "invoice_status" already exists/);
    assert.equal(same(ours), same(theirs));
    // One transaction: everything after f5 is rolled back; per migration: f6a, f6b and f7 stay.
    assert.deepEqual(versionRows(ours), mode === 'features' ? ['f5'] : ['f7']);
    assert.deepEqual(versionRows(ours), versionRows(theirs));
  });

  test(`${mode}: each tool continues the other's database across branches, the merge and stamps; current agrees`, async () => {
    requireAlembic();
    const first = freshDatabase();
    const second = freshDatabase();
    const steps: string[][] = [
      ['upgrade', 'f6a'],
      ['upgrade', 'tags@+1'],
      ['upgrade', 'f7'],
      ['downgrade', 'tags@f5'],
      ['upgrade', 'f7'],
      ['stamp', 'tags@head'],
      ['stamp', 'f7'],
      ['downgrade', 'f5'],
      ['upgrade', 'f6a'],
    ];
    for (const [index, args] of steps.entries()) {
      // The tools alternate, starting with a different one on each database.
      const onFirst = index % 2 === 0 ? alembic(ini, first, args) : await lens(ini, first, args);
      const onSecond = index % 2 === 0 ? await lens(ini, second, args) : alembic(ini, second, args);
      assert.equal(onFirst.status, 0, `${args.join(' ')} on the first database: ${onFirst.stderr}`);
      assert.equal(onSecond.status, 0, `${args.join(' ')} on the second database: ${onSecond.stderr}`);
      assert.equal(same(first), same(second), `after ${args.join(' ')}`);
      for (const url of [first, second]) {
        assert.deepEqual(currentLines(await lens(ini, url, ['current'])), currentLines(alembic(ini, url, ['current'])), `current after ${args.join(' ')}`);
      }
    }
    assert.deepEqual(versionRows(first), ['f6a']);
    assert.deepEqual(versionRows(second), ['f6a']);
  });
}

test('current: a revision the rows depend on (not below another along down_revision) is printed too, as Alembic prints it', async () => {
  requireAlembic();
  const ini = projectWithVersions('lens-current-depends-', {
    'b0.py': migration('b0', null),
    'c1.py': migration('c1', 'b0'),
    'c2.py': migration('c2', 'c1'),
    'd1.py': migration('d1', null, ['pass'], 'branch_labels = ("gamma",)\ndepends_on = "c1"'),
    'd2.py': migration('d2', 'd1'),
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const args of [['upgrade', 'gamma@head'], ['stamp', 'c2', 'd1'], ['stamp', 'b0', 'd1'], ['stamp', 'heads']]) {
    assert.equal(alembic(ini, theirs, args).status, 0, args.join(' '));
    assert.equal((await lens(ini, ours, args)).status, 0, args.join(' '));
    const real = currentLines(alembic(ini, theirs, ['current']));
    assert.deepEqual(currentLines(await lens(ini, ours, ['current'])), real, `current after ${args.join(' ')}`);
    if (args[1] === 'gamma@head') assert.deepEqual(real, ['c1', 'd2 (head)']);
  }
});

test('transaction_per_migration set only in the online configure() call: a failing third revision leaves the first two committed, as Alembic does', async () => {
  requireAlembic();
  const ini = projectWithVersions('lens-online-per-migration-', {
    'r1.py': migration('r1', null, ['op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))']),
    'r2.py': migration('r2', 'r1', ['op.create_table("t2", sa.Column("id", sa.Integer, primary_key=True))']),
    'r3.py': migration('r3', 'r2', ['op.create_table("t3", sa.Column("id", sa.Integer, primary_key=True))', 'op.execute("SELECT 1/0")']),
  });
  const envPy = path.join(path.dirname(ini), 'env.py');
  // The usual two functions: the offline call without the flag, the online call with it.
  const text = fs.readFileSync(envPy, 'utf8')
    .replace('context.configure(connection=connection, target_metadata=None)', 'context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)')
    .replace(/\nrun_migrations_online\(\)\n$/, '\n\ndef run_migrations_offline() -> None:\n    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)\n    with context.begin_transaction():\n        context.run_migrations()\n\n\nif context.is_offline_mode():\n    run_migrations_offline()\nelse:\n    run_migrations_online()\n');
  assert.match(text, /transaction_per_migration=True/);
  assert.match(text, /is_offline_mode/);
  fs.writeFileSync(envPy, text);
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const real = alembic(ini, theirs, ['upgrade', 'head']);
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.notEqual(real.status, 0);
  assert.equal(run.status, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /is not a literal/);
  assert.deepEqual(rows(theirs), ['r2']);
  assert.deepEqual(rows(ours), ['r2']);
  assert.equal(same(ours), same(theirs));
});

test('a COMMIT written in a migration: what follows runs outside a transaction, as Alembic runs it with psycopg2 (CREATE INDEX CONCURRENTLY after it succeeds; a failure later keeps what ran)', async () => {
  requireAlembic();
  const ini = projectWithVersions('lens-online-commit-', {
    'r1.py': migration('r1', null, ['op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))', 'op.execute("COMMIT")', 'op.execute("CREATE INDEX CONCURRENTLY ix_t1 ON t1 (id)")', 'op.create_table("t2", sa.Column("id", sa.Integer, primary_key=True))']),
    'r2.py': migration('r2', 'r1', ['op.create_table("t3", sa.Column("id", sa.Integer, primary_key=True))']),
    'r3.py': migration('r3', 'r2', ['op.create_table("t4", sa.Column("id", sa.Integer, primary_key=True))', 'op.execute("COMMIT")', 'op.create_table("t5", sa.Column("id", sa.Integer, primary_key=True))', 'op.execute("SELECT 1/0")']),
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const [target, fails] of [['r2', false], ['r3', true]] as const) {
    const run = await upgradeBoth(ini, theirs, ours, target, fails);
    if (fails) {
      // The report says what stays: t4 committed by the migration's COMMIT, t5 run outside a transaction.
      assert.match(run.stderr, /partly committed \(statements before an autocommit block or a COMMIT in the migration\): r3/);
      assert.match(run.stderr, /after a COMMIT in the migration \(these stay\):\n.*r3\.py:\d+: CREATE TABLE t5/);
    }
  }
  assert.deepEqual(rows(ours), ['r2']);
  assert.equal(psql(ours, "SELECT count(*) FROM pg_tables WHERE tablename IN ('t4', 't5')").trim(), '2');
});

test('COMMIT AND CHAIN written in a migration: what came before is committed, what follows runs in the transaction it opens (kept on success, rolled back on a failure), as Alembic runs it', async () => {
  requireAlembic();
  const table = (name: string) => `op.create_table("${name}", sa.Column("id", sa.Integer, primary_key=True))`;
  const ini = projectWithVersions('lens-online-chain-', {
    'r1.py': migration('r1', null, [table('t1'), 'op.execute("COMMIT AND CHAIN")', table('t2')]),
    'r2.py': migration('r2', 'r1', [table('t3'), 'op.execute("COMMIT AND CHAIN")', table('t4'), 'op.execute("SELECT 1/0")']),
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const [target, fails] of [['r1', false], ['r2', true]] as const) {
    const run = await upgradeBoth(ini, theirs, ours, target, fails);
    if (fails) assert.match(run.stderr, /partly committed \(statements before an autocommit block or a COMMIT in the migration\): r2/);
  }
  assert.deepEqual(rows(ours), ['r1']);
  // t3 was committed by the chain; t4 ran in the chained transaction that the failure rolled back.
  assert.equal(psql(ours, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE 't_'").trim(), 't1,t2,t3');
});

test('bulk_insert with a row key its table() does not declare: the live run leaves the key out (multiinsert, the default) or fails (multiinsert=False), as Alembic runs it; --sql fails with KeyError on both', async () => {
  requireAlembic();
  const lines = (multiinsert: string) => [
    'op.create_table("corp_types", sa.Column("code", sa.String(), primary_key=True), sa.Column("description", sa.String()))',
    't = sa.table("corp_types", sa.column("code", sa.String), sa.column("desc", sa.String))',
    `op.bulk_insert(t, [{"code": "X", "description": "d"}]${multiinsert})`,
  ];
  for (const [multiinsert, fails] of [['', false], [', multiinsert=False', true]] as const) {
    const ini = projectWithVersions('lens-online-bulk-', { 'r1.py': migration('r1', null, lines(multiinsert)) });
    const theirs = freshDatabase();
    const ours = freshDatabase();
    // (No version table on either side after the failing one: rows() would fail; the dumps say it.)
    const real = alembic(ini, theirs, ['upgrade', 'head']);
    const run = await lens(ini, ours, ['upgrade', 'head']);
    assert.equal(real.status === 0, !fails, real.stderr);
    assert.equal(run.status === 0, !fails, run.stderr);
    assert.equal(same(ours), same(theirs), `multiinsert${multiinsert || ' default'}`);
    if (!fails) assert.equal(psql(ours, 'SELECT code || coalesce(description, \'(null)\') FROM corp_types').trim(), 'X(null)');
    const offline = await lens(ini, ours, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic(ini, theirs, ['upgrade', 'head', '--sql']).status, 0);
    assert.equal(offline.status, 1);
    assert.match(offline.stderr, /KeyError: 'description'|Unconsumed column names: description/);
  }
});

test('env.py that begins its own transaction (connectable.begin()): one transaction whatever transaction_per_migration says, and autocommit_block() fails, as with Alembic', async () => {
  requireAlembic();
  const project = (failing: string[]) => {
    const ini = projectWithVersions('lens-online-external-', {
      'r1.py': migration('r1', null, ['op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))']),
      'r2.py': migration('r2', 'r1', ['op.create_table("t2", sa.Column("id", sa.Integer, primary_key=True))']),
      'r3.py': migration('r3', 'r2', failing),
    });
    const envPy = path.join(path.dirname(ini), 'env.py');
    const text = fs.readFileSync(envPy, 'utf8')
      .replace('with connectable.connect() as connection:', 'with connectable.begin() as connection:')
      .replace('context.configure(connection=connection, target_metadata=None)', 'context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)');
    assert.match(text, /connectable\.begin\(\) as connection/);
    fs.writeFileSync(envPy, text);
    return ini;
  };
  const cases: [string, string[], RegExp][] = [
    ['a failure in r3', ['op.create_table("t3", sa.Column("id", sa.Integer, primary_key=True))', 'op.execute("SELECT 1/0")'], /division by zero/],
    ['autocommit_block() in r3', ['with op.get_context().autocommit_block():', '    op.execute("CREATE INDEX CONCURRENTLY ix_t1 ON t1 (id)")'], /autocommit_block/],
  ];
  for (const [name, body, failure] of cases) {
    const ini = project(body);
    const theirs = freshDatabase();
    const ours = freshDatabase();
    const real = alembic(ini, theirs, ['upgrade', 'head']);
    const run = await lens(ini, ours, ['upgrade', 'head']);
    assert.notEqual(real.status, 0, name);
    assert.equal(run.status, 1, `${name}: ${run.stderr}`);
    assert.match(run.stderr, failure, name);
    // Nothing is committed on either side: env.py's one transaction is rolled back.
    assert.equal(same(ours), same(theirs), name);
    assert.equal(psql(theirs, "SELECT count(*) FROM pg_tables WHERE tablename IN ('t1', 'alembic_version')").trim(), '0', name);
  }
});

test('current -v and --check-heads, as Alembic prints and fails them', async () => {
  requireAlembic();
  const ini = path.join(fixtures, 'features', 'alembic.ini');
  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const url of [theirs, ours]) assert.equal(alembic(ini, url, ['upgrade', 'f5']).status, 0);
  const real = alembic(ini, theirs, ['current', '--check-heads']);
  const run = await lens(ini, ours, ['current', '--check-heads']);
  assert.notEqual(real.status, 0);
  assert.equal(run.status, 1, run.stderr);
  assert.match(real.stderr + real.stdout, /Database is not on all head revisions/);
  assert.match(run.stderr, /Database is not on all head revisions/);
  assert.equal(run.stdout, '');
  const verboseReal = alembic(ini, theirs, ['current', '-v']);
  const verbose = await lens(ini, ours, ['current', '-v']);
  assert.equal(verbose.status, 0, verbose.stderr);
  // The header names the URL (masked); the revision's verbose form follows, the same as Alembic's.
  assert.match(verbose.stdout, /^Current revision\(s\) for postgresql/);
  // Alembic lists "Branches into" in its set order, which its hash seed decides.
  const body = (text: string) => text.split('\n').slice(1).join('\n').replace(/(Branches into: )(.*)/g, (_line, head: string, list: string) => head + list.split(', ').sort().join(', '));
  assert.equal(body(verbose.stdout), body(verboseReal.stdout));
});

test('version_table_schema read from alembic.ini: the version row lands in the same schema as Alembic puts it; one env.py computes at run time is refused before anything runs', async () => {
  requireAlembic();
  const ini = projectWithVersions('lens-online-version-schema-', {
    'r1.py': migration('r1', null, ['op.create_table("t1", sa.Column("id", sa.Integer, primary_key=True))']),
  });
  fs.appendFileSync(ini, '\n[app]\nschema = versions_here\n');
  const envPy = path.join(path.dirname(ini), 'env.py');
  const original = fs.readFileSync(envPy, 'utf8');
  const withSchema = (expression: string) =>
    original.replace('context.configure(connection=connection, target_metadata=None)', `schema = ${expression}\n        context.configure(connection=connection, target_metadata=None, version_table_schema=schema)`);
  fs.writeFileSync(envPy, withSchema('config.get_section_option("app", "schema")'));
  const theirs = freshDatabase();
  const ours = freshDatabase();
  for (const url of [theirs, ours]) psql(url, 'CREATE SCHEMA versions_here');
  assert.equal(alembic(ini, theirs, ['upgrade', 'head']).status, 0);
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(psql(ours, 'SELECT version_num FROM versions_here.alembic_version').trim(), 'r1');
  assert.equal(psql(ours, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'alembic_version'").trim(), '0');
  assert.equal(same(ours), same(theirs));

  fs.writeFileSync(envPy, withSchema('os.environ.get("ALEMBIC_LENS_TEST_SCHEMA", "VERSIONS_HERE").lower()'));
  const untouched = freshDatabase();
  const before = same(untouched);
  const refused = await lens(ini, untouched, ['upgrade', 'head']);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /version_table_schema in env\.py is not known statically/);
  assert.match(refused.stderr, /online-version-table-unknown/);
  assert.equal(same(untouched), before);
});

test('JSON and JSONB values in bulk_insert and an UPDATE: a live run stores what Alembic stores (json.dumps text, as SQLAlchemy binds it); --sql still refuses, as Alembic fails there', async () => {
  requireAlembic();
  const ini = projectWithVersions('lens-online-json-', {
    'r1.py': migration('r1', null, [
      'op.create_table("settings", sa.Column("id", sa.Integer, primary_key=True), sa.Column("doc", sa.JSON), sa.Column("docb", postgresql.JSONB), sa.Column("nn", sa.JSON))',
      'settings = sa.table("settings", sa.column("id", sa.Integer), sa.column("doc", sa.JSON), sa.column("docb", postgresql.JSONB), sa.column("nn", sa.JSON(none_as_null=True)))',
      'op.bulk_insert(settings, [',
      '    {"id": 1, "doc": {"b": [1, 2.5, None], "a": "\\u00e9 \\"q\\" 100%"}, "docb": {"z": True, "y": {"x": []}}},',
      '    {"id": 2, "doc": ["it\'s", -3, False], "docb": "plain text", "nn": {"k": 1}},',
      '    {"id": 3, "doc": 7, "docb": None, "nn": None},',
      '])',
      'op.execute(settings.update().where(settings.c.id == 3).values(doc={"updated": ["yes"]}))',
    ], 'from sqlalchemy.dialects import postgresql\n'),
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const real = alembic(ini, theirs, ['upgrade', 'head']);
  assert.equal(real.status, 0, real.stderr);
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  const stored = (url: string) => psql(url, "SELECT id, doc::text, docb::text, coalesce(nn::text, 'SQL NULL') FROM settings ORDER BY id");
  assert.equal(stored(ours), stored(theirs));
  // None is JSON's null, but SQL NULL in a column declared none_as_null=True.
  assert.match(stored(ours), /\n3\|\{"updated": \["yes"\]\}\|null\|SQL NULL\n/);
  assert.match(stored(ours), /\{"b": \[1, 2\.5, null\], "a": "\\u00e9 \\"q\\" 100%"\}/);
  assert.equal(same(ours), same(theirs));
  const offline = await lens(ini, '', ['upgrade', 'head', '--sql']);
  assert.notEqual(offline.status, 0);
  assert.match(offline.stderr, /no literal rendering for a dict in a JSON column/);
});

test('bulk_insert rows with other keys than the first row: a live run leaves a later row\'s extra keys out, and fails on a later row that lacks one, as Alembic\'s executemany does', async () => {
  requireAlembic();
  const table = 'sa.table("s", sa.column("id", sa.Integer), sa.column("a", sa.Integer), sa.column("b", sa.Integer))';
  const project = (rows: string) =>
    projectWithVersions('lens-online-rows-', {
      'r1.py': migration('r1', null, ['op.create_table("s", sa.Column("id", sa.Integer), sa.Column("a", sa.Integer), sa.Column("b", sa.Integer))']),
      'r2.py': migration('r2', 'r1', [`op.bulk_insert(${table}, ${rows})`]),
    });
  const extra = project('[{"id": 1, "a": 1}, {"id": 2, "a": 2, "b": 2}]');
  const theirs = freshDatabase();
  const ours = freshDatabase();
  assert.equal(alembic(extra, theirs, ['upgrade', 'head']).status, 0);
  const run = await lens(extra, ours, ['upgrade', 'head']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(psql(ours, 'SELECT id, a, b FROM s ORDER BY id'), '1|1|\n2|2|\n');
  assert.equal(same(ours), same(theirs));

  const lacking = project('[{"id": 1, "a": 1, "b": 1}, {"id": 2, "a": 2}]');
  const theirs2 = freshDatabase();
  const ours2 = freshDatabase();
  for (const url of [theirs2, ours2]) assert.equal(alembic(lacking, url, ['upgrade', 'r1']).status, 0);
  const real = alembic(lacking, theirs2, ['upgrade', 'head']);
  assert.notEqual(real.status, 0);
  assert.match(real.stderr, /A value is required for bind parameter 'b', in parameter group 1/);
  const refused = await lens(lacking, ours2, ['upgrade', 'head']);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /row 2 has no "b": SQLAlchemy raises StatementError/);
  assert.match(refused.stderr, /Alembic fails here too/);
  assert.equal(same(ours2), same(theirs2));
  assert.deepEqual(rows(ours2), ['r1']);
});

test('a failure after an autocommit block that opens its migration: the migration is not called partly committed (none of its statements ran before the block; sweep S), only the block is listed as applied; the database is as Alembic leaves it', async () => {
  requireAlembic();
  const table = (name: string) => `op.create_table("${name}", sa.Column("id", sa.Integer, primary_key=True))`;
  const ini = projectWithVersions('lens-online-autocommit-partial-', {
    'r1.py': migration('r1', null, [table('t1')]),
    'r2.py': migration('r2', 'r1', ['with op.get_context().autocommit_block():', '    op.execute("CREATE TABLE in_block (id int)")', table('t2'), 'op.execute("SELECT 1/0")']),
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const run = await upgradeBoth(ini, theirs, ours, 'r2', true);
  assert.doesNotMatch(run.stderr, /partly committed/);
  assert.match(run.stderr, /committed before the failure: r1/);
  assert.match(run.stderr, /\(these stay\):\n.*r2\.py:\d+: CREATE TABLE in_block/);
  assert.deepEqual(rows(ours), ['r1']);
  assert.deepEqual(rows(ours), rows(theirs));
});
