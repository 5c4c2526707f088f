/**
 * `# alembic-lens: ignore[code, ...]` comments. On a line with code, the comment silences those
 * codes for problems that start on that line; on a line of its own, for the next line.
 * `# alembic-lens: ignore-file[code, ...]` anywhere silences them in the whole file. Without a
 * bracket, every code is silenced. The marker may follow another tool's comment on the line
 * (`# noqa: E501  # alembic-lens: ignore[drop-column]`). Only real comments count: the file is
 * parsed (with lezer) only when the marker text occurs in it at all, which keeps the cold index fast.
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
  /**
   * Comments with the marker that say nothing this understands (`ignore-files[...]`, an unclosed
   * bracket): they silence nothing, and the lint says so rather than let a typo pass for a
   * suppression (a prefix match once took `ignore-files[x]` for "ignore everything in the file").
   */
  malformed: { line: number; column: number; text: string }[];
}

export function suppressionsOf(text: string): Suppressions | undefined {
  if (!text.includes(MARKER)) return undefined;
  const suppressions: Suppressions = { byLine: new Map(), file: new Set(), malformed: [] };
  const lines = new LineIndex(text);
  parsePython(text).iterate({
    enter(node) {
      if (node.name !== 'Comment') return;
      const comment = text.slice(node.from, node.to);
      const directive = parseDirective(comment);
      if (directive === 'malformed') {
        const position = lines.positionAt(node.from);
        const at = markerAt(comment);
        suppressions.malformed.push({ line: position.line, column: position.character + Math.max(0, at), text: comment.slice(Math.max(0, at)).trim() });
        return;
      }
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

/**
 * Where the marker starts a comment: at its beginning (`# alembic-lens: ...`) or after another
 * tool's comment on the same line (`# noqa: E501  # alembic-lens: ...`, as ruff and mypy read
 * chained comments); -1 when it does not.
 */
function markerAt(comment: string): number {
  const match = /(?:^|#)\s*alembic-lens:/.exec(comment);
  return match ? match.index + match[0].indexOf(MARKER) : -1;
}

/**
 * `# alembic-lens: ignore[a, b]` → { scope: 'line', codes: [a, b] }; `ignore-file[...]` the same
 * for the file; `ignore` / `ignore-file` alone for every code. 'malformed' for a comment with the
 * marker that says anything else; undefined for other comments.
 */
export function parseDirective(comment: string): { scope: 'line' | 'file'; codes: string[] } | 'malformed' | undefined {
  const at = markerAt(comment);
  if (at < 0) return undefined;
  const rest = comment.slice(at + MARKER.length).trim();
  const keyword = /^(ignore-file|ignore)(?=$|[\s[])/.exec(rest);
  if (!keyword) return 'malformed';
  const scope = keyword[1] === 'ignore-file' ? 'file' : 'line';
  const afterKeyword = rest.slice(keyword[1].length).trim();
  // What follows the directive is the comment's own (`ignore[x]  # why`); anything else is not understood.
  if (afterKeyword === '' || afterKeyword.startsWith('#')) return { scope, codes: [ALL] };
  if (!afterKeyword.startsWith('[')) return 'malformed';
  const close = afterKeyword.indexOf(']');
  if (close < 0) return 'malformed';
  const trailing = afterKeyword.slice(close + 1).trim();
  if (trailing !== '' && !trailing.startsWith('#')) return 'malformed';
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
