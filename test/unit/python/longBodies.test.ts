// Long function bodies and modules parse whole. @lezer/lr 1.4 forces a parse out of a node after
// 300 big reductions with the same start (a guard against deep left-associative trees), which cut
// a body of some 370 statements, or a module of a few hundred, and made the rest a syntax error in
// valid Python (canonical/maas's initial migration, 823 op.execute calls, held-out sweep AE). The
// f-string forces lezer here: the hand-written parser leaves f-strings to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { containsError, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

function body(statements: number): string {
  let source = 'from alembic import op\n\n\ndef upgrade():\n    now = "x"\n    op.execute(f"""\n    INSERT INTO t (a) VALUES (\'{now}\');\n    """)\n';
  for (let at = 0; at < statements; at++) source += `\n    op.execute("""\n    SELECT pg_catalog.setval('t${at}_id_seq', 1, false);\n    """)\n`;
  return source;
}

test('a function body of 1,000 statements and a module of 2,000 parse without an error', () => {
  const source = body(1000);
  assert.deepEqual(syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5), []);
  let module = 'x0 = f"{1}"\n';
  for (let at = 1; at < 2000; at++) module += `x${at} = ("SELECT ${at}")\n\n`;
  assert.equal(containsError(parsePython(module).topNode), false);
});

test('every statement of the long body is read: 1,001 executions, the last one last', () => {
  const steps = interpretMigration('/nowhere/versions/a1.py', body(1000)).upgrade!.steps;
  assert.equal(steps.length, 1001);
  const last = steps[1000];
  assert.ok(last.kind === 'operation' && last.operation.kind === 'execute' && last.operation.sql.kind === 'text' && last.operation.sql.sql.includes("'t999_id_seq'"));
});
