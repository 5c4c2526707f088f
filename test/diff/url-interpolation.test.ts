/**
 * `sqlalchemy.url = %(SQLALCHEMY_DATABASE_URI)s` in alembic.ini, a key env.py supplies at run
 * time (`config.set_section_option(...)`, cognee) or not at all. Alembic interpolates an option
 * only when it is read, and only env.py reads sqlalchemy.url: `heads` and `history` never fail on
 * it, `upgrade --sql` fails only when env.py reads it without setting the key. Compared with the
 * real Alembic 1.20; `check` reports the interpolation only where it would fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = '"""r1\n\nRevision ID: r1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "r1"\ndown_revision = None\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("c", sa.Integer()))\n\n\ndef downgrade():\n    op.drop_column("t", "c")\n';

function project(setting: string): string {
  const dir = temporaryFolder('url-interpolation-');
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nsqlalchemy.url = %(SQLALCHEMY_DATABASE_URI)s\n');
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  const envPy = ['from alembic import context', '', 'config = context.config', setting, 'url = config.get_main_option("sqlalchemy.url")', 'context.configure(url=url, literal_binds=True)', 'with context.begin_transaction():', '    context.run_migrations()', ''];
  fs.writeFileSync(path.join(dir, 'migrations', 'env.py'), envPy.join('\n'));
  fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'r1.py'), MIGRATION);
  return dir;
}

async function checkCodes(dir: string): Promise<string[]> {
  const result = await runLens(dir, ['check', '--format', 'json']);
  return (JSON.parse(result.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code);
}

for (const [label, setting] of [
  ['the key it names', '# the key the URL is made of\nconfig.set_section_option(config.config_ini_section, "SQLALCHEMY_DATABASE_URI", "postgresql://u@h/d")'],
  ['the URL itself', 'config.set_main_option("sqlalchemy.url", "postgresql://u@h/d")'],
]) {
  test(`env.py sets ${label}: heads, history and upgrade --sql print what Alembic prints, and check reports nothing`, async () => {
    const dir = project(setting);
    for (const args of [['heads'], ['history'], ['upgrade', 'head', '--sql']]) {
      const expected = runAlembic(dir, args);
      assert.equal(expected.code, 0, `${args.join(' ')}: ${expected.stderr}`);
      const actual = await runLens(dir, args);
      assert.equal(actual.code, 0, `${args.join(' ')}: ${actual.stderr}`);
      if (args[0] === 'upgrade') assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout));
      else assert.equal(actual.stdout.trim(), expected.stdout.trim());
    }
    assert.deepEqual(await checkCodes(dir), []);
  });
}

test('env.py reads the URL without setting the key: heads and history work, upgrade --sql fails as Alembic does, check reports it', async () => {
  // A call in a comment sets nothing.
  const dir = project('# config.set_section_option(config.config_ini_section, "SQLALCHEMY_DATABASE_URI", "x")');
  for (const args of [['heads'], ['history']]) {
    const expected = runAlembic(dir, args);
    assert.equal(expected.code, 0, expected.stderr);
    const actual = await runLens(dir, args);
    assert.equal(actual.code, 0, actual.stderr);
    assert.equal(actual.stdout.trim(), expected.stdout.trim());
  }
  const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(expected.code, 0);
  assert.match(expected.stderr, /InterpolationMissingOptionError/);
  const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(actual.code, 0);
  assert.match(actual.stderr, /Bad interpolation in 'sqlalchemy\.url' of section \[alembic\]: no option 'sqlalchemy_database_uri' to substitute/);
  assert.deepEqual(await checkCodes(dir), ['config-interpolation-error']);
});
