/**
 * A starred annotation of a `*args` parameter (`def f(*args: *Ts)`, PEP 646, Python 3.11), which
 * lezer's Python grammar (1.1.19) does not accept: a valid file got a false python-syntax-error.
 * Before lezer parses, that second `*` becomes `~`, so lezer reads a unary expression of the same
 * length; the engine evaluates an operator by its real text and refuses a unary `*` (opaque).
 * Only a `def`'s parameter list is read: a lambda's parameters take no annotation.
 */
import { scanCode, wordOffsets } from './codeScan';
import { withCharacterAt } from './sameLength';

const STARRED_ANNOTATION = /^\*[ \t\f]*[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*[ \t\f]*:[ \t\f]*\*(?!\*)/;

export function withReadableStarredParameterAnnotations(text: string): string {
  if (!/:\s*\*/.test(text)) return text;
  const stars = wordOffsets(text, 'def').flatMap((at) => annotationStars(text, at + 3));
  return withCharacterAt(text, stars, '~');
}

/** The star opening the annotation of a `*name:` parameter in the parameter list after `from`. */
function annotationStars(text: string, from: number): number[] {
  const open = text.indexOf('(', from);
  if (open < 0 || !/^[ \t\f]*[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*[ \t\f]*(\[[^\]]*\])?[ \t\f]*$/.test(text.slice(from, open))) return [];
  const stars: number[] = [];
  let depth = 0;
  scanCode(text, open, (at, end) => {
    if (end - at > 1) return;
    const c = text[at];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return false;
    } else if (c === '*' && depth === 1 && text[at - 1] !== '*' && text[at + 1] !== '*') {
      const match = STARRED_ANNOTATION.exec(text.slice(at, at + 200));
      if (match) stars.push(at + match[0].length - 1);
    }
  });
  return stars;
}
