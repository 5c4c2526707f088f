/**
 * Writes text to a file descriptor as UTF-8 without one buffer of its full size. Turning a large
 * string into bytes in one piece (`Buffer.from`, `fs.writeFileSync(file, text)`) flattened it,
 * encoded it on Node's general UTF-8 path and filled a buffer of new memory as large as the text,
 * whose first touch costs about 14 µs a page on the VMs measured (docs/performance.md): 320 ms
 * for a 34 MB cache pack, 150 ms for a 19 MB report. Here each slice is encoded with
 * TextEncoder.encodeInto (ASCII at memory speed) into one buffer that is used again.
 */
import fs from 'node:fs';

/** Characters encoded per write; the buffer holds their worst case (3 bytes per UTF-16 unit). */
const SLICE_CHARS = 1 << 18;

let buffer: Uint8Array | undefined;
const encoder = new TextEncoder();

/** Writes all of `text`; throws what fs.writeSync throws (EPIPE, ENOSPC, EBADF, ...). */
export function writeTextSync(fd: number, text: string): void {
  buffer ??= new Uint8Array(SLICE_CHARS * 3);
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + SLICE_CHARS);
    // Never between the two halves of a surrogate pair: each half alone would encode as U+FFFD.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const { written } = encoder.encodeInto(text.slice(at, end), buffer);
    writeAll(fd, buffer, written);
    at = end;
  }
}

/**
 * Gathered pieces are written at this many characters: a string of more than V8's largest young
 * object (128 kB) is allocated in new pages of its own, which is what the writer avoids.
 */
const GATHERED_CHARS = 1 << 15;

/**
 * Text written in many small pieces (a cache pack, entry by entry), gathered into strings of
 * about GATHERED_CHARS characters for writeTextSync; `end()` writes what is left.
 */
export class TextFileWriter {
  /** Joined once per slice: a string grown piece by piece is a deep tree that costs more to flatten. */
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= GATHERED_CHARS) this.end();
  }

  end(): void {
    if (this.pendingLength === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    writeTextSync(this.fd, text);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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
