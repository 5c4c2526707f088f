/**
 * A `match` statement whose subject is a tuple written without parentheses (`match x, y:`,
 * `match *a, b:`, `match x,:`, valid Python 3.10), which lezer's Python grammar (1.1.19) does not
 * accept (one expression, maybe starred): a valid file got a false python-syntax-error. Before
 * lezer parses, each top-level comma of the subject becomes `|` (a trailing one a space) and a
 * `*` after a comma `~`, so lezer reads one expression of the same length. The engine does not
 * follow `match` statements, and no check reads the subject's operators.
 *
 * Lezer's grammar takes no lambda as the subject either (`match lambda: 1:`, `match a, lambda x: x:`,
 * valid): a lambda outside brackets, from its keyword to the colon ending its parameters, becomes
 * underscores ending in `|`, so lezer reads a name or-ed with the lambda's body. The checks of
 * such a lambda's parameters are lost with it (a rare form in a statement the engine refuses).
 */
import { isNameChar, nextCodeChar, scanCode, wordOffsets } from './codeScan';
import { withCharacters } from './sameLength';

export function withReadableTupleMatchSubjects(text: string): string {
  // A cheap test first: the scan below walks the whole text.
  if (!/^[ \t\f]*match\b[^\n]*(,|lambda)/m.test(text)) return text;
  const rewrites = wordOffsets(text, 'match')
    .filter((at) => /^[ \t\f]*$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at)))
    .flatMap((at) => subjectRewrites(text, at + 5));
  return withCharacters(text, rewrites.map(({ at, to }) => ({ at, char: to })));
}

/** The commas (and stars after them) of the subject from `from`, when the line is a match statement's header with a comma. */
function subjectRewrites(text: string, from: number): { at: number; to: string }[] {
  const first = nextCodeChar(text, from, 1);
  // `match, x = ...`, `match = ...`, `match.x`: the name, not a statement.
  if (first === from || /[,=.;:)\]}]/.test(text[first] ?? ',')) return [];
  const rewrites: { at: number; to: string }[] = [];
  let depth = 0;
  let header = false;
  // Lambdas outside brackets whose parameters' colon is still to come (a default may hold one).
  let openLambdas = 0;
  let lambdaFrom = 0;
  scanCode(text, first, (at, end) => {
    if (end - at > 1) return;
    const c = text[at];
    if (depth === 0 && c === 'l' && isLambdaKeyword(text, at)) {
      if (openLambdas++ === 0) lambdaFrom = at;
    } else if (depth === 0 && openLambdas > 0 && c === ':') {
      if (--openLambdas === 0) rewrites.push(...lambdaHeadRewrites(text, lambdaFrom, at));
    } else if (depth === 0 && openLambdas > 0 && c === ',') return;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === ':' && text[at + 1] !== '=') {
      // A header ends its logical line with the colon.
      const after = nextBlank(text, at + 1);
      header = after >= text.length || text[after] === '\n' || text[after] === '\r' || text[after] === '#';
      return false;
    } else if (depth === 0 && (c === '\n' && text[at - 1] !== '\\')) return false;
    else if (depth === 0 && c === ',') {
      const next = nextCodeChar(text, at + 1, 1);
      rewrites.push({ at, to: text[next] === ':' ? ' ' : '|' });
      if (text[next] === '*' && text[next + 1] !== '*') rewrites.push({ at: next, to: '~' });
    }
    if (depth < 0) return false;
  });
  return header ? rewrites : [];
}

function isLambdaKeyword(text: string, at: number): boolean {
  return text.startsWith('lambda', at) && (at === 0 || !isNameChar(text.charCodeAt(at - 1))) && !isNameChar(text.charCodeAt(at + 6));
}

/** `lambda x, y:` from `from` to the colon at `colon` as `___________|`; none when it spans lines (left for lezer to refuse). */
function lambdaHeadRewrites(text: string, from: number, colon: number): { at: number; to: string }[] {
  if (/[\\\r\n]/.test(text.slice(from, colon))) return [];
  const rewrites: { at: number; to: string }[] = [];
  for (let at = from; at < colon; at++) rewrites.push({ at, to: '_' });
  rewrites.push({ at: colon, to: '|' });
  return rewrites;
}

function nextBlank(text: string, from: number): number {
  let at = from;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\f')) at++;
  return at;
}
