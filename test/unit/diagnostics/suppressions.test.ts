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
  assert.equal(parseDirective('# alembic-lens: ignore[unclosed'), 'malformed');
});

// Held-out sweep BL: a directive after another tool's comment was ignored, and a typo in the
// keyword (`ignore-files[x]`) matched as a prefix and silenced everything in the file.
test("a directive after another tool's comment counts; a misspelt one is malformed, not a blanket ignore", () => {
  assert.deepEqual(parseDirective('# noqa: E501  # alembic-lens: ignore[drop-column]'), { scope: 'line', codes: ['drop-column'] });
  assert.deepEqual(parseDirective('# type: ignore # alembic-lens: ignore[drop-table]'), { scope: 'line', codes: ['drop-table'] });
  assert.deepEqual(parseDirective('#  Copyright 2022 Red Hat, Inc.  # alembic-lens: ignore-file[lock-timeout-missing, set-not-null]'), { scope: 'file', codes: ['lock-timeout-missing', 'set-not-null'] });
  assert.deepEqual(parseDirective('# alembic-lens: ignore[drop-column]  # the column is unused since 2.3'), { scope: 'line', codes: ['drop-column'] });
  for (const typo of ['# alembic-lens: ignore-files[rename-column]', '# alembic-lens: ignored', '# alembic-lens: ignore_file[x]', '# alembic-lens: ignore[drop-column', '# alembic-lens: ignroe[x]', '# alembic-lens: ignore[x] please']) {
    assert.equal(parseDirective(typo), 'malformed', typo);
  }
  // The marker inside a comment's prose (not where a comment starts) is not a directive.
  assert.equal(parseDirective('# see alembic-lens: docs'), undefined);
  const suppressions = suppressionsOf('revision = "a"\n# alembic-lens: ignore-files[rename-column]\nx = 1\n');
  assert.equal(isSuppressed(problemAt(2, 'rename-column'), suppressions), false);
  assert.equal(isSuppressed(problemAt(5, 'lock-timeout-missing'), suppressions), false);
  assert.deepEqual(suppressions?.malformed, [{ line: 1, column: 2, text: 'alembic-lens: ignore-files[rename-column]' }]);
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
