/**
 * One `op.<name>(...)` call as the templates see it: its arguments' texts with their names
 * replaced by placeholders (two sets), the key its template is kept under, and the names and
 * where they stand, which fill the template back. create_table is split (see createTable.ts);
 * `op.execute("...")` is read directly (index.ts).
 */
import { isPlainName } from '../../rendered/names';
import { isSqlKeyword } from '../../sql/parser';
import type { Argument } from './callSyntax';
import { forEachName } from './nameRoles';
import type { SyntheticStatement } from './templates';

/**
 * The two sets of placeholders: `zq0`, `zq1`, ... and `zj0`, `zj1`, ... A name holding a digit
 * is never a PostgreSQL keyword and needs no quotes; the placeholders' lengths differ from the
 * names', so positions inside an argument are mapped back past each one (templates.ts).
 */
const PREFIXES = ['zq', 'zj'] as const;

const maskable = new Map<string, boolean>();

/**
 * A name the renderer prints bare and PostgreSQL reads back as itself (rendered/names.ts), that
 * holds no `$` and that PostgreSQL's scanner reads as no keyword of any kind, reserved or not.
 */
export function isMaskable(name: string): boolean {
  if (!isPlainName(name) || name.includes('$')) return false;
  // None of PostgreSQL's keywords holds a digit: most generated names need no lookup.
  if (/[0-9]/.test(name)) return true;
  let answer = maskable.get(name);
  if (answer === undefined) {
    const keyword = isSqlKeyword(name);
    answer = keyword === false;
    // Only answers that will not change are kept (the parser is loaded).
    if (keyword !== undefined) maskable.set(name, answer);
  }
  return answer;
}

/**
 * In place, by start: the names come mostly in order (a call's roles, then its nested calls) and
 * are few, and Array.prototype.sort copied every list (a tenth of the reading's allocations).
 */
function sortByStart<T extends { start: number }>(found: T[]): void {
  for (let i = 1; i < found.length; i++) {
    const item = found[i];
    let at = i;
    while (at > 0 && found[at - 1].start > item.start) {
      found[at] = found[at - 1];
      at--;
    }
    found[at] = item;
  }
}

export interface MaskedArguments {
  statement: SyntheticStatement;
  /** The real names, by placeholder number. */
  names: string[];
  /** Per argument, where its names stand in the synthetic argument and how long each real one is. */
  spans: NameSpan[][];
}

/** A placeholder inside a synthetic argument: its offset from the argument's start, the two lengths. */
export interface NameSpan {
  at: number;
  syntheticLength: number;
  realLength: number;
}

/**
 * The synthetic statement `op.<operation>(<args>)` for the given arguments of the real text, names
 * masked when `mask` (the file's imports make `op` Alembic's and `sa` SQLAlchemy's). The second
 * placeholder set's text is made only when a template is (`secondText`).
 */
export function maskedStatement(text: string, operation: string, args: readonly Argument[], mask: boolean): MaskedArguments | undefined {
  const found: { start: number; end: number; index: number }[] = [];
  const names: string[] = [];
  const numbers = new Map<string, number>();
  if (mask) {
    forEachName(operation, args, (start, end) => {
      const name = text.slice(start, end);
      if (!isMaskable(name)) return;
      let index = numbers.get(name);
      if (index === undefined) {
        index = names.length;
        numbers.set(name, index);
        names.push(name);
      }
      found.push({ start, end, index });
    });
  }
  sortByStart(found);
  const build = (set: 0 | 1, record: boolean): { text: string; argStarts: number[]; argEnds: number[]; spans: NameSpan[][] } | undefined => {
    let out = `op.${operation}(`;
    let next = 0;
    const argStarts: number[] = [];
    const argEnds: number[] = [];
    const spans: NameSpan[][] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (i > 0) out += ', ';
      const argStart = out.length;
      argStarts.push(argStart);
      const own: NameSpan[] = [];
      let at = arg.start;
      while (next < found.length && found[next].start < arg.end) {
        const span = found[next++];
        const masked = PREFIXES[set] + span.index;
        out += text.slice(at, span.start);
        if (record) own.push({ at: out.length - argStart, syntheticLength: masked.length, realLength: span.end - span.start });
        out += masked;
        at = span.end;
      }
      out += text.slice(at, arg.end);
      argEnds.push(out.length);
      spans.push(own);
    }
    // Every name lies inside some argument.
    if (next !== found.length) return undefined;
    return { text: `${out})`, argStarts, argEnds, spans };
  };
  const first = build(0, true);
  if (!first) return undefined;
  const statement: SyntheticStatement = {
    text: first.text,
    secondText: () => build(1, false)?.text ?? '',
    argStarts: first.argStarts,
    argEnds: first.argEnds,
    spans: first.spans,
    placeholders: (set) => names.map((_, index) => PREFIXES[set] + index),
  };
  return { statement, names, spans: first.spans };
}
