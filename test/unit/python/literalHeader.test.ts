/**
 * The tree-less header reader (literalHeader.ts) against the lezer readers it stands in for:
 * wherever it answers, its answer must equal theirs, range for range, on fixtures, generated
 * histories and thousands of seeded random mutations; and it must answer for the files Alembic's
 * template writes (otherwise the cold index silently loses its speed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readMigrationHeader, type MigrationHeader } from '../../../server/src/python/header';
import { readLiteralHeader } from '../../../server/src/python/literalHeader';
import { firstTopLevelDefinition, mayAssignHeaderLater } from '../../../server/src/python/moduleLayout';
import { LineIndex } from '../../../server/src/common/range';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { mutate, seededRandom, PYTHON_INSERTIONS } from '../../support/mutation';

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
  // The same condition readMigrationHeader applies before trying the tree-less reader.
  return cut < text.length && !mayAssignHeaderLater(text, cut) && readLiteralHeader(file, text, cut, new LineIndex(text)) !== undefined;
}

/**
 * Both readers on one text: equal whenever the tree-less reader answered. Returns whether it did.
 *
 * One difference is by design: the fast paths check the header statements fully and the other
 * top-level statements only token by token (strings, brackets, names), so a syntax error inside,
 * say, an import line is reported only by a parse of the whole prefix (which the lezer readers
 * fall back to when their own fast path is unsure) or when the file is opened. When the lezer
 * readers report such an error outside every header statement, the header values, docstring and
 * other problems must still be identical.
 */
function assertAgree(file: string, text: string, label: string): boolean {
  const withLiteral = readMigrationHeader(file, text, { signatures: false });
  const withTree = readMigrationHeader(file, text, { signatures: false, literal: false });
  const answered = literalAnswers(file, text);
  // Imports are read only when a value needs them (headerTypes.ts): the lezer prefix parse, taken
  // when its own fast path is unsure, reads them anyway.
  const comparable = (header: MigrationHeader) => ({ ...header, imports: [] });
  if (!answered || !hasSyntaxErrorOutsideHeader(withTree)) {
    assert.deepEqual(comparable(withLiteral), comparable(withTree), label);
    return answered;
  }
  // In a file Python would reject, the parser's error recovery may swallow a header statement
  // next to the broken one, or invent one from the broken text (`def f()revision = -> None`), so
  // the two readings may differ there. What the tree-less reader returns must still be read
  // from real header statements: each name range holds the name, each string item its literal.
  const lines = text.split('\n');
  const at = (range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    range.start.line === range.end.line ? lines[range.start.line].slice(range.start.character, range.end.character) : undefined;
  const pythonNames = { revision: 'revision', downRevision: 'down_revision', branchLabels: 'branch_labels', dependsOn: 'depends_on' } as const;
  for (const [field, pythonName] of Object.entries(pythonNames) as [keyof typeof pythonNames, string][]) {
    const variable = withLiteral[field];
    if (!variable) continue;
    assert.equal(at(variable.nameRange), pythonName, `${label} (syntax error elsewhere): ${field} name`);
    for (const item of variable.value.items) {
      const raw = at(item.range);
      if (item.kind === 'string' && raw !== undefined && !raw.includes('\\')) assert.equal(raw.slice(1, -1), item.value, `${label}: ${field} item`);
    }
  }
  return answered;
}

/** A python-syntax-error that lies in no header statement and not in the docstring. */
function hasSyntaxErrorOutsideHeader(header: MigrationHeader): boolean {
  const statements = [header.revision, header.downRevision, header.branchLabels, header.dependsOn]
    .filter((variable) => variable !== undefined)
    .map((variable) => variable.statementRange);
  if (header.docstring) statements.push(header.docstring.range);
  const inside = (line: number) => statements.some((range) => line >= range.start.line && line <= range.end.line);
  return header.problems.some((problem) => problem.code === 'python-syntax-error' && !inside(problem.range.start.line));
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
  assert.ok(answered > MUTATIONS / 4, `the tree-less reader answered ${answered} of ${MUTATIONS} mutated files`);
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
