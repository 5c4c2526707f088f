/**
 * The shape of the tests that compare Python's evaluation with the engine's: each expression is
 * bound in a migration and its repr printed through op.execute(), so `--sql` shows the value
 * (`SELECT <repr> AS v<n>;`), and an expression Python rejects fails the run.
 */
import assert from 'node:assert/strict';
import { offlineProject, runAlembic, runLens, type RunOutput } from './sql-parity-helpers';

/** Lines binding each expression to `v<n>` and printing its repr as `SELECT <repr> AS v<n>`. */
export function printedValueLines(expressions: readonly string[]): string[] {
  return expressions.flatMap((expression, at) => [`v${at} = ${expression}`, `op.execute(f"SELECT {v${at}!r} AS v${at}")`]);
}

/**
 * `upgrade --sql` of a project whose one migration (made by `migration` from its body) binds
 * `v = expression` and prints it as `SELECT <repr> AS v`: Lens must fail, and so must the real
 * Alembic when `alembicFails`. Lens's run is returned for what the caller checks of its output.
 */
export async function failingValueRun(prefix: string, expression: string, migration: (body: string[]) => string, alembicFails = true): Promise<RunOutput> {
  const dir = offlineProject(prefix, { 'migrations/versions/a1_value.py': migration([`v = ${expression}`, 'op.execute(f"SELECT {v!r} AS v")']) });
  if (alembicFails) assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, `${expression}: Alembic was expected to fail`);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0, `${expression}: Lens printed\n${lens.stdout}`);
  return lens;
}
