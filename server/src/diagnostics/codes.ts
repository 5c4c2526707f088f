/** The registry of every diagnostic code; a test checks each has a docs page. */
import type { CodeInfo } from './codes/types';
import { PROJECT_CODES } from './codes/project';
import { GRAPH_CODES } from './codes/graph';
import { ENGINE_CODES } from './codes/engine';
import { PLAN_CODES } from './codes/plan';
import { RENDER_CODES } from './codes/render';
import { LINT_CODES } from './codes/lint';
import { DATABASE_CODES, ONLINE_CODES } from './codes/online';
import { AUTHORING_CODES } from './codes/authoring';
import { TRACE_CODES } from './codes/trace';

export type { CodeInfo };

export const ALL_CODES: readonly CodeInfo[] = [...PROJECT_CODES, ...GRAPH_CODES, ...ENGINE_CODES, ...PLAN_CODES, ...RENDER_CODES, ...LINT_CODES, ...DATABASE_CODES, ...ONLINE_CODES, ...AUTHORING_CODES, ...TRACE_CODES];

const byCode = new Map(ALL_CODES.map((info) => [info.code, info]));

export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}
