// Hover, definition, references, symbols and completion on revision ids, over real LSP messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CompletionItem, DocumentSymbol, Hover, Location, SymbolInformation } from 'vscode-languageserver/node';
import { copyFixture, startClient, uriOf, type TestClient } from './support/lspClient';

let client: TestClient;
let root: string;
let versions: string;
let first: string;
let second: string;
let third: string;

/** Position of the first occurrence of `needle` on the line containing `lineHint` (plus `shift` characters). */
function positionOf(file: string, lineHint: string, needle: string, shift = 1): { line: number; character: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(lineHint));
  assert.ok(line >= 0, `no line with ${lineHint}`);
  return { line, character: lines[line].indexOf(needle) + shift };
}

before(async () => {
  root = copyFixture('linear');
  versions = path.join(root, 'migrations', 'versions');
  first = path.join(versions, '1a2b3c4d5e6f_create_users.py');
  second = path.join(versions, '2b3c4d5e6f70_add_orders.py');
  third = path.join(versions, '3c4d5e6f7081_add_email_index.py');
  client = await startClient({ root });
  await client.waitForIndex();
});

after(async () => {
  await client.dispose();
});

test('hover on a down_revision id shows the parent revision', async () => {
  const hover = await client.request<Hover>('textDocument/hover', {
    textDocument: { uri: uriOf(second) },
    position: positionOf(second, 'down_revision:', '1a2b3c4d5e6f', 3),
  });
  const text = (hover.contents as { value: string }).value;
  assert.match(text, /Revision `1a2b3c4d5e6f`/);
  assert.match(text, /create users/);
  assert.match(text, /2026-01-05 10:00:00/);
  assert.match(text, /Children: `2b3c4d5e6f70`/);
  assert.match(text, /base/);
});

test('hover on the revision id and on the docstring header id marks the head', async () => {
  const onVariable = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(third) }, position: positionOf(third, 'revision: str', '3c4d') });
  assert.match((onVariable.contents as { value: string }).value, /Revision `3c4d5e6f7081`\*\* — head/);
  const onDocstring = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(third) }, position: positionOf(third, 'Revises:', '2b3c') });
  assert.match((onDocstring.contents as { value: string }).value, /add orders/);
});

test('hover elsewhere returns nothing', async () => {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(second) }, position: positionOf(second, 'from typing', 'typing') });
  assert.equal(hover, null);
});

test('definition on down_revision jumps to the parent revision assignment', async () => {
  const locations = await client.request<Location[]>('textDocument/definition', {
    textDocument: { uri: uriOf(second) },
    position: positionOf(second, 'down_revision:', '1a2b3c4d5e6f', 2),
  });
  assert.equal(locations.length, 1);
  assert.equal(locations[0].uri, uriOf(first));
  assert.equal(locations[0].range.start.line, 14);
});

test('references of a revision are the revisions that name it', async () => {
  const locations = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: uriOf(second) },
    position: positionOf(second, 'revision: str', '2b3c'),
    context: { includeDeclaration: false },
  });
  assert.ok(locations.length >= 1);
  assert.ok(locations.every((location) => location.uri === uriOf(third)));
  const lines = locations.map((location) => location.range.start.line).sort((a, b) => a - b);
  assert.ok(lines.includes(15), `down_revision line of the child in ${JSON.stringify(lines)}`);
  const withDeclaration = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: uriOf(second) },
    position: positionOf(second, 'revision: str', '2b3c'),
    context: { includeDeclaration: true },
  });
  assert.equal(withDeclaration.length, locations.length + 1);
  assert.equal(withDeclaration[0].uri, uriOf(second));
});

test('document symbols list the revision, upgrade and downgrade', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(second) } });
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['2b3c4d5e6f70', 'upgrade()', 'downgrade()']);
  assert.equal(symbols[0].detail, 'add orders');
});

test('workspace symbols find revisions by message, id and nothing for unknown words', async () => {
  const byMessage = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'orders' });
  assert.deepEqual(byMessage.map((symbol) => symbol.location.uri), [uriOf(second)]);
  const byId = await client.request<SymbolInformation[]>('workspace/symbol', { query: '1a2b' });
  assert.equal(byId.length, 1);
  assert.match(byId[0].name, /^1a2b3c4d5e6f create users$/);
  const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
  assert.equal(all.length, 3);
  assert.deepEqual(await client.request('workspace/symbol', { query: 'no-such-thing' }), []);
});

test('completion inside down_revision offers the head first, then the other ids', async () => {
  const draft = path.join(versions, 'draft.py');
  const text = `"""draft\n\nRevision ID: ffffffffffff\n"""\nrevision = 'ffffffffffff'\ndown_revision = '\n`;
  await client.open(draft, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(draft) }, position: { line: 5, character: 17 } });
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(sorted.map((item) => item.label), ['3c4d5e6f7081', '2b3c4d5e6f70', '1a2b3c4d5e6f']);
  assert.match(sorted[0].detail ?? '', /head · add email index/);
  const outside = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(draft) }, position: { line: 4, character: 3 } });
  assert.deepEqual(outside, []);
  await client.close(draft);
});

test('completion inside depends_on, on one line and on a continuation line, offers ids and labels', async () => {
  const draft = path.join(versions, 'draft2.py');
  const text = `revision = 'eeeeeeeeeeee'\ndown_revision = '3c4d5e6f7081'\ndepends_on = ('1a2b3c4d5e6f', '2b\n`;
  await client.open(draft, text);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(draft) }, position: { line: 2, character: 33 } });
  const item = items.find((candidate) => candidate.label === '2b3c4d5e6f70');
  assert.ok(item, 'the id is offered');
  assert.deepEqual((item.textEdit as { range: unknown }).range, { start: { line: 2, character: 31 }, end: { line: 2, character: 33 } });
  const multiLine = `revision = 'eeeeeeeeeeee'\ndown_revision = (\n    '3c4d5e6f7081',\n    '1a\n)\n`;
  await client.change(draft, multiLine);
  const continued = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(draft) }, position: { line: 3, character: 7 } });
  assert.ok(continued.some((candidate) => candidate.label === '1a2b3c4d5e6f'), JSON.stringify(continued.map((c) => c.label)));
  await client.close(draft);
});
