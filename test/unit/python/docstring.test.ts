/**
 * The docstring header reader finds each `Key:` with a native search; this checks it against a
 * plain line-by-line reference on seeded random docstrings (keys indented, repeated, mid-line,
 * on the first or last line, CRLF, empty values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDocstring } from '../../../server/src/python/docstring';
import { LineIndex } from '../../../server/src/common/range';
import { seededRandom } from '../../support/mutation';

const KEYS = [
  ['Revision ID:', 'revisionId'],
  ['Revises:', 'revises'],
  ['Create Date:', 'createDate'],
] as const;

/** The obvious reading: the first line whose content starts with the key, value trimmed. */
function reference(body: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const content = line.replace(/^[ \t]*/, '');
    for (const [key, field] of KEYS) {
      if (found[field] === undefined && content.startsWith(key)) found[field] = content.slice(key.length).replace(/^[ \t\r]+|[ \t\r]+$/g, '');
    }
  }
  return found;
}

const PIECES = ['Revision ID: abc', 'Revises: a, b', 'Create Date: 2024-01-01', '  Revises:', '\tRevision ID:  x1 ', 'text Revises: no', 'Message', '', 'Revision IDs: y', '\r'];

test('docstring header lines: native search equals the line-by-line reading (1,500 random docstrings)', () => {
  const next = seededRandom(99);
  for (let i = 0; i < 1500; i++) {
    const lines = Array.from({ length: 1 + Math.floor(next() * 7) }, () => PIECES[Math.floor(next() * PIECES.length)]);
    const eol = next() < 0.2 ? '\r\n' : '\n';
    const body = lines.join(eol);
    const source = `"""${body}"""\nrevision = "a"\n`;
    const info = readDocstring(source, { from: 0, to: body.length + 6 }, new LineIndex(source));
    assert.ok(info, `case ${i}`);
    const expected = reference(body);
    for (const [, field] of KEYS) {
      assert.equal(info[field]?.value, expected[field], `case ${i} ${field}: ${JSON.stringify(body)}`);
      const line: { value: string; valueRange: { start: { line: number; character: number }; end: { line: number; character: number } } } | undefined = info[field];
      if (line) {
        const offset = (position: { line: number; character: number }) => new LineIndex(source).offsetAt(position);
        assert.equal(source.slice(offset(line.valueRange.start), offset(line.valueRange.end)), line.value, `case ${i} ${field} range`);
      }
    }
  }
});

test('a named Unicode escape in a docstring stays as written in the message (Lens has no Unicode name table); the header lines are still read', () => {
  const source = '"""add \\N{BULLET} items\n\nRevision ID: aaaa0001\n"""\nrevision = "aaaa0001"\n';
  const info = readDocstring(source, { from: 0, to: source.indexOf('"""\n', 3) + 3 }, new LineIndex(source));
  assert.equal(info?.message, 'add \\N{BULLET} items');
  assert.equal(info?.revisionId?.value, 'aaaa0001');
});
