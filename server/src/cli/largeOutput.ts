/**
 * Writes a large output (`check --format json` of a 5,000-revision history is about 19 MB) to a
 * file, a pipe or /dev/null a slice at a time. Handing the whole string to the stream made one
 * buffer of its UTF-8 bytes: 150 ms here for 19 MB, half of it UTF-8 encoding on Node's general
 * path and half the first touch of 19 MB of fresh memory. TextEncoder.encodeInto into one reused
 * buffer encodes ASCII at memory speed and touches no new memory: about 55 ms for the same report,
 * most of it flattening the parts (docs/performance.md).
 *
 * Only where a write is synchronous and whole anyway (a regular file, a pipe, a device that is
 * not a terminal), and only when the stream holds nothing not yet written (the order of the
 * output is kept): otherwise the stream's own write. A failed write goes to the stream's 'error'
 * listeners, so a closed pipe or a full disk ends the process as any other write does
 * (standardStreams.ts).
 */
import fs from 'node:fs';
import { isatty } from 'node:tty';

/** Below this many characters the stream's own write is as cheap (a part of a large report is above). */
export const LARGE_OUTPUT_CHARS = 1 << 16;

/** Characters encoded per write; the buffer holds their worst case (3 bytes per UTF-16 unit). */
const SLICE_CHARS = 1 << 18;

export interface LargeOutputTarget {
  /** The file descriptor under the stream. */
  fd: number;
  /** Bytes the stream holds, not yet written (Node's Writable). */
  writableLength?: number;
  write(text: string): unknown;
  emit(event: 'error', error: NodeJS.ErrnoException): unknown;
}

let buffer: Uint8Array | undefined;
const encoder = new TextEncoder();

/** Writes `text` to `target` whole, by slices when it is large and the descriptor allows it. */
export function writeOutput(target: LargeOutputTarget, text: string): void {
  if (text.length < LARGE_OUTPUT_CHARS || (target.writableLength ?? 0) > 0 || !writesWhole(target.fd)) {
    target.write(text);
    return;
  }
  buffer ??= new Uint8Array(SLICE_CHARS * 3);
  try {
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + SLICE_CHARS);
      // Never between the two halves of a surrogate pair: each half alone would encode as U+FFFD.
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      const { written } = encoder.encodeInto(text.slice(at, end), buffer);
      writeAll(target.fd, buffer, written);
      at = end;
    }
  } catch (error) {
    target.emit('error', error as NodeJS.ErrnoException);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A regular file, a pipe, or a device that is not a terminal (/dev/null): what fs.writeSync
 * writes whole, with EAGAIN retried below. A terminal keeps the stream, which knows its modes.
 */
function writesWhole(fd: number): boolean {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isFile() || stat.isFIFO() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

/** A pipe another process left non-blocking answers EAGAIN while it is full: wait for the reader. */
const FULL_PIPE_WAIT_MS = 1;
const waitCell = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, bytes: Uint8Array, length: number): void {
  let offset = 0;
  while (offset < length) {
    try {
      offset += fs.writeSync(fd, bytes, offset, length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(waitCell, 0, 0, FULL_PIPE_WAIT_MS);
    }
  }
}
