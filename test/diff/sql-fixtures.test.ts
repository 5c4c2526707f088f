/**
 * Whole-history parity on the hand-written environments under test/fixtures/sql/: for every
 * command listed in commands.json, our CLI's offline SQL equals the real Alembic 1.20's, statement
 * for statement (after the one normalisation documented in sql-parity-helpers.ts), and when
 * Alembic fails we fail too, with the same `FAILED:` message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failure, isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sql');
const spec = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'commands.json'), 'utf8')) as Record<
  string,
  { commands: string[][]; versionTable?: string }
>;

for (const [fixture, { commands, versionTable }] of Object.entries(spec)) {
  if (fixture.startsWith('_')) continue;
  const cwd = path.join(FIXTURES, fixture);
  for (const args of commands) {
    test(`${fixture}: ${args.join(' ')} prints what alembic prints`, async () => {
      const expected = runAlembic(cwd, args);
      const actual = await runLens(cwd, args);
      // Alembic prints `FAILED: ...` on stdout (after any SQL already printed, e.g. `BEGIN;`) and
      // exits 255; we print nothing on stdout and the same message on stderr, exit 1.
      const expectedFailure = failure(expected.stdout + expected.stderr);
      if (expected.code !== 0) {
        assert.ok(expectedFailure, `alembic failed without a FAILED line: ${expected.stdout}${expected.stderr}`);
        assert.equal(actual.stdout, '', 'nothing on stdout when failing');
        assert.notEqual(actual.code, 0, `alembic failed (${expectedFailure}) but we printed:\n${actual.stdout}`);
        assert.equal(failure(actual.stderr), expectedFailure);
        return;
      }
      assert.equal(actual.code, 0, `we failed where alembic succeeded: ${actual.stderr}`);
      assert.deepEqual(normalizeOffline(actual.stdout, versionTable), normalizeOffline(expected.stdout, versionTable));
    });
  }
}
