import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../../server/src/common/problem';
import { isSuppressed, parseDirective, suppressionsOf } from '../../../server/src/diagnostics/suppressions';

function problemAt(line: number, code: string): Problem {
  return { code, severity: 'error', message: 'm', file: 'f.py', range: { start: { line, character: 0 }, end: { line, character: 1 } }, related: [] };
}

test('directives parse with and without code lists', () => {
  assert.deepEqual(parseDirective('# alembic-lens: ignore[missing-parent, multiple-heads]'), { scope: 'line', codes: ['missing-parent', 'multiple-heads'] });
  assert.deepEqual(parseDirective('#alembic-lens: ignore'), { scope: 'line', codes: ['*'] });
  assert.deepEqual(parseDirective('# alembic-lens: ignore-file[docstring-mismatch]'), { scope: 'file', codes: ['docstring-mismatch'] });
  assert.equal(parseDirective('# just a comment'), undefined);
  assert.equal(parseDirective('# alembic-lens: ignore[unclosed'), undefined);
});

test('a trailing comment silences its own line; a comment alone silences the next line', () => {
  const text = [
    '"""doc"""',
    'revision = "a"',
    'down_revision = "missing"  # alembic-lens: ignore[missing-parent]',
    '# alembic-lens: ignore[multiple-heads]',
    'branch_labels = None',
  ].join('\n');
  const suppressions = suppressionsOf(text);
  assert.equal(isSuppressed(problemAt(2, 'missing-parent'), suppressions), true);
  assert.equal(isSuppressed(problemAt(2, 'duplicate-revision'), suppressions), false);
  assert.equal(isSuppressed(problemAt(4, 'multiple-heads'), suppressions), true);
  assert.equal(isSuppressed(problemAt(3, 'multiple-heads'), suppressions), false);
});

test('the marker inside a string is not a directive; file-wide directives apply everywhere', () => {
  const text = 'x = "# alembic-lens: ignore"\n# alembic-lens: ignore-file[docstring-mismatch]\n';
  const suppressions = suppressionsOf(text);
  assert.equal(isSuppressed(problemAt(0, 'missing-parent'), suppressions), false);
  assert.equal(isSuppressed(problemAt(9, 'docstring-mismatch'), suppressions), true);
  assert.equal(suppressionsOf('revision = "a"\n'), undefined);
});
