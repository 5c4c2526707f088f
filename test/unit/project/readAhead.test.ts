import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { READ_AHEAD_MIN_FILES, ReadAhead, withReadAhead } from '../../../server/src/project/readAhead';
import { readMigrationText } from '../../../server/src/project/versionFiles';
import type { FileSource } from '../../../server/src/project/environmentState';

/**
 * A folder of migrations with every kind of file the direct reader treats specially, spread
 * among ordinary ones: what comes through the reader threads must equal a direct read.
 */
function makeFolder(): { root: string; paths: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'alembic-lens-readahead-'));
  const paths: string[] = [];
  const add = (name: string, content: string | Buffer | undefined): void => {
    const file = path.join(root, name);
    if (content === undefined) mkdirSync(file); // a folder named like a migration: EISDIR
    else writeFileSync(file, content);
    paths.push(file);
  };
  for (let i = 0; i < 300; i++) {
    const id = `rev${String(i).padStart(4, '0')}`;
    add(`${id}_step.py`, `"""step ${i}\n\nRevision ID: ${id}\n"""\nrevision = '${id}'\ndown_revision = ${i ? `'rev${String(i - 1).padStart(4, '0')}'` : 'None'}\n`);
    if (i === 10) add('big_slot.py', `revision = 'big'\n# ${'x'.repeat(200 * 1024)}\n`); // larger than a reader's slot
    if (i === 20) add('huge.py', Buffer.alloc(5 * 1024 * 1024 + 10, 0x61)); // over the 5 MB cap
    if (i === 30) add('binary.py', Buffer.from([0x72, 0x00, 0x01, 0x02]));
    if (i === 40) add('latin1.py', Buffer.from('revision = "caf\xe9"\n', 'latin1'));
    if (i === 50) add('bom.py', `\ufeffrevision = 'bom'\n`);
    if (i === 60) add('empty.py', '');
    if (i === 70) add('folder.py', undefined);
  }
  paths.push(path.join(root, 'deleted_after_listing.py'));
  return { root, paths };
}

function directSource(overlays: ReadonlySet<string> = new Set()): FileSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    read: (file) => {
      calls.push(file);
      return readMigrationText(file);
    },
    isOverlay: (file) => overlays.has(file),
  };
}

/** Waits (without blocking the thread) until the readers have finished at least one file. */
async function untilReadersDeliver(ahead: ReadAhead): Promise<void> {
  for (let tries = 0; tries < 1000 && ahead.waiting() === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(ahead.waiting() > 0, 'the reader threads finished no file within 10 s');
}

test('files read ahead give exactly what a direct read gives, special files included', async () => {
  const { root, paths } = makeFolder();
  try {
    const direct = directSource();
    const ahead = ReadAhead.start(direct, paths, { readers: 2 });
    assert.ok(ahead, 'started for a folder of this size');
    await untilReadersDeliver(ahead);
    for (const file of paths) assert.deepEqual(ahead.read(file), readMigrationText(file), path.basename(file));
    ahead.close();
    assert.ok(ahead.delivered > 0, 'some files came from the reader threads');
    assert.ok(ahead.delivered < paths.length, 'special files were read on the main thread');
    for (const special of ['big_slot.py', 'huge.py', 'folder.py', 'deleted_after_listing.py']) {
      assert.ok(direct.calls.some((file) => path.basename(file) === special), `${special} was read directly`);
    }
    const outcomes = new Map(paths.map((file) => [path.basename(file), readMigrationText(file)]));
    assert.deepEqual(outcomes.get('huge.py')!.problems.map((problem) => problem.code), ['file-too-large']);
    assert.deepEqual(outcomes.get('binary.py')!.problems.map((problem) => problem.code), ['binary-file']);
    assert.deepEqual(outcomes.get('latin1.py')!.problems.map((problem) => problem.code), ['file-not-utf8']);
    assert.deepEqual(outcomes.get('folder.py')!.problems.map((problem) => problem.code), ['file-unreadable']);
    assert.equal(outcomes.get('bom.py')!.text, "revision = 'bom'\n");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('reads out of order, skipped files and reads after close fall back to direct reads', async () => {
  const { root, paths } = makeFolder();
  try {
    const ahead = ReadAhead.start(directSource(), paths, { readers: 2 })!;
    await untilReadersDeliver(ahead);
    // Every third file, then all of them backwards: the slots of passed files are reused.
    const order = [...paths.filter((_, index) => index % 3 === 0), ...[...paths].reverse()];
    for (const file of order) assert.deepEqual(ahead.read(file), readMigrationText(file), path.basename(file));
    ahead.close();
    const late = paths[paths.length - 2];
    assert.deepEqual(ahead.read(late), readMigrationText(late));
    assert.deepEqual(ahead.read(path.join(root, 'not_listed.py')), readMigrationText(path.join(root, 'not_listed.py')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('files the editor holds are never read ahead, and small folders start no thread', () => {
  const { root, paths } = makeFolder();
  try {
    const overlays = new Set(paths.slice(0, 5));
    const direct = directSource(overlays);
    const result = withReadAhead(direct, paths, (source) => {
      for (const file of overlays) source.read(file);
      assert.equal(source.isOverlay(paths[0]), true);
      return 'loaded';
    });
    assert.equal(result, 'loaded');
    assert.deepEqual(direct.calls, [...overlays], 'open files go to the editor source');
    assert.equal(ReadAhead.start(direct, paths.slice(0, READ_AHEAD_MIN_FILES - 1)), undefined);
    assert.equal(ReadAhead.start(directSource(new Set(paths)), paths), undefined, 'nothing left to read from disk');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** A source whose every read takes at least `micros` (as a read from disk does). */
function slowSource(micros: number): FileSource {
  return {
    read: (file) => {
      const until = performance.now() + micros / 1000;
      while (performance.now() < until);
      return readMigrationText(file);
    },
    isOverlay: () => false,
  };
}

test('one reader starts at once; the second only when direct reads are slow, and they deliver the rest', async () => {
  const { root, paths } = makeFolder();
  try {
    const ordinary = paths.filter((file) => /rev\d{4}_step\.py$/.test(file));
    const byDefault = ReadAhead.start(directSource(), ordinary)!;
    assert.equal(byDefault.readers, 1, 'one reader from the start');
    byDefault.close();

    // No reader at first here, so that every read is a direct one and timed.
    const fast = ReadAhead.start(directSource(), ordinary, { readers: 0 })!;
    for (const file of ordinary) assert.deepEqual(fast.read(file), readMigrationText(file));
    fast.close();
    assert.equal(fast.readers, 0, 'files from the page cache start no more threads');
    assert.equal(fast.delivered, 0);

    const slow = ReadAhead.start(slowSource(200), ordinary, { readers: 0 })!;
    let position = 0;
    while (slow.readers === 0 && position < ordinary.length) assert.deepEqual(slow.read(ordinary[position]), readMigrationText(ordinary[position++]));
    assert.equal(slow.readers, 2, 'slow reads started both readers');
    assert.ok(position <= 64, `started after ${position} reads`);
    await untilReadersDeliver(slow);
    for (; position < ordinary.length; position++) assert.deepEqual(slow.read(ordinary[position]), readMigrationText(ordinary[position]));
    slow.close();
    assert.ok(slow.delivered > 0, 'files read after the start came from the threads');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
