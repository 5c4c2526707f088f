/**
 * What SQL written in a migration (`op.execute("COMMIT")`) does to the run's transaction. Alembic
 * sends it as one query through the driver, which does not notice: with psycopg2 (the driver
 * Alembic's PostgreSQL URLs name by default) the transaction Alembic opened is over after a
 * COMMIT, and every statement after it runs and commits on its own until Alembic's own commit at
 * the end of the run (or of the migration, with transaction_per_migration). The usual reason is
 * `CREATE INDEX CONCURRENTLY` or `ALTER TYPE ... ADD VALUE` right after it.
 *
 * Read lexically, as psql splits a script: comments (nested ones too) and quoted text (dollar
 * quotes and E'' strings included, so a DO block's BEGIN) are skipped, a semicolon inside
 * parentheses or inside the BEGIN ATOMIC ... END body of a CREATE FUNCTION or PROCEDURE ends no
 * statement. The safety lint reads the same statements with PostgreSQL's own parser
 * (lint/sql/toActions.ts); a test holds both to the same answers.
 */
export type TransactionEffect = 'commits' | 'rollsBack' | 'begins';

const STATEMENT_START = /^\s*(COMMIT|END|ROLLBACK|ABORT|BEGIN|START|PREPARE)\b\s*(\w*)/i;
const AND_CHAIN = /\bAND\s+CHAIN\s*$/i;

/**
 * The effects of the statements in `sql` on the transaction, in order (empty: none). COMMIT AND
 * CHAIN ends the transaction and opens a new one at once: ['commits', 'begins'].
 */
export function transactionEffectsOf(sql: string): TransactionEffect[] {
  // Cheap test first: most statements name none of these words.
  if (!/\b(?:COMMIT|END|ROLLBACK|ABORT|BEGIN|START|PREPARE)\b/i.test(sql)) return [];
  const effects: TransactionEffect[] = [];
  for (const statement of statementsOf(sql)) {
    const match = STATEMENT_START.exec(statement);
    if (!match) continue;
    const word = match[1].toUpperCase();
    const following = match[2].toUpperCase();
    // COMMIT PREPARED / ROLLBACK PREPARED act on another, prepared transaction; ROLLBACK TO a savepoint stays in this one.
    if (following === 'PREPARED' || (word === 'ROLLBACK' && following === 'TO')) continue;
    // START and PREPARE begin other statements too (START_REPLICATION, PREPARE name AS ...).
    if ((word === 'START' || word === 'PREPARE') && following !== 'TRANSACTION') continue;
    if (word === 'BEGIN' || word === 'START') {
      effects.push('begins');
      continue;
    }
    effects.push(word === 'ROLLBACK' || word === 'ABORT' ? 'rollsBack' : 'commits');
    if (word !== 'PREPARE' && AND_CHAIN.test(statement)) effects.push('begins');
  }
  return effects;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_$]/u;

/**
 * The statements of a SQL text, split where psql would split them: at semicolons outside comments,
 * quotes and parentheses, and outside a CREATE FUNCTION or PROCEDURE's BEGIN ATOMIC body. Quoted
 * text and comments are replaced by a placeholder, so a statement's words are its own.
 */
function statementsOf(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let words: string[] = [];
  let parenDepth = 0;
  let beginDepth = 0;
  let at = 0;
  const endStatement = (): void => {
    statements.push(current);
    current = '';
    words = [];
    parenDepth = 0;
    beginDepth = 0;
  };
  while (at < sql.length) {
    const char = sql[at];
    if (char === '-' && sql[at + 1] === '-') {
      const end = sql.indexOf('\n', at);
      at = end < 0 ? sql.length : end;
      current += ' ';
      continue;
    }
    if (char === '/' && sql[at + 1] === '*') {
      at = blockCommentEnd(sql, at);
      current += ' ';
      continue;
    }
    const previous = at > 0 ? sql[at - 1] : '';
    const inWord = previous !== '' && IDENTIFIER_CHAR.test(previous);
    if (char === "'" || char === '"') {
      // E'...' (and e'...') takes backslash escapes: \' does not end it.
      const escapes = char === "'" && (previous === 'E' || previous === 'e') && !(at > 1 && IDENTIFIER_CHAR.test(sql[at - 2]));
      at = quotedEnd(sql, at, char, escapes);
      current += 'x';
      continue;
    }
    // `$tag$` opens a dollar quote unless it continues a word (`a$b$` is one identifier) or is `$1`.
    const dollar = char === '$' && !inWord ? /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(at, at + 64)) : null;
    if (dollar) {
      const end = sql.indexOf(dollar[0], at + dollar[0].length);
      current += 'x';
      at = end < 0 ? sql.length : end + dollar[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(char) && !inWord) {
      const word = /^[A-Za-z_][\w$]*/.exec(sql.slice(at, at + 64))?.[0] ?? char;
      beginDepth = followBeginAtomic(words, word.toLowerCase(), parenDepth, beginDepth);
      current += sql.slice(at, at + word.length);
      at += word.length;
      continue;
    }
    if (char === '(') parenDepth++;
    else if (char === ')' && parenDepth > 0) parenDepth--;
    else if (char === ';' && parenDepth === 0 && beginDepth === 0) {
      endStatement();
      at++;
      continue;
    }
    current += char;
    at++;
  }
  statements.push(current);
  return statements;
}

/**
 * psql's rule for SQL-standard function bodies: in a statement that starts CREATE [OR REPLACE]
 * FUNCTION or PROCEDURE, outside parentheses, BEGIN opens a body that END closes (a CASE inside
 * one ends with END too), and semicolons inside it end no statement. Returns the new depth.
 */
function followBeginAtomic(words: string[], word: string, parenDepth: number, beginDepth: number): number {
  if (words.length < 4) words.push(word);
  const [first, second, third, fourth] = words;
  const routine = (name: string | undefined): boolean => name === 'function' || name === 'procedure';
  const isRoutine = first === 'create' && (routine(second) || (second === 'or' && third === 'replace' && routine(fourth)));
  if (!isRoutine || parenDepth > 0) return beginDepth;
  if (word === 'begin') return beginDepth + 1;
  if (word === 'case') return beginDepth > 0 ? beginDepth + 1 : beginDepth;
  if (word === 'end') return Math.max(0, beginDepth - 1);
  return beginDepth;
}

/** Where a block comment starting at `start` ends; PostgreSQL's block comments nest. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let at = start;
  while (at < sql.length) {
    if (sql[at] === '/' && sql[at + 1] === '*') {
      depth++;
      at += 2;
    } else if (sql[at] === '*' && sql[at + 1] === '/') {
      depth--;
      at += 2;
      if (depth === 0) return at;
    } else at++;
  }
  return sql.length;
}

/** Where the quoted text starting at `start` ends: a doubled quote is one character of it. */
function quotedEnd(sql: string, start: number, quote: string, escapes: boolean): number {
  let at = start + 1;
  while (at < sql.length) {
    if (escapes && sql[at] === '\\') {
      at += 2;
      continue;
    }
    if (sql[at] === quote) {
      if (sql[at + 1] === quote) {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at++;
  }
  return sql.length;
}
