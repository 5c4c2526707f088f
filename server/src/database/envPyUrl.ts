/**
 * What env.py does to `sqlalchemy.url`, read statically: the common forms
 * `config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])`, with
 * `os.environ.get("X")`, `os.getenv("X", "literal")` or a string literal as the value. Anything
 * else is reported as "not read" with its line, never guessed. env.py is not executed.
 */

export type EnvPyUrlSource =
  | { kind: 'none' }
  | { kind: 'literal'; url: string; line: number }
  | { kind: 'environment'; variable: string; fallback?: string; required: boolean; line: number }
  | { kind: 'unreadable'; expression: string; line: number };

const SET_URL = /\.set_main_option\(\s*(['"])sqlalchemy\.url\1\s*,\s*/g;
const STRING = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')`;
const ENVIRON_INDEX = new RegExp(String.raw`^os\.environ\[\s*${STRING}\s*\]`);
const ENVIRON_GET = new RegExp(String.raw`^os\.(?:environ\.get|getenv)\(\s*${STRING}\s*(?:,\s*${STRING}\s*)?\)`);
const LITERAL = new RegExp(String.raw`^${STRING}\s*\)`);

function stringValue(double: string | undefined, single: string | undefined): string {
  return (double ?? single ?? '').replace(/\\(.)/g, '$1');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Blanks out comments so a commented-out call is not read (strings keep their `#`). */
function withoutComments(text: string): string {
  return text.replace(/^([^'"#\n]*)#.*$/gm, '$1');
}

export function readEnvPyUrl(text: string): EnvPyUrlSource {
  const source = withoutComments(text);
  let found: EnvPyUrlSource = { kind: 'none' };
  // The last call wins at run time when several run in a row (the usual case is one).
  for (const match of source.matchAll(SET_URL)) {
    const start = match.index + match[0].length;
    const rest = source.slice(start);
    const line = lineAt(source, match.index);
    const index = ENVIRON_INDEX.exec(rest);
    const get = ENVIRON_GET.exec(rest);
    const literal = LITERAL.exec(rest);
    if (index) found = { kind: 'environment', variable: stringValue(index[1], index[2]), required: true, line };
    else if (get) {
      const hasFallback = get[3] !== undefined || get[4] !== undefined;
      found = {
        kind: 'environment',
        variable: stringValue(get[1], get[2]),
        required: false,
        line,
        ...(hasFallback ? { fallback: stringValue(get[3], get[4]) } : {}),
      };
    } else if (literal) found = { kind: 'literal', url: stringValue(literal[1], literal[2]), line };
    else found = { kind: 'unreadable', expression: rest.split('\n', 1)[0].trim(), line };
  }
  return found;
}
