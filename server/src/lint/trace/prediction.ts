/**
 * Whether a trace confirms or contradicts what the static rules predicted at a line: a rule that
 * predicts a lock (its finding's `data.lock`) is confirmed when a statement of that line took
 * that mode, or a stronger one, on one of its tables (when it names any); a rule that names a PostgreSQL error
 * ("error 25001") is confirmed when a statement of that line failed with it. Findings that predict
 * neither (a dropped column, a missing downgrade) have nothing to compare and are left out.
 */
import type { Problem } from '../../common/problem';
import { lockModeFacts, predictedLockOf } from './lockModes';
import type { TracedStatement } from './lockTrace';

export interface PredictionCheck {
  /** The rule's code. */
  code: string;
  /** What it predicted: `ShareLock on orders`, `error 25001`. */
  predicted: string;
  verdict: 'confirmed' | 'contradicted';
  /** What the trace saw instead, when it contradicts. */
  observed?: string;
}

export function checkPredictions(findings: readonly Problem[], line: number, statements: readonly TracedStatement[]): PredictionCheck[] {
  const atLine = statements.filter((statement) => statement.line === line);
  if (atLine.length === 0) return [];
  const checks: PredictionCheck[] = [];
  for (const finding of findings) {
    if (finding.range.start.line > line || finding.range.end.line < line) continue;
    const error = /\berror (\d{5}|[0-9A-Z]{5})\b/.exec(finding.message)?.[1];
    if (error) {
      const failed = atLine.find((statement) => statement.error);
      const confirmed = failed?.error?.code === error;
      checks.push({ code: finding.code, predicted: `error ${error}`, verdict: confirmed ? 'confirmed' : 'contradicted', observed: confirmed ? undefined : failed ? `error ${failed.error!.code}` : 'no error' });
      continue;
    }
    const named = predictedLockOf(finding);
    if (!named) continue;
    const held = atLine.flatMap((statement) => statement.locks);
    const onTable = named.tables ? held.filter((lock) => named.tables!.includes(lock.relation)) : held;
    const predicted = `${named.mode.mode}${named.tables ? ` on ${named.tables.join(', ')}` : ''}`;
    if (onTable.some((lock) => lock.mode === named.mode.mode)) {
      checks.push({ code: finding.code, predicted, verdict: 'confirmed' });
      continue;
    }
    // A stronger lock taken earlier in the transaction already blocks what the rule warns about:
    // PostgreSQL then records no weaker one, and the prediction holds all the more.
    const stronger = onTable.find((lock) => (lockModeFacts(lock.mode)?.strength ?? 0) > named.mode.strength);
    if (stronger) {
      checks.push({ code: finding.code, predicted, verdict: 'confirmed', observed: `${stronger.mode} on ${stronger.relation}, already held` });
      continue;
    }
    const observed = onTable.length > 0 ? onTable.map((lock) => `${lock.mode} on ${lock.relation}`).join(', ') : atLine.some((statement) => statement.error) ? 'the statement failed' : 'no such lock';
    checks.push({ code: finding.code, predicted, verdict: 'contradicted', observed });
  }
  return checks;
}

/** "AccessExclusiveLock on orders: blocks reads and writes". */
export function describeLock(lock: { relation: string; mode: string }): string {
  const facts = lockModeFacts(lock.mode);
  return `${lock.mode} on ${lock.relation}${facts ? `: ${facts.blocks}` : ''}`;
}
