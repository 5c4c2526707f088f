/**
 * What SQL written in a migration (`op.execute("COMMIT")`) does to the run's transaction. Alembic
 * sends it as one query through the driver, which does not notice: with psycopg2 (the driver
 * Alembic's PostgreSQL URLs name by default) the transaction Alembic opened is over after a
 * COMMIT, and every statement after it runs and commits on its own until Alembic's own commit at
 * the end of the run (or of the migration, with transaction_per_migration). The usual reason is
 * `CREATE INDEX CONCURRENTLY` or `ALTER TYPE ... ADD VALUE` right after it. Read lexically:
 * comments and quoted text (dollar quotes included, so a DO block's BEGIN) are skipped.
 */
export type TransactionEffect = 'commits' | 'rollsBack' | 'begins';

const STATEMENT_START = /^\s*(COMMIT|END|ROLLBACK|ABORT|BEGIN|START)\b\s*(\w*)/i;

/** The last effect of the statements in `sql` on the transaction; undefined: none. */
export function transactionEffectOf(sql: string): TransactionEffect | undefined {
  // Cheap test first: most statements name none of these words.
  if (!/\b(?:COMMIT|END|ROLLBACK|ABORT|BEGIN|START)\b/i.test(sql)) return undefined;
  let effect: TransactionEffect | undefined;
  for (const statement of statementsOf(sql)) {
    const match = STATEMENT_START.exec(statement);
    if (!match) continue;
    const [, verb, next] = match;
    const word = verb.toUpperCase();
    const following = next.toUpperCase();
    // COMMIT PREPARED / ROLLBACK PREPARED act on a prepared transaction; ROLLBACK TO a savepoint stays in it.
    if (following === 'PREPARED' || (word === 'ROLLBACK' && following === 'TO')) continue;
    if (word === 'START' && following !== 'TRANSACTION') continue;
    effect = word === 'BEGIN' || word === 'START' ? 'begins' : word === 'ROLLBACK' || word === 'ABORT' ? 'rollsBack' : 'commits';
  }
  return effect;
}

/** The statements of a SQL text, split at semicolons outside comments and quotes. */
function statementsOf(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let at = 0;
  while (at < sql.length) {
    const char = sql[at];
    if (char === '-' && sql[at + 1] === '-') {
      const end = sql.indexOf('\n', at);
      at = end < 0 ? sql.length : end;
      current += ' ';
      continue;
    }
    if (char === '/' && sql[at + 1] === '*') {
      const end = sql.indexOf('*/', at + 2);
      at = end < 0 ? sql.length : end + 2;
      current += ' ';
      continue;
    }
    if (char === "'" || char === '"') {
      let end = at + 1;
      while (end < sql.length && !(sql[end] === char && sql[end + 1] !== char)) end += sql[end] === char ? 2 : 1;
      current += 'x';
      at = end + 1;
      continue;
    }
    const dollar = char === '$' ? /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(at, at + 64)) : null;
    if (dollar) {
      const end = sql.indexOf(dollar[0], at + dollar[0].length);
      current += 'x';
      at = end < 0 ? sql.length : end + dollar[0].length;
      continue;
    }
    if (char === ';') {
      statements.push(current);
      current = '';
      at++;
      continue;
    }
    current += char;
    at++;
  }
  statements.push(current);
  return statements;
}
