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
 * Maps string offsets to positions. Line starts are found lazily, only as far as a lookup needs:
 * the index asks for ranges in the first few hundred bytes of files that are often 5 KB long.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private scannedTo = 0;
  /**
   * Positions are immutable values, so one object per offset is handed out: a header's ranges
   * share their ends (a statement ends where its value ends), and position objects were most of
   * what the index keeps per file (fewer objects, less garbage collection).
   */
  private readonly positions = new Map<number, Position>();

  constructor(private readonly text: string) {}

  get lineCount(): number {
    this.scanTo(this.text.length);
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let position = this.positions.get(clamped);
    if (!position) {
      position = this.computePosition(clamped);
      this.positions.set(clamped, position);
    }
    return position;
  }

  private computePosition(clamped: number): Position {
    this.scanTo(clamped);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    while (this.lineStarts.length <= position.line && this.scannedTo < this.text.length) this.scanTo(this.scannedTo + 4096);
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + position.character, this.text.length);
  }

  rangeOf(from: number, to: number): SourceRange {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }

  /** Records every line start at or before `offset` (the newline at `offset` itself included). */
  private scanTo(offset: number): void {
    const limit = Math.min(offset, this.text.length - 1);
    let newline = this.text.indexOf('\n', this.scannedTo);
    while (newline >= 0 && newline <= limit) {
      this.lineStarts.push(newline + 1);
      newline = this.text.indexOf('\n', newline + 1);
    }
    this.scannedTo = Math.max(this.scannedTo, limit + 1);
  }
}

export function rangeContains(range: SourceRange, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
