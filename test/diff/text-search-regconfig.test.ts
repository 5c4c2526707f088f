/**
 * PostgreSQL's text-search functions given a configuration name as a Python string
 * (`sa.func.to_tsvector("english", col)`): SQLAlchemy 2 binds it as REGCONFIG, which has no literal
 * renderer, so Alembic's `--sql` fails with CompileError, in an index, a table's Index, a CHECK or
 * an op.execute (held-out sweep BR: Lens printed `to_tsvector('english', b)`). A live run binds the
 * value in op.execute, and fails in DDL too. With one argument, `literal_column()` or `sa.text()`
 * the function prints in both tools.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { compileOnlineSteps, asRunOnline } from '../../server/src/engine/online/onlineCompiler';
import { interpretForOffline } from '../../server/src/engine/offline/interpretAdapter';
import { renderForOffline } from '../../server/src/engine/offline/defaultEngine';

requireAlembic();
isolateCache();

function project(body: string): { dir: string; file: string } {
  const dir = temporaryFolder('text-search-regconfig-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  const indented = body.split('\n').map((line) => `    ${line}`).join('\n');
  const file = path.join(dir, 'migrations', 'versions', 'a1_search.py');
  writeFile(
    file,
    `"""search\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\ndocs = sa.table("docs", sa.column("id", sa.Integer), sa.column("body", sa.Text))\n\n\ndef upgrade():\n${indented}\n\n\ndef downgrade():\n    pass\n`,
  );
  return { dir, file };
}

const FAILING = [
  'op.create_index("ix_ts", "docs", [sa.func.to_tsvector("english", sa.column("body"))], postgresql_using="gin")',
  'op.execute(docs.delete().where(sa.func.to_tsvector("simple", docs.c.body) == sa.func.plainto_tsquery("english", "x")))',
  'op.execute(docs.update().values(body=sa.func.ts_headline("english", docs.c.body, sa.func.to_tsquery("x"))))',
];

const PRINTING = [
  'op.create_index("ix_ts", "docs", [sa.func.to_tsvector(sa.column("body"))], postgresql_using="gin")',
  'op.create_index("ix_ts", "docs", [sa.func.to_tsvector(sa.literal_column("\'english\'"), sa.column("body"))], postgresql_using="gin")',
  'op.execute(docs.update().values(body=sa.func.ts_headline(docs.c.body, sa.func.to_tsquery("x"))))',
];

test('a configuration name given as a string to a text-search function fails under --sql as in Alembic; the other forms print alike', async () => {
  for (const body of FAILING) {
    const { dir } = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(expected.code, 0, body);
    assert.match(expected.stderr, /No literal value renderer is available .* with datatype REGCONFIG/, body);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(actual.code, 0, `${body}: ${actual.stdout}`);
    assert.match(actual.stderr, /REGCONFIG bind in SQLAlchemy/, body);
  }
  for (const body of PRINTING) {
    const { dir } = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(expected.code, 0, `${body}: ${expected.stderr}`);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(actual.code, 0, `${body}: ${actual.stderr}`);
    assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), body);
  }
});

test('a live run binds the configuration name in op.execute, and refuses it in DDL as Alembic fails there too', () => {
  const { file } = project(`${FAILING[2]}\n${FAILING[0]}`);
  const interpreted = interpretForOffline(file, fs.readFileSync(file, 'utf8'));
  const steps = compileOnlineSteps(interpreted.upgrade, (operation) => renderForOffline(asRunOnline(operation), file, {}, true));
  assert.equal(steps[0].kind, 'sql');
  assert.match(steps[0].kind === 'sql' ? steps[0].sql : '', /ts_headline\('english', docs\.body, to_tsquery\('x'\)\)/);
  assert.equal(steps[1].kind, 'opaque');
  assert.equal(steps[1].kind === 'opaque' ? steps[1].alembicFails : undefined, true);
});
