/**
 * The interpreter's own node ranges (sourceRanges.ts) must be the ranges the shared line index
 * gives (common/range.ts): same lines split at "\n" only, offsets clamped to the text, whatever
 * order the positions are asked in (it keeps the last line as a hint and searches when far).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { SourceRanges } from '../../../server/src/engine/interpret/sourceRanges';

/** A small deterministic generator, so a failure names the same case on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const TEXTS = [
  '',
  'x',
  '\n',
  'a\nb',
  'a\nb\n',
  'line one\r\nline two\r\n\r\nlast',
  '\n\n\n\nfive lines',
  Array.from({ length: 200 }, (_, index) => `    op.add_column("t${index}", sa.Column("c", sa.Integer()))`).join('\n') + '\n',
];

test('ranges equal the line index ranges for offsets in any order, at both ends and beyond', () => {
  for (const [caseIndex, text] of TEXTS.entries()) {
    const random = generator(caseIndex + 1);
    const ranges = new SourceRanges(text);
    const lines = new LineIndex(text);
    const offsets = [0, text.length, -3, text.length + 5, ...Array.from({ length: 400 }, () => Math.floor(random() * (text.length + 1)))];
    // Ascending runs (how nodes are visited) and jumps back and forth.
    offsets.push(...[...offsets].sort((a, b) => a - b));
    for (let index = 0; index + 1 < offsets.length; index += 2) {
      const from = offsets[index];
      const to = offsets[index + 1];
      assert.deepEqual(ranges.rangeOf(from, to), lines.rangeOf(from, to), `text ${caseIndex}, offsets ${from}..${to}`);
    }
  }
});

test('interpreted operations carry the ranges of their calls', () => {
  const source = 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.create_table(\n        "t",\n        sa.Column("id", sa.Integer()),\n    )\n    op.drop_table("u")\n';
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  const lines = new LineIndex(source);
  const createStart = source.indexOf('op.create_table');
  const createEnd = source.indexOf('    )\n') + '    )'.length;
  const dropStart = source.indexOf('op.drop_table');
  const dropEnd = source.indexOf('\n', dropStart);
  const expected = [lines.rangeOf(createStart, createEnd), lines.rangeOf(dropStart, dropEnd)];
  const actual = steps.map((step) => (step.kind === 'operation' ? step.operation.range : undefined));
  assert.deepEqual(actual, expected);
});
