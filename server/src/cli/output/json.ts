/**
 * Machine output of `check` (documented in docs/cli.md, shape version 1). Positions are
 * one-based; paths are relative to the current directory with `/` separators. Only additive
 * changes are allowed without bumping `version`.
 */
import type { Problem } from '../../common/problem';
import { countSeverities, displayPath, docsUrl, oneBased, sortProblems, type CheckReport } from './report';

export const JSON_REPORT_VERSION = 1;

/** Problems per part of the output: one JSON.stringify each, some 80 kB (a young-generation object, not a large one). */
const PROBLEMS_PER_PART = 100;

/** Where each part of the problems' array sits in the document: inside `{"problems": [...]}`. */
const PART_HEAD = '{\n  "problems": [\n';
const PART_TAIL = '\n  ]\n}';

export function formatJson(report: CheckReport): string {
  return [...formatJsonParts(report)].join('');
}

/**
 * The report as parts written in order (cli/largeOutput.ts): the same text as one
 * JSON.stringify of the whole document, made without a string of its full size (19 MB for a
 * 5,000-revision history, whose flattening and encoding cost more than the formatting). Each
 * slice of problems is stringified inside an object shaped like the document, so its lines carry
 * the document's indentation, and the object's own first and last lines are cut off. Made as
 * they are written: a part written at once dies young, where parts kept to the end were moved to
 * the old generation, each page of it new memory (about 14 µs a page on these VMs).
 */
export function* formatJsonParts(report: CheckReport): Generator<string, void, void> {
  const counts = countSeverities(report.problems);
  const docs = new Map<string, string>();
  const docsOf = (code: string): string => {
    let url = docs.get(code);
    if (url === undefined) {
      url = docsUrl(report.docsBaseUrl, code);
      docs.set(code, url);
    }
    return url;
  };
  const shownOf = (problem: Problem): Record<string, unknown> => {
    const { start, end } = problem.range;
    // Field by field (spreads of the span and of the optional data cost more than the rest of
    // the formatting for a large report).
    const shown: Record<string, unknown> = {
      code: problem.code,
      severity: problem.severity,
      message: problem.message,
      file: displayPath(problem.file, report.baseDir),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      related: problem.related.map((related) => ({
        file: displayPath(related.file, report.baseDir),
        ...oneBased(related.range),
        message: related.message,
      })),
      docs: docsOf(problem.code),
    };
    if (problem.data) shown.data = problem.data;
    return shown;
  };
  // `problems` last, so the document ends with its (empty) array, which the parts then fill.
  const document = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'alembic-lens', version: report.toolVersion },
    root: report.root,
    summary: {
      environments: report.environments.length,
      revisions: report.environments.reduce((sum, environment) => sum + environment.revisions, 0),
      problems: report.problems.length,
      ...counts,
    },
    environments: report.environments.map((environment) => ({
      id: environment.id,
      name: environment.name,
      configFile: displayPath(environment.configFile, report.baseDir),
      revisions: environment.revisions,
      heads: environment.heads,
    })),
    problems: [],
  };
  const shell = JSON.stringify(document, null, 2);
  if (report.problems.length === 0) {
    yield `${shell}\n`;
    return;
  }
  const emptyArray = '[]\n}';
  yield `${shell.slice(0, shell.length - emptyArray.length)}[\n`;
  const sorted = sortProblems(report.problems);
  for (let from = 0; from < sorted.length; from += PROBLEMS_PER_PART) {
    const part = JSON.stringify({ problems: sorted.slice(from, from + PROBLEMS_PER_PART).map(shownOf) }, null, 2);
    const items = part.slice(PART_HEAD.length, part.length - PART_TAIL.length);
    yield from === 0 ? items : `,\n${items}`;
  }
  yield `${PART_TAIL}\n`;
}
