import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMigrationHeader, literalStrings, type MigrationHeader } from '../../../server/src/python/header';
import type { SourceRange } from '../../../server/src/common/range';

const HEADERS = path.join(__dirname, '../../fixtures/project/headers');

function read(name: string, full = false): MigrationHeader {
  const file = path.join(HEADERS, name);
  return readMigrationHeader(file, readFileSync(file, 'utf8'), { full });
}

/** The source text a range covers. */
function slice(text: string, range: SourceRange): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  const parts = [lines[range.start.line].slice(range.start.character)];
  for (let line = range.start.line + 1; line < range.end.line; line++) parts.push(lines[line]);
  parts.push(lines[range.end.line].slice(0, range.end.character));
  return parts.join('\n');
}

test('typed header: values, annotations, docstring lines and functions', () => {
  const header = read('typed_header.py');
  const text = readFileSync(path.join(HEADERS, 'typed_header.py'), 'utf8');
  assert.deepEqual(header.problems, []);
  assert.equal(header.parsedWholeFile, false, 'the module prefix is enough here');
  assert.deepEqual(literalStrings(header.revision), ['1a2b3c4d5e6f']);
  assert.deepEqual(literalStrings(header.downRevision), ['0f9e8d7c6b5a']);
  assert.equal(header.downRevision?.annotation, 'Union[str, Sequence[str], None]');
  assert.equal(header.branchLabels?.value.shape, 'none');
  assert.equal(slice(text, header.downRevision!.value.items[0].range), '"0f9e8d7c6b5a"');
  assert.equal(slice(text, header.revision!.statementRange), 'revision: str = "1a2b3c4d5e6f"');
  assert.equal(header.docstring?.message, 'add users table');
  assert.equal(header.docstring?.revisionId?.value, '1a2b3c4d5e6f');
  assert.equal(slice(text, header.docstring!.revises!.valueRange), '0f9e8d7c6b5a');
  assert.equal(header.docstring?.createDate?.value, '2024-03-01 12:00:00.000000');
  assert.equal(header.upgrade?.name, 'upgrade');
  assert.equal(slice(text, header.upgrade!.nameRange), 'upgrade');
  assert.ok(slice(text, header.upgrade!.bodyRange).includes('CREATE INDEX ix ON users (id);'));
  assert.ok(slice(text, header.downgrade!.bodyRange).trimEnd().endsWith('op.drop_table("users")'));
  // The cold-index fast path reads no imports (no header value needs them); a full read has them.
  assert.deepEqual(header.imports, []);
  assert.deepEqual(read('typed_header.py', true).imports.map((info) => info.module), ['typing', 'alembic', 'sqlalchemy']);
});

test('prefix and full parse agree on every fixture', () => {
  for (const name of ['typed_header.py', 'neutron_expand.py', 'no_revision.py', 'bad_values.py', 'reassigned.py']) {
    const fast = read(name);
    const full = read(name, true);
    // Imports are read only where a header value needs them (see headerTypes.ts).
    const strip = (header: MigrationHeader) => ({ ...header, parsedWholeFile: undefined, imports: undefined });
    assert.deepEqual(strip(fast), strip(full), name);
  }
});

test('tuple items each have their own range; imported constants become references', () => {
  const header = read('neutron_expand.py');
  const text = readFileSync(path.join(HEADERS, 'neutron_expand.py'), 'utf8');
  assert.deepEqual(literalStrings(header.downRevision), ['liberty', 'mitaka01']);
  assert.equal(header.downRevision?.value.shape, 'sequence');
  assert.deepEqual(header.downRevision!.value.items.map((item) => slice(text, item.range)), ["'liberty'", '"mitaka01"']);
  const [expand, other, extra] = header.branchLabels!.value.items;
  assert.equal(expand.kind, 'reference');
  assert.deepEqual(expand.kind === 'reference' && { module: expand.reference.module, name: expand.reference.name }, { module: 'neutron.db.migration.cli', name: 'EXPAND_BRANCH' });
  assert.equal(slice(text, expand.range), 'cli.EXPAND_BRANCH');
  assert.deepEqual(other.kind === 'reference' && other.reference.module, '.consts');
  assert.deepEqual(extra, { kind: 'string', value: 'extra', range: extra.range });
  assert.deepEqual(header.upgrade?.params.map((param) => param.name), ['op', 'tables', 'tester']);
  assert.equal(header.docstring?.message, 'initial expand', 'comment lines before the docstring are skipped');
  assert.deepEqual(header.docstring?.revises?.items?.map((item) => item.value), ['liberty']);
});

