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
  const frame = {
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
  const lines = sortProblems(report.problems).map((problem) => {
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
    return `    ${JSON.stringify(shown)}`;
  });
  // The frame indented, each problem on one line of its own: what grep and a reader want, and
  // JSON.stringify with an indent takes V8's slow path (three times the compact one on the
  // 24,000 findings of a 5,000-revision history). `problems` is the frame's last field.
  const framed = JSON.stringify(frame, null, 2);
  const emptyList = '"problems": []\n}';
  if (!framed.endsWith(emptyList)) throw new Error('formatJson: problems must be the last field');
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `${framed.slice(0, framed.length - emptyList.length)}"problems": ${list}\n}\n`;
}
