/**
 * The words of a finished run for the editor: a one-line summary for the notification and the
 * detail lines for the output channel (what ran, what was rolled back, what stays committed), with
 * the failing migration's file and zero-based line so the client can open it.
 */
import { ALEMBIC_NOT_STARTED } from '../../engine/online/pythonFallback';
import type { OnlineResult } from '../../engine/online/runOnline';
import type { RunCommand, RunFailure } from '../../protocol';

export interface RunReport {
  summary: string;
  details: string[];
  steps: string[];
  failure?: RunFailure;
}

function rowsText(rows: readonly string[] | undefined): string {
  return rows === undefined ? 'unknown' : rows.length ? rows.join(', ') : '(no rows)';
}

export function runReport(result: OnlineResult, command: RunCommand, dryRun: boolean, planOnly: boolean, connection: string): RunReport {
  const details = result.warnings.map((warning) => `WARNING: ${warning}`);
  if (result.ok) {
    const steps = planOnly ? (result.planned ?? []).map((step) => step.logLine) : (result.report?.stepsRun ?? []);
    const what = planOnly ? 'would run' : dryRun ? 'ran and were rolled back' : 'ran';
    const summary = result.handedToAlembic
      ? `${command} on ${connection}: handed to Alembic; the version table now holds ${rowsText(result.rowsAfter)}`
      : `${dryRun ? 'Dry run of ' : ''}${command} on ${connection}: ${steps.length} step(s) ${what}; the version table ${planOnly || dryRun ? 'holds' : 'now holds'} ${rowsText(result.rowsAfter)}`;
    return { summary, details, steps };
  }
  switch (result.reason) {
    case 'connection':
    case 'lock':
    case 'plan':
      return { summary: `${command} on ${connection} failed: ${result.message}`, details: [...details, `FAILED: ${result.message}`], steps: [] };
    case 'opaque': {
      const first = result.opaque[0];
      return {
        summary: `${command} on ${connection}: ${result.opaque.length} step(s) cannot be run statically; nothing was run (${result.opaque.every((step) => step.alembicFails) ? 'Alembic fails on them too: fix the migrations' : 'set alembicLens.python to hand such runs to Alembic'})`,
        details: [...details, ...result.opaque.map((step) => `  ${step.file}:${step.line}: ${step.atImport ? 'import' : `${step.direction}()`} of ${step.revision}: ${step.reason}${step.alembicFails ? ' (Alembic fails here too)' : ''}`)],
        steps: [],
        failure: { file: first?.file, line: first ? first.line - 1 : undefined, revision: first?.revision, message: first?.reason ?? 'opaque step', cancelled: false },
      };
    }
    case 'dry-run-autocommit':
      return {
        summary: `Dry run on ${connection} refused: autocommit_block() or a COMMIT written in the migration commits on its own; nothing was run`,
        details: [...details, ...result.blocks.map((block) => `  ${block.file}:${block.line}: ${block.direction}() of ${block.revision}`)],
        steps: [],
      };
    case 'alembic':
      return {
        summary: `${command} on ${connection}: ${result.exitCode === ALEMBIC_NOT_STARTED ? 'Alembic could not be started (see the output), so nothing was run' : `Alembic exited with code ${result.exitCode}`}; the version table holds ${rowsText(result.rowsAfter)}`,
        details,
        steps: [],
      };
    case 'migration': {
      const failure = result.report.failure!;
      const statement = failure.statement;
      const where = statement.file ? `${statement.file}:${statement.line}` : 'the version table';
      const lines = [
        ...details,
        ...result.report.stepsRun.map((step) => `ran: ${step}`),
        failure.cancelled ? `FAILED: cancelled${statement.revision ? ` in ${statement.revision} (${where})` : ''}` : `FAILED: ${statement.revision ? `${statement.revision} at ${where}` : where}: ${failure.sqlState ? `(${failure.sqlState}) ` : ''}${failure.message}`,
        `  statement: ${statement.sql}`,
        ...(failure.detail ? [`  detail: ${failure.detail}`] : []),
        ...(failure.hint ? [`  hint: ${failure.hint}`] : []),
        failure.connectionLost ? '  the connection was lost: PostgreSQL rolls the open transaction back' : failure.inTransaction ? '  the open transaction was rolled back' : '  the statement ran outside a transaction (autocommit_block(), or after a COMMIT in the migration): nothing was open to roll back',
        result.report.committedSteps.length ? `  committed before the failure: ${result.report.committedSteps.join(', ')}` : '  nothing was committed before the failure',
        ...result.report.autocommitApplied.map((applied) => `  applied outside a transaction (autocommit_block(), or after a COMMIT in the migration; stays): ${applied.file ?? ''}:${applied.line}: ${applied.sql}`),
        result.versionTableExists === false ? '  the version table does not exist (its creation was rolled back with the rest)' : `  the version table now holds: ${rowsText(result.rowsAfter)}`,
      ];
      return {
        summary: failure.cancelled
          ? `${command} on ${connection} was cancelled; the open transaction was rolled back`
          : `${command} on ${connection} failed${statement.revision ? ` in ${statement.revision}` : ''}: ${failure.message}`,
        details: lines,
        steps: result.report.stepsRun,
        failure: {
          file: statement.file || undefined,
          line: statement.line !== undefined ? Math.max(0, statement.line - 1) : undefined,
          revision: statement.revision,
          sqlState: failure.sqlState,
          message: failure.message,
          cancelled: failure.cancelled,
        },
      };
    }
  }
}
