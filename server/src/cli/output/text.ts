/**
 * Human output of `check`: one line per problem in the `path:line:col: severity code: message`
 * form editors and terminals turn into links, related locations indented below, and a summary.
 */
import type { Severity } from '../../common/problem';
import { countSeverities, displayPath, oneBased, plural, sortProblems, type CheckReport } from './report';

const LABELS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const problem of sortProblems(report.problems)) {
    const span = oneBased(problem.range);
    const where = `${displayPath(problem.file, report.baseDir)}:${span.line}:${span.column}`;
    lines.push(`${where}: ${LABELS[problem.severity]} ${problem.code}: ${problem.message}`);
    for (const related of problem.related) {
      const at = oneBased(related.range);
      lines.push(`    ${displayPath(related.file, report.baseDir)}:${at.line}:${at.column}: note: ${related.message}`);
    }
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: CheckReport): string {
  const revisions = report.environments.reduce((sum, environment) => sum + environment.revisions, 0);
  const headersOnly = report.bodiesRead === false ? '; headers only' : '';
  const scope = `${plural(report.environments.length, 'environment')}, ${plural(revisions, 'revision')}${headersOnly}`;
  if (report.problems.length === 0) return `No problems found (${scope}).`;
  const counts = countSeverities(report.problems);
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.information > 0) parts.push(`${counts.information} info`);
  if (counts.hints > 0) parts.push(plural(counts.hints, 'hint'));
  const files = new Set(report.problems.map((problem) => problem.file)).size;
  return `${plural(report.problems.length, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')} (${scope}).`;
}
