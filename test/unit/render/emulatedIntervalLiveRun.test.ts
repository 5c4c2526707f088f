// `sa.Interval(native=False)` is a TIMESTAMP column (emulated-column-types.test.ts): SQLAlchemy's
// bind processor adds a timedelta to the epoch, which the engine does not follow. A live run must
// not send the timedelta as PostgreSQL's INTERVAL (what it sends for a native Interval), nor
// --sql print make_interval(): both refuse, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';

const HEADER = 'import datetime\nfrom alembic import op\nimport sqlalchemy as sa\n\nt = sa.table("t", sa.column("id", sa.Integer), sa.column("native", sa.Interval()), sa.column("emulated", sa.Interval(native=False)))\n\n\ndef upgrade():\n';

function rendered(statement: string, liveRun: boolean): { statements: string[]; problems: number } {
  const step = interpretMigration('/tmp/m.py', `${HEADER}    ${statement}\n`).upgrade!.steps[0];
  assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : step.kind);
  if (step.kind !== 'operation') return { statements: [], problems: 0 };
  const result = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named', ...(liveRun ? { liveRun: true as const } : {}) });
  return { statements: result.statements, problems: result.problems.length };
}

test('a timedelta for an Interval(native=False) column is refused in a live run and under --sql', () => {
  const native = rendered('op.bulk_insert(t, [{"id": 1, "native": datetime.timedelta(days=1)}])', true);
  assert.equal(native.problems, 0);
  assert.match(native.statements[0], /'1 days.*'::interval/);
  for (const liveRun of [true, false]) {
    assert.ok(rendered('op.bulk_insert(t, [{"id": 1, "emulated": datetime.timedelta(days=1)}])', liveRun).problems > 0, `liveRun ${liveRun}`);
  }
});
