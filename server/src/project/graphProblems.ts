/**
 * Places graph issues in the source: the first subject is the problem's location (the exact
 * item for a field + value, e.g. the missing parent id inside a tuple), every other subject
 * becomes a related location.
 */
import type { Problem, RelatedLocation } from '../common/problem';
import { ZERO_RANGE, type SourceRange } from '../common/range';
import type { GraphIssue, IssueSubject } from '../graph/types';
import type { FileRevision } from './revisionInputs';
import type { MigrationHeader } from '../python/headerTypes';

export interface SubjectSource {
  revision: FileRevision;
  header: MigrationHeader;
}

export function graphIssueToProblem(issue: GraphIssue, sourceOf: (key: string) => SubjectSource | undefined, fallbackFile: string): Problem {
  const [primary, ...others] = issue.subjects;
  const primaryPlace = primary ? placeOf(primary, sourceOf) : undefined;
  const related: RelatedLocation[] = [];
  for (const subject of others) {
    const place = placeOf(subject, sourceOf);
    if (place) related.push({ ...place, message: describe(subject) });
  }
  const problem: Problem = {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    file: primaryPlace?.file ?? fallbackFile,
    range: primaryPlace?.range ?? ZERO_RANGE,
    related,
  };
  if (issue.data) problem.data = issue.data;
  return problem;
}

function describe(subject: IssueSubject): string {
  if (subject.field === 'revision') return `revision ${subject.id}`;
  const value = subject.value !== undefined ? ` '${subject.value}'` : '';
  return `${subject.field}${value} of revision ${subject.id}`;
}

function placeOf(subject: IssueSubject, sourceOf: (key: string) => SubjectSource | undefined): { file: string; range: SourceRange } | undefined {
  const source = sourceOf(subject.key);
  if (!source) return undefined;
  const located = source.revision.located[subject.field];
  if (subject.value !== undefined) {
    const item = located.find((entry) => entry.value === subject.value);
    if (item) return { file: subject.key, range: item.range };
  }
  const variable = source.header[HEADER_FIELD[subject.field]];
  if (variable) return { file: subject.key, range: variable.value.range };
  const revision = source.header.revision;
  return { file: subject.key, range: revision ? revision.value.range : ZERO_RANGE };
}

const HEADER_FIELD = {
  revision: 'revision',
  down_revision: 'downRevision',
  branch_labels: 'branchLabels',
  depends_on: 'dependsOn',
} as const;
