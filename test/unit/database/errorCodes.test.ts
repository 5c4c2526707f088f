// The online engine's failure codes are registered in the diagnostics catalogue with a page each:
// every kebab-case `database-*` / `online-*` literal in the code that produces them (the database
// layer, the engine's online runner, the CLI's online commands) is a registered code, and every
// registered online code is produced somewhere (no page for an outcome that cannot happen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_CODES } from '../../../server/src/diagnostics/codes';
import { DATABASE_CODES, ONLINE_CODES } from '../../../server/src/diagnostics/codes/online';
import { statementFailureCode } from '../../../server/src/engine/online/failureCodes';

const root = path.resolve(__dirname, '..', '..', '..');
const producers = ['server/src/database', 'server/src/engine/online', 'server/src/cli/online'];

function sourceTexts(): string[] {
  const texts: string[] = [];
  for (const folder of producers) {
    for (const name of fs.readdirSync(path.join(root, folder))) {
      if (name.endsWith('.ts')) texts.push(fs.readFileSync(path.join(root, folder, name), 'utf8'));
    }
  }
  return texts;
}

test('every database-* and online-* code the online engine names is registered with a page', () => {
  const registered = new Set(ALL_CODES.map((info) => info.code));
  const named = new Set<string>();
  for (const text of sourceTexts()) for (const match of text.matchAll(/'((?:database|online)-[a-z]+(?:-[a-z]+)*)'/g)) named.add(match[1]);
  assert.ok(named.size >= 10, `found only ${[...named].join(', ')}`);
  for (const code of named) {
    assert.ok(registered.has(code), `${code} is not in the diagnostics catalogue`);
    assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${code}.md`)), `${code} has no docs/rules page`);
  }
  const produced = sourceTexts().join('\n');
  for (const info of [...DATABASE_CODES, ...ONLINE_CODES]) assert.ok(produced.includes(`'${info.code}'`), `${info.code} is registered but nothing produces it`);
});

test('a failed statement is told apart from a cancel and a lost connection', () => {
  assert.equal(statementFailureCode({ cancelled: false, connectionLost: false }), 'online-statement-failed');
  assert.equal(statementFailureCode({ cancelled: true, connectionLost: false }), 'online-cancelled');
  assert.equal(statementFailureCode({ cancelled: false, connectionLost: true }), 'online-connection-lost');
});
