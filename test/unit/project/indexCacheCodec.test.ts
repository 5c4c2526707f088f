// The index cache's compact header JSON (project/indexCache/headerCodec.ts) gives back exactly the
// header the reader produced, for every migration-like file in the fixtures: headers with
// problems, references, docstring lines, imports and full-parse signatures alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMigrationHeader } from '../../../server/src/python/header';
import { decodeHeader, encodeHeader } from '../../../server/src/project/indexCache/headerCodec';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

function pythonFiles(folder: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) pythonFiles(full, found);
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(full);
  }
  return found;
}

/** The header as plain data (undefined fields dropped, as JSON does), for a structural comparison. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

test('every fixture header survives encoding and decoding unchanged', () => {
  const files = pythonFiles(FIXTURES);
  assert.ok(files.length > 50, `fixtures found: ${files.length}`);
  let withProblems = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const full of [false, true]) {
      const header = readMigrationHeader(file, text, { full, signatures: full });
      if (header.problems.length > 0) withProblems++;
      const roundTrip = decodeHeader(JSON.parse(JSON.stringify(encodeHeader(header))));
      assert.deepEqual(plain(roundTrip), plain(header), `${file} (full: ${full})`);
    }
  }
  assert.ok(withProblems > 0, 'some headers carry problems (ranges inside problems are covered)');
});

test('ranges are stored compactly and an array that is not a range stays an array', () => {
  const header = readMigrationHeader('/x/a1.py', "revision = 'a1'\ndown_revision = ('b', 'c', 'd', 'e')\n\ndef upgrade():\n    pass\n");
  const encoded = JSON.stringify(encodeHeader(header));
  assert.ok(!encoded.includes('"start"'), 'no range object is left');
  assert.deepEqual(plain(decodeHeader(JSON.parse(encoded))), plain(header));
});
