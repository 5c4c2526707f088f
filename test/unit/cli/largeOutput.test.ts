// The CLI's writer of large outputs (cli/largeOutput.ts): byte for byte what the stream would
// write, to a file and to a pipe, with multi-byte characters and surrogate pairs on the slice
// boundaries; a failed write reaches the stream's error listeners; small outputs go through the
// stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LARGE_OUTPUT_CHARS, writeOutput, type LargeOutputTarget } from '../../../server/src/cli/largeOutput';
import { temporaryFolder } from '../../support/temporaryFolders';

const repository = path.resolve(__dirname, '..', '..', '..');

/** Over a megabyte: ASCII runs broken by 2-, 3- and 4-byte characters at every offset mod 7. */
function largeText(): string {
  const pieces: string[] = [];
  for (let at = 0; pieces.length < 400_000; at++) pieces.push(at % 7 === 0 ? '𝔘' : at % 7 === 3 ? 'é→' : 'abc');
  return pieces.join('');
}

function target(fd: number, errors: NodeJS.ErrnoException[], streamed: string[]): LargeOutputTarget {
  return { fd, write: (text) => streamed.push(text), emit: (_event, error) => errors.push(error) };
}

test('a large text written to a file is its UTF-8 bytes, not through the stream', () => {
  const text = largeText();
  assert.ok(text.length > LARGE_OUTPUT_CHARS * 4);
  const file = path.join(temporaryFolder('large-output-'), 'out.json');
  const fd = fs.openSync(file, 'w');
  const errors: NodeJS.ErrnoException[] = [];
  const streamed: string[] = [];
  try {
    writeOutput(target(fd, errors, streamed), text);
  } finally {
    fs.closeSync(fd);
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(streamed, []);
  assert.ok(fs.readFileSync(file).equals(Buffer.from(text, 'utf8')));
});

test('a large text written to a pipe reaches the reader whole (a child process as the CLI runs)', () => {
  const script = `
    const { writeOutput } = require(${JSON.stringify(path.join(repository, 'server', 'src', 'cli', 'largeOutput.ts'))});
    const pieces = [];
    for (let at = 0; pieces.length < 400000; at++) pieces.push(at % 7 === 0 ? '𝔘' : at % 7 === 3 ? 'é→' : 'abc');
    writeOutput(process.stdout, pieces.join(''));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repository, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, String(result.stderr));
  assert.ok(result.stdout.equals(Buffer.from(largeText(), 'utf8')));
});

test('a failed write goes to the error listeners; a small text, or any while the stream holds output, goes to the stream', () => {
  const errors: NodeJS.ErrnoException[] = [];
  const streamed: string[] = [];
  // A regular file open for reading only: fstat says file, the write fails (EBADF).
  const file = path.join(temporaryFolder('large-output-'), 'read-only.txt');
  fs.writeFileSync(file, '');
  const readOnly = fs.openSync(file, 'r');
  try {
    writeOutput(target(readOnly, errors, streamed), largeText());
  } finally {
    fs.closeSync(readOnly);
  }
  assert.deepEqual(streamed, []);
  assert.deepEqual(errors.map((error) => error.code), ['EBADF']);
  // /dev/full is a device but no terminal: written directly, and full (ENOSPC).
  const full = fs.openSync('/dev/full', 'w');
  try {
    writeOutput(target(full, errors, streamed), largeText());
  } finally {
    fs.closeSync(full);
  }
  assert.deepEqual(streamed, []);
  assert.deepEqual(errors.map((error) => error.code), ['EBADF', 'ENOSPC']);
  const small = fs.openSync(path.join(temporaryFolder('large-output-'), 'small.txt'), 'w');
  try {
    writeOutput(target(small, errors, streamed), 'small\n');
  } finally {
    fs.closeSync(small);
  }
  assert.deepEqual(streamed, ['small\n']);
  assert.equal(errors.length, 2);
  // The stream still holds earlier output: it writes this too, so the order is kept.
  const held = fs.openSync(path.join(temporaryFolder('large-output-'), 'held.txt'), 'w');
  try {
    writeOutput({ ...target(held, errors, streamed), writableLength: 10 }, largeText());
  } finally {
    fs.closeSync(held);
  }
  assert.equal(streamed.length, 2);
});
