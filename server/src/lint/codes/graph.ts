import type { CodeInfo } from './types';

/** Diagnostic codes reported by the graph layer. Each has docs/rules/<code>.md. */
export const GRAPH_CODES: readonly CodeInfo[] = [];
