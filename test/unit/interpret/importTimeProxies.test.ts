/**
 * `op` / `context` used where a revision module runs at import: the real Alembic's `heads` fails on
 * such a file (NameError: the proxy is not established), and the engine reports
 * operation-at-import at the first use; uses inside functions, and names merely imported, are fine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { temporaryFolder } from '../../support/temporaryFolders';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

const CASES: { top: string; fails: boolean }[] = [
  { top: 'NAME = op.get_bind().engine.url.database', fails: true },
  { top: 'from alembic.op import get_bind\nBIND = get_bind()', fails: true },
  { top: 'from alembic import context\nURL = context.config.get_main_option("sqlalchemy.url")', fails: true },
  { top: 'class Helper:\n    table = op.f("t")', fails: true },
  { top: 'def helper(name=op.f("ix_t_a")):\n    return name', fails: true },
  { top: 'def helper():\n    return op.get_bind()', fails: false },
  { top: 'execute = op.execute', fails: false },
  { top: 'helper = lambda: op.get_bind()', fails: false },
  { top: 'from alembic import context\nCONFIG = context.config', fails: true },
  { top: 'from alembic import context\nconfigure = context.configure', fails: false },
  // FitTrackee guards its enum's creation: the NameError outside a migration is caught.
  { top: 'try:\n    BIND = op.get_bind()\nexcept NameError:\n    pass', fails: false },
  { top: 'try:\n    BIND = op.get_bind()\nexcept (KeyError, NameError) as error:\n    pass', fails: false },
  { top: 'try:\n    BIND = op.get_bind()\nexcept Exception:\n    pass', fails: false },
  { top: 'try:\n    BIND = op.get_bind()\nexcept:\n    pass', fails: false },
  { top: 'try:\n    BIND = op.get_bind()\nexcept KeyError:\n    pass', fails: true },
  { top: 'try:\n    pass\nexcept NameError:\n    BIND = op.get_bind()', fails: false },
  { top: 'try:\n    pass\nfinally:\n    BIND = op.get_bind()', fails: true },
  { top: 'from alembic import context\ntry:\n    URL = context.config\nexcept NameError:\n    pass', fails: true },
  { top: 'from alembic import context\ntry:\n    URL = context.config\nexcept AttributeError:\n    pass', fails: false },
  // magfest: a flag set by a guarded proxy use, then a branch only that flag opens.
  { top: "try:\n    is_sqlite = op.get_context().dialect.name == 'sqlite'\nexcept:\n    is_sqlite = False\nif is_sqlite:\n    op.get_context().connection.execute('PRAGMA foreign_keys=ON;')", fails: false },
  { top: "if True:\n    op.get_bind()", fails: true },
  { top: "if op.get_bind():\n    pass", fails: true },
];

function migration(top: string): string {
  return `"""m\n\nRevision ID: a1\nRevises:\nCreate Date: 2025-01-01 00:00:00.000000\n\n"""\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n${top}\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;
}

test("operation-at-import is reported exactly where the real Alembic's heads cannot import the file", () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Alembic`);
  for (const { top, fails } of CASES) {
    const root = temporaryFolder('lens-import-proxy-');
    fs.mkdirSync(path.join(root, 'versions'));
    fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = .\n');
    fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\ncontext.configure(url="postgresql://")\n');
    const file = path.join(root, 'versions', 'a1_m.py');
    fs.writeFileSync(file, migration(top));
    const heads = spawnSync(PYTHON, ['-m', 'alembic', 'heads'], { cwd: root, encoding: 'utf8' });
    assert.equal(heads.status !== 0, fails, `${top}: alembic heads ${heads.status === 0 ? 'worked' : `failed: ${heads.stderr.trim().split('\n').pop()}`}`);
    if (fails) assert.match(heads.stderr, /NameError: Can't invoke function '\w+', as the proxy object has not yet been established|has no attribute 'config'/);
    const reported = interpretMigration(file, migration(top)).problems.filter((problem) => problem.code === 'operation-at-import');
    assert.equal(reported.length, fails ? 1 : 0, `${top}: ${reported.map((problem) => problem.message).join('; ')}`);
  }
});
