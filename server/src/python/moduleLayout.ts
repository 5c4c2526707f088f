/**
 * Cheap scans of a module's text that decide how much of it must be parsed. Migration headers
 * live before the first top-level `def`/`class`, and parsing only that prefix is ~15x faster than
 * the whole file. These scans only pick cut points; every value is still read from a lezer tree,
 * and the caller verifies the prefix parsed cleanly before trusting it.
 */
import { HEADER_VARIABLE_NAMES } from './headerTypes';

/** Offset of the first line that starts (column 0) a def, class or decorator; text.length if none. */
export function firstTopLevelDefinition(text: string): number {
  let lineStart = 0;
  while (lineStart < text.length) {
    if (startsDefinition(text, lineStart)) return lineStart;
    const next = text.indexOf('\n', lineStart);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return text.length;
}

function startsDefinition(text: string, at: number): boolean {
  // One character code decides for most lines (this runs for every line of every module prefix).
  switch (text.charCodeAt(at)) {
    case 100 /* d */:
      return text.startsWith('def ', at);
    case 99 /* c */:
      return text.startsWith('class ', at);
    case 97 /* a */:
      return text.startsWith('async def ', at);
    case 64 /* @ */:
      return true;
    default:
      return false;
  }
}

/** Every column-0 definition start after `from` (the candidates for top-level functions). */
export function topLevelDefinitionStarts(text: string, from: number): number[] {
  const starts: number[] = [];
  let lineStart = from;
  while (lineStart < text.length) {
    if (startsDefinition(text, lineStart)) starts.push(lineStart);
    const next = text.indexOf('\n', lineStart);
    if (next < 0) break;
    lineStart = next + 1;
  }
  return starts;
}

/**
 * True when a header variable name starts a line (after indentation) somewhere after `from`:
 * the rest of the module might reassign it, so the prefix alone cannot be trusted. One pass over
 * the line starts (four whole-text searches cost several times more on the cold index).
 */
export function mayAssignHeaderLater(text: string, from: number): boolean {
  let lineStart = from;
  while (lineStart < text.length) {
    let i = lineStart;
    let code = text.charCodeAt(i);
    while (code === 32 || code === 9) code = text.charCodeAt(++i);
    // r(evision), d(own_revision / depends_on), b(ranch_labels)
    if (code === 114 || code === 100 || code === 98) {
      for (const name of HEADER_VARIABLE_NAMES) {
        if (text.startsWith(name, i) && assignmentLikeAfter(text, i + name.length)) return true;
      }
    }
    const next = text.indexOf('\n', i);
    if (next < 0) return false;
    lineStart = next + 1;
  }
  return false;
}

function assignmentLikeAfter(text: string, at: number): boolean {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const ch = text[i];
  return ch === '=' || ch === ':' || ch === ',' || ch === '+' || ch === '|';
}

/**
 * End of a `def` signature starting at `defStart`: just after the `:` that closes it, skipping
 * brackets and strings in default values. Returns undefined when the signature is not closed.
 */
export function signatureEnd(text: string, defStart: number, limit: number): number | undefined {
  let depth = 0;
  for (let i = defStart; i < limit; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0 || close >= limit) return undefined;
      i = close;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '#') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) return undefined;
      i = eol;
    } else if (ch === ':' && depth === 0) return i + 1;
  }
  return undefined;
}
