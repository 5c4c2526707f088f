// Two sections of one alembic.ini naming the same script_location (renku-data-services has
// [alembic] and [common]) are two environments over the same migration files: `check` lints both,
// and reports each problem once, not once per section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

async function checkJson(root: string): Promise<{ problems: { code: string; file: string; line: number }[]; environments: unknown[] }> {
  let stdout = '';
  await runCli(['check', '--format', 'json'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return JSON.parse(stdout);
}

test('a problem of files two sections share is reported once', async () => {
  const root = temporaryFolder('lens-shared-location-');
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = migrations\n\n[common]\nscript_location = migrations\n');
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), '');
  fs.writeFileSync(
    path.join(root, 'migrations', 'versions', 'a1_x.py'),
    '"""x\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_index("ix_t_a", "t", ["a"])\n\n\ndef downgrade():\n    op.drop_index("ix_t_a", table_name="t")\n',
  );
  const report = await checkJson(root);
  assert.equal(report.environments.length, 2, 'both sections are environments');
  const keys = report.problems.map((problem) => `${problem.code}@${problem.line}`);
  assert.ok(keys.includes('create-index-not-concurrently@14'), keys.join(', '));
  assert.equal(new Set(keys).size, keys.length, `a problem reported twice: ${keys.join(', ')}`);
});
