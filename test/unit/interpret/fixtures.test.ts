/**
 * Data-driven interpreter tests: every case of test/fixtures/interpret/*.cases.py is
 * interpreted and compared with its expected JSON. Set UPDATE_INTERPRET_FIXTURES=1 to rewrite
 * the expectations after a deliberate change (then review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { caseFiles, FIXTURE_DIR, loadCases, normalize } from './fixtureCases';

const update = process.env.UPDATE_INTERPRET_FIXTURES === '1';

for (const file of caseFiles()) {
  const expectedPath = join(FIXTURE_DIR, file.replace(/\.cases\.py$/, '.expected.json'));
  const expected: Record<string, unknown> = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : {};
  const cases = loadCases(file);
  const actual: Record<string, unknown> = {};
  for (const fixture of cases) {
    actual[fixture.name] = normalize(interpretMigration(`/fixtures/${file}`, fixture.source));
  }
  if (update) writeFileSync(expectedPath, JSON.stringify(actual, null, 1) + '\n');
  for (const fixture of cases) {
    test(`${file}: ${fixture.name}`, () => {
      assert.ok(fixture.name in expected || update, `no expectation recorded for ${fixture.name}`);
      assert.deepEqual(actual[fixture.name], update ? actual[fixture.name] : expected[fixture.name]);
    });
  }
  test(`${file}: every expectation has a case`, () => {
    const names = new Set(cases.map((fixture) => fixture.name));
    assert.deepEqual(Object.keys(update ? actual : expected).filter((name) => !names.has(name)), []);
  });
}
