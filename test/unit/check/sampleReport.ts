// A check report with the shapes formatters must handle: several files, related locations,
// every severity, characters that need escaping, a file outside the base folder.
import type { Problem } from '../../../server/src/common/problem';
import type { CheckReport } from '../../../server/src/cli/output/report';

export const BASE = '/repo';

function range(line: number, character: number, endLine: number, endCharacter: number) {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

export const PROBLEMS: Problem[] = [
  {
    code: 'multiple-heads',
    severity: 'warning',
    message: 'Multiple head revisions are present: abc123, def456',
    file: '/repo/migrations/versions/def456_add_users.py',
    range: range(10, 0, 10, 18),
    related: [{ file: '/repo/migrations/versions/abc123_init.py', range: range(9, 11, 9, 19), message: 'other head abc123' }],
    data: { heads: ['abc123', 'def456'] },
  },
  {
    code: 'missing-parent',
    severity: 'error',
    message: "Revision 'zzz' referenced from abc123 is not present,\nsee 100% of: the graph",
    file: '/repo/migrations/versions/abc123_init.py',
    range: range(11, 16, 11, 21),
    related: [],
  },
  {
    code: 'docstring-mismatch',
    severity: 'information',
    message: 'Revises: header says 1111 but down_revision is 2222',
    file: '/repo/migrations/versions/with space, and:colon.py',
    range: range(3, 0, 4, 2),
    related: [],
  },
  {
    code: 'ini-unreadable',
    severity: 'hint',
    message: 'outside the base folder',
    file: '/elsewhere/alembic.ini',
    range: range(0, 0, 0, 0),
    related: [],
  },
];

export function sampleReport(problems: Problem[] = PROBLEMS): CheckReport {
  return {
    root: BASE,
    baseDir: BASE,
    environments: [{ id: '/repo/alembic.ini#alembic', name: 'alembic', configFile: '/repo/alembic.ini', revisions: 3, heads: ['abc123', 'def456'] }],
    problems,
    toolVersion: '0.1.0',
    docsBaseUrl: 'https://example.com/docs/rules',
  };
}
