import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, positionOf, rangeFrom } from '../../../server/src/common/range';
import { emptyList, orEmpty } from '../../../server/src/common/emptyList';
import { StringPool } from '../../../server/src/common/ownedStrings';
import { seededRandom } from '../../support/mutation';

/** Positions by counting characters, the obvious way. */
function naivePosition(text: string, offset: number): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: clamped - lineStart };
}

test('LineIndex gives the counted position for every offset, in any lookup order', () => {
  const random = seededRandom(7);
  for (let round = 0; round < 40; round++) {
    const pieces = ['a', 'bc', '\n', '\r\n', '    ', 'x'.repeat(1100), '"""\n', '\n\n'];
    let text = '';
    while (text.length < 3000) text += pieces[Math.floor(random() * pieces.length)];
    const index = new LineIndex(text);
    const offsets = Array.from({ length: 200 }, () => Math.floor(random() * (text.length + 20)) - 10);
    for (const offset of offsets) assert.deepEqual(index.positionAt(offset), naivePosition(text, offset), `offset ${offset}`);
    for (const offset of offsets) assert.equal(index.offsetAt(index.positionAt(offset)), Math.max(0, Math.min(offset, text.length)));
  }
});

test('equal positions and single-line ranges are one shared object; large or multi-line ones are fresh but equal', () => {
  assert.equal(positionOf(3, 7), positionOf(3, 7));
  assert.deepEqual(positionOf(3, 7), { line: 3, character: 7 });
  const far = positionOf(3, 5000);
  assert.deepEqual(far, { line: 3, character: 5000 });
  assert.notEqual(far, positionOf(3, 5000), 'coordinates past the shared table are not kept');

  const one = rangeFrom(positionOf(2, 1), positionOf(2, 9));
  assert.equal(one, rangeFrom(positionOf(2, 1), positionOf(2, 9)));
  assert.deepEqual(one, { start: { line: 2, character: 1 }, end: { line: 2, character: 9 } });
  const spanning = rangeFrom(positionOf(2, 1), positionOf(4, 0));
  assert.deepEqual(spanning, { start: { line: 2, character: 1 }, end: { line: 4, character: 0 } });
  assert.notEqual(spanning, rangeFrom(positionOf(2, 1), positionOf(4, 0)));

  // Two files with the same header layout share their ranges.
  const a = new LineIndex('revision = "abc"\ndown_revision = None\n');
  const b = new LineIndex('revision = "xyz"\ndown_revision = None\n');
  assert.equal(a.rangeOf(17, 30), b.rangeOf(17, 30));
});

test('the shared empty list cannot be filled, and orEmpty keeps lists that have items', () => {
  const shared = emptyList<string>();
  assert.equal(shared, emptyList<number>());
  // The type is readonly, so the compiler refuses a push; the frozen list refuses one at run time too.
  assert.throws(() => Array.prototype.push.call(shared, 'x'), TypeError);
  assert.deepEqual(shared, []);
  const filled = ['a'];
  assert.equal(orEmpty(filled), filled);
  assert.equal(orEmpty([]), shared);
});

test('a string pool hands out one owned copy per value, and stops pooling at its limit', () => {
  const pool = new StringPool(2);
  const source = 'x = Union[str, Sequence[str], None] = 1';
  const first = pool.own(source.slice(4, 35));
  assert.equal(first, 'Union[str, Sequence[str], None]');
  assert.equal(pool.own(source.slice(4, 35)), first);
  pool.own('Optional[str] and more text');
  const overLimit = pool.own('Tuple[str, ...] is the third value');
  assert.equal(overLimit, 'Tuple[str, ...] is the third value');
});
