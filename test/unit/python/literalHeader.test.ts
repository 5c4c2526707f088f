/**
 * The tree-less header reader (literalHeader.ts) against the lezer readers it stands in for:
 * wherever it answers, its answer must equal theirs, range for range, on fixtures, generated
 * histories and thousands of seeded random mutations; and it must answer for the files Alembic's
 * template writes (otherwise the cold index silently loses its speed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readMigrationHeader, type MigrationHeader } from '../../../server/src/python/header';
import { readLiteralHeader } from '../../../server/src/python/literalHeader';
import { firstTopLevelDefinition } from '../../../server/src/python/moduleLayout';
import { LineIndex } from '../../../server/src/common/range';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { mutate, seededRandom, PYTHON_INSERTIONS } from '../../support/mutation';

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
  const root = mkdtempSync(path.join(tmpdir(), 'alembic-lens-literal-'));
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
  return cut < text.length && readLiteralHeader(file, text, cut, new LineIndex(text)) !== undefined;
}

/** Both readers on one text: equal whenever the tree-less reader answered. Returns whether it did. */
function assertAgree(file: string, text: string, label: string): boolean {
  const withLiteral = readMigrationHeader(file, text, { signatures: false });
  const withTree = readMigrationHeader(file, text, { signatures: false, literal: false });
  // Imports are read only when a value needs them (headerTypes.ts): the lezer prefix parse, taken
  // when its own fast path is unsure, reads them anyway. Everything else must be identical.
  assert.deepEqual({ ...withLiteral, imports: [] }, { ...withTree, imports: [] }, label);
  return literalAnswers(file, text);
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

test('4,000 random mutations of headers: the readers still agree (no exception, same ranges)', () => {
  const sources = [...generatedSources().slice(0, 40), ...repositorySources()];
  const next = seededRandom(20261125);
  const insertions = [...PYTHON_INSERTIONS, 'None', '("a", "b")', "r'x'", 'f"', 'u"', ' # c\n', '\\\n', 'depends_on', ': str', '\r\n', 'if x:\n    '];
  let answered = 0;
  for (let i = 0; i < 4000; i++) {
    const { file, text } = sources[i % sources.length];
    // Mutate the header region mostly (where the tree-less reader works), sometimes anywhere.
    const within = next() < 0.8 ? Math.max(1, firstTopLevelDefinition(text)) : text.length;
    const mutated = mutate(text, next, insertions, within);
    if (assertAgree(file, mutated, `case ${i} (${path.basename(file)}): ${JSON.stringify(mutated.slice(0, 400))}`)) answered++;
  }
  assert.ok(answered > 1000, `the tree-less reader answered ${answered} of 4,000 mutated files`);
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
    'a header name inside a multi-line string': '"""doc"""\nSQL = """\nrevision = \'zzz\'\n"""\nrevision = "a"\ndown_revision = None',
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
