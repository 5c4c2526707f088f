/**
 * GitHub Actions workflow commands: one `::error file=...,line=...::message` annotation per
 * problem, which GitHub shows on the pull request's diff. Escaping follows the runner's rules:
 * in the message `%`, CR and LF are percent-encoded; in properties also `:` and `,`.
 */
import type { Severity } from '../../common/problem';
import { displayPath, oneBased, sortProblems, type CheckReport } from './report';
import { summaryLine } from './text';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const problem of sortProblems(report.problems)) {
    const span = oneBased(problem.range);
    const properties: [string, string | number][] = [
      ['file', displayPath(problem.file, report.baseDir)],
      ['line', span.line],
      ['endLine', span.endLine],
    ];
    // GitHub only honours columns on single-line annotations.
    if (span.line === span.endLine) properties.push(['col', span.column], ['endColumn', span.endColumn]);
    properties.push(['title', `alembic-lens ${problem.code}`]);
    const related = problem.related.map((location) => {
      const at = oneBased(location.range);
      return `\n${displayPath(location.file, report.baseDir)}:${at.line}:${at.column}: ${location.message}`;
    });
    const rendered = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
    lines.push(`::${COMMANDS[problem.severity]} ${rendered}::${escapeData(problem.message + related.join(''))}`);
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
