/**
 * Source positions shared by every layer. Lines and characters are zero-based and characters
 * count UTF-16 code units, which is what JavaScript strings index and what LSP expects, so the
 * language server can pass ranges through without conversion.
 */
export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export interface SourceLocation {
  /** Absolute file path (not a URI: the core knows nothing about editors). */
  file: string;
  range: SourceRange;
}

export const ZERO_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Positions and ranges are immutable values (nothing in the code base assigns to their fields),
 * so equal ones are shared across every file: generated migrations put their header items on the
 * same lines and columns, and a cold index of 10,000 files otherwise allocated and kept about 60
 * position and range objects per file (a sixth of its time went to allocating and collecting
 * them). Only small coordinates are shared, and each table stops growing at a fixed size, after
 * which new values are allocated as before.
 */
const SHARED_COORDINATE_LIMIT = 1024;
const SHARED_TABLE_LIMIT = 1 << 17;
/**
 * Shared positions by line, then by character: indexing arrays, where a Map hashed a key per
 * lookup (positions and ranges were about 5% of a cold `check`'s CPU, a few hundred thousand
 * lookups for 5,000 files).
 */
const sharedPositions: (Position | undefined)[][] = [];
let sharedPositionCount = 0;
/** Shared single-line ranges by line, then by start character, then by end character. */
const sharedLineRanges: (SourceRange | undefined)[][][] = [];
let sharedLineRangeCount = 0;

/** The shared position for (line, character) when both are small; a fresh one otherwise. */
export function positionOf(line: number, character: number): Position {
  if (line >= SHARED_COORDINATE_LIMIT || character >= SHARED_COORDINATE_LIMIT) return { line, character };
  const row = (sharedPositions[line] ??= []);
  let position = row[character];
  if (position === undefined) {
    position = { line, character };
    if (sharedPositionCount < SHARED_TABLE_LIMIT) {
      row[character] = position;
      sharedPositionCount++;
    }
  }
  return position;
}

/** A range from two positions; ranges within one line (most of them) are shared like positions. */
export function rangeFrom(start: Position, end: Position): SourceRange {
  const line = start.line;
  if (end.line !== line || line >= SHARED_COORDINATE_LIMIT || end.character >= SHARED_COORDINATE_LIMIT) return { start, end };
  const byStart = (sharedLineRanges[line] ??= []);
  const byEnd = (byStart[start.character] ??= []);
  let range = byEnd[end.character];
  if (range === undefined) {
    range = { start, end };
    if (sharedLineRangeCount < SHARED_TABLE_LIMIT) {
      byEnd[end.character] = range;
      sharedLineRangeCount++;
    }
  }
  return range;
}

/**
 * Maps string offsets to positions. Line starts are found lazily, only as far as a lookup needs:
 * the index asks for ranges in the first few hundred bytes of files that are often 5 KB long.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private scannedTo = 0;
  /** Where `ownRangeOf`'s next search starts: the line it found last. */
  private lastLine = 0;

  constructor(private readonly text: string) {}

  get lineCount(): number {
    this.scanTo(this.text.length);
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    this.scanTo(clamped);
    const line = lineAt(this.lineStarts, clamped);
    return positionOf(line, clamped - this.lineStarts[line]);
  }

  offsetAt(position: Position): number {
    while (this.lineStarts.length <= position.line && this.scannedTo < this.text.length) this.scanTo(this.scannedTo + 4096);
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + position.character, this.text.length);
  }

  rangeOf(from: number, to: number): SourceRange {
    return rangeFrom(this.positionAt(from), this.positionAt(to));
  }

  /**
   * `rangeOf`'s values as fresh objects of this text's own rather than the shared ones: for ranges
   * made by the hundred thousand and mostly dropped soon (the interpreter's node ranges), where
   * reaching into the shared tables (megabytes spread over the old generation) missed the
   * processor's caches on nearly every lookup. Nodes are asked for mostly in source order, a few
   * lines apart: the last line found is where the search starts.
   */
  ownRangeOf(from: number, to: number): SourceRange {
    return { start: this.ownPositionAt(from), end: this.ownPositionAt(to) };
  }

  private ownPositionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    this.scanTo(clamped);
    const starts = this.lineStarts;
    let line = this.lastLine;
    if (starts[line] > clamped || (line + 8 < starts.length && starts[line + 8] <= clamped)) line = lineAt(starts, clamped);
    else while (line + 1 < starts.length && starts[line + 1] <= clamped) line++;
    this.lastLine = line;
    return { line, character: clamped - starts[line] };
  }

  /** Records every line start at or before `offset` (the newline at `offset` itself included). */
  private scanTo(offset: number): void {
    if (offset < this.scannedTo) return;
    const limit = Math.min(offset, this.text.length - 1);
    let newline = this.text.indexOf('\n', this.scannedTo);
    while (newline >= 0 && newline <= limit) {
      this.lineStarts.push(newline + 1);
      newline = this.text.indexOf('\n', newline + 1);
    }
    this.scannedTo = Math.max(this.scannedTo, limit + 1);
  }
}

/** The last line starting at or before `offset` (`starts` ascending, starting with 0). */
function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function rangeContains(range: SourceRange, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
