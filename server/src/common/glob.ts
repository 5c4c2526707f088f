/**
 * A small glob matcher for `alembicLens.exclude`-style patterns, matched against paths relative to
 * a workspace folder with `/` separators. Supported: `**` (any number of whole segments, including
 * none), `*` (any characters inside one segment), `?` (one character inside a segment) and
 * one level of `{a,b}` alternatives; every other character is literal. As in VS Code, a pattern
 * ending in `/**` also matches the folder itself (`legacy/**` matches `legacy`), so a walk can
 * skip that folder without listing it.
 *
 * Patterns are compiled once to regular expressions; a bad pattern never throws (an empty or
 * non-string one is ignored, an unclosed `{` is literal).
 */

export interface PathMatcher {
  /** The patterns that were compiled (invalid ones left out). */
  readonly patterns: readonly string[];
  /** True when no pattern can match anything: callers skip all matching work. */
  readonly empty: boolean;
  /** True when `relativePath` (a file or a folder, `/` separators) matches a pattern. */
  matches(relativePath: string): boolean;
  /** True when the path or one of its parent folders matches: the path lies in excluded territory. */
  matchesOrInside(relativePath: string): boolean;
}

export function compileGlobs(patterns: readonly unknown[]): PathMatcher {
  const valid = patterns.filter((pattern): pattern is string => typeof pattern === 'string' && normalizePattern(pattern) !== '');
  const expressions = valid.map((pattern) => new RegExp(`^${translate(normalizePattern(pattern))}$`));
  const matches = (relativePath: string): boolean => {
    if (expressions.length === 0) return false;
    const path = normalizePath(relativePath);
    return expressions.some((expression) => expression.test(path));
  };
  return {
    patterns: valid,
    empty: expressions.length === 0,
    matches,
    matchesOrInside(relativePath: string): boolean {
      if (expressions.length === 0) return false;
      const segments = normalizePath(relativePath).split('/');
      for (let end = 1; end <= segments.length; end++) if (matches(segments.slice(0, end).join('/'))) return true;
      return false;
    },
  };
}

/** A compiled matcher stays as it is; a list of globs (or nothing) is compiled. */
export function toPathMatcher(exclude: readonly unknown[] | PathMatcher | undefined): PathMatcher {
  if (exclude === undefined) return compileGlobs([]);
  return isPathMatcher(exclude) ? exclude : compileGlobs(exclude);
}

function isPathMatcher(value: readonly unknown[] | PathMatcher): value is PathMatcher {
  return !Array.isArray(value);
}

/** The `/`-separated form of a relative path, without a leading `./` or trailing `/`. */
function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function normalizePattern(pattern: string): string {
  return pattern.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

const REGEXP_SPECIAL = /[.+^$|()[\]\\]/;

/** Regular-expression source for a glob (no anchors). */
function translate(glob: string): string {
  let source = '';
  let at = 0;
  while (at < glob.length) {
    const char = glob[at];
    if (char === '*' && glob[at + 1] === '*' && isSegmentStart(glob, at) && isSegmentEnd(glob, at + 2)) {
      if (at + 2 === glob.length) {
        // Trailing `**`: after a `/` it also matches the folder itself (`a/**` matches `a`).
        source = source.endsWith('/') ? `${source.slice(0, -1)}(?:/.*)?` : `${source}.*`;
        at += 2;
      } else {
        // `**/`: zero or more whole segments.
        source += '(?:[^/]*/)*';
        at += 3;
      }
    } else if (char === '*') {
      while (glob[at] === '*') at++;
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
      at++;
    } else if (char === '{' && glob.indexOf('}', at) > at) {
      const close = glob.indexOf('}', at);
      const alternatives = glob.slice(at + 1, close).split(',').map(translate);
      source += `(?:${alternatives.join('|')})`;
      at = close + 1;
    } else {
      source += REGEXP_SPECIAL.test(char) || char === '{' || char === '}' ? `\\${char}` : char;
      at++;
    }
  }
  return source;
}

function isSegmentStart(glob: string, at: number): boolean {
  return at === 0 || glob[at - 1] === '/';
}

function isSegmentEnd(glob: string, at: number): boolean {
  return at === glob.length || glob[at] === '/';
}
