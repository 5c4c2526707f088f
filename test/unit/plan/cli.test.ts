import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

process.env.ALEMBIC_LENS_CACHE_DIR = temporaryFolder('plan-cli-');
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sql');

async function run(cwd: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: process.env });
  return { code, stdout, stderr };
}

/** A copy of a fixture, so tests may edit its migrations. */
function copyFixture(name: string): string {
  const dir = temporaryFolder(`plan-cli-${name}-`);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** The fixture's env.py raises online (as Alembic would fail there, Lens refuses): a copy with an online path. */
function copyWithOnlinePath(name: string): string {
  const dir = copyFixture(name);
  const envPy = path.join(dir, 'env.py');
  const online = `    from sqlalchemy import engine_from_config, pool

    with engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool).connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
`;
  const text = fs.readFileSync(envPy, 'utf8');
  const replaced = text.replace('    raise SystemExit("these fixtures are only run offline (--sql)")\n', online);
  assert.notEqual(replaced, text);
  fs.writeFileSync(envPy, replaced);
  return dir;
}

test('without --sql, upgrade/downgrade/stamp connect to sqlalchemy.url; a refused connection exits 2 without the password', async () => {
  // Nothing listens on port 1, so the connection is refused.
  const dir = copyWithOnlinePath('linear');
  for (const args of [['upgrade', 'head'], ['downgrade', 'base'], ['stamp', 'head']]) {
    const result = await run(dir, [...args, '--url', 'postgresql://user:secret@127.0.0.1:1/linear']);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cannot connect to user@127\.0\.0\.1:1\/linear/);
    assert.ok(!result.stderr.includes('secret'), result.stderr);
  }
});

test('online options cannot be combined with --sql', async () => {
  const result = await run(path.join(FIXTURES, 'linear'), ['upgrade', 'head', '--sql', '--url', 'postgresql://h/d']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--url cannot be used with --sql/);
});

test('--format pretty-prints each statement and keeps the layout', async () => {
  const result = await run(path.join(FIXTURES, 'linear'), ['upgrade', 'head', '--sql', '--format']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^BEGIN;\n\nCREATE TABLE\n  alembic_version \(|^BEGIN;\n\nCREATE TABLE alembic_version \(\n  version_num/);
  assert.match(result.stdout, /-- Running upgrade  -> 1a2b3c4d5e6f\n\n/);
  assert.match(result.stdout, /COMMIT;\n\n$/);
});

test('opaque steps fail the command with file:line and reason, unless --allow-opaque', async () => {
  const dir = copyFixture('linear');
  const file = fs.readdirSync(path.join(dir, 'versions')).find((name) => name.startsWith('2b3c'))!;
  const full = path.join(dir, 'versions', file);
  fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace('    op.execute("ALTER TABLE account ADD COLUMN name TEXT")', '    for name in names():\n        op.execute(name)'));
  const refused = await run(dir, ['upgrade', 'head', '--sql']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, new RegExp(`FAILED: 1 step\\(s\\) cannot be rendered statically[^]*versions/${file}:\\d+: upgrade\\(\\) of 2b3c4d5e6f7a: `));
  const allowed = await run(dir, ['upgrade', 'head', '--sql', '--allow-opaque']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /-- Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f7a\n\n-- alembic-lens: opaque step at .*:\d+ not rendered \(.*\)\n-- for name in names\(\):/);
});

test('a step Alembic fails on too is refused even with --allow-opaque: no script claims a run that cannot happen', async () => {
  // microbiomedata/nmdc-server's 23ef8096759e has no downgrade() (held-out sweep AD): Alembic raises AttributeError.
  const dir = copyFixture('linear');
  const file = fs.readdirSync(path.join(dir, 'versions')).find((name) => name.startsWith('2b3c'))!;
  const full = path.join(dir, 'versions', file);
  const text = fs.readFileSync(full, 'utf8');
  fs.writeFileSync(full, text.slice(0, text.indexOf('def downgrade')));
  const result = await run(dir, ['downgrade', 'head:base', '--sql', '--allow-opaque']);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, new RegExp(`FAILED: Alembic fails here too, so no script is printed[^]*versions/${file}:\\d+: downgrade\\(\\) of 2b3c4d5e6f7a: the migration has no downgrade\\(\\) function`));
  // The upgrade, which has its function, still prints.
  assert.equal((await run(dir, ['upgrade', 'head', '--sql', '--allow-opaque'])).code, 0);
});

