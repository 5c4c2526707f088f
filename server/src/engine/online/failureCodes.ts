/**
 * The stable code of each way an online run can fail (registered in
 * diagnostics/codes/online.ts, each with docs/rules/<code>.md), so the CLI and the editor name
 * the same code for the same outcome.
 */
import type { DatabaseErrorCode } from '../../database/errors';
import type { StatementFailure } from './executor';

export type OnlineFailureCode =
  | DatabaseErrorCode
  | 'plan-failed'
  | 'online-lock-wait-timeout'
  | 'online-opaque-refused'
  | 'online-dry-run-autocommit'
  | 'online-statement-failed'
  | 'online-cancelled'
  | 'online-connection-lost'
  | 'online-alembic-failed'
  | 'online-alembic-other-database'
  | 'online-version-table-unknown';

/** A failed statement: cancelled and lost connections are told apart from PostgreSQL's refusals. */
export function statementFailureCode(failure: Pick<StatementFailure, 'cancelled' | 'connectionLost'>): OnlineFailureCode {
  if (failure.cancelled) return 'online-cancelled';
  if (failure.connectionLost) return 'online-connection-lost';
  return 'online-statement-failed';
}
