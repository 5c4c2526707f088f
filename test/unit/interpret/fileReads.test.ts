/**
 * Files a migration reads (engine/interpret/fileReads.ts, paths.ts): the path spelling functions
 * equal CPython's on Linux for a table of awkward paths (the real interpreter answers, not a
 * copy of its rules), and reading follows Python's text mode, the folder alembic runs in, and the
 * project boundary, with a dependency on each file read. The rendered SQL of whole migrations is
 * compared with Alembic 1.20 in test/fixtures/sql/file_reads (test/diff/sql-fixtures.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { pathAttribute, pathMethod, purePath } from '../../../server/src/engine/interpret/paths';
import { basenamePosix, dirnamePosix, joinPosix, normpathPosix } from '../../../server/src/common/posixPath';
import type { CallArgs } from '../../../server/src/engine/interpret/args';
import type { Step } from '../../../server/src/engine/ops';
import { workspaceWith } from '../../support/workspaceFolder';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

const PATHS = ['', '.', '..', '/', '//', '///', 'a', 'a/', 'a//b', '/a/b/', 'a/./b', 'a/../b', '../../x', '/..', '//a/b', '///a', 'a/b.sql', 'a/.hidden', 'a/b.tar.gz', 'a/b.', 'x/..', './x/./'];

function python(script: string): unknown {
  const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${PYTHON} failed (set ALEMBIC_PYTHON): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

test('os.path and pathlib spell paths as CPython does on Linux', () => {
  const expected = python(`
import json, os.path, pathlib
paths = ${JSON.stringify(PATHS)}
out = []
for p in paths:
    q = pathlib.PurePosixPath(p)
    out.append({
        "dirname": os.path.dirname(p), "basename": os.path.basename(p), "normpath": os.path.normpath(p),
        "join": [os.path.join(p, r) for r in paths],
        "pure": str(q), "parent": str(q.parent), "name": q.name, "stem": q.stem, "suffix": q.suffix,
        "parents": [str(x) for x in q.parents], "parts": list(q.parts),
        "joined": [str(q / r) for r in paths],
    })
print(json.dumps(out))
`) as Record<string, unknown>[];
  const arg = (value: string): CallArgs => ({ positional: [{ value: { kind: 'str', value }, node: undefined as never }], keywords: new Map(), node: undefined as never });
  PATHS.forEach((given, at) => {
    const pure = { kind: 'path' as const, path: purePath([given]) };
    const text = (value: unknown): unknown => (value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value && typeof value === 'object' && 'path' in value ? (value as { path: unknown }).path : value);
    const actual = {
      dirname: dirnamePosix(given),
      basename: basenamePosix(given),
      normpath: normpathPosix(given),
      join: PATHS.map((rest) => joinPosix(given, rest)),
      pure: pure.path,
      parent: text(pathAttribute(pure, 'parent')),
      name: text(pathAttribute(pure, 'name')),
      stem: text(pathAttribute(pure, 'stem')),
      suffix: text(pathAttribute(pure, 'suffix')),
      parents: (pathAttribute(pure, 'parents') as { items: unknown[] }).items.map(text),
      parts: (pathAttribute(pure, 'parts') as { items: unknown[] }).items.map(text),
      joined: PATHS.map((rest) => text(pathMethod(pure, 'joinpath', arg(rest)))),
    };
    assert.deepEqual(actual, expected[at], `for ${JSON.stringify(given)}`);
  });
});

function sqlOf(steps: Step[] | undefined): string[] {
  return (steps ?? []).map((step) => (step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql : `opaque: ${step.kind === 'opaque' ? step.reason : step.kind}`));
}

const INI = '[alembic]\nscript_location = %(here)s/migrations\n';

test('a relative path is read from the folder of the alembic.ini, with universal newlines, as a dependency', () => {
  const root = workspaceWith('lens-file-reads-', {
    'alembic.ini': INI,
    'migrations/env.py': 'from alembic import context\n',
    'db/up.sql': 'SELECT 1;\r\nSELECT 2;\r\n',
    'migrations/versions/a1.py': 'from alembic import op\n\n\ndef upgrade():\n    op.execute(open("db/up.sql").read())\n    op.execute(open("db/missing.sql").read())\n',
  });
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  const result = interpretMigration(file, fs.readFileSync(file, 'utf8'));
  const [read, missing] = sqlOf(result.upgrade?.steps);
  assert.equal(read, 'SELECT 1;\nSELECT 2;\n');
  assert.match(missing, /^opaque: .*reads "db\/missing\.sql", which does not exist/);
  const dependencies = new Map((result.dependencies ?? []).map((dependency) => [dependency.path, dependency.hash]));
  assert.ok(dependencies.has(path.join(root, 'db', 'up.sql')), 'the file read is a dependency');
  assert.equal(dependencies.get(path.join(root, 'db', 'missing.sql')), 'absent', 'a missing file is a dependency too (creating it changes the result)');
  assert.equal(result.pathDependent, true);
});

test('without an alembic.ini a relative path stays unknown; one built from __file__ is read', () => {
  const root = workspaceWith('lens-file-reads-', {
    'migrations/versions/sql/a1.sql': 'SELECT 3',
    'migrations/versions/a1.py': 'import os\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute(open("migrations/versions/sql/a1.sql").read())\n    op.execute(open(os.path.join(os.path.dirname(__file__), "sql", "a1.sql")).read())\n',
  });
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  const [relative, fromFile] = sqlOf(interpretMigration(file, fs.readFileSync(file, 'utf8')).upgrade?.steps);
  assert.match(relative, /^opaque: .*depends on the folder alembic runs in/);
  assert.equal(fromFile, 'SELECT 3');
});

test('files outside the project, binary modes, unknown encodings and invalid UTF-8 are not read', () => {
  const outside = workspaceWith('lens-file-outside-', { 'secret.sql': 'SELECT secret' });
  const root = workspaceWith('lens-file-reads-', {
    'alembic.ini': INI,
    'migrations/env.py': 'from alembic import context\n',
    'db/ok.sql': 'SELECT 4',
    'migrations/versions/a1.py': [
      'from alembic import op',
      '',
      '',
      'def upgrade():',
      `    op.execute(open(${JSON.stringify(path.join(outside, 'secret.sql'))}).read())`,
      '    op.execute(open("db/ok.sql", "rb").read())',
      '    op.execute(open("db/ok.sql", encoding="cp1252").read())',
      '    op.execute(open("db/bad.sql").read())',
      '    op.execute(open("db").read())',
      '',
    ].join('\n'),
  });
  fs.writeFileSync(path.join(root, 'db', 'bad.sql'), Buffer.from([0x53, 0xff, 0x0a]));
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  const steps = sqlOf(interpretMigration(file, fs.readFileSync(file, 'utf8')).upgrade?.steps);
  assert.equal(steps.length, 5);
  assert.match(steps[0], /^opaque: .*outside the migration's project/);
  assert.match(steps[1], /^opaque: .*mode "rb": only text reads are followed/);
  assert.match(steps[2], /^opaque: .*cp1252, which the engine does not decode/);
  assert.match(steps[3], /^opaque: .*UnicodeDecodeError/);
  assert.match(steps[4], /^opaque: .*not a regular file/);
  for (const step of steps) assert.doesNotMatch(step, /SELECT secret/, 'nothing of the file outside the project is shown');
});

test('a file read twice gives its text once, as a Python file object does', () => {
  const root = workspaceWith('lens-file-reads-', {
    'alembic.ini': INI,
    'migrations/env.py': 'from alembic import context\n',
    'db/two.sql': 'SELECT 5',
    'migrations/versions/a1.py': 'from alembic import op\n\n\ndef upgrade():\n    with open("db/two.sql") as f:\n        op.execute(f.read() + repr(f.read()))\n',
  });
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  assert.deepEqual(sqlOf(interpretMigration(file, fs.readFileSync(file, 'utf8')).upgrade?.steps), ["SELECT 5''"]);
});

test('lines end as Python ends them: at \\n after translation, at \\r, \\n or \\r\\n with newline="", at \\r\\n only with newline="\\r\\n"', () => {
  const root = workspaceWith('lens-file-reads-', {
    'alembic.ini': INI,
    'migrations/env.py': 'from alembic import context\n',
    'db/mixed.sql': 'a\rb\r\nc\nd',
    'migrations/versions/a1.py': [
      'import io',
      'from alembic import op',
      '',
      '',
      'def upgrade():',
      '    op.execute(repr(open("db/mixed.sql").readlines()))',
      '    op.execute(repr(io.open("db/mixed.sql", newline="").readlines()))',
      '    op.execute(repr(open("db/mixed.sql", newline="\\r\\n").readlines()))',
      '    op.execute(repr([line for line in ["x"]] + open("db/mixed.sql", newline="\\r").readlines()))',
      '',
    ].join('\n'),
  });
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  assert.deepEqual(sqlOf(interpretMigration(file, fs.readFileSync(file, 'utf8')).upgrade?.steps), [
    "['a\\n', 'b\\n', 'c\\n', 'd']",
    "['a\\r', 'b\\r\\n', 'c\\n', 'd']",
    "['a\\rb\\r\\n', 'c\\nd']",
    "['x', 'a\\r', 'b\\r', '\\nc\\nd']",
  ]);
});

test('importlib.resources reads data of a package the project holds, and says why not otherwise', () => {
  const root = workspaceWith('lens-package-data-', {
    'alembic.ini': INI,
    'migrations/env.py': 'from alembic import context\n',
    'app/__init__.py': '',
    'app/data/__init__.py': '',
    'app/data/seed.sql': 'SELECT 5;\r\n',
    'app/helpers.py': 'X = 1\n',
    'migrations/versions/a1.py': [
      'import importlib.resources',
      'import importlib_resources',
      'from alembic import op',
      '',
      '',
      'def upgrade():',
      '    op.execute(importlib.resources.read_text("app.data", "seed.sql"))',
      '    op.execute(importlib_resources.files("app.data").joinpath("seed.sql").read_text())',
      '    op.execute(importlib.resources.read_text("app.data", "sub/seed.sql"))',
      '    op.execute(importlib.resources.read_text("app.helpers", "seed.sql"))',
      '    op.execute(importlib.resources.read_text("elsewhere.data", "seed.sql"))',
      '    op.execute(importlib.resources.read_text("app.data", "missing.sql"))',
      '    op.execute(importlib.resources.read_text("app.data", "seed.sql", errors="ignore"))',
    ].join('\n'),
  });
  const file = path.join(root, 'migrations', 'versions', 'a1.py');
  const result = interpretMigration(file, fs.readFileSync(file, 'utf8'));
  const [readText, throughFiles, byPath, notPackage, notFound, missing, errors] = sqlOf(result.upgrade?.steps);
  assert.equal(readText, 'SELECT 5;\n');
  assert.equal(throughFiles, 'SELECT 5;\n');
  assert.match(byPath, /^opaque: .*by a path/);
  assert.match(notPackage, /^opaque: .*a module and not a package \(Python raises TypeError\)/);
  assert.match(notFound, /^opaque: .*does not find in the project/);
  assert.match(missing, /^opaque: .*missing\.sql", which does not exist/);
  assert.match(errors, /^opaque: .*errors other than 'strict'/);
  const dependencies = new Map((result.dependencies ?? []).map((dependency) => [dependency.path, dependency.hash]));
  assert.ok(dependencies.has(path.join(root, 'app', 'data', 'seed.sql')), 'the file read is a dependency');
  assert.ok(dependencies.has(path.join(root, 'app', 'data', '__init__.py')), "the package's __init__.py is a dependency");
});
