/**
 * A naming convention per mode: env.py's `if context.is_offline_mode():` names the functions each
 * mode runs, and each mode's configure() call gives its own target_metadata (neutron's offline
 * configure(**kwargs) has none). Unclear shapes keep the mode-blind reading. Real-Alembic parity
 * of the offline side is in the corpus tier (env-modes/offline_configure_without_metadata).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { temporaryFolder } from '../../support/temporaryFolders';

const MODELS = {
  'app/__init__.py': '',
  'app/models.py': 'import sqlalchemy as sa\nmetadata = sa.MetaData(naming_convention={"ix": "idx_%(column_0_name)s"})\n',
};

function migrationUnder(envPy: string): string {
  const root = temporaryFolder('lens-modes-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), envPy);
  for (const [name, text] of Object.entries(MODELS)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return path.join(root, 'migrations', 'versions', 'm.py');
}

const MIGRATION = 'from alembic import op\n\n\ndef upgrade():\n    op.create_index(None, "t", ["a"])\n    op.drop_column("t", "b")\n';

function describe(step: Step): string {
  if (step.kind === 'opaque') return `OPAQUE: ${step.reason}`;
  if (step.kind === 'operation') return renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements.join('; ');
  if (step.kind === 'modeBranch') return `offline [${step.offline.map(describe).join('; ')}] online [${step.online.map(describe).join('; ')}]`;
  return step.kind;
}

function upgradeUnder(envPy: string): string[] {
  const file = migrationUnder(envPy);
  return interpretMigration(file, MIGRATION).upgrade!.steps.map(describe);
}

const NEUTRON_SHAPE = `from alembic import context
from app.models import metadata

def run_migrations_offline():
    kwargs = dict()
    if URL:
        kwargs['url'] = URL
    else:
        kwargs['dialect_name'] = 'postgresql'
    context.configure(**kwargs)
    with context.begin_transaction():
        context.run_migrations()

def run_migrations_online():
    context.configure(connection=None, target_metadata=metadata)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

test('offline configure(**kwargs) without target_metadata: offline takes the default convention, online the models\' one', () => {
  assert.deepEqual(upgradeUnder(NEUTRON_SHAPE), ['offline [CREATE INDEX ix_t_a ON t (a)] online [CREATE INDEX idx_a ON t (a)]', 'ALTER TABLE t DROP COLUMN b']);
});

test('target_metadata given through the kwargs dict is followed in that mode', () => {
  const env = NEUTRON_SHAPE.replace("    context.configure(**kwargs)", "    kwargs['target_metadata'] = metadata\n    context.configure(**kwargs)");
  assert.deepEqual(upgradeUnder(env), ['CREATE INDEX idx_a ON t (a)', 'ALTER TABLE t DROP COLUMN b']);
});

test('an annotated kwargs dict display with literal keys is read, target_metadata among them (voter-api)', () => {
  const env = NEUTRON_SHAPE.replace("    kwargs = dict()", '    kwargs: dict[str, object] = {"url": URL, "target_metadata": metadata, "literal_binds": True}');
  assert.deepEqual(upgradeUnder(env), ['CREATE INDEX idx_a ON t (a)', 'ALTER TABLE t DROP COLUMN b']);
  const without = NEUTRON_SHAPE.replace("    kwargs = dict()", '    kwargs = {"url": URL, "literal_binds": True}');
  assert.deepEqual(upgradeUnder(without), ['offline [CREATE INDEX ix_t_a ON t (a)] online [CREATE INDEX idx_a ON t (a)]', 'ALTER TABLE t DROP COLUMN b']);
  // A display that splats another mapping into it is not read.
  const splatted = NEUTRON_SHAPE.replace("    kwargs = dict()", '    kwargs = {"url": URL, **EXTRA}');
  assert.match(upgradeUnder(splatted)[0], /^offline \[OPAQUE: .*\*\*kwargs\] online/);
});

test('a negated condition and a function reached through run_sync() are attributed to their modes', () => {
  const env = `from alembic import context
from app.models import metadata

def do_run_migrations(connection):
    context.configure(connection=connection, target_metadata=metadata)

async def run_async_migrations():
    await connection.run_sync(do_run_migrations)

def run_migrations_online():
    asyncio.run(run_async_migrations())

def run_migrations_offline():
    context.configure(url="postgresql://", literal_binds=True)

if not context.is_offline_mode():
    run_migrations_online()
else:
    run_migrations_offline()
`;
  assert.deepEqual(upgradeUnder(env), ['offline [CREATE INDEX ix_t_a ON t (a)] online [CREATE INDEX idx_a ON t (a)]', 'ALTER TABLE t DROP COLUMN b']);
});

test('a kwargs dict changed in a way the engine cannot read keeps the operation opaque', () => {
  const env = NEUTRON_SHAPE.replace("    context.configure(**kwargs)", '    kwargs.update(EXTRA)\n    context.configure(**kwargs)');
  const steps = upgradeUnder(env);
  assert.match(steps[0], /^offline \[OPAQUE: .*env\.py passes configure\(\) arguments through \*\*kwargs\] online \[CREATE INDEX idx_a ON t \(a\)\]$/);
});

test('a configure() that neither mode reaches leaves the reading mode-blind (the first configure() decides)', () => {
  const env = NEUTRON_SHAPE + '\ndef unused():\n    context.configure(target_metadata=metadata)\n';
  const steps = upgradeUnder(env);
  assert.match(steps[0], /^OPAQUE: .*env\.py passes configure\(\) arguments through \*\*kwargs$/);
});

test("an explicit target_metadata= decides even beside **kwargs (Flask-Migrate's configure_args cannot hold it too)", () => {
  const env = `from alembic import context
from app.models import metadata

def run_migrations_offline():
    context.configure(url="postgresql://", target_metadata=metadata, literal_binds=True)

def run_migrations_online():
    context.configure(connection=None, target_metadata=metadata, **current_app.extensions["migrate"].configure_args)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;
  assert.deepEqual(upgradeUnder(env), ['CREATE INDEX idx_a ON t (a)', 'ALTER TABLE t DROP COLUMN b']);
});

test('an env.py that hands configure() to the application names the call that runs the migrations, the last one (Synerty)', () => {
  const env = 'from app import models\nmodels.load_all()\nrunner = models.Env(models.metadata)\nrunner.run()\n';
  const steps = upgradeUnder(env);
  assert.match(steps[0], /^OPAQUE: .*env\.py calls no context\.configure\(\) itself: it runs runner\.run\(\), code of the application/);
});
