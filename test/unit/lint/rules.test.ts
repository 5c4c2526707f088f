// Every lint rule against its fixture (test/fixtures/lint/<code>.py): findings exactly on the
// lines marked `# expect: <code>`, none elsewhere, with only that rule selected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before } from 'node:test';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { RULES, RUNNER_CODES } from '../../../server/src/lint/rules/index';
import { LINT_CODES } from '../../../server/src/diagnostics/codes/lint';
import { FIXTURES, expectedFindings, lintFixtureRoot, readFixture, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const fixtureCodes = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.py'))
  .map((name) => name.replace(/\.py$/, ''));

for (const code of fixtureCodes) {
  test(`${code}: fires exactly on the marked lines of its fixture`, () => {
    const history = writeFixtureHistory(readFixture(code));
    const expected = expectedFindings(history.files, code);
    assert.ok(expected.length > 0, `${code}.py marks at least one finding`);
    const found = lintFixtureRoot(history.root, { ...history.config, select: [code] })
      .filter((problem) => problem.code === code)
      .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1}`)
      .sort();
    assert.deepEqual(found, expected);
  });
}

test('every rule and runner code has a fixture, a catalogue entry with the same severity and title, and a docs page', () => {
  const catalogue = new Map(LINT_CODES.map((info) => [info.code, info]));
  for (const rule of RULES) {
    assert.deepEqual(catalogue.get(rule.code), { code: rule.code, defaultSeverity: rule.defaultSeverity, title: rule.title }, rule.code);
  }
  const covered = new Set([...RULES.map((rule) => rule.code), ...RUNNER_CODES]);
  assert.deepEqual([...catalogue.keys()].filter((code) => !covered.has(code)), [], 'catalogue entries without a rule');
  // Environment-level or runner-only codes have tests of their own (not-postgresql: lintDialect.test.ts).
  const needFixture = [...covered].filter((code) => code !== 'unused-ignore' && code !== 'unchecked-statement' && code !== 'not-postgresql');
  assert.deepEqual(needFixture.filter((code) => !fixtureCodes.includes(code)), [], 'rules without a fixture');
  const docs = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');
  assert.deepEqual([...covered].filter((code) => !fs.existsSync(path.join(docs, `${code}.md`))), []);
});