test('missing revision, wrong types and non-literals are problems with ranges, never guesses', () => {
  assert.deepEqual(read('no_revision.py').problems.map((problem) => problem.code), ['missing-revision']);
  const header = read('bad_values.py');
  assert.deepEqual(header.problems.map((problem) => problem.code), ['invalid-value-type', 'non-literal-value', 'non-literal-value']);
  assert.deepEqual(header.problems[0].range, { start: { line: 1, character: 16 }, end: { line: 1, character: 17 } });
  assert.deepEqual(literalStrings(header.revision), ['abc123']);
  assert.deepEqual(literalStrings(header.branchLabels), []);
});

test('last assignment wins, even after the first def', () => {
  const header = read('reassigned.py');
  assert.equal(header.parsedWholeFile, true, 'a later assignment forces the full parse');
  assert.deepEqual(literalStrings(header.revision), ['second']);
  const again = readMigrationHeader('/x/a.py', 'revision = "a"\nrevision = 5\nrevision = "c"\ndown_revision = None\n');
  assert.deepEqual(literalStrings(again.revision), ['c']);
  assert.deepEqual(again.problems, [], 'problems of a replaced value are dropped');
});

test('shapes: flat tuples, lists, parentheses, concatenation, local constants, empty tuple', () => {
  const header = readMigrationHeader(
    '/x/a.py',
    [
      'PARENT = "p1"',
      'revision = ("abc")',
      'down_revision = PARENT, "p2"',
      "branch_labels = ['one' 'two']",
      'depends_on = ()',
    ].join('\n'),
  );
  assert.deepEqual(header.problems, []);
  assert.deepEqual(literalStrings(header.revision), ['abc']);
  assert.deepEqual(literalStrings(header.downRevision), ['p1', 'p2']);
  assert.equal(header.downRevision?.value.shape, 'sequence');
  assert.deepEqual(literalStrings(header.branchLabels), ['onetwo']);
  assert.equal(header.dependsOn?.value.shape, 'sequence');
  assert.equal(header.dependsOn?.value.items.length, 0);
});

test('revision must be a string; conditional assignments are unknown', () => {
  const typed = readMigrationHeader('/x/a.py', 'revision = None\ndown_revision = None\n');
  assert.ok(typed.problems.some((problem) => problem.code === 'invalid-value-type'));
  const conditional = readMigrationHeader('/x/b.py', 'revision = "a"\nif X:\n    down_revision = "b"\nelse:\n    down_revision = None\n');
  assert.equal(conditional.downRevision?.value.shape, 'invalid');
  assert.ok(conditional.problems.some((problem) => problem.code === 'non-literal-value' && problem.range.start.line >= 2));
  const unpacked = readMigrationHeader('/x/c.py', 'revision, down_revision = "a", None\n');
  assert.ok(unpacked.problems.some((problem) => problem.code === 'non-literal-value'));
});

test('missing down_revision is reported; a legacy hex file name supplies the id', () => {
  const header = readMigrationHeader('/x/ae1027a6acf.py', 'down_revision = None\n');
  assert.equal(header.revisionFromFileName, 'ae1027a6acf');
  assert.deepEqual(header.problems, []);
  const noDown = readMigrationHeader('/x/a.py', 'revision = "a"\n');
  assert.deepEqual(noDown.problems.map((problem) => problem.code), ['missing-down-revision']);
});

