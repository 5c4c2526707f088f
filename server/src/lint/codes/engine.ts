import type { CodeInfo } from './types';

/** Diagnostic codes reported by the engine layer. Each has docs/rules/<code>.md. */
export const ENGINE_CODES: readonly CodeInfo[] = [];
