// SQL in op.execute(): statements and syntax errors are located inside the Python string, through
// prefixes, triple quotes, escapes, implicit concatenation and non-ASCII text; `:name` binds parse.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { collectActions, maskBindParameters } from '../../../server/src/lint/collect';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { locateString } from '../../../server/src/lint/sql/pythonString';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

function collect(body: string) {
  const text = `from alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n${body}\n`;
  const interpreted = interpretMigration('/m.py', text);
  const collected = collectActions('/m.py', text, 'upgrade', interpreted.upgrade!.steps);
  const lines = text.split('\n');
  const at = (range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    range.start.line === range.end.line ? lines[range.start.line].slice(range.start.character, range.end.character) : `${lines[range.start.line].slice(range.start.character)}…`;
  return { collected, at };
}

test('each statement of a multi-statement string gets its own range inside the string', () => {
  const { collected, at } = collect('    op.execute("CREATE INDEX ix_a ON t (a); DROP INDEX ix_b")');
  assert.deepEqual(collected.actions.map((action) => `${action.kind}:${at(action.range)}`), ['createIndex:CREATE INDEX ix_a ON t (a)', 'dropIndex:DROP INDEX ix_b']);
});

test('a syntax error points at the token inside the string, through escapes and non-ASCII text', () => {
  const { collected, at } = collect('    op.execute("UPDATE t SET note = \'caf\\u00e9\\n\' WHER id = 1")');
  assert.equal(collected.syntaxErrors.length, 1);
  assert.equal(at(collected.syntaxErrors[0].range), 'W');
  assert.match(collected.syntaxErrors[0].message, /syntax error at or near "WHER"/);
  const { collected: second, at: at2 } = collect('    op.execute("SELECT \'é\'; UPDAT t SET a = 1")');
  assert.equal(at2(second.syntaxErrors[0].range), 'U');
});

test('triple-quoted and implicitly concatenated strings, sa.text() and r-strings', () => {
  const triple = collect('    op.execute("""\n        ALTER TABLE orders\n        ADD COLUMN x int NOT NULL WHERE\n    """)');
  assert.equal(triple.collected.syntaxErrors.length, 1);
  assert.equal(triple.collected.syntaxErrors[0].range.start.line, 6, 'the line of WHERE');
  const joined = collect('    op.execute(sa.text(\n        "CREATE INDEX ix_a "\n        "ON t (a)"\n    ))');
  assert.equal(joined.collected.actions[0].range.start.line, 5);
  assert.equal(joined.collected.actions[0].range.end.line, 6);
  const raw = collect('    op.execute(r"DROP INDEX ix_\\d")');
  assert.equal(raw.collected.syntaxErrors.length, 1, 'a backslash is not SQL');
});

test('SQL built at run time keeps the call range (no literal equals it)', () => {
  const { collected } = collect('    name = "ix_a"\n    op.execute("DROP INDEX " + name)');
  assert.equal(collected.actions[0].kind, 'dropIndex');
  assert.equal(collected.actions[0].range.start.character, 4, 'the op.execute call');
});

test(':name binds become $1 of the same length; :: casts and \\: escapes stay valid', () => {
  assert.equal(maskBindParameters('UPDATE t SET a = :value WHERE b = :b'), 'UPDATE t SET a = $1     WHERE b = $1');
  assert.equal(maskBindParameters("SELECT '1'::int, x\\:\\:text"), "SELECT '1'::int, x::  text");
  const parsed = parseSql(maskBindParameters('UPDATE t SET a = :value WHERE b = :b'));
  assert.equal(parsed?.ok, true);
});

test('locateString refuses f-strings and finds nothing when no literal has the value', () => {
  const source = 'op.execute(f"DROP INDEX {name}")';
  assert.equal(locateString(source, 0, source.length, 'DROP INDEX ix'), undefined);
  const plain = 'op.execute("DROP\\tINDEX ix")';
  const located = locateString(plain, 0, plain.length, 'DROP\tINDEX ix');
  assert.ok(located);
  assert.equal(plain.slice(located.sourceOffset(4), located.sourceOffset(5)), '\\t');
  assert.equal(plain[located.sourceOffset(5)], 'I');
});
