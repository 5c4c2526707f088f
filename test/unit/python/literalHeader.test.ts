/**
 * The tree-less header reader (literalHeader.ts) against the lezer readers it stands in for:
 * wherever it answers, its answer must equal theirs, range for range, on fixtures, generated
 * histories and thousands of seeded random mutations; and it must answer for the files Alembic's
 * template writes (otherwise the cold index silently loses its speed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMigrationHeader, type MigrationHeader } from '../../../server/src/python/header';
import { literalStrings } from '../../../server/src/python/headerTypes';
import { readLiteralHeader } from '../../../server/src/python/literalHeader';
import { firstTopLevelDefinition, mayAssignHeaderLater } from '../../../server/src/python/moduleLayout';
import { LineIndex } from '../../../server/src/common/range';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { mutate, seededRandom, PYTHON_INSERTIONS } from '../../support/mutation';
import { temporaryFolder } from '../../support/temporaryFolders';

/** Defaults run in CI; set ALEMBIC_LENS_FUZZ_CASES / ALEMBIC_LENS_FUZZ_SEED to search deeper locally. */
const MUTATIONS = Number(process.env.ALEMBIC_LENS_FUZZ_CASES ?? 4000);
const REPO = path.resolve(__dirname, '../../..');

function pythonFilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) pythonFilesUnder(full, out);
    else if (entry.endsWith('.py')) out.push(full);
  }
  return out;
}

/** Every migration-like file the repository carries: fixtures and examples. */
function repositorySources(): { file: string; text: string }[] {
  const files = [...pythonFilesUnder(path.join(REPO, 'test/fixtures')), ...pythonFilesUnder(path.join(REPO, 'examples'))];
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8') })).filter(({ text }) => /\brevision\b/.test(text));
}

