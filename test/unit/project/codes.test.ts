import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_CODES } from '../../../server/src/diagnostics/codes/project';

const ROOT = path.resolve(__dirname, '../../..');
const LAYERS = ['server/src/project', 'server/src/python'];

/** Every kebab-case code literal the project and python layers can emit (`code: '...'` or a trailing code argument). */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const layer of LAYERS) {
    for (const file of readdirSync(path.join(ROOT, layer))) {
      if (!file.endsWith('.ts') || file === 'types.ts') continue;
      const source = readFileSync(path.join(ROOT, layer, file), 'utf8');
      for (const match of source.matchAll(/code: '([a-z0-9-]+)'/g)) codes.add(match[1]);
      for (const match of source.matchAll(/(?:problem|report)\([^;]*?'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) codes.add(match[1]);
    }
  }
  return codes;
}

test('every code the index emits is registered and every registered code has a docs page', () => {
  const registered = new Set(PROJECT_CODES.map((info) => info.code));
  const emitted = emittedCodes();
  assert.ok(emitted.size >= 15, `found ${emitted.size} codes`);
  const graphOwned = new Set(['missing-parent', 'revision-cycle', 'dependency-cycle']);
  for (const code of emitted) if (!graphOwned.has(code)) assert.ok(registered.has(code), `${code} is not in diagnostics/codes/project.ts`);
  for (const info of PROJECT_CODES) {
    const page = path.join(ROOT, 'docs/rules', `${info.code}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8');
    for (const heading of ['## Problem', '## Why it matters', '## How to fix', '## How to suppress']) assert.ok(text.includes(heading), `${info.code}: ${heading}`);
  }
  assert.equal(registered.size, PROJECT_CODES.length, 'codes are unique');
});
