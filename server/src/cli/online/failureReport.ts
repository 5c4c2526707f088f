/**
 * The report printed when a migration fails online: the statement, PostgreSQL's code and message,
 * the migration file and line that produced the statement, what was rolled back, what stays
 * committed, and precisely which statements autocommit_block() already applied.
 */
import type { ExecutionReport } from '../../engine/online/executor';

export function formatFailure(report: ExecutionReport, rowsAfter: string[] | undefined, relative: (file: string) => string, versionTableExists?: boolean): string {
  const failure = report.failure;
  if (!failure) return '';
  const statement = failure.statement;
  const where = statement.file ? `${relative(statement.file)}:${statement.line}` : 'the version table';
  const lines: string[] = [];
  if (failure.cancelled) lines.push(`FAILED: cancelled${statement.revision ? ` in ${statement.revision} (${where})` : ''}`);
  else if (failure.connectionLost) lines.push(`FAILED: the connection was lost${statement.revision ? ` in ${statement.revision} (${where})` : ''}: ${failure.message}`);
  else lines.push(`FAILED: ${statement.revision ? `${statement.revision} failed at ${where}` : 'the run failed'}: ${failure.sqlState ? `(${failure.sqlState}) ` : ''}${failure.message}`);
  lines.push(`  statement: ${statement.sql.split('\n').join('\n             ')}`);
  if (failure.detail) lines.push(`  detail: ${failure.detail}`);
  if (failure.hint) lines.push(`  hint: ${failure.hint}`);
  lines.push(rollbackLine(failure));
  if (report.committedSteps.length > 0) lines.push(`  committed before the failure: ${report.committedSteps.join(', ')}`);
  else lines.push('  nothing was committed before the failure');
  const partial = report.partiallyCommitted.filter((label) => !report.committedSteps.includes(label));
  if (partial.length > 0) lines.push(`  partly committed (statements before an autocommit block or a COMMIT in the migration): ${partial.join(', ')}`);
  if (report.autocommitApplied.length > 0) {
    lines.push('  applied outside a transaction, by autocommit_block() or after a COMMIT in the migration (these stay):');
    for (const applied of report.autocommitApplied) lines.push(`    ${applied.file ? relative(applied.file) : ''}:${applied.line}: ${applied.sql}`);
  }
  if (versionTableExists === false) lines.push('  the version table does not exist (its creation was rolled back with the rest)');
  else if (rowsAfter) lines.push(`  the version table now holds: ${rowsAfter.join(', ') || '(no rows)'}`);
  return lines.join('\n') + '\n';
}

/** What became of the transaction the statement failed in (none was open inside autocommit_block()). */
export function rollbackLine(failure: NonNullable<ExecutionReport['failure']>): string {
  if (failure.connectionLost) return '  the open transaction ended with the connection (PostgreSQL rolls it back)';
  if (!failure.inTransaction) return '  the statement ran outside a transaction (autocommit_block(), or after a COMMIT in the migration): nothing was open to roll back';
  return '  the open transaction was rolled back';
}
