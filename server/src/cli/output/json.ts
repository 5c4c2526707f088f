/**
 * Machine output of `check` (documented in docs/cli.md, shape version 1). Positions are
 * one-based; paths are relative to the current directory with `/` separators. Only additive
 * changes are allowed without bumping `version`.
 */
import { countSeverities, displayPath, docsUrl, oneBased, sortProblems, type CheckReport } from './report';

export const JSON_REPORT_VERSION = 1;

export function formatJson(report: CheckReport): string {
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
  const output = {
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
    problems: sortProblems(report.problems).map((problem) => {
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
    }),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
