/** Turns the opaque steps of a function (at any depth) into `opaque-step` problems. */
import type { SourceRange } from '../../common/range';
import type { Step } from '../ops';
import type { InterpreterState } from './state';

/** Codes that already explain an opaque step at the same place; no second message for it. */
const EXPLAINING_CODES = new Set(['invalid-operation-arguments', 'unknown-operation', 'plain-string-execute']);

export function reportOpaqueSteps(steps: Step[], state: InterpreterState): void {
  const explained = state.problems.filter((problem) => EXPLAINING_CODES.has(problem.code)).map((problem) => problem.range);
  visit(steps, state, explained);
}

function visit(steps: Step[], state: InterpreterState, explained: SourceRange[]): void {
  for (const step of steps) {
    if (step.kind === 'opaque') {
      if (explained.some((range) => within(range, step.range))) continue;
      // A call Python refuses whatever the run (`MetaData(bind=...)` under SQLAlchemy 2): not a
      // limit of the engine but the migration's failure, at deploy and under --sql alike.
      if (step.raises) {
        state.report('raises-when-run', 'error', `Alembic fails here, at deploy and under --sql: ${step.reason}; nothing after it in the function runs`, step.range, { reason: step.reason });
        continue;
      }
      state.report('opaque-step', 'information', `the engine cannot interpret this statement: ${step.reason}`, step.range, { reason: step.reason });
    } else if (step.kind === 'autocommit') {
      visit(step.steps, state, explained);
    } else if (step.kind === 'modeBranch') {
      visit(step.offline, state, explained);
      visit(step.online, state, explained);
    }
  }
}

function within(inner: SourceRange, outer: SourceRange): boolean {
  const before = (a: SourceRange['start'], b: SourceRange['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
