import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/common/range';

test('LineIndex maps offsets to zero-based positions', () => {
  const index = new LineIndex('ab\ncd\n');
  assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
  assert.equal(index.offsetAt({ line: 1, character: 1 }), 4);
});
