/**
 * The target of `with ... as TARGET` may be any assignment target in Python (`as (a, b)`,
 * `as [a, *b]`, `as self.conn`, `as cache[key]`), but lezer's Python grammar (1.1.19) reads only a
 * name there, so a valid file got a false python-syntax-error. Before lezer parses, such a target
 * becomes one name of `_`s of the same length: every offset stays an offset in the real text.
 * The engine refuses a `with` whose target's real text is no identifier (isRelaxedTarget), and its
 * scans of what a statement binds count every name written in it. CPython's checks of the target
 * itself run on its own parse (compileChecks/withTargets.ts).
 */
import { isNameChar, isNameStart, PYTHON_KEYWORDS, scanLogicalCode, scanLogicalLine } from './codeScan';
import { withSpansAsName } from './sameLength';

/** The target `[from, to)` of each `with ... as` lezer's grammar cannot read. */
export function relaxedWithTargets(text: string): { from: number; to: number }[] {
  if (!text.includes('with') || !text.includes('as')) return [];
  const found: { from: number; to: number }[] = [];
  for (const header of withHeaders(text)) {
    for (const target of targetsOf(text, header)) if (!isPlainName(text.slice(target.from, target.to))) found.push(target);
  }
  return found;
}

/** The text lezer should parse: each such target written as one name. */
export function withReadableWithTargets(text: string): string {
  const targets = relaxedWithTargets(text);
  return withSpansAsName(text, targets);
}

/** True for a `with` target's real text that is no plain name: lezer read it rewritten, and nothing may bind it as a name. */
export function isRelaxedTarget(targetText: string): boolean {
  return !isPlainName(targetText);
}

function isPlainName(text: string): boolean {
  if (text.length === 0 || !isNameStart(text.charCodeAt(0)) || PYTHON_KEYWORDS.has(text)) return false;
  for (let at = 1; at < text.length; at++) if (!isNameChar(text.charCodeAt(at))) return false;
  return true;
}

/** Offsets just past each `with` keyword that begins a statement (outside brackets, strings and comments). */
function withHeaders(text: string): number[] {
  const starts: number[] = [];
  let afterAsync = false;
  scanLogicalCode(text, 0, (at, end, depth, lineStart) => {
    if (lineStart) afterAsync = false;
    const c = text.charCodeAt(at);
    const startsWord = end - at === 1 && isNameStart(c) && (at === 0 || !isNameChar(text.charCodeAt(at - 1)));
    if (!startsWord) {
      // A name's further letters leave `async` standing; anything else ends it.
      if (end - at > 1 || !isNameChar(c)) afterAsync = false;
      return;
    }
    let wordEnd = at + 1;
    while (wordEnd < text.length && isNameChar(text.charCodeAt(wordEnd))) wordEnd++;
    const word = text.slice(at, wordEnd);
    // `with` opens a statement at a line's start, or after `async` there.
    if (word === 'with' && depth === 0 && (lineStart || afterAsync)) starts.push(wordEnd);
    afterAsync = lineStart && word === 'async';
  });
  return starts;
}

/**
 * The targets of the `with` header going on at `from`: each runs from the first code after a
 * top-level `as` to the last code before the item's `,` or the header's `:` (a `:=` is no end).
 */
function targetsOf(text: string, from: number): { from: number; to: number }[] {
  const targets: { from: number; to: number }[] = [];
  let target: { from: number; to: number } | undefined;
  let afterAs = false;
  let skipTo = from;
  scanLogicalLine(text, from, (at, end, depth) => {
    if (at < skipTo) return;
    const c = text.charCodeAt(at);
    const single = end - at === 1;
    if (depth === 0 && single && (c === 44 || (c === 58 && text[at + 1] !== '='))) {
      if (target) targets.push(target);
      target = undefined;
      afterAs = false;
      if (c === 58) return false;
      return;
    }
    // The parenthesis closing `with (a as b):` when it was left as it is: the header's end.
    if (depth === 0 && single && (c === 41 || c === 93 || c === 125)) {
      if (target) targets.push(target);
      target = undefined;
      afterAs = false;
      return;
    }
    if (target) {
      target.to = end;
      return;
    }
    if (afterAs) {
      target = { from: at, to: end };
      return;
    }
    if (depth === 0 && single && text.startsWith('as', at) && !isNameChar(text.charCodeAt(at - 1)) && !isNameChar(text.charCodeAt(at + 2))) {
      afterAs = true;
      skipTo = at + 2;
    }
  });
  return targets;
}

/** The names written in a relaxed target's real text (`(a, b[i])` → a, b, i): what it may bind or change. */
export function namesInRelaxedTarget(targetText: string): string[] {
  return (targetText.match(/[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g) ?? []).filter((word) => !PYTHON_KEYWORDS.has(word));
}
