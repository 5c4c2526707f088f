import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { READ_AHEAD_MIN_FILES, ReadAhead, withReadAhead } from '../../../server/src/project/readAhead';
import { readMigrationText } from '../../../server/src/project/versionFiles';
import type { FileSource } from '../../../server/src/project/environmentState';
import { temporaryFolder } from '../../support/temporaryFolders';

/**
 * A folder of migrations with every kind of file the direct reader treats specially, spread
 * among ordinary ones: what comes through the reader threads must equal a direct read.
 */
function makeFolder(): { root: string; paths: string[] } {
  const root = temporaryFolder('alembic-lens-readahead-');
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

/** Polls `done` every 10 ms (without blocking the thread) for up to 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 1000 && !done(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(done(), `${what} within 10 s`);
}

test('a file skipped over while a reader still holds it never lands in the slot of a file delivered after it', async () => {
  // Two readers; the one that reads position 63 is held before delivering it while the other
  // delivers the files after it. Position 191 shares its slot (128 slots). The main thread skips
  // 63; once 191 is delivered, the held reader is let go: it must not copy 63 over 191. (The main
  // thread wakes waiting readers at every 32nd position, hence 64 as the read after the skip.)
  const held = 63;
  const root = temporaryFolder('alembic-lens-readahead-');
  try {
    const paths: string[] = [];
    for (let i = 0; i < 300; i++) {
      const id = `rev${String(i).padStart(4, '0')}`;
      paths.push(path.join(root, `${id}_step.py`));
      writeFileSync(paths[i], `revision = '${id}'\n`);
    }
    const ahead = ReadAhead.start(directSource(), paths, { readers: 2, holdAt: held })!;
    try {
      // The held file is not ready, so more ready files than before it means a reader went past it.
      await until(() => ahead.waiting() > held, 'a reader went past the held file');
      for (let i = 0; i < held; i++) assert.deepEqual(ahead.read(paths[i]), readMigrationText(paths[i]));
      assert.deepEqual(ahead.read(paths[held + 1]), readMigrationText(paths[held + 1]));
      // The 128 positions after the one just read fill every slot, held + 128 the held file's.
      await until(() => ahead.waiting() === 128, 'the other reader filled every slot');
      await ahead.letHeldReaderGo();
      for (let i = held + 2; i < paths.length; i++) assert.deepEqual(ahead.read(paths[i]), readMigrationText(paths[i]), path.basename(paths[i]));
      assert.deepEqual(ahead.read(paths[held]), readMigrationText(paths[held]), 'the skipped file, read directly');
      assert.ok(ahead.delivered > 128, 'the files after the held one came from the readers');
    } finally {
      ahead.close();
    }
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

/**
 * A source whose reads take as long as `microsFor(n)` says for the n-th read (0-based) on a
 * clock of its own: the ReadAhead is given that clock, so its slow-read decision sees exactly
 * these durations whatever the machine's speed.
 */
function timedSource(microsFor: (read: number) => number): { source: FileSource; now: () => number } {
  let clockMs = 0;
  let reads = 0;
  return {
    now: () => clockMs,
    source: {
      read: (file) => {
        clockMs += microsFor(reads++) / 1000;
        return readMigrationText(file);
      },
      isOverlay: () => false,
    },
  };
}

/** Reads `files` in order, directly while no reader runs; returns how many were read by then. */
function readUntilReadersStart(ahead: ReadAhead, files: readonly string[]): number {
  let position = 0;
  while (ahead.readers === 0 && position < files.length) assert.deepEqual(ahead.read(files[position]), readMigrationText(files[position++]));
  return position;
}

// Documented in readAhead.ts: ~11 µs from the page cache, ~130 µs from disk; the first 32 direct
// reads are not judged, then windows of 16 reads start the readers when 12 were slow.
const CACHED_MICROS = 11;
const DISK_MICROS = 130;
const WARM_UP = 32;
const WINDOW = 16;

test('one reader starts at once; the second only when direct reads are slow, and they deliver the rest', async () => {
  const { root, paths } = makeFolder();
  try {
    const ordinary = paths.filter((file) => /rev\d{4}_step\.py$/.test(file));
    const byDefault = ReadAhead.start(directSource(), ordinary)!;
    assert.equal(byDefault.readers, 1, 'one reader from the start');
    byDefault.close();

    // No reader at first here, so that every read is a direct one and timed.
    const cached = timedSource(() => CACHED_MICROS);
    const fast = ReadAhead.start(cached.source, ordinary, { readers: 0, now: cached.now })!;
    assert.equal(readUntilReadersStart(fast, ordinary), ordinary.length);
    fast.close();
    assert.equal(fast.readers, 0, 'files from the page cache start no more threads');
    assert.equal(fast.delivered, 0);

    const disk = timedSource(() => DISK_MICROS);
    const slow = ReadAhead.start(disk.source, ordinary, { readers: 0, now: disk.now })!;
    let position = readUntilReadersStart(slow, ordinary);
    assert.equal(slow.readers, 2, 'slow reads started both readers');
    assert.equal(position, WARM_UP + WINDOW, 'the readers start at the end of the first judged window');
    await untilReadersDeliver(slow);
    for (; position < ordinary.length; position++) assert.deepEqual(slow.read(ordinary[position]), readMigrationText(ordinary[position]));
    slow.close();
    assert.ok(slow.delivered > 0, 'files read after the start came from the threads');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the readers start when three quarters of a window of direct reads were slow, not fewer', () => {
  const { root, paths } = makeFolder();
  try {
    const ordinary = paths.filter((file) => /rev\d{4}_step\.py$/.test(file));
    // Slow reads in the warm-up are not judged; then each window has `slowPerWindow` slow reads.
    const mixed = (slowPerWindow: number) => timedSource((read) => (read < WARM_UP || (read - WARM_UP) % WINDOW < slowPerWindow ? DISK_MICROS : CACHED_MICROS));

    const eleven = mixed(11);
    const belowThreshold = ReadAhead.start(eleven.source, ordinary, { readers: 0, now: eleven.now })!;
    assert.equal(readUntilReadersStart(belowThreshold, ordinary), ordinary.length);
    assert.equal(belowThreshold.readers, 0, '11 slow reads in every window of 16 start nothing');
    belowThreshold.close();

    const twelve = mixed(12);
    const atThreshold = ReadAhead.start(twelve.source, ordinary, { readers: 0, now: twelve.now })!;
    assert.equal(readUntilReadersStart(atThreshold, ordinary), WARM_UP + WINDOW);
    assert.equal(atThreshold.readers, 2, '12 slow reads in a window of 16 start the readers');
    atThreshold.close();

    // Slow reads spread over two windows (8 + 8) are judged per window and start nothing.
    const split = timedSource((read) => (read >= WARM_UP + 8 && read < WARM_UP + 24 ? DISK_MICROS : CACHED_MICROS));
    const acrossWindows = ReadAhead.start(split.source, ordinary, { readers: 0, now: split.now })!;
    assert.equal(readUntilReadersStart(acrossWindows, ordinary), ordinary.length);
    assert.equal(acrossWindows.readers, 0);
    acrossWindows.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
