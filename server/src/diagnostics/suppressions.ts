/**
 * `# alembic-lens: ignore[code, ...]` comments. On a line with code, the comment silences those
 * codes for problems that start on that line; on a line of its own, for the next line.
 * `# alembic-lens: ignore-file[code, ...]` anywhere silences them in the whole file. Without a
 * bracket, every code is silenced. Only real comments count: the file is parsed (with lezer)
 * only when the marker text occurs in it at all, which keeps the cold index fast.
 */
import type { Problem } from '../common/problem';
import { LineIndex } from '../common/range';
import { parsePython } from '../python/parser';

const MARKER = 'alembic-lens:';
const ALL = '*';

export interface Suppressions {
  /** Line (zero-based) → codes silenced there (`*` for all). */
  byLine: Map<number, Set<string>>;
  /** Codes silenced in the whole file (`*` for all). */
  file: Set<string>;
}

export function suppressionsOf(text: string): Suppressions | undefined {
  if (!text.includes(MARKER)) return undefined;
  const suppressions: Suppressions = { byLine: new Map(), file: new Set() };
  const lines = new LineIndex(text);
  parsePython(text).iterate({
    enter(node) {
      if (node.name !== 'Comment') return;
      const directive = parseDirective(text.slice(node.from, node.to));
      if (!directive) return;
      if (directive.scope === 'file') {
        for (const code of directive.codes) suppressions.file.add(code);
        return;
      }
      const position = lines.positionAt(node.from);
      const lineStart = lines.offsetAt({ line: position.line, character: 0 });
      const aloneOnLine = text.slice(lineStart, node.from).trim() === '';
      const target = aloneOnLine ? position.line + 1 : position.line;
      const codes = suppressions.byLine.get(target) ?? new Set<string>();
      for (const code of directive.codes) codes.add(code);
      suppressions.byLine.set(target, codes);
    },
  });
  return suppressions;
}

/** `# alembic-lens: ignore[a, b]` → { scope: 'line', codes: [a, b] }; undefined for other comments. */
export function parseDirective(comment: string): { scope: 'line' | 'file'; codes: string[] } | undefined {
  const body = comment.replace(/^#\s*/, '');
  if (!body.startsWith(MARKER)) return undefined;
  const rest = body.slice(MARKER.length).trim();
  const scope = rest.startsWith('ignore-file') ? 'file' : rest.startsWith('ignore') ? 'line' : undefined;
  if (!scope) return undefined;
  const afterKeyword = rest.slice(scope === 'file' ? 'ignore-file'.length : 'ignore'.length).trim();
  if (!afterKeyword.startsWith('[')) return { scope, codes: [ALL] };
  const close = afterKeyword.indexOf(']');
  if (close < 0) return undefined;
  const codes = afterKeyword
    .slice(1, close)
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code.length > 0);
  return { scope, codes: codes.length > 0 ? codes : [ALL] };
}

export function isSuppressed(problem: Problem, suppressions: Suppressions | undefined): boolean {
  if (!suppressions) return false;
  if (suppressions.file.has(ALL) || suppressions.file.has(problem.code)) return true;
  const codes = suppressions.byLine.get(problem.range.start.line);
  return codes !== undefined && (codes.has(ALL) || codes.has(problem.code));
}
