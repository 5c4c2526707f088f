// Large CLI outputs are written as UTF-8 bytes: the bytes must be exactly what the string would give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodedForStream } from '../../../server/src/cli/output/encodedText';

test('a long text becomes its UTF-8 bytes, non-ASCII and astral characters included; a short one stays a string', () => {
  const long = `${'x'.repeat(70_000)} é 中 😀 "quoted"\n`;
  const encoded = encodedForStream(long);
  assert.ok(encoded instanceof Uint8Array);
  assert.deepEqual(Buffer.from(encoded), Buffer.from(long, 'utf8'));
  assert.equal(encodedForStream('short é'), 'short é');
});
