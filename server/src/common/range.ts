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

/** Maps string offsets to positions; build once per text, then each lookup is a binary search. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
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
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + position.character, this.text.length);
  }

  rangeOf(from: number, to: number): SourceRange {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }
}

export function rangeContains(range: SourceRange, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
