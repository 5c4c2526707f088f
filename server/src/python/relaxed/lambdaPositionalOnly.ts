/**
 * A lambda's positional-only marker (`lambda a, /: a`, `lambda a, /, b: a`, Python 3.8), which
 * lezer's Python grammar (1.1.19) accepts in a `def` but not in a lambda: a valid file got a false
 * python-syntax-error. Before lezer parses, such a `/` becomes `*`, a parameter lezer reads in a
 * lambda, of the same length. Whoever reads the parameter list tells the two apart by the real
 * text (compileChecks/parameters.ts, the engine's parameter binding). A `/` first in the list
 * (`lambda /: 1`, a SyntaxError) is left for lezer to refuse.
 */
import { nextCodeChar, scanCode, wordOffsets } from './codeScan';
import { withCharacterAt } from './sameLength';

export function withReadableLambdaSlashes(text: string): string {
  if (!text.includes('/') || !text.includes('lambda')) return text;
  const slashes = wordOffsets(text, 'lambda').flatMap((at) => positionalOnlyMarkers(text, at + 'lambda'.length));
  return withCharacterAt(text, slashes, '*');
}

/** Each `/` standing alone between commas (or a comma and the colon) in the parameters starting at `from`. */
function positionalOnlyMarkers(text: string, from: number): number[] {
  const found: number[] = [];
  let depth = 0;
  scanCode(text, from, (at, end) => {
    if (end - at > 1) return;
    const c = text[at];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && c === ':' && text[at + 1] !== '=') return false;
    else if (depth === 0 && c === '\n' && text[at - 1] !== '\\') return false;
    else if (depth === 0 && c === '/' && text[at + 1] !== '/' && text[at - 1] !== '/') {
      const before = text[nextCodeChar(text, at - 1, -1)];
      const after = text[nextCodeChar(text, at + 1, 1)];
      if (before === ',' && (after === ',' || after === ':')) found.push(at);
    }
  });
  return found;
}
