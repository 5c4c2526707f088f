/**
 * Random operations against the real Alembic: test/fuzz/operations.mjs writes migrations made of
 * Alembic operations with random arguments (types, defaults, keys, constraints, indexes, names
 * that need quoting, schemas, bulk inserts, DML), and test/corpus/check-against-alembic.ts runs
 * every function the engine fully understands through Alembic 1.20 offline. The SQL must be the
 * same byte for byte, and Alembic must accept every function the engine printed SQL for (one it
 * refuses is SQL the engine should have reported as an error). Fixed seeds: a failure names the
 * function, and `node test/fuzz/operations.mjs --seed S` writes the same files again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALEMBIC_PYTHON, requireAlembic } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
// @ts-expect-error: a plain ES module without types (the generator also runs on its own)
import { writeFuzzMigrations } from '../fuzz/operations.mjs';

requireAlembic();

const ROOT = path.resolve(__dirname, '..', '..');
const SEEDS = [1, 2, 3];
/** 203 and 205 draw an alter_column of a non-native Enum's CHECK, named by the ck template; 400 one to an Enum(inherit_schema=True) in a schema. */
const CONVENTION_SEEDS = [21, 203, 205, 400];
const COUNT = 150;

/** A naming convention of every kind and the tokens projects use, in env.py's target_metadata. */
const CONVENTION_ENV_PY = `from alembic import context
from sqlalchemy import MetaData

target_metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

context.configure(url="postgresql://u@h/d", target_metadata=target_metadata, literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
`;

/**
 * Compares every function under `versions`; `root` is first on sys.path, and its env.py (when it
 * has one: the versions folder is then inside it) gives both sides the naming convention.
 */
function compare(versions: string, root: string, direction: 'upgrade' | 'downgrade'): { summary: string; findings: string } {
  const out = temporaryFolder(`sql-fuzz-out-`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'corpus', 'check-against-alembic.ts'), versions, root, direction], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ALEMBIC_PYTHON, OUT: out },
  });
  assert.equal(run.status, 0, `the comparison failed to run: ${run.stderr}${run.stdout}`);
  return { summary: run.stdout.trim(), findings: fs.readFileSync(path.join(out, `check-${direction}.txt`), 'utf8') };
}

/** Seeds run without env.py (SQLAlchemy's default naming), and some with the convention above. */
const RUNS: { seed: number; convention: boolean }[] = [...SEEDS.map((seed) => ({ seed, convention: false })), ...CONVENTION_SEEDS.map((seed) => ({ seed, convention: true }))];

for (const { seed, convention } of RUNS) {
  test(`random operations, seed ${seed}${convention ? ', under a naming convention' : ''}: the engine prints what Alembic prints`, () => {
    // An empty folder first on sys.path, or one with the convention's env.py above the versions.
    const root = temporaryFolder(`sql-fuzz-root-`);
    const versions = convention ? path.join(root, 'versions') : temporaryFolder(`sql-fuzz-${seed}-`);
    if (convention) {
      fs.writeFileSync(path.join(root, 'env.py'), CONVENTION_ENV_PY);
      fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
    }
    writeFuzzMigrations({ out: versions, seed, count: COUNT });
    for (const direction of ['upgrade', 'downgrade'] as const) {
      const { summary, findings } = compare(versions, root, direction);
      const counts = /understood (\d+): same (\d+).*refused by Alembic (\d+), different (\d+)/.exec(summary);
      assert.ok(counts, `unexpected summary: ${summary}`);
      const [understood, same, refused, different] = counts.slice(1).map(Number);
      // Most functions must be understood, or the comparison says little.
      assert.ok(understood >= COUNT * 0.75, `${direction}: only ${understood} of ${COUNT} functions understood`);
      assert.equal(refused + different, 0, `${direction}, seed ${seed}: ${summary}\n${findings.slice(0, 6000)}`);
      assert.equal(same, understood);
    }
  });
}
