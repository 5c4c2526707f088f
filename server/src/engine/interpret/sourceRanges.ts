/**
 * The ranges of the interpreter's nodes (every operation, column and opaque step has one).
 * `common/range.ts` shares equal positions and ranges across files, which keeps a long-lived
 * index small; the interpreter asks for hundreds of thousands of ranges in a large history, most
 * read once by the lint and dropped, and reaching into those shared tables (megabytes, spread over
 * the old generation) missed the processor's caches on nearly every lookup: the ranges took a
 * tenth of the interpretation. Here each range is a fresh object of the file's own, with the
 * same values `LineIndex.rangeOf` gives (lines split at "\n", offsets clamped to the text).
 */
import type { Position, SourceRange } from '../../common/range';

export class SourceRanges {
  private lineStarts: number[] | undefined;
  /** The line of the last position asked for: nodes are mostly visited in source order, a few lines apart. */
  private line = 0;

  constructor(private readonly text: string) {}

  rangeOf(from: number, to: number): SourceRange {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let line = this.line;
    if (starts[line] > clamped || (line + 8 < starts.length && starts[line + 8] <= clamped)) line = lineAt(starts, clamped);
    else while (line + 1 < starts.length && starts[line + 1] <= clamped) line++;
    this.line = line;
    return { line, character: clamped - starts[line] };
  }
}

/** The last line starting at or before `offset` (a binary search, for positions away from the last one). */
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

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', newline + 1)) starts.push(newline + 1);
  return starts;
}
