// docstring-mismatch compares revision ids, not their spelling: the Revises: line may be written
// the way Alembic's template writes it (`a, b`, nothing for a base) or as the Python value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { idsWritten } from '../../../server/src/project/docstringIds';
import { makeEnvironment } from '../../support/environmentFixture';

function migration(revisionId: string, revises: string, revision: string, downRevision: string): string {
  return `"""message\n\nRevision ID: ${revisionId}\nRevises: ${revises}\nCreate Date: 2026-01-01 00:00:00\n\n"""\nrevision = ${revision}\ndown_revision = ${downRevision}\n`;
}

/** The docstring-mismatch messages of one file `c.py` in a history that also holds bases a and b. */
function mismatches(text: string): string[] {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\n',
    'b.py': 'revision = "b"\ndown_revision = None\n',
    'c.py': text,
  });
  return buildWorkspaceIndex([root])
    .allProblems()
    .filter((problem) => problem.code === 'docstring-mismatch')
    .map((problem) => problem.message);
}

const AGREEING: [string, string, string][] = [
  ['Revises: None with down_revision = None', 'None', 'None'],
  ['an empty Revises: (the template for a base) with down_revision = None', '', 'None'],
  ["Revises: ('a', 'b') with down_revision = (\"a\", \"b\")", "('a', 'b')", '("a", "b")'],
  ['Revises: a, b with down_revision = ("a", "b")', 'a, b', '("a", "b")'],
  ['Revises: b, a with down_revision = ("a", "b") (order is not identity)', 'b, a', '("a", "b")'],
  ['Revises: ["a", "b"] with a list', '["a", "b"]', '["a", "b"]'],
  ["Revises: ('a',) with a one-item tuple", "('a',)", '("a",)'],
  ["Revises: 'a' with down_revision = \"a\"", "'a'", '"a"'],
  ['Revises: a with down_revision = "a"', 'a', '"a"'],
  // A merge's parents on the lines below (codex-lb's merges): after a trailing comma, under an
  // empty Revises:, indented or as `- ` items.
  ['Revises: a, then b on an indented line', 'a,\n    b', '("a", "b")'],
  ['an empty Revises: then a and b on indented lines', '\n    a,\n    b', '("a", "b")'],
  ['an empty Revises: then a and b as - items', '\n- a\n- b', '("a", "b")'],
  ['Revises: a, then b at the start of the next line', 'a,\nb', '("a", "b")'],
];

for (const [name, revises, downRevision] of AGREEING) {
  test(`silent: ${name}`, () => {
    assert.deepEqual(mismatches(migration('c', revises, '"c"', downRevision)), []);
  });
}

const DISAGREEING: [string, string, string][] = [
  ['Revises: None while down_revision names a parent', 'None', '"a"'],
  ['an empty Revises: while down_revision names a parent', '', '"a"'],
  ["Revises: ('a', 'b') while down_revision is only a", "('a', 'b')", '"a"'],
  ['Revises: a, b while down_revision is ("a", "b2")', 'a, b', '("a", "b2")'],
  ['Revises: a while down_revision = None', 'a', 'None'],
  ["Revises: 'b' while down_revision = \"a\"", "'b'", '"a"'],
  // Continued lines are read only after an empty value or a trailing comma, and only while indented.
  ['Revises: a, then b indented, while down_revision is ("a", "b2")', 'a,\n    b', '("a", "b2")'],
  ['Revises: a with an indented line below it that is not a parent', 'a\n    b', '("a", "b")'],
  ['an empty Revises: then an unindented line', '\nb', '"b"'],
  ['Revises: a, then a line of prose', 'a,\nsee the notes', '("a", "b")'],
];

for (const [name, revises, downRevision] of DISAGREEING) {
  test(`reported: ${name}`, () => {
    const found = mismatches(migration('c', revises, '"c"', downRevision));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^Docstring says 'Revises: [^\n]*' but/);
  });
}

test("Revision ID: compares the id: 'c' in quotes agrees, another id does not", () => {
  assert.deepEqual(mismatches(migration("'c'", 'a', '"c"', '"a"')), []);
  const found = mismatches(migration('d', 'a', '"c"', '"a"'));
  assert.deepEqual(found, ["Docstring says 'Revision ID: d' but revision is 'c'."]);
});

test('idsWritten reads every spelling and keeps the template spelling as it is', () => {
  const template = ['a', 'b'];
  assert.equal(idsWritten(template), template, 'no copy for plain ids');
  assert.deepEqual(idsWritten(['None']), []);
  assert.deepEqual(idsWritten(['(none)']), [], 'buildbot writes Revises: (none)');
  assert.deepEqual(idsWritten(['none']), []);
  assert.deepEqual(idsWritten(['<base>']), []);
  assert.deepEqual(idsWritten(["('a'", "'b')"]), ['a', 'b']);
  assert.deepEqual(idsWritten(['["a"', '"b"]']), ['a', 'b']);
  assert.deepEqual(idsWritten(["('a'", ')']), ['a']);
  assert.deepEqual(idsWritten(["'a'"]), ['a']);
  // A note after the id (FastApiv1.6's template left it there).
  assert.deepEqual(idsWritten(['2dfc3082482b  # Replace with your latest migration ID']), ['2dfc3082482b']);
  assert.deepEqual(idsWritten(['a', 'b # merge']), ['a', 'b']);
});

test('ignore-file[docstring-mismatch] in the migration silences it (the page tells users to do so)', () => {
  const text = migration('c', 'b', '"c"', '"a"');
  assert.equal(mismatches(text).length, 1);
  assert.deepEqual(mismatches(`${text}# alembic-lens: ignore-file[docstring-mismatch]\n`), []);
});
