// A bare `yield` is valid Python that lezer's grammar (1.1.19) does not accept: it leaves an empty
// error node after the keyword. Migrations that define a context manager with
// `try: yield finally: ...` (keep's) must not get python-syntax-error, which fails `check`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../../../server/src/common/range';
import { containsError, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const problemsOf = (source: string) => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).map((problem) => `${problem.range.start.line}:${problem.range.start.character}`);

test('a bare yield is no syntax error, alone, assigned, parenthesised, before a comment or a semicolon', () => {
  const source = '@contextmanager\ndef f():\n    try:\n        yield\n    finally:\n        pass\n    x = yield\n    y = (yield)\n    yield  # done\n    yield; pass\n';
  assert.deepEqual(problemsOf(source), []);
  assert.equal(containsError(parsePython(source).topNode), false);
});

test('what is still wrong around a yield stays a syntax error', () => {
  assert.deepEqual(problemsOf('def f():\n    yield from\n'), ['1:14']);
  assert.deepEqual(problemsOf('def f():\n    yield 1 2\n'), ['1:12']);
  assert.equal(containsError(parsePython('def f():\n    x = (yield from)\n').topNode), true);
});

test('check passes a migration whose helper context manager yields bare', async () => {
  const root = temporaryFolder('lens-bare-yield-');
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = .\n');
  fs.writeFileSync(path.join(root, 'env.py'), '');
  fs.writeFileSync(
    path.join(root, 'versions', 'a1_x.py'),
    '"""x\n\nRevision ID: a1\nRevises:\n"""\nfrom contextlib import contextmanager\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\n@contextmanager\ndef dropped_keys():\n    try:\n        yield\n    finally:\n        pass\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("c", sa.Integer()))\n\n\ndef downgrade():\n    op.drop_column("t", "c")\n',
  );
  let stdout = '';
  const code = await runCli(['check', '--format', 'json'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  const codes = (JSON.parse(stdout).problems as { code: string }[]).map((problem) => problem.code);
  assert.ok(!codes.includes('python-syntax-error'), codes.join(', '));
  assert.equal(code, 0);
});
