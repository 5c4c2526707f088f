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

test('locateString maps every character of plain, escaped and concatenated literals back to its source', () => {
  // A value without escapes is taken as a slice of the source; one with escapes character by
  // character; both must map each value character to the source character it was read from.
  const cases: { source: string; value: string }[] = [
    { source: 'op.execute("DROP INDEX ix_a")', value: 'DROP INDEX ix_a' },
    { source: "op.execute('''\n  UPDATE t\n  SET a = 1''')", value: '\n  UPDATE t\n  SET a = 1' },
    { source: 'op.execute("UPDATE t " "SET a = \'x\\ty\'")', value: "UPDATE t SET a = 'x\ty'" },
    { source: 'op.execute("A\\nB" "CD")', value: 'A\nBCD' },
    { source: 'op.execute(r"a\\d" \'e\')', value: 'a\\de' },
    { source: 'op.execute(u"caf\\u00e9 " "ok")', value: 'café ok' },
  ];
  for (const { source, value } of cases) {
    const located = locateString(source, 0, source.length, value);
    assert.ok(located, source);
    for (let at = 0; at < value.length; at++) {
      const from: number = located.sourceOffset(at);
      const written: string = source[from];
      // An escape maps to its backslash; any other character to itself.
      assert.ok(written === value[at] || written === '\\', `${source} @${at}: ${JSON.stringify(written)} for ${JSON.stringify(value[at])}`);
      if (value[at] === ' ' || /[A-Za-z]/.test(value[at])) assert.equal(written, value[at], `${source} @${at}`);
    }
    const end = located.sourceOffset(value.length);
    assert.ok(source[end] === '"' || source[end] === "'", `${source}: the end maps to the closing quote`);
    assert.equal(located.sourceOffset(value.length + 5), end, 'offsets past the end stay at the end');
    assert.equal(located.sourceOffset(-3), located.sourceOffset(0), 'offsets before the start stay at the start');
  }
  // A line break ends a one-line literal: nothing is located, escapes or not.
  const broken = 'op.execute("DROP\nINDEX")';
  assert.equal(locateString(broken, 0, broken.length, 'DROP\nINDEX'), undefined);
});

test('SQL nested too deeply for the parser is unchecked, not a syntax error (PostgreSQL 15 accepts 12,000 additions)', () => {
  // libpg-query's stack runs out at about 10,000 nested operators; PostgreSQL's limit is its
  // max_stack_depth, which 12,000 additions stay under (checked with psql on PostgreSQL 15).
  const { collected } = collect(`    op.execute("SELECT ${Array(12_000).fill('1').join(' + ')}")`);
  assert.deepEqual(collected.syntaxErrors, []);
  assert.equal(collected.actions.length, 1);
  const [action] = collected.actions;
  assert.equal(action.kind, 'unchecked');
  assert.match(action.kind === 'unchecked' ? action.reason : '', /nested too deeply for the SQL parser/);
  // The parser is still usable after its stack ran out.
  assert.equal(parseSql('SELECT 1')?.ok, true);
});
