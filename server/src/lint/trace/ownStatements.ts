/**
 * The statements of one migration function, each with the source line of the `op.*` call it came
 * from, so a trace can be shown at that line. The function is interpreted and rendered here
 * (rather than taken from the offline script) because the offline script has lost the lines.
 * A live run takes the online side of `if context.is_offline_mode()`, so the trace does too.
 * A step the engine cannot render is kept as an untraced step at its line: the trace says what it
 * could not run instead of silently tracing less.
 */
import type { Step } from '../../engine/ops';
import { interpretMigration } from '../../engine/interpret';
import { renderOperation } from '../../engine/render';
import { catalogGuardOf } from '../../engine/online/onlineCompiler';
import { guardedStatementSql } from '../../engine/online/catalogGuard';

export type TraceDirection = 'upgrade' | 'downgrade';

export interface OwnStatement {
  sql: string;
  /** False inside `autocommit_block()`: Alembic runs it outside the migration's transaction. */
  inTransaction: boolean;
  /** Zero-based line of the `op.*` call. */
  line: number;
}

export interface UntracedStep {
  line: number;
  reason: string;
}

export interface OwnStatements {
  statements: OwnStatement[];
  untraced: UntracedStep[];
  /** The function is missing: nothing to trace. */
  missing: boolean;
}

export function ownStatements(file: string, text: string, direction: TraceDirection): OwnStatements {
  const interpreted = interpretMigration(file, text)[direction];
  const result: OwnStatements = { statements: [], untraced: [], missing: !interpreted };
  if (interpreted) collect(file, interpreted.steps, true, result);
  return result;
}

function collect(file: string, steps: readonly Step[], inTransaction: boolean, into: OwnStatements): void {
  for (const step of steps) {
    switch (step.kind) {
      case 'operation': {
        const line = step.operation.range?.start.line ?? 0;
        // Run on the embedded database as a live run sends it (JSON values bound, not refused).
        const rendered = renderOperation(step.operation, { file, liveRun: true });
        if (rendered.statements.length === 0) {
          into.untraced.push({ line, reason: rendered.problems.map((problem) => problem.message).join('; ') || 'the engine renders no SQL for it' });
          break;
        }
        // SQLAlchemy's checkfirst: the statement runs only as the catalog allows, asked in the same statement.
        const guard = catalogGuardOf(step.operation);
        for (const sql of rendered.statements) into.statements.push({ sql: guard ? guardedStatementSql(sql, guard) : sql, inTransaction, line });
        break;
      }
      case 'autocommit':
        collect(file, step.steps, false, into);
        break;
      case 'modeBranch':
        collect(file, step.online, inTransaction, into);
        break;
      case 'opaque':
        into.untraced.push({ line: step.range.start.line, reason: step.reason });
        break;
    }
  }
}
