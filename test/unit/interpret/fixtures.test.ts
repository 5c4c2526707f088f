/**
 * Data-driven interpreter tests over test/fixtures/interpret/*.cases.py.
 *
 * Two checks per case, of different strength:
 * - the opaque steps and problems are compared with the `# expect:` markers written by hand next
 *   to the Python (expectMarkers.ts); this is what says the interpreter is right;
 * - the whole normalized result is compared with `<file>.expected.json`, a snapshot the
 *   interpreter recorded (UPDATE_INTERPRET_FIXTURES=1 rewrites it after a deliberate change; review
 *   the diff). It only says that nothing changed unnoticed, so the markers are checked even while
 *   the snapshot is being rewritten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { caseFiles, FIXTURE_DIR, loadCases, normalize } from './fixtureCases';
import { actualFindings, compareFindings, expectedFindings } from './expectMarkers';

const update = process.env.UPDATE_INTERPRET_FIXTURES === '1';

for (const file of caseFiles()) {
  const expectedPath = join(FIXTURE_DIR, file.replace(/\.cases\.py$/, '.expected.json'));
  const expected: Record<string, unknown> = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : {};
  const cases = loadCases(file);
  const actual: Record<string, unknown> = {};
  for (const fixture of cases) {
    const result = interpretMigration(`/fixtures/${file}`, fixture.source);
    actual[fixture.name] = normalize(result);
    test(`${file}: ${fixture.name}: opaque steps and problems are the ones marked by hand`, () => {
      const differences = compareFindings(expectedFindings(fixture.source), actualFindings(result), fixture);
      assert.deepEqual(differences, [], `${file}:\n  ${differences.join('\n  ')}`);
    });
  }
  if (update) writeFileSync(expectedPath, JSON.stringify(actual, null, 1) + '\n');
  for (const fixture of cases) {
    test(`${file}: ${fixture.name}: result equals the recorded snapshot`, () => {
      assert.ok(fixture.name in expected || update, `no snapshot recorded for ${fixture.name}`);
      assert.deepEqual(actual[fixture.name], update ? actual[fixture.name] : expected[fixture.name]);
    });
  }
  test(`${file}: every snapshot has a case`, () => {
    const names = new Set(cases.map((fixture) => fixture.name));
    assert.deepEqual(Object.keys(update ? actual : expected).filter((name) => !names.has(name)), []);
  });
}
