// The lock trace in the editor over real LSP: the "Trace locks" CodeLens, alembic/traceLocks on the
// embedded PostgreSQL (PGlite), its progress notifications, the result at each op.* line (hover and
// inlay hints: lock mode, what it blocks, rewrite, time, the static rule confirmed or contradicted),
// PostgreSQL's error 25001 at its line, the kept database on a second trace, and the result
// dropped once the file changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeLens, Hover, InlayHint } from 'vscode-languageserver/node';
import type { RunProgressParams, TraceLocksParams, TraceLocksResult } from '../../server/src/protocol';
import { copyFixture, startClient, uriOf } from './support/lspClient';
import { HAZARDS, TRACED_REVISION } from './support/traceMigrations';


function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  assert.ok(line >= 0, needle);
  return line;
}

test('Trace locks: CodeLens, progress, locks per op.* line with what they block, rewrite, rule verdicts, 25001 at its line; kept database; dropped on edit', { timeout: 180_000 }, async () => {
  const root = copyFixture('linear');
  const file = path.join(root, 'migrations', 'versions', `${TRACED_REVISION}_hazards.py`);
  fs.writeFileSync(file, HAZARDS);
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(file, HAZARDS);
    const environmentId = `${path.join(root, 'alembic.ini')}#alembic`;

    const lenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file) } })).filter((lens) => lens.command?.command === 'alembicLens.traceLocks');
    assert.deepEqual(lenses.map((lens) => [lens.command?.title, lens.range.start.line, lens.command?.arguments?.[0].direction]), [
      ['Trace locks', lineOf(HAZARDS, 'def upgrade'), 'upgrade'],
      ['Trace locks', lineOf(HAZARDS, 'def downgrade'), 'downgrade'],
    ]);
    const params: TraceLocksParams = { ...lenses[0].command!.arguments![0], runId: 'trace-1' };
    assert.equal(params.environmentId, environmentId);

    const result = await client.request<TraceLocksResult>('alembic/traceLocks', params);
    assert.equal(result.ok, true, result.message);
    const progress = client.notifications.filter((n) => n.method === 'alembic/runProgress').map((n) => n.params as RunProgressParams).filter((p) => p.runId === 'trace-1');
    assert.ok(progress.some((p) => /applying the ancestors/.test(p.message)), JSON.stringify(progress));
    assert.ok(result.setupMs > 0, 'the first trace applies the ancestors');

    const alter = result.lines.find((line) => line.line === lineOf(HAZARDS, 'op.alter_column'));
    assert.ok(alter, JSON.stringify(result.lines));
    assert.ok(alter.taken.some((lock) => lock.relation === 'orders' && lock.mode === 'AccessExclusiveLock' && lock.blocks === 'blocks reads and writes'), JSON.stringify(alter.taken));
    assert.ok(alter.rewritten.includes('orders'), 'ALTER COLUMN TYPE rewrites the table');
    assert.deepEqual(alter.predictions.map((check) => [check.code, check.verdict]), [['column-type-change', 'confirmed']]);
    assert.match(alter.summary, /^AccessExclusiveLock on .*orders.*blocks reads and writes.* · rewrites .*\borders\b.* · confirms column-type-change · [\d.]+ ms$/);

    const index = result.lines.find((line) => line.line === lineOf(HAZARDS, 'op.create_index'));
    assert.ok(index);
    assert.ok(index.taken.some((lock) => lock.relation === 'orders' && lock.mode === 'ShareLock' && lock.blocks === 'blocks writes'), JSON.stringify(index.taken));
    assert.deepEqual(index.rewritten, []);
    assert.deepEqual(index.predictions.map((check) => [check.code, check.verdict]), [['create-index-not-concurrently', 'confirmed']]);

    const concurrently = result.lines.find((line) => line.line === lineOf(HAZARDS, 'CONCURRENTLY'));
    assert.equal(concurrently?.error?.code, '25001');
    assert.deepEqual(concurrently?.predictions.map((check) => [check.code, check.verdict]), [['concurrently-in-transaction', 'confirmed']]);
    assert.match(concurrently?.summary ?? '', /error 25001/);

    // Hover and inlay hints at the lines.
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line: alter.line, character: 8 } });
    const markdown = (hover.contents as { value: string }).value;
    assert.match(markdown, /Lock trace/);
    assert.match(markdown, /`AccessExclusiveLock` on table `orders`: blocks reads and writes/);
    assert.match(markdown, /table rewritten: .*`orders`/);
    assert.match(markdown, /confirms `column-type-change`/);
    const end = HAZARDS.split('\n').length;
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } } });
    assert.deepEqual(hints.map((hint) => hint.position.line).sort((a, b) => a - b), [alter.line, index.line, concurrently!.line].sort((a, b) => a - b));
    assert.ok(hints.some((hint) => String(hint.label).includes('error 25001')));

    // Again: the database with the ancestors applied is kept (nothing ran outside the rolled-back transaction).
    const again = await client.request<TraceLocksResult>('alembic/traceLocks', params);
    assert.equal(again.ok, true, again.message);
    assert.equal(again.setupMs, 0, 'the ancestors are not applied again');
    assert.deepEqual(again.lines.map((line) => line.summary.replace(/[\d.]+ ms/, '')), result.lines.map((line) => line.summary.replace(/[\d.]+ ms/, '')));

    // An edit drops the result: no hints, no trace in the hover.
    await client.change(file, HAZARDS.replace("'id', 'user_id'", "'user_id', 'id'"));
    const after = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } } });
    assert.deepEqual(after, []);
    const hoverAfter = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line: alter.line, character: 8 } });
    assert.doesNotMatch(JSON.stringify(hoverAfter), /Lock trace/);

    // The downgrade: the revision is applied first (as saved), then its downgrade runs. With the
    // CONCURRENTLY statement in it, applying the revision itself fails: the message says so.
    const refused = await client.request<TraceLocksResult>('alembic/traceLocks', { ...lenses[1].command!.arguments![0] });
    assert.equal(refused.ok, false);
    assert.equal(refused.code, 'lock-trace-failed');
    assert.match(refused.message ?? '', /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
    const fixed = HAZARDS.replace(/ *op\.execute\("CREATE INDEX CONCURRENTLY[^\n]*\n/, '');
    fs.writeFileSync(file, fixed);
    await client.change(file, fixed);
    const down = await client.request<TraceLocksResult>('alembic/traceLocks', { ...lenses[1].command!.arguments![0] });
    assert.equal(down.ok, true, down.message);
    assert.ok(down.lines[0].taken.some((lock) => lock.relation === 'orders' && lock.mode === 'AccessExclusiveLock'), JSON.stringify(down.lines));
  } finally {
    await client.dispose();
  }
});

test('Trace locks on something it cannot trace: a located message with the stable code, not a crash', { timeout: 60_000 }, async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const file = path.join(root, 'migrations', 'versions', '2b3c4d5e6f70_add_orders.py');
    const result = await client.request<TraceLocksResult>('alembic/traceLocks', { environmentId: `${path.join(root, 'alembic.ini')}#alembic`, revisionId: 'ffffffffffff', uri: uriOf(path.join(root, 'nowhere.py')), direction: 'upgrade' });
    assert.equal(result.ok, false);
    assert.equal(result.code, 'lock-trace-failed');
    assert.match(result.message ?? '', /ffffffffffff/);
    assert.ok(fs.existsSync(file));
  } finally {
    await client.dispose();
  }
});
