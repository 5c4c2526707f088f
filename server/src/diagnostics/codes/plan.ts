import type { CodeInfo } from './types';

/** Diagnostic codes reported by the planner and offline emitter. Each has docs/rules/<code>.md. */
export const PLAN_CODES: readonly CodeInfo[] = [
  { code: 'plan-failed', defaultSeverity: 'error', title: 'The upgrade, downgrade or stamp cannot be planned' },
  { code: 'plan-setting-unknown', defaultSeverity: 'warning', title: 'An env.py setting the SQL depends on is not a literal' },
];
