/**
 * The real PostgreSQL parser (libpg-query, compiled to WebAssembly), behind a small adapter.
 * The WASM module loads asynchronously (about 30 ms) and only then parses synchronously, so a
 * front end calls `loadSqlParser()` once before linting; until it has, `parseSql` answers
 * `undefined` and the linter says the SQL was not checked (never a false "clean").
 *
 * The module is required lazily: an index or a graph command never pays for loading it.
 * libpg-query reports statement positions in UTF-8 bytes and error positions in characters;
 * everything leaving this file is in UTF-16 code units of the SQL string, as JavaScript counts.
 */
import type * as PgQuery from 'libpg-query';

export interface ParsedStatement {
  /** The statement node: `{ IndexStmt: {...} }`, `{ AlterTableStmt: {...} }`, ... */
  node: Record<string, unknown>;
  /** Start and end of the statement inside the SQL string. */
  start: number;
  end: number;
}

export type SqlParseResult =
  | { ok: true; statements: ParsedStatement[] }
  | {
      ok: false;
      message: string;
      /** Offset of the error inside the SQL string. */
      position: number;
      /**
       * The parser gave up without judging the SQL (its stack ran out on an expression nested
       * thousands deep, which PostgreSQL itself may accept): not a syntax error.
       */
      unreadable?: true;
    };

let module: typeof PgQuery | undefined;
let loading: Promise<boolean> | undefined;
let loadError: string | undefined;

/** Loads the parser once; resolves to false (and remembers why) when it cannot be loaded. */
export function loadSqlParser(): Promise<boolean> {
  loading ??= (async () => {
    try {
      /* eslint-disable-next-line @typescript-eslint/no-require-imports */
      const candidate = require('libpg-query') as typeof PgQuery;
      await candidate.loadModule();
      module = candidate;
      return true;
    } catch (error) {
      loadError = error instanceof Error ? error.message : String(error);
      return false;
    }
  })();
  return loading;
}

/** Why the parser is not available: not loaded yet, or the load error. */
export function sqlParserUnavailableReason(): string {
  return loadError ? `the PostgreSQL parser could not be loaded (${loadError})` : 'the PostgreSQL parser is not loaded yet';
}

export function isSqlParserLoaded(): boolean {
  return module !== undefined;
}

const keywordAnswers = new Map<string, boolean>();

/**
 * Whether PostgreSQL's scanner reads `word` as a keyword of any kind (reserved or not);
 * undefined when the parser is not loaded. A name holding a digit is never one.
 */
export function isSqlKeyword(word: string): boolean | undefined {
  if (!module) return undefined;
  if (/[0-9]/.test(word)) return false;
  let answer = keywordAnswers.get(word);
  if (answer === undefined) {
    try {
      const tokens = module.scanSync(word).tokens;
      answer = tokens.length !== 1 || tokens[0].keywordKind !== 0;
    } catch {
      answer = true;
    }
    keywordAnswers.set(word, answer);
  }
  return answer;
}

/** Parses `sql`; `undefined` when the parser is not loaded. Never throws. */
export function parseSql(sql: string): SqlParseResult | undefined {
  if (!module) return undefined;
  try {
    const result = module.parseSync(sql) as { stmts?: { stmt?: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
    const bytes = byteToCharOffsets(sql);
    const statements: ParsedStatement[] = [];
    for (const raw of result.stmts ?? []) {
      if (!raw.stmt) continue;
      const startByte = raw.stmt_location ?? 0;
      const endByte = raw.stmt_len ? startByte + raw.stmt_len : undefined;
      const start = bytes(startByte);
      const end = endByte === undefined ? sql.length : bytes(endByte);
      statements.push({ node: raw.stmt, start: skipSpace(sql, start, end), end });
    }
    return { ok: true, statements };
  } catch (error) {
    // libpg-query's WebAssembly recursion (or the JSON of its tree) past JavaScript's stack: about
    // 10,000 nested operators, where PostgreSQL 15 accepts more (its limit is max_stack_depth).
    if (error instanceof RangeError) return { ok: false, message: `it is nested too deeply for the SQL parser (${error.message})`, position: 0, unreadable: true };
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    const position = typeof details?.cursorPosition === 'number' && details.cursorPosition >= 0 ? charToCodeUnit(sql, details.cursorPosition) : 0;
    return { ok: false, message, position: Math.min(position, sql.length) };
  }
}

/**
 * PL/pgSQL's parse of a `DO` block or `CREATE FUNCTION` (libpg-query's plpgsql_funcs), a message
 * when it does not parse, or `undefined` when the parser is not loaded. Never throws.
 */
export function parsePlpgsql(sql: string): { ok: true; functions: unknown[] } | { ok: false; message: string } | undefined {
  if (!module) return undefined;
  try {
    const result = module.parsePlPgSQLSync(sql) as { plpgsql_funcs?: unknown[] };
    return { ok: true, functions: result.plpgsql_funcs ?? [] };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A function from UTF-8 byte offsets to UTF-16 offsets of `text` (identity for ASCII). */
function byteToCharOffsets(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return (byte) => Math.min(byte, text.length);
  const table: number[] = [];
  let byte = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) table[byte + k] = index;
    byte += width;
    if (code >= 0x10000) index++;
  }
  return (offset) => (offset >= byte ? text.length : table[offset]);
}

/** PostgreSQL counts characters (code points); JavaScript counts UTF-16 code units. */
function charToCodeUnit(text: string, characters: number): number {
  let units = 0;
  for (let count = 0; count < characters && units < text.length; count++) units += text.codePointAt(units)! >= 0x10000 ? 2 : 1;
  return units;
}

function skipSpace(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && /\s/.test(text[at])) at++;
  return at;
}
