// An expression nested some 3,000 levels deep makes CPython's compiler raise RecursionError, so
// Alembic cannot import the migration: Lens must refuse it, and must not refuse one Python compiles.
// CPython's compile() decides, from a shallow stack (the most it allows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

/** CPython's verdict on each source: the RecursionError's or SyntaxError's type, or null. */
function pythonVerdicts(sources: string[]): (string | null)[] {
  return cpythonCompileErrors(sources).map((error) => error?.type ?? null);
}

function ours(source: string): string | null {
  const [problem] = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
  return problem ? problem.message.split(':')[0] : null;
}

const chain = (terms: number, term: string, operator: string): string => `x = ${Array(terms).fill(term).join(operator)}\n`;

test('a chain of operations too deep for CPython is refused as it refuses it; a shallower one, a flat and/or/comparison chain are not', () => {
  const sources = [
    chain(2994, '1', ' + '), chain(3500, '1', ' * '), chain(6000, 'a', ' | '), `x = a${'.b'.repeat(3000)}\n`, `def f():\n    return ${chain(3200, '1', ' - ').slice(4)}`,
    // Compiled by Python.
    chain(2993, '1', ' + '), chain(2000, '1', ' + '), chain(6000, 'a', ' and '), chain(6000, 'a', ' < '), chain(6000, '"a"', ' '), `x = [${Array(6000).fill('1 + 1').join(', ')}]\n`,
  ];
  const expected = pythonVerdicts(sources);
  sources.forEach((source, index) => assert.equal(ours(source), expected[index], `${source.slice(0, 40)}... (${source.length} characters)`));
});