test('syntax errors are located and everything readable is still extracted', () => {
  const text = 'revision = "abc"\ndown_revision = "def"\nbranch_labels = (\n\ndef upgrade():\n    op.drop_table("x"\n';
  const header = readMigrationHeader('/x/a.py', text);
  assert.deepEqual(literalStrings(header.revision), ['abc']);
  assert.deepEqual(literalStrings(header.downRevision), ['def']);
  const syntax = header.problems.filter((problem) => problem.code === 'python-syntax-error');
  assert.ok(syntax.length >= 1);
  assert.ok(syntax[0].range.start.line >= 2);
  const unterminated = readMigrationHeader('/x/b.py', 'revision = "abc\ndown_revision = None\n');
  assert.ok(unterminated.problems.some((problem) => problem.code === 'python-syntax-error' && problem.range.start.line === 0));
});

test('async defs, decorated functions and multi-line signatures', () => {
  const text = 'revision = "a"\ndown_revision = None\n\n@decorator\ndef upgrade(\n    op,\n    tables: dict = {},\n):\n    pass\n\nasync def downgrade() -> None:\n    pass\n';
  for (const full of [false, true]) {
    const header = readMigrationHeader('/x/a.py', text, { full });
    assert.deepEqual(header.upgrade?.params.map((param) => param.name), ['op', 'tables'], `full=${full}`);
    assert.equal(header.downgrade?.isAsync, true);
    assert.equal(header.downgrade?.nameRange.start.line, 10);
  }
});

test('a docstring with "def" at column 0 falls back to the full parse safely', () => {
  const text = '"""message\ndef not_code\n"""\nrevision = "a"\ndown_revision = None\n\ndef upgrade():\n    pass\n';
  const header = readMigrationHeader('/x/a.py', text);
  assert.deepEqual(literalStrings(header.revision), ['a']);
  assert.equal(header.docstring?.message, 'message\ndef not_code');
  assert.deepEqual(header.problems, []);
});

test('a 7,000-line migration is read through its prefix, functions still found', () => {
  const body = Array.from({ length: 7000 }, (_, i) => `    op.execute("UPDATE t SET c = ${i}")`).join('\n');
  const text = `"""squash\n\nRevision ID: big\nRevises:\n"""\nrevision = "big"\ndown_revision = None\n\n\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    pass\n`;
  const header = readMigrationHeader('/x/big.py', text);
  assert.equal(header.parsedWholeFile, false);
  assert.equal(header.downgrade?.name, 'downgrade');
  assert.equal(header.upgrade?.bodyRange.end.line, 7009);
});

test('CRLF files read the same values and docstring lines', () => {
  const text = '"""msg\r\n\r\nRevision ID: abc\r\nRevises: def\r\n"""\r\nrevision = "abc"\r\ndown_revision = "def"\r\n\r\ndef upgrade():\r\n    pass\r\n';
  const header = readMigrationHeader('/x/a.py', text);
  assert.deepEqual(header.problems, []);
  assert.deepEqual(literalStrings(header.downRevision), ['def']);
  assert.equal(header.docstring?.revisionId?.value, 'abc');
  assert.equal(header.docstring?.message, 'msg');
  assert.deepEqual(header.docstring?.revises?.items?.map((item) => item.value), ['def']);
  assert.equal(header.upgrade?.name, 'upgrade');
});

test('a conditional expression with a literal condition is its taken branch, as Python evaluates it (ERP-BERHAN)', () => {
  const header = (value: string): MigrationHeader => readMigrationHeader('/x/b.py', `revision = "b"\ndown_revision = ${value}\n\ndef upgrade():\n    pass\n`);
  for (const [value, expected] of [
    ['"a" if True else None', ['a']],
    ['("a", "c") if 1 else None', ['a', 'c']],
    ['"a" if "" else "z"', ['z']],
  ] as const) {
    const read = header(value);
    assert.deepEqual(literalStrings(read.downRevision), expected, value);
    assert.deepEqual(read.problems, [], value);
  }
  const falsy = header('"a" if False else None');
  assert.equal(falsy.downRevision?.value.shape, 'none');
  // A condition known only at run time is still reported, not guessed.
  const unknown = header('"a" if FLAG else None');
  assert.equal(unknown.problems[0]?.code, 'non-literal-value');
});
