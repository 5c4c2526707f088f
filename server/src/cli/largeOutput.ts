/**
 * Writes a large output (`check --format json` of a 5,000-revision history is about 19 MB) to a
 * file, a pipe or /dev/null a slice at a time. Handing the whole string to the stream made one
 * buffer of its UTF-8 bytes: 150 ms here for 19 MB, half of it UTF-8 encoding on Node's general
 * path and half the first touch of 19 MB of fresh memory. Written by slices (common/textWrite.ts):
 * about 55 ms for the same report, most of it flattening the parts (docs/performance.md).
 *
 * Only where a write is synchronous and whole anyway (a regular file, a pipe, a device that is
 * not a terminal), and only when the stream holds nothing not yet written (the order of the
 * output is kept): otherwise the stream's own write. A failed write goes to the stream's 'error'
 * listeners, so a closed pipe or a full disk ends the process as any other write does
 * (standardStreams.ts).
 */
import fs from 'node:fs';
import { isatty } from 'node:tty';
import { writeTextSync } from '../common/textWrite';

/** Below this many characters the stream's own write is as cheap (a part of a large report is above). */
export const LARGE_OUTPUT_CHARS = 1 << 16;

export interface LargeOutputTarget {
  /** The file descriptor under the stream. */
  fd: number;
  /** Bytes the stream holds, not yet written (Node's Writable). */
  writableLength?: number;
  write(text: string): unknown;
  emit(event: 'error', error: NodeJS.ErrnoException): unknown;
}

/** Writes `text` to `target` whole, by slices when it is large and the descriptor allows it. */
export function writeOutput(target: LargeOutputTarget, text: string): void {
  if (text.length < LARGE_OUTPUT_CHARS || (target.writableLength ?? 0) > 0 || !writesWhole(target.fd)) {
    target.write(text);
    return;
  }
  try {
    writeTextSync(target.fd, text);
  } catch (error) {
    target.emit('error', error as NodeJS.ErrnoException);
  }
}

/**
 * A regular file, a pipe, or a device that is not a terminal (/dev/null): what fs.writeSync
 * writes whole (writeTextSync waits out EAGAIN). A terminal keeps the stream, which knows its modes.
 */
function writesWhole(fd: number): boolean {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isFile() || stat.isFIFO() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}
