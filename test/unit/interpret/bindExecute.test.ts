/**
 * `op.get_bind().execute(statement)`: offline it prints the statement as `op.execute()` does
 * (SQLAlchemy's mock connection hands it to Alembic), online it runs on the migration's
 * connection, except a plain string, which SQLAlchemy 2 refuses. Reading the result (None
 * offline) is still a database query. Real-Alembic parity is in the corpus tier
 * (faraday/bind_execute_statement, h/bind_execute_rowcount).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';

function upgradeSteps(body: string): Step[] {
  const source = `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  return result.upgrade!.steps;
}

/** One line per step: the SQL text of an execute, `opaque: reason`, or a mode branch's two sides. */
function describe(step: Step): string {
  if (step.kind === 'operation') {
    const operation = step.operation;
    if (operation.kind === 'execute' && operation.sql.kind === 'text') return operation.sql.sql;
    return operation.kind === 'execute' ? `execute ${operation.sql.kind}` : operation.kind;
  }
  if (step.kind === 'opaque') return `opaque: ${step.reason}`;
  if (step.kind === 'modeBranch') return `offline [${step.offline.map(describe).join('; ')}] online [${step.online.map(describe).join('; ')}]`;
  return step.kind;
}

test('a statement through the connection prints offline and runs online', () => {
  const steps = upgradeSteps('    conn = op.get_bind()\n    conn.execute(sa.text("UPDATE t SET a = 1"))');
  assert.deepEqual(steps.map(describe), ['offline [UPDATE t SET a = 1] online [UPDATE t SET a = 1]']);
});

