/**
 * The ranges of the interpreter's nodes (every operation, column and opaque step has one), as
 * fresh objects of the file's own (`LineIndex.ownRangeOf` says why), with the values
 * `LineIndex.rangeOf` gives. Over the interpreter's own line index, so a file's lines are found once.
 */
import { LineIndex, type SourceRange } from '../../common/range';

export class SourceRanges {
  private readonly lines: LineIndex;

  constructor(source: string | LineIndex) {
    this.lines = typeof source === 'string' ? new LineIndex(source) : source;
  }

  rangeOf(from: number, to: number): SourceRange {
    return this.lines.ownRangeOf(from, to);
  }
}