test('a step that fails once per item of an unrolled loop is listed once, with the count', async () => {
  const dir = copyFixture('linear');
  const file = fs.readdirSync(path.join(dir, 'versions')).find((name) => name.startsWith('2b3c'))!;
  const full = path.join(dir, 'versions', file);
  // Each item's statement is an unbound text parameter (not rendered), three times on one line.
  fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace('    op.execute("ALTER TABLE account ADD COLUMN name TEXT")', '    for key in ("a", "b", "c"):\n        op.execute(sa.text("UPDATE account SET name = :name"))'));
  const refused = await run(dir, ['upgrade', 'head', '--sql']);
  assert.equal(refused.code, 1);
  // Counted once in the headline too: the line says how many times it ran.
  assert.match(refused.stderr, /FAILED: 1 step\(s\) cannot be rendered statically/);
  const listed = refused.stderr.split('\n').filter((line) => line.includes(`versions/${file}:`));
  assert.equal(listed.length, 1, refused.stderr);
  assert.match(listed[0], /\(3 times\)$/);
});

test('a changed migration is recompiled on the next run (the cache is keyed by content)', async () => {
  const dir = copyFixture('linear');
  const first = await run(dir, ['upgrade', 'head', '--sql']);
  assert.match(first.stdout, /ADD COLUMN name TEXT;/);
  const file = path.join(dir, 'versions', fs.readdirSync(path.join(dir, 'versions')).find((name) => name.startsWith('2b3c'))!);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('ADD COLUMN name TEXT', 'ADD COLUMN title TEXT'));
  const second = await run(dir, ['upgrade', 'head', '--sql']);
  assert.match(second.stdout, /ADD COLUMN title TEXT;/);
  assert.doesNotMatch(second.stdout, /ADD COLUMN name TEXT;/);
});

test('coverage reports understood revisions per environment and each opaque step', async () => {
  const dir = copyFixture('linear');
  const file = path.join(dir, 'versions', fs.readdirSync(path.join(dir, 'versions')).find((name) => name.startsWith('3c4d'))!);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('    op.execute("DROP INDEX ix_account_name")', '    helpers.drop_everything(op)'));
  const text = await run(dir, ['coverage']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /alembic.ini \[alembic\]: 2 of 3 revisions fully understood \(66.7%\)/);
  assert.match(text.stdout, /versions\/3c4d5e6f7a8b_index_name.py:\d+: 3c4d5e6f7a8b downgrade\(\): /);
  const json = await run(dir, ['coverage', '--json', '--fail-on-opaque']);
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout) as { environments: { total: number; understood: number; partial: { revision: string }[] }[] };
  assert.deepEqual(
    report.environments.map((e) => [e.total, e.understood, e.partial.map((p) => p.revision)]),
    [[3, 2, ['3c4d5e6f7a8b']]],
  );
});

test('a branch label written as an imported constant resolves for --sql targets (cold and cached runs)', async () => {
  const project = path.join(__dirname, '..', '..', 'fixtures', 'project', 'expand_contract');
  for (const round of ['cold', 'cached']) {
    const result = await run(project, ['upgrade', 'expand@head', '--sql', '--allow-opaque']);
    assert.equal(result.code, 0, `${round}: ${result.stderr}`);
    assert.match(result.stdout, /-- Running upgrade  -> liberty_expand\n/, round);
    assert.match(result.stdout, /-- Running upgrade liberty_expand -> mitaka_expand01\n/, round);
    assert.doesNotMatch(result.stdout, /-> [a-z_]*contract/, `${round}: only the expand branch is upgraded`);
  }
});

test('the same migration text in two checkouts compiles against each checkout\'s own modules (the cache key includes the path)', async () => {
  const first = copyFixture('app_types');
  const second = copyFixture('app_types');
  const types = path.join(second, 'myapp', 'types.py');
  // The second checkout's GUID is INET on PostgreSQL (another branch of the project).
  fs.writeFileSync(types, fs.readFileSync(types, 'utf8').replace('return dialect.type_descriptor(postgresql.UUID())', 'return dialect.type_descriptor(postgresql.INET())'));
  const fromFirst = await run(first, ['upgrade', 'head', '--sql']);
  assert.equal(fromFirst.code, 0, fromFirst.stderr);
  assert.match(fromFirst.stdout, /\bUUID\b/);
  const fromSecond = await run(second, ['upgrade', 'head', '--sql']);
  assert.equal(fromSecond.code, 0, fromSecond.stderr);
  assert.notEqual(fromSecond.stdout.replaceAll(second, first), fromFirst.stdout, 'the second checkout is not served the first one\'s compiled migration');
  assert.match(fromSecond.stdout, /\bINET\b/);
});
