// The SQL injection grammar (syntaxes/alembic-sql.injection.tmLanguage.json) on VS Code's own Python and SQL grammars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scopesOf, tokenize, INJECTION_SCOPE } from './tokenize';

const EMBEDDED = 'meta.embedded.sql.alembic-lens';
/** VS Code's SQL grammar names its keywords keyword.other.DML.sql, keyword.other.create.sql, ... */
const isSqlKeyword = (scope: string) => /^keyword\..*\.sql$/.test(scope);

function assertSql(scopes: string[], what: string): void {
  assert.ok(scopes.includes(EMBEDDED), `${what} is embedded SQL: ${scopes.join(' ')}`);
  assert.ok(scopes.some(isSqlKeyword), `${what} is an SQL keyword: ${scopes.join(' ')}`);
}

function assertNotSql(scopes: string[], what: string): void {
  assert.ok(!scopes.includes(EMBEDDED) && !scopes.some((scope) => scope.endsWith('.sql')), `${what} is not SQL: ${scopes.join(' ')}`);
}

test('double-quoted op.execute argument is SQL, quotes stay Python string punctuation', async () => {
  const tokens = await tokenize('op.execute("SELECT 1 FROM t")');
  assertSql(scopesOf(tokens, 'SELECT'), 'SELECT');
  assertSql(scopesOf(tokens, 'FROM'), 'FROM');
  assert.ok(scopesOf(tokens, '"').includes('punctuation.definition.string.begin.python'));
  assert.ok(scopesOf(tokens, '"', 1).includes('punctuation.definition.string.end.python'));
  assert.ok(scopesOf(tokens, 'execute').includes('support.function.alembic-lens'));
});

test('single-quoted argument is SQL, with SQL string literals inside a Python double-quoted one', async () => {
  const single = await tokenize("op.execute('DROP TABLE accounts')");
  assertSql(scopesOf(single, 'DROP'), 'DROP');
  const nested = await tokenize(`op.execute("UPDATE t SET a = 'x'")`);
  assertSql(scopesOf(nested, 'UPDATE'), 'UPDATE');
  assert.ok(scopesOf(nested, "'").includes('string.quoted.single.sql'));
});

test('triple-quoted argument spanning lines is SQL on every line', async () => {
  const tokens = await tokenize('op.execute("""\n    CREATE INDEX CONCURRENTLY ix\n    ON accounts (email)\n""")\nx = 1');
  assertSql(scopesOf(tokens, 'CREATE'), 'CREATE');
  assertSql(scopesOf(tokens, 'ON'), 'ON');
  assert.ok(scopesOf(tokens, '"""', 1).includes('punctuation.definition.string.end.python'));
  assertNotSql(scopesOf(tokens, 'x'), 'x after the call');
});

test("triple single-quoted and raw strings are SQL too", async () => {
  assertSql(scopesOf(await tokenize("op.execute('''SELECT 1''')"), 'SELECT'), "'''");
  const raw = await tokenize('op.execute(r"SELECT 1")');
  assertSql(scopesOf(raw, 'SELECT'), 'raw');
  assert.ok(scopesOf(raw, 'r').includes('storage.type.string.python'));
});

test('f-strings are excluded: their SQL is only known at run time', async () => {
  const tokens = await tokenize('op.execute(f"SELECT {name} FROM t")');
  for (const text of ['SELECT ', ' FROM t']) {
    assertNotSql(scopesOf(tokens, text), `f-string text ${JSON.stringify(text)}`);
    assert.ok(scopesOf(tokens, text).includes('string.interpolated.python'), scopesOf(tokens, text).join(' '));
  }
});

