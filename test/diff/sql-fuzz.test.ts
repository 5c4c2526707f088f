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
const COUNT = 150;

function compare(versions: string, direction: 'upgrade' | 'downgrade'): { summary: string; findings: string } {
  const out = temporaryFolder(`sql-fuzz-out-`);
  // An empty folder first on sys.path and no env.py: SQLAlchemy's default naming convention.
  const root = temporaryFolder(`sql-fuzz-root-`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'corpus', 'check-against-alembic.ts'), versions, root, direction], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ALEMBIC_PYTHON, OUT: out },
  });
  assert.equal(run.status, 0, `the comparison failed to run: ${run.stderr}${run.stdout}`);
  return { summary: run.stdout.trim(), findings: fs.readFileSync(path.join(out, `check-${direction}.txt`), 'utf8') };
}

for (const seed of SEEDS) {
  test(`random operations, seed ${seed}: the engine prints what Alembic prints`, () => {
    const versions = temporaryFolder(`sql-fuzz-${seed}-`);
    writeFuzzMigrations({ out: versions, seed, count: COUNT });
    for (const direction of ['upgrade', 'downgrade'] as const) {
      const { summary, findings } = compare(versions, direction);
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
