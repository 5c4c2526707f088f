// The CLI as users run it: the bundle in dist/, whose main program is loaded through vm.Script
// with its V8 code cache (common/codeCache.ts). Code that works from source can fail there: a
// dynamic import() has no loader in a vm.Script ("A dynamic import callback was not specified"),
// which broke every `alembic-lens trace` while the in-process tests passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from '../lint/fixtureHistory';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

test('the bundled main program makes no dynamic import() (it runs in a vm.Script, which has no loader for one)', () => {
  assert.ok(fs.existsSync(cli), 'dist/ is not built: run `node esbuild.mjs`');
  const code = fs.readFileSync(path.join(root, 'dist', 'cliMain.js'), 'utf8');
  const dynamicImports = code.split('\n').filter((line) => /(^|[^\w.$])import\(\s*["'`]/.test(line) && !/^\s*(\/\/|\*)/.test(line));
  assert.deepEqual(dynamicImports, []);
});

test('`alembic-lens trace REV` of the bundled CLI traces the locks on the embedded database', () => {
  const environment = makeEnvironment({
    'b0.py': `${headerOf('b0', undefined)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("note", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`,
    'c1.py': `${headerOf('c1', 'b0')}def upgrade():\n    op.create_index("ix_orders_note", "orders", ["note"])\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n`,
  });
  const run = spawnSync(process.execPath, [cli, 'trace', 'c1', '--format', 'json'], {
    cwd: environment,
    encoding: 'utf8',
    env: { ...process.env, ALEMBIC_LENS_CACHE: 'off' },
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const statements = (JSON.parse(run.stdout) as { statements: { line: number; taken: { relation: string; mode: string }[] }[] }).statements;
  assert.ok(
    statements[0]?.taken.some((lock) => lock.relation === 'orders' && lock.mode === 'ShareLock'),
    JSON.stringify(statements),
  );
  // JSON and text count lines alike, from 1.
  const text = spawnSync(process.execPath, [cli, 'trace', 'c1'], { cwd: environment, encoding: 'utf8', env: { ...process.env, ALEMBIC_LENS_CACHE: 'off' }, timeout: 120_000 });
  assert.match(text.stdout, new RegExp(`^line ${statements[0].line}: CREATE INDEX ix_orders_note`, 'm'));
});
