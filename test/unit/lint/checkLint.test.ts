// The safety lint through `alembic-lens check`: findings in text, JSON and SARIF, exit codes,
// --select / --ignore / --since, [tool.alembic-lens] from pyproject.toml, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';

async function check(root: string, args: string[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', root, ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: root,
    env: { ALEMBIC_LENS_DOCS_URL: 'https://example.com/rules', ALEMBIC_LENS_CACHE: 'off' },
  });
  return { code, stdout, stderr };
}

/** a1 creates orders; b2 indexes it without CONCURRENTLY; c3 drops a column. */
function history(): string {
  return makeEnvironment({
    'a1.py': `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`,
    'b2.py': `${headerOf('b2', 'a1')}def upgrade():\n    op.create_index("ix_orders_note", "orders", ["note"])\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n`,
    'c3.py': `${headerOf('c3', 'b2')}def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_orders_id ON orders (id)")\n\ndef downgrade():\n    op.execute("DROP INDEX ix_orders_id")\n`,
  });
}

function codes(stdout: string): string[] {
  return (JSON.parse(stdout).problems as { code: string; file: string; line: number }[]).map((problem) => `${problem.code}@${path.basename(problem.file)}:${problem.line}`).sort();
}

test('findings are problems of check: text lines, exit 1 for an error-level finding', async () => {
  const root = history();
  const result = await check(root);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stdout, /^versions\/b2\.py:8:5: warning create-index-not-concurrently: CREATE INDEX ix_orders_note without CONCURRENTLY/m);
  assert.match(result.stdout, /^versions\/c3\.py:8:17: error concurrently-in-transaction: /m);
  assert.match(result.stdout, /^versions\/c3\.py:11:17: warning drop-index-not-concurrently: /m);
});

test('--select, --ignore and --since narrow the lint; the JSON format carries the findings', async () => {
  const root = history();
  assert.deepEqual(codes((await check(root, ['--format', 'json', '--select', 'create-index-not-concurrently'])).stdout), ['create-index-not-concurrently@b2.py:8']);
  assert.deepEqual(codes((await check(root, ['--format', 'json', '--ignore', 'concurrently-in-transaction,drop-index-not-concurrently'])).stdout), ['create-index-not-concurrently@b2.py:8']);
  // After b2: only c3 is reported, though the replay still knows orders from a1.
  assert.deepEqual(codes((await check(root, ['--format', 'json', '--since', 'b2'])).stdout), ['concurrently-in-transaction@c3.py:8', 'drop-index-not-concurrently@c3.py:11']);
  assert.deepEqual(codes((await check(root, ['--format', 'json', '--since', 'c3'])).stdout), []);
});

test('SARIF lists the lint rules with their help links and reports the findings against them', async () => {
  const root = history();
  const sarif = JSON.parse((await check(root, ['--format', 'sarif'])).stdout);
  const rules = sarif.runs[0].tool.driver.rules as { id: string; helpUri: string }[];
  const rule = rules.find((candidate) => candidate.id === 'concurrently-in-transaction');
  assert.equal(rule?.helpUri, 'https://example.com/rules/concurrently-in-transaction.md');
  const result = (sarif.runs[0].results as { ruleId: string; level: string }[]).find((candidate) => candidate.ruleId === 'concurrently-in-transaction');
  assert.equal(result?.level, 'error');
});

test('GitHub annotations carry the findings', async () => {
  const root = history();
  const result = await check(root, ['--format', 'github']);
  assert.match(result.stdout, /^::error .*c3\.py.*concurrently-in-transaction/m);
});

test('[tool.alembic-lens] in pyproject.toml: ignore, severity, since; the command line adds to it', async () => {
  const root = history();
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.alembic-lens]\nignore = ["drop-index-not-concurrently"]\nseverity = { create-index-not-concurrently = "error" }\n');
  const result = await check(root, ['--format', 'json']);
  const problems = JSON.parse(result.stdout).problems as { code: string; severity: string }[];
  assert.deepEqual(problems.map((problem) => `${problem.code}:${problem.severity}`).sort(), ['concurrently-in-transaction:error', 'create-index-not-concurrently:error']);
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.alembic-lens]\nsince = "b2"\n');
  assert.deepEqual(codes((await check(root, ['--format', 'json', '--ignore', 'drop-index-not-concurrently'])).stdout), ['concurrently-in-transaction@c3.py:8']);
});

