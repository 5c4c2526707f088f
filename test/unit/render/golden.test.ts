/**
 * Golden SQL: every case in test/fixtures/golden/cases.json was printed by the real Alembic
 * 1.20 in offline PostgreSQL mode; the renderer must produce the same text from the
 * equivalent operation value, built by hand below.
 *
 * Regenerate the fixture (needs the reference venv):
 *   "${ALEMBIC_PYTHON:-/root/.cache/alembic-lens/venv/bin/python}" test/golden/generate.py
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperation, statementsToText } from '../../../server/src/engine/render';
import type { Operation } from '../../../server/src/engine/ops';
import { TABLE_CASES } from './golden-tables';
import { COLUMN_CASES } from './golden-columns';
import { OTHER_CASES } from './golden-others';
import { EDGE_CASES, REFUSED_CODES, WARNING_CODES } from './golden-edges';

interface GoldenCase {
  name: string;
  python: string;
  options?: { paramstyle?: 'named' | 'pyformat' };
  expected?: string;
  error?: string;
}

const document = JSON.parse(readFileSync(join(__dirname, '../../fixtures/golden/cases.json'), 'utf8')) as {
  regenerate: string;
  cases: GoldenCase[];
};

const OPERATIONS: Record<string, Operation> = { ...TABLE_CASES, ...COLUMN_CASES, ...OTHER_CASES, ...EDGE_CASES };

test('the fixture has many cases and every hand-built value names a real case', () => {
  assert.ok(document.cases.length >= 80, `only ${document.cases.length} golden cases`);
  const names = new Set(document.cases.map((c) => c.name));
  for (const name of Object.keys(OPERATIONS)) assert.ok(names.has(name), `no golden case named ${name}`);
});

for (const golden of document.cases) {
  test(`golden: ${golden.name}`, () => {
    const operation = OPERATIONS[golden.name];
    assert.ok(operation, `no operation value built for case ${golden.name}`);
    const result = renderOperation(operation, { file: '/golden.py', paramstyle: golden.options?.paramstyle });
    if (golden.expected === undefined) {
      // Alembic refused the case: the renderer must refuse it too, with the mapped code.
      assert.deepEqual(result.statements, [], `Alembic refused this case (${golden.error})`);
      assert.deepEqual(
        result.problems.map((problem) => problem.code),
        [REFUSED_CODES[golden.name]],
      );
      return;
    }
    assert.deepEqual(
      result.problems.map((problem) => problem.code),
      WARNING_CODES[golden.name] ?? [],
    );
    assert.equal(statementsToText(result.statements), golden.expected);
  });
}
