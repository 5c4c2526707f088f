// Invariant 6: every diagnostic code has a docs page with the four sections users need, and
// every code the source reports is registered (so the registry cannot drift from the code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_CODES } from '../../server/src/lint/codes';

const root = path.resolve(__dirname, '..', '..');

test('codes are unique kebab-case ids', () => {
  const seen = new Set<string>();
  for (const info of ALL_CODES) {
    assert.match(info.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, info.code);
    assert.ok(!seen.has(info.code), `duplicate code ${info.code}`);
    seen.add(info.code);
  }
  assert.ok(ALL_CODES.length > 0);
});

test('every registered code has docs/rules/<code>.md with problem, why, fix and suppress sections', () => {
  const problems: string[] = [];
  for (const info of ALL_CODES) {
    const page = path.join(root, 'docs', 'rules', `${info.code}.md`);
    if (!fs.existsSync(page)) {
      problems.push(`${info.code}: missing ${path.relative(root, page)}`);
      continue;
    }
    const text = fs.readFileSync(page, 'utf8').toLowerCase();
    for (const section of ['why', 'fix', 'suppress']) {
      if (!text.includes(section)) problems.push(`${info.code}: docs page lacks a "${section}" section`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every code literal in the server source is registered', () => {
  const registered = new Set(ALL_CODES.map((info) => info.code));
  const unregistered = new Set<string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        for (const match of fs.readFileSync(full, 'utf8').matchAll(/\bcode: *['"]([a-z0-9]+(?:-[a-z0-9]+)+)['"]/g)) {
          if (!registered.has(match[1])) unregistered.add(`${match[1]} (${path.relative(root, full)})`);
        }
      }
    }
  };
  walk(path.join(root, 'server', 'src'));
  assert.deepEqual([...unregistered], []);
});
