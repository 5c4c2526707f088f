/**
 * The entries of a ustar archive as PGlite's `dumpDataDir` writes them (folders and regular
 * files), read without copying: each file's data is a view into the archive.
 */
export interface UstarEntry {
  /** The path inside the archive, without leading or trailing slashes. */
  name: string;
  /** '5' a folder, '0' a regular file; anything else is for the caller to refuse. */
  type: string;
  data: Uint8Array;
}

/** Reads a NUL-terminated field of a tar header. */
function field(header: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && header[end] !== 0) end++;
  return Buffer.from(header.buffer, header.byteOffset + start, end - start).toString('utf8');
}

export function* ustarEntries(archive: Uint8Array): Generator<UstarEntry> {
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header[0] === 0) return; // the end-of-archive block
    const prefix = field(header, 345, 155);
    const name = ((prefix ? `${prefix}/` : '') + field(header, 0, 100)).replace(/^\/+|\/+$/g, '');
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (Number.isNaN(size)) throw new Error(`unreadable size of ${name}`);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    offset += 512;
    yield { name, type, data: archive.subarray(offset, offset + size) };
    offset += Math.ceil(size / 512) * 512;
  }
}
