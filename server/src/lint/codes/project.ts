import type { CodeInfo } from './types';

/** Diagnostic codes reported by the project layer. Each has docs/rules/<code>.md. */
export const PROJECT_CODES: readonly CodeInfo[] = [];
