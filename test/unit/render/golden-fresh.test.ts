/**
 * The golden fixture must be what the real Alembic prints today: regenerate it into a temporary
 * file with the reference interpreter and compare. Needs the real Alembic (ALEMBIC_PYTHON,
 * default /root/.cache/alembic-lens/venv/bin/python); fails loudly when it is missing.
 *
 * To refresh the committed fixture after changing test/golden/cases.py:
 *   "${ALEMBIC_PYTHON:-/root/.cache/alembic-lens/venv/bin/python}" test/golden/generate.py
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '../../support/temporaryFolders';

const python = process.env.ALEMBIC_PYTHON || '/root/.cache/alembic-lens/venv/bin/python';
const root = join(__dirname, '../../..');

test('test/fixtures/golden/cases.json is what Alembic 1.20 prints for test/golden/cases.py', () => {
  assert.ok(existsSync(python), `the reference Alembic interpreter is missing: ${python} (set ALEMBIC_PYTHON)`);
  const dir = temporaryFolder('golden-');
  try {
    const out = join(dir, 'cases.json');
    execFileSync(python, [join(root, 'test/golden/generate.py'), '--out', out], { stdio: 'pipe' });
    const fresh = JSON.parse(readFileSync(out, 'utf8'));
    const committed = JSON.parse(readFileSync(join(root, 'test/fixtures/golden/cases.json'), 'utf8'));
    assert.equal(fresh.alembic, '1.20.0');
    assert.deepEqual(committed, fresh, 'stale fixture: rerun test/golden/generate.py');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
