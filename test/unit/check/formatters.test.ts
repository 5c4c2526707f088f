// The four output formats of `check`, called directly on a fixed report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../../server/src/cli/output/text';
import { formatJson, formatJsonParts } from '../../../server/src/cli/output/json';
import { escapeData, escapeProperty, formatGithub } from '../../../server/src/cli/output/github';
import { PROBLEMS, sampleReport } from './sampleReport';

test('text: one sorted line per problem, related locations indented, summary last', () => {
  const lines = formatText(sampleReport()).trimEnd().split('\n');
  assert.equal(lines[0], '/elsewhere/alembic.ini:1:1: hint ini-unreadable: outside the base folder');
  assert.equal(lines[1], "migrations/versions/abc123_init.py:12:17: error missing-parent: Revision 'zzz' referenced from abc123 is not present,");
  assert.ok(lines.includes('migrations/versions/def456_add_users.py:11:1: warning multiple-heads: Multiple head revisions are present: abc123, def456'));
  assert.ok(lines.includes('    migrations/versions/abc123_init.py:10:12: note: other head abc123'));
  assert.equal(lines.at(-1), '4 problems (1 error, 1 warning, 1 info, 1 hint) in 4 files (1 environment, 3 revisions).');
});

test('text: a clean run says so', () => {
  assert.equal(formatText(sampleReport([])), 'No problems found (1 environment, 3 revisions).\n');
});

test('json: stable documented shape with one-based positions and relative paths', () => {
  const parsed = JSON.parse(formatJson(sampleReport()));
  assert.equal(parsed.version, 1);
  assert.deepEqual(parsed.tool, { name: 'alembic-lens', version: '0.1.0' });
  assert.deepEqual(parsed.summary, { environments: 1, revisions: 3, problems: 4, errors: 1, warnings: 1, information: 1, hints: 1 });
  assert.deepEqual(parsed.environments[0], { id: '/repo/alembic.ini#alembic', name: 'alembic', configFile: 'alembic.ini', revisions: 3, heads: ['abc123', 'def456'] });
  const heads = parsed.problems.find((problem: { code: string }) => problem.code === 'multiple-heads');
  assert.deepEqual(heads, {
    code: 'multiple-heads',
    severity: 'warning',
    message: 'Multiple head revisions are present: abc123, def456',
    file: 'migrations/versions/def456_add_users.py',
    line: 11,
    column: 1,
    endLine: 11,
    endColumn: 19,
    related: [{ file: 'migrations/versions/abc123_init.py', line: 10, column: 12, endLine: 10, endColumn: 20, message: 'other head abc123' }],
    docs: 'https://example.com/docs/rules/multiple-heads.md',
    data: { heads: ['abc123', 'def456'] },
  });
  assert.deepEqual(
    parsed.problems.map((problem: { code: string }) => problem.code),
    ['ini-unreadable', 'missing-parent', 'multiple-heads', 'docstring-mismatch'],
  );
});

test('github: escaping follows the runner rules for data and properties', () => {
  assert.equal(escapeData('a%b\r\nc:d,e'), 'a%25b%0D%0Ac:d,e');
  assert.equal(escapeProperty('a%b\r\nc:d,e'), 'a%25b%0D%0Ac%3Ad%2Ce');
});

test('github: annotations per severity with file, lines, columns and title', () => {
  const lines = formatGithub(sampleReport()).trimEnd().split('\n');
  assert.equal(
    lines[1],
    "::error file=migrations/versions/abc123_init.py,line=12,endLine=12,col=17,endColumn=22,title=alembic-lens missing-parent::Revision 'zzz' referenced from abc123 is not present,%0Asee 100%25 of: the graph",
  );
  assert.equal(
    lines[2],
    '::warning file=migrations/versions/def456_add_users.py,line=11,endLine=11,col=1,endColumn=19,title=alembic-lens multiple-heads::Multiple head revisions are present: abc123, def456%0Amigrations/versions/abc123_init.py:10:12: other head abc123',
  );
  // Multi-line ranges carry no columns; commas and colons in the path are escaped.
  assert.equal(
    lines[3],
    '::notice file=migrations/versions/with space%2C and%3Acolon.py,line=4,endLine=5,title=alembic-lens docstring-mismatch::Revises: header says 1111 but down_revision is 2222',
  );
  assert.match(lines.at(-1)!, /^4 problems/);
  for (const line of lines.slice(0, -1)) assert.doesNotMatch(line, /\n/);
});

test('json: a report written in parts is the text of one JSON.stringify of the whole document', () => {
  // Hundreds of problems (several parts), non-ASCII text, data of nested shapes; and no problem at all.
  const many = Array.from({ length: 1234 }, (_, at) => ({
    ...PROBLEMS[at % PROBLEMS.length],
    message: `problem ${at}: café → 𝔘 "quoted"\n\tnext`,
    data: at % 3 === 0 ? { lock: { mode: 'AccessExclusiveLock', tables: [`t${at}`] }, list: [] } : undefined,
  }));
  for (const problems of [many, PROBLEMS.slice(0, 1), []]) {
    const text = [...formatJsonParts(sampleReport(problems))].join('');
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    assert.equal(JSON.parse(text).problems.length, problems.length);
    assert.equal(formatJson(sampleReport(problems)), text);
  }
  assert.ok([...formatJsonParts(sampleReport(many))].length > 3, 'a large report comes in several parts');
});