test('sa.text(), sqlalchemy.text() and bare text() arguments are SQL', async () => {
  assertSql(scopesOf(await tokenize('conn.execute(sa.text("SELECT 1"))'), 'SELECT'), 'sa.text');
  assertSql(scopesOf(await tokenize('x = sqlalchemy.text("SELECT 1")'), 'SELECT'), 'sqlalchemy.text');
  assertSql(scopesOf(await tokenize('text("SELECT 1")'), 'SELECT'), 'text');
  assertSql(scopesOf(await tokenize('sa.Column("c", server_default=sa.text("NULL"))'), 'NULL'), 'server_default text');
});

test('nested parentheses: parenthesised concatenation is SQL and the call ends at its own parenthesis', async () => {
  const tokens = await tokenize('op.execute(("CREATE INDEX ix " "ON t (a)")); y = "SELECT"');
  assertSql(scopesOf(tokens, 'CREATE'), 'first part');
  assertSql(scopesOf(tokens, 'ON'), 'second part');
  assertNotSql(scopesOf(tokens, 'SELECT'), 'string after the call');
  const chained = await tokenize('op.execute(sa.text("SELECT :x").bindparams(x=max(1, 2))); z = "FROM"');
  assertSql(scopesOf(chained, 'SELECT'), 'chained text');
  assertNotSql(scopesOf(chained, 'FROM'), 'string after the chained call');
});

test('a call whose argument starts on the next line, and escaped quotes inside the SQL', async () => {
  // VS Code's Python grammar takes a string that starts a line for a docstring: the usual layout
  // of a long statement, indented on its own line, must still be SQL.
  const multiline = await tokenize('op.execute(\n    "ALTER TABLE t ADD COLUMN c int"\n)\nw = "DROP"');
  assertSql(scopesOf(multiline, 'ALTER'), 'ALTER on the next line');
  assertNotSql(scopesOf(multiline, 'DROP'), 'string after the call');
  const tripleOnItsLine = await tokenize('def upgrade():\n    op.execute(\n        """\n        CREATE INDEX ix ON t (a)\n        """\n    )\n    z = "ON"');
  assertSql(scopesOf(tripleOnItsLine, 'CREATE'), 'CREATE in a triple-quoted string on its own line');
  assertNotSql(scopesOf(tripleOnItsLine, 'ON', 1), 'string after the call');
  const inParens = await tokenize('op.execute((\n    "SELECT 1 "\n    "FROM t"\n))');
  assertSql(scopesOf(inParens, 'FROM'), 'an indented part of a parenthesised concatenation');
  const escaped = await tokenize('op.execute("SELECT \\"Name\\" FROM t"); v = "WHERE"');
  assert.ok(scopesOf(escaped, '\\"').includes('constant.character.escape.python'), 'escape scope');
  assertSql(scopesOf(escaped, 'FROM'), 'SQL after an escaped quote');
  assertNotSql(scopesOf(escaped, 'WHERE'), 'string after the call');
});

test('other calls, method calls named text and comments are left alone', async () => {
  assertNotSql(scopesOf(await tokenize('print("SELECT 1")'), 'SELECT 1'), 'print');
  assertNotSql(scopesOf(await tokenize('self.text("SELECT 1")'), 'SELECT 1'), 'self.text');
  assertNotSql(scopesOf(await tokenize('mytext("SELECT 1")'), 'SELECT 1'), 'mytext');
  assertNotSql(scopesOf(await tokenize('# op.execute("SELECT 1")'), ' op.execute("SELECT 1")'), 'comment');
  const docstring = await tokenize('def upgrade():\n    """SELECT nothing: a docstring."""\n    pass');
  assertNotSql(scopesOf(docstring, 'SELECT nothing: a docstring.'), 'a docstring outside any call');
});

test('package.json registers the grammar with injectTo source.python and embeds sql', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const entry = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION_SCOPE);
  assert.ok(entry, 'grammar contributed');
  assert.deepEqual(entry.injectTo, ['source.python']);
  assert.equal(entry.embeddedLanguages['meta.embedded.sql.alembic-lens'], 'sql');
  assert.ok(fs.existsSync(path.join(__dirname, '..', '..', entry.path)), 'grammar file exists');
});
