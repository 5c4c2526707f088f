/** The output formats of `check`, by name: adding one is a new file plus one line here. */
import { formatGithub } from './github';
import { formatJsonParts } from './json';
import type { ProblemFormatter } from './report';
import { formatSarif } from './sarif';
import { formatText } from './text';

export const PROBLEM_FORMATTERS: Readonly<Record<string, ProblemFormatter>> = {
  text: formatText,
  json: formatJsonParts,
  sarif: formatSarif,
  github: formatGithub,
};

export const FORMAT_NAMES = Object.keys(PROBLEM_FORMATTERS);

export type { CheckReport, EnvironmentSummary, ProblemFormatter } from './report';