test('a bad [tool.alembic-lens] value is a located config problem, not a crash', async () => {
  const root = history();
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.alembic-lens]\npostgresql-version = "fourteen"\n');
  const result = await check(root, ['--format', 'json']);
  const problem = (JSON.parse(result.stdout).problems as { code: string; file: string; line: number; message: string }[]).find((candidate) => candidate.code === 'invalid-config-value');
  assert.ok(problem, result.stdout);
  assert.equal(path.basename(problem.file), 'pyproject.toml');
  assert.equal(problem.line, 2);
  assert.match(problem.message, /postgresql-version/);
});

test('usage errors: an unknown code, a --since that is no revision (exit 2, one line, no stack)', async () => {
  const root = history();
  const unknown = await check(root, ['--select', 'no-such-rule']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--select: unknown lint code no-such-rule/);
  // A code of another layer is always reported: the message says so instead of "unknown".
  const engineCode = await check(root, ['--select', 'opaque-step']);
  assert.equal(engineCode.code, 2);
  assert.match(engineCode.stderr, /--select: opaque-step is not a safety-lint rule: it is reported whatever --select and --ignore say/);
  const since = await check(root, ['--since', 'zzz']);
  assert.equal(since.code, 2);
  assert.match(since.stderr, /--since: zzz is not a revision/);
  assert.doesNotMatch(since.stderr + unknown.stderr, /\n\s+at /);
});

test('--headers-only skips the lint', async () => {
  const root = history();
  const result = await check(root, ['--headers-only']);
  assert.equal(result.code, 0);
  assert.doesNotMatch(result.stdout, /create-index-not-concurrently/);
});

test('the disk cache of readings gives the same findings, and an edited file is read again', async () => {
  const root = history();
  const cacheDir = fs.mkdtempSync(path.join(root, 'cache-'));
  const run = async () => {
    let stdout = '';
    await runCli(['check', root, '--format', 'json'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: root, env: { ALEMBIC_LENS_CACHE_DIR: cacheDir } });
    return codes(stdout);
  };
  const fresh = await run();
  assert.ok(fs.readdirSync(cacheDir).some((name) => name.startsWith('lint-')), 'a lint pack was written');
  assert.deepEqual(await run(), fresh);
  const b2 = path.join(root, 'versions', 'b2.py');
  fs.writeFileSync(b2, fs.readFileSync(b2, 'utf8').replace('op.create_index("ix_orders_note", "orders", ["note"])', 'op.drop_column("orders", "note")'));
  const edited = await run();
  assert.ok(edited.includes('drop-column@b2.py:8'), edited.join());
  assert.ok(!edited.includes('create-index-not-concurrently@b2.py:8'));
});

// Held-out sweep BL: in a workspace of several environments a --since (or pyproject's since)
// naming a revision of one of them failed the whole run, against docs/settings.md; it now
// narrows that environment, leaves the others whole, and fails only where it names none.
test('several environments: a since of one of them narrows it and leaves the others whole; one of none is an error', async () => {
  const workspace = fs.mkdtempSync(path.join(path.dirname(history()), 'two-environments-'));
  for (const name of ['shop', 'billing']) fs.cpSync(history(), path.join(workspace, name), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'billing', 'versions', 'a1.py'), fs.readFileSync(path.join(workspace, 'billing', 'versions', 'a1.py'), 'utf8').replace('revision = "a1"', 'revision = "x1"'));
  for (const file of ['b2.py']) {
    const at = path.join(workspace, 'billing', 'versions', file);
    fs.writeFileSync(at, fs.readFileSync(at, 'utf8').replace('revision = "b2"', 'revision = "x2"').replace('down_revision = "a1"', 'down_revision = "x1"'));
  }
  fs.rmSync(path.join(workspace, 'billing', 'versions', 'c3.py'));
  const narrowed = await check(workspace, ['--format', 'json', '--since', 'b2']);
  assert.equal(narrowed.code, 1, narrowed.stderr);
  const found = (JSON.parse(narrowed.stdout).problems as { code: string; file: string }[]).map((problem) => `${problem.code}@${problem.file.split(/[\\/]/).slice(-3).join('/')}`).sort();
  // shop: only c3 (after b2); billing: everything (b2 is none of its revisions).
  assert.deepEqual(found, [
    'concurrently-in-transaction@shop/versions/c3.py',
    'create-index-not-concurrently@billing/versions/b2.py',
    'drop-index-not-concurrently@billing/versions/b2.py',
    'drop-index-not-concurrently@shop/versions/c3.py',
  ]);
  const nowhere = await check(workspace, ['--since', 'zzz']);
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /--since: zzz is not a revision of any of the 2 environments found/);
});