let generatedCache: { file: string; text: string }[] | undefined;
/** A generated 400-revision history (typed headers, merges, labels, depends_on, several folders). */
function generatedSources(): { file: string; text: string }[] {
  if (generatedCache) return generatedCache;
  const root = temporaryFolder('alembic-lens-literal-');
  try {
    generateHistory({ revisions: 400, out: root, seed: 11, locations: 3 });
    generatedCache = pythonFilesUnder(root)
      .filter((file) => !file.endsWith('env.py'))
      .map((file) => ({ file: `/generated/${path.relative(root, file)}`, text: readFileSync(file, 'utf8') }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return generatedCache;
}

function literalAnswers(file: string, text: string): boolean {
  const cut = firstTopLevelDefinition(text);
  // The same condition readMigrationHeader applies before trying the tree-less reader.
  return cut < text.length && !mayAssignHeaderLater(text, cut) && readLiteralHeader(file, text, cut, new LineIndex(text)) !== undefined;
}

/**
 * Both readers on one text: equal whenever the tree-less reader answered. Returns whether it did.
 * It checks imports against the grammar and hands every other statement to the parser, so it
 * never answers for a module prefix the parser finds a syntax error in (the error would then go
 * unreported by the cold index).
 */
function assertAgree(file: string, text: string, label: string): boolean {
  const withLiteral = readMigrationHeader(file, text, { signatures: false });
  const withTree = readMigrationHeader(file, text, { signatures: false, literal: false });
  const answered = literalAnswers(file, text);
  if (answered) {
    const errors = withTree.problems.filter((problem) => problem.code === 'python-syntax-error');
    assert.deepEqual(errors, [], `${label}: the tree-less reader answered for a prefix with a syntax error`);
  }
  // Imports are read only when a value needs them (headerTypes.ts): the lezer prefix parse, taken
  // when its own fast path is unsure, reads them anyway.
  const comparable = (header: MigrationHeader) => ({ ...header, imports: [] });
  assert.deepEqual(comparable(withLiteral), comparable(withTree), label);
  return answered;
}

test('the tree-less reader answers for every generated migration and equals the lezer readers', () => {
  const sources = generatedSources();
  let answered = 0;
  for (const { file, text } of sources) if (assertAgree(file, text, file)) answered++;
  assert.equal(answered, sources.length, 'every file in Alembic template form is read without a tree');
});

test('on the repository fixtures and examples it equals the lezer readers, and the full parse', () => {
  let answered = 0;
  const strip = (header: MigrationHeader) => ({ ...header, parsedWholeFile: undefined, imports: undefined, upgrade: undefined, downgrade: undefined });
  for (const { file, text } of repositorySources()) {
    if (!assertAgree(file, text, file)) continue;
    answered++;
    const full = readMigrationHeader(file, text, { full: true });
    if (full.problems.length === 0) assert.deepEqual(strip(readMigrationHeader(file, text, { signatures: false })), strip(full), `${file} (full parse)`);
  }
  assert.ok(answered >= 20, `answered for ${answered} fixture files`);
});

test(`${MUTATIONS} random mutations of headers: the readers still agree (no exception, same ranges)`, () => {
  const sources = [...generatedSources().slice(0, 40), ...repositorySources()];
  const next = seededRandom(Number(process.env.ALEMBIC_LENS_FUZZ_SEED ?? 20261125));
  const insertions = [...PYTHON_INSERTIONS, 'None', '("a", "b")', "r'x'", 'f"', 'u"', ' # c\n', '\\\n', 'depends_on', ': str', '\r\n', 'if x:\n    '];
  let answered = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const { file, text } = sources[i % sources.length];
    // Mutate the header region mostly (where the tree-less reader works), sometimes anywhere.
    const within = next() < 0.8 ? Math.max(1, firstTopLevelDefinition(text)) : text.length;
    // Texts reach the readers decoded from UTF-8 (files and editor buffers alike, versionFiles.ts),
    // so a lone surrogate the mutation inserts arrives as U+FFFD: do the same here.
    const mutated = Buffer.from(mutate(text, next, insertions, within), 'utf8').toString('utf8');
    try {
      if (assertAgree(file, mutated, `case ${i} (${path.basename(file)}): ${JSON.stringify(mutated.slice(0, 400))}`)) answered++;
    } catch (error) {
      // ALEMBIC_LENS_FUZZ_DUMP=FILE keeps the text of the failing case for replaying it.
      if (process.env.ALEMBIC_LENS_FUZZ_DUMP) writeFileSync(process.env.ALEMBIC_LENS_FUZZ_DUMP, JSON.stringify({ file, text: mutated }));
      throw error;
    }
  }
  // Most mutations of a header region break it (the parser reads those); about a fifth still
  // read as template-shaped headers. Fewer would mean the fast path quietly stopped working.
  assert.ok(answered > MUTATIONS / 8, `the tree-less reader answered ${answered} of ${MUTATIONS} mutated files`);
});

test('it steps aside for what it does not fully understand', () => {
  const tail = '\n\ndef upgrade():\n    pass\n';
  const cases: Record<string, string> = {
    'imported constant': 'from x import A\nrevision = "a"\ndown_revision = A',
    'local constant': 'B = "b"\nrevision = "a"\ndown_revision = B',
    'chained assignment': 'revision = down_revision = "a"',
    'header name inside another statement': 'revision = "a"\ndown_revision = None\nprint(revision)',
    'conditional assignment': 'revision = "a"\nif True:\n    down_revision = None',
    'f-string elsewhere': 'x = f"{y}"\nrevision = "a"\ndown_revision = None',
    'implicit concatenation': 'revision = "a" "b"\ndown_revision = None',
    'flat tuple': 'revision = "a"\ndown_revision = "b", "c"',
    'annotation only': 'revision: str\nrevision = "a"\ndown_revision = None',
    'prefixed string value': 'revision = u"a"\ndown_revision = None',
    'semicolon': 'revision = "a"; down_revision = None',
    'triple-quoted value': 'revision = """a"""\ndown_revision = None',
    'header name in a string spanning lines is fine, but a later statement decides': 'x = """\nrevision = "z"\n"""\nrevision = "a"\ndown_revision = None\ndepends_on = revision',
    'a statement other than an import': 'SQL = """\nrevision = \'zzz\'\n"""\nrevision = "a"\ndown_revision = None',
    // Imports that are syntax errors: the parser reads the file and reports them.
    'import without names': 'import\nrevision = "a"\ndown_revision = None',
    'import with a trailing comma': 'import os,\nrevision = "a"\ndown_revision = None',
    'from import without a module': 'from import x\nrevision = "a"\ndown_revision = None',
    'from import of a dotted name': 'from a import b.c\nrevision = "a"\ndown_revision = None',
    'from import with empty parentheses': 'from a import ()\nrevision = "a"\ndown_revision = None',
    'a keyword imported': 'from a import class\nrevision = "a"\ndown_revision = None',
    'None imported': 'import None\nrevision = "a"\ndown_revision = None',
    'as without a name': 'import sqlalchemy as\nrevision = "a"\ndown_revision = None',
    'an import split by a stray line break': 'from alembic im\nport op\nrevision = "a"\ndown_revision = None',
    // Valid, but left to the parser.
    'a header name imported': 'from consts import revision\ndown_revision = None',
    'two statements on a line': 'import os; import sys\nrevision = "a"\ndown_revision = None',
    'a backslash continuation': 'from alembic \\\n    import op\nrevision = "a"\ndown_revision = None',
  };
  for (const [name, body] of Object.entries(cases)) {
    const text = `"""doc"""\n${body}${tail}`;
    assert.equal(literalAnswers('/x/a.py', text), false, name);
    assertAgree('/x/a.py', text, name);
  }
});

test('it reads docstrings after comments, strings that hide header names, and CRLF files', () => {
  const tail = '\n\ndef upgrade():\n    pass\n';
  const cases: Record<string, string> = {
    'comment before the docstring': '# -*- coding: utf-8 -*-\n"""Add users\n\nRevision ID: a\nRevises: b\n"""\nrevision = "a"\ndown_revision = "b"',
    'every form of import': '"""doc"""\nimport os\nimport os.path as p, sys\nimport  os . path\nfrom . import a\nfrom .. import (b as c, d,)\nfrom ...pkg.mod import *\nfrom .x import (  # why\n    e,\n    f as g\n)\nfrom __future__ import annotations  # c\nfrom typing import Sequence, Union\nrevision = "a"\ndown_revision = None',
    'typed header with comments in the tuple': '"""doc"""\nrevision: str = "a"\ndown_revision: Union[str, Sequence[str], None] = (  # merge\n    "b",\n    "c",  # second\n)\nbranch_labels = ["x"]\ndepends_on = ("d")',
    'CRLF': '"""doc\r\n\r\nRevision ID: a\r\n"""\r\nrevision = \'a\'\r\ndown_revision = None\r\n',
    'escapes': '"""doc"""\nrevision = "a\\x62c"\ndown_revision = ()',
  };
  for (const [name, body] of Object.entries(cases)) {
    const text = `${body}${tail}`;
    assert.equal(literalAnswers('/x/a.py', text), true, name);
    assertAgree('/x/a.py', text, name);
  }
  const header = readMigrationHeader('/x/a.py', `${cases['comment before the docstring']}${tail}`);
  assert.equal(header.docstring?.message, 'Add users');
  assert.equal(header.docstring?.revises?.value, 'b');
});

test('a syntax error in an import line of a file that is not open is reported by the cold read', () => {
  const tail = '\n\ndef upgrade():\n    pass\n';
  for (const broken of ['from alembic import', 'import sqlalchemy as', 'from alembic im\nport op', 'from . import (a,,)']) {
    const text = `"""doc"""\n${broken}\nrevision = "a"\ndown_revision = None${tail}`;
    const header = readMigrationHeader('/x/a.py', text, { signatures: false });
    assert.ok(header.problems.some((problem) => problem.code === 'python-syntax-error'), `${JSON.stringify(broken)}: ${JSON.stringify(header.problems)}`);
    assert.equal(literalStrings(header.revision)[0], 'a', 'the header is still read');
  }
});
