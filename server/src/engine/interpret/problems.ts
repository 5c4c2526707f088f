/** Turns the opaque steps of a function (at any depth) into `opaque-step` problems. */
import type { Step } from '../ops';
import type { InterpreterState } from './state';

export function reportOpaqueSteps(steps: Step[], state: InterpreterState): void {
  for (const step of steps) {
    if (step.kind === 'opaque') {
      state.report('opaque-step', 'information', `the engine cannot interpret this statement: ${step.reason}`, step.range, { reason: step.reason });
    } else if (step.kind === 'autocommit') {
      reportOpaqueSteps(step.steps, state);
    } else if (step.kind === 'modeBranch') {
      reportOpaqueSteps(step.offline, state);
      reportOpaqueSteps(step.online, state);
    }
  }
}
