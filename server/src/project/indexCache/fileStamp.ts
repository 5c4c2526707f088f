/**
 * What the index cache compares to decide that a file is the one it read before without reading
 * it: size, modification and change times in nanoseconds, inode (git's index does the same).
 * A rename keeps the inode but changes the path (the key); a branch switch or an editor's
 * save-by-rename gives a new inode or times; `touch` changes the times only, which costs a
 * re-read, never a wrong answer.
 */
import * as fs from 'node:fs';

export interface FileStamp {
  size: number;
  /** Decimal strings: nanoseconds and inodes do not fit a double exactly. */
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

/** The file's stamp, or undefined when it cannot be stat-ed (the index then reads and reports it). */
export function stampOf(path: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(path, { bigint: true });
    return { size: Number(stat.size), mtimeNs: String(stat.mtimeNs), ctimeNs: String(stat.ctimeNs), ino: String(stat.ino) };
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

/** The later of the two times, in milliseconds (for the racy check). */
export function stampTimeMs(stamp: FileStamp): number {
  const mtime = BigInt(stamp.mtimeNs);
  const ctime = BigInt(stamp.ctimeNs);
  return Number((mtime > ctime ? mtime : ctime) / 1_000_000n);
}
