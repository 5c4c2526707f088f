/**
 * Whole-history parity on generated histories (bench/generate-history.mjs: branches, two- and
 * three-parent merges, labels, depends_on, autocommit blocks, three version locations): our CLI's
 * `upgrade heads --sql`, `downgrade <head>:base --sql`, ranges between revisions and
 * `stamp --sql` print what the real Alembic 1.20 prints, statement for statement, after the one
 * normalisation documented in sql-parity-helpers.ts (version rows of merge steps, whose order
 * Alembic takes from a Python set). A range Alembic refuses must be refused with its message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failure, isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const ROOT = path.resolve(__dirname, '..', '..');

function generate(revisions: number, seed: number): { dir: string; heads: string[] } {
  const dir = temporaryFolder(`sql-generated-${revisions}-`);
  const out = execFileSync(
    process.execPath,
    [path.join(ROOT, 'bench', 'generate-history.mjs'), '--revisions', String(revisions), '--out', dir, '--seed', String(seed), '--force'],
    { encoding: 'utf8' },
  );
  const heads = /heads: (.*)/.exec(out)?.[1].trim().split(/\s+/) ?? [];
  assert.ok(heads.length > 0, `the generator named no heads: ${out}`);
  return { dir, heads };
}

/** Revisions in upgrade order, read from Alembic's own `-- Running upgrade a -> b` lines. */
function upgradeOrder(sql: string): string[] {
  return [...sql.matchAll(/^-- Running upgrade .* -> (\S+)$/gm)].map((m) => m[1]);
}

async function assertSame(dir: string, args: string[]): Promise<void> {
  const expected = runAlembic(dir, args);
  const actual = await runLens(dir, args);
  const expectedFailure = failure(expected.stdout + expected.stderr);
  if (expected.code !== 0) {
    assert.ok(expectedFailure, `alembic failed without a FAILED line for ${args.join(' ')}`);
    assert.notEqual(actual.code, 0, `alembic refused ${args.join(' ')} (${expectedFailure}); we printed SQL`);
    assert.equal(failure(actual.stderr), expectedFailure);
    return;
  }
  assert.equal(actual.code, 0, `${args.join(' ')}: we failed where alembic succeeded: ${actual.stderr}`);
  assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), args.join(' '));
}

for (const [revisions, seed] of [
  [120, 11],
  [45, 3],
] as const) {
  test(`generated history of ${revisions} revisions (seed ${seed}): upgrade, downgrade, ranges and stamp match alembic`, async () => {
    const { dir, heads } = generate(revisions, seed);
    try {
      const full = runAlembic(dir, ['upgrade', 'heads', '--sql']);
      assert.equal(full.code, 0, full.stderr);
      const order = upgradeOrder(full.stdout);
      assert.equal(order.length, revisions);
      await assertSame(dir, ['upgrade', 'heads', '--sql']);
      for (const head of heads) await assertSame(dir, ['downgrade', `${head}:base`, '--sql']);
      const early = order[Math.floor(revisions / 5)];
      const late = order[Math.floor((revisions * 3) / 4)];
      await assertSame(dir, ['upgrade', `${early}:${late}`, '--sql']);
      await assertSame(dir, ['downgrade', `${late}:${early}`, '--sql']);
      await assertSame(dir, ['upgrade', `${early}:heads`, '--sql']);
      await assertSame(dir, ['stamp', 'heads', '--sql']);
      await assertSame(dir, ['stamp', `${early}:${late}`, '--sql']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