test('a plain string prints offline; online SQLAlchemy 2 refuses it, so that side stays opaque', () => {
  const steps = upgradeSteps('    op.get_bind().execute("ALTER TABLE t ADD UNIQUE (name)")');
  assert.equal(steps.length, 1);
  assert.match(describe(steps[0]), /^offline \[ALTER TABLE t ADD UNIQUE \(name\)\] online \[opaque: in a live run SQLAlchemy 2 refuses a plain string/);
});

test('a core UPDATE through the connection is the same execute operation as op.execute()', () => {
  const steps = upgradeSteps("    t = sa.table('t', sa.column('a', sa.Integer))\n    op.get_bind().execute(t.update().values(a=2))");
  assert.deepEqual(steps.map(describe), ['offline [execute update] online [execute update]']);
});

test('an assigned result that is never read does not make the statement opaque', () => {
  const steps = upgradeSteps('    conn = op.get_bind()\n    result = conn.execute(sa.text("DELETE FROM t"))\n    op.drop_table("t")');
  assert.deepEqual(steps.map(describe), ['offline [DELETE FROM t] online [DELETE FROM t]', 'dropTable']);
});

for (const [label, use] of [
  ['an attribute', 'print(result.rowcount)'],
  ['a method', 'rows = result.fetchall()'],
  ['an item', 'first = result[0]'],
  ['a builtin', 'print(result)'],
  ['a loop', 'for row in result:\n        op.execute("SELECT 1")'],
  ['a condition', 'if result:\n        op.execute("SELECT 1")'],
] as const) {
  test(`reading the result through ${label} is a database query (None offline, rows online)`, () => {
    const steps = upgradeSteps(`    conn = op.get_bind()\n    result = conn.execute(sa.text("UPDATE t SET a = 1"))\n    ${use}`);
    assert.equal(steps.length, 2);
    assert.match(describe(steps[1]), /^opaque: .*queries the database through op\.get_bind\(\) \(conn\.execute\)/);
  });
}

test('parameters: offline they are dropped (each prints NULL), online they are bound; a list of rows stays opaque online', () => {
  const textParams = (step: Step, side: 'offline' | 'online'): unknown => {
    const inner = step.kind === 'modeBranch' ? step[side][0] : undefined;
    return inner?.kind === 'operation' && inner.operation.kind === 'execute' && inner.operation.sql.kind === 'text' ? inner.operation.sql.params : inner?.kind;
  };
  const [one] = upgradeSteps('    conn = op.get_bind()\n    conn.execute(sa.text("UPDATE t SET a = :a WHERE b = :b"), {"a": 1, "b": "x"})');
  assert.deepEqual(textParams(one, 'offline'), { a: null, b: null });
  assert.deepEqual(textParams(one, 'online'), { a: 1, b: 'x' });
  const [many] = upgradeSteps('    conn = op.get_bind()\n    conn.execute(sa.text("UPDATE t SET a = :a"), [{"a": 1}, {"a": 2}])');
  assert.deepEqual(textParams(many, 'offline'), { a: null });
  assert.equal(textParams(many, 'online'), 'opaque');
});

test('keywords keep the call opaque', () => {
  const steps = upgradeSteps('    conn = op.get_bind()\n    conn.execute(sa.text("UPDATE t SET a = 1"), execution_options={})');
  assert.equal(steps.length, 1);
  assert.match(describe(steps[0]), /^opaque: queries the database through op\.get_bind\(\)/);
});

test('a chained read of the result is opaque with the query reason', () => {
  const steps = upgradeSteps('    rows = op.get_bind().execute(sa.text("SELECT id FROM t")).fetchall()');
  assert.equal(steps.length, 1);
  assert.match(describe(steps[0]), /^opaque: queries the database through op\.get_bind\(\)/);
});

test('parameters given beside the statement are reported where --sql prints NULL for them; bound ones are not', () => {
  const source = [
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    '',
    'def upgrade():',
    '    conn = op.get_bind()',
    '    conn.execute(sa.text("UPDATE orders SET state = :state WHERE state = :old"), {"state": "open", "old": "new"})',
    '    conn.execute(sa.text("UPDATE orders SET state = :state").bindparams(state="open"))',
    '    conn.execute(sa.text("UPDATE orders SET state = \'x\'"), {})',
    '',
  ].join('\n');
  const problems = interpretMigration('/nowhere/versions/a1.py', source).problems.filter((problem) => problem.code === 'offline-parameters-dropped');
  assert.deepEqual(
    problems.map((problem) => [problem.range.start.line, problem.severity]),
    [[6, 'information']],
  );
  assert.match(problems[0].message, /NULL for :state, :old, while a live run binds them/);
});

test('a plain string given to Connection.execute() is reported: SQLAlchemy 2 refuses it at deploy', () => {
  const source = 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute("DROP TABLE message")\n    conn.execute(sa.text("DROP TABLE other"))\n    op.execute("DROP TABLE third")\n';
  const problems = interpretMigration('/nowhere/versions/a1.py', source).problems.filter((problem) => problem.code === 'plain-string-execute');
  assert.deepEqual(problems.map((problem) => [problem.range.start.line, problem.severity]), [[6, 'warning']]);
  assert.match(problems[0].message, /ObjectNotExecutableError.*wrap it in sa\.text/);
  // The quick fix wraps the string in text() under the name the module imports SQLAlchemy as.
  assert.deepEqual(problems[0].fixes?.map((fix) => [fix.title, fix.edits.map((edit) => [edit.range.start.line, edit.range.start.character, edit.newText])]), [
    ['Wrap the SQL in sa.text()', [[6, 17, 'sa.text("DROP TABLE message")']]],
  ]);
  const bare = interpretMigration('/nowhere/versions/a1.py', source.replace('import sqlalchemy as sa\n', 'from sqlalchemy import Column, text\n')).problems.find((problem) => problem.code === 'plain-string-execute');
  assert.equal(bare?.fixes?.[0].edits[0].newText, 'text("DROP TABLE message")');
  const none = interpretMigration('/nowhere/versions/a1.py', source.replace('import sqlalchemy as sa\n', '')).problems.find((problem) => problem.code === 'plain-string-execute');
  assert.equal(none?.fixes, undefined, 'no fix without a name for text()');
});
