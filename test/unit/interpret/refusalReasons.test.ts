// Why a statement is unknown, kept where its value is used (held-out sweep Q, hasgeek/lastuser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

/** The reasons of the upgrade's opaque steps, one per line. */
function reasonsOf(body: string): string {
  const source = `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n`;
  const steps = interpretMigration('/virtual/versions/x.py', source).upgrade?.steps ?? [];
  return steps.map((step) => (step.kind === 'opaque' ? step.reason : step.kind)).join('\n');
}

test('a name bound to a value Python refuses keeps its reason for later uses', () => {
  const reasons = reasonsOf('    results = op.get_bind().execute(sa.select([sa.column("id")]))\n    for row in results:\n        op.execute("x")');
  assert.doesNotMatch(reasons, /not defined in this file/);
  assert.match(reasons, /select\(\) takes its columns as positional arguments in SQLAlchemy 2/);
});

test('a CheckConstraint of case([...]) fails with case()\'s reason, not as a non-literal condition', () => {
  const reasons = reasonsOf('    op.create_table("t", sa.Column("a", sa.Integer), sa.CheckConstraint(sa.case([(sa.column("a") > 1, 1)], else_=0) == 1))');
  assert.match(reasons, /case\(\) is passed as positional elements in SQLAlchemy 2/);
  assert.doesNotMatch(reasons, /non-literal condition/);
});

test('a call into the standard library or setuptools is not called application code (held-out sweep X)', () => {
  const source = 'import csv\nimport pkg_resources\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute(csv.excel())\n    op.execute(pkg_resources.resource_string("app", "a.sql").decode())\n    op.execute(helpers.sql())\n';
  const steps = interpretMigration('/virtual/versions/x.py', source.replace('def upgrade', 'import helpers\n\n\ndef upgrade')).upgrade?.steps ?? [];
  const reasons = steps.map((step) => (step.kind === 'opaque' ? step.reason : step.kind));
  assert.match(reasons[0], /calls csv\.excel\(\) of the standard library/);
  assert.match(reasons[1], /third-party package: pkg_resources\.resource_string/);
  assert.match(reasons[2], /calls into application code: helpers\.sql/);
});

test('a decorated class of the migration is known as one, not as an undefined name (held-out sweep AE)', () => {
  const source = 'from dataclasses import dataclass\nfrom alembic import op\n\n\n@dataclass\nclass Row:\n    name: str\n\n\ndef upgrade():\n    op.execute(Row("x").name)\n';
  const steps = interpretMigration('/virtual/versions/x.py', source).upgrade?.steps ?? [];
  const reason = steps[0]?.kind === 'opaque' ? steps[0].reason : '';
  assert.doesNotMatch(reason, /not defined in this file/);
  assert.match(reason, /the class Row defined in the migration \(decorated: @dataclass\)/);
});

test('an enum class decorated with @unique is read as the enum it is', () => {
  const source = 'import enum\nimport sqlalchemy as sa\nfrom alembic import op\n\n\n@enum.unique\nclass Kind(enum.Enum):\n    A = "a"\n    B = "b"\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("kind", sa.Enum(Kind, name="kind")))\n';
  const steps = interpretMigration('/virtual/versions/x.py', source).upgrade?.steps ?? [];
  assert.equal(steps.length, 1);
  assert.equal(steps[0].kind, 'operation', JSON.stringify(steps[0]));
});

test('a column named by quoted_name(..., True) of a name PostgreSQL reads bare says so, not "without a literal column name" (held-out sweeps AM, AN)', () => {
  const reasons = reasonsOf('    op.create_table("sippeers", sa.Column("id", sa.Integer, primary_key=True), sa.Column(sa.sql.quoted_name("qualify", True), sa.String(40)))');
  assert.match(reasons, /quoted_name\("qualify", quote=True\) quotes a name PostgreSQL reads bare: not modelled/);
  assert.doesNotMatch(reasons, /without a literal column name/);
});

test("a built-in of Python the engine does not model is named as Python's own, not as a name the file lacks (held-out sweep FW, xr843/fojin)", () => {
  const reasons = reasonsOf('    op.execute(__import__("sqlalchemy").text("SELECT 1"))\n    op.execute(str(divmod(7, 2)))\n    op.execute(str(undefined_helper()))').split('\n');
  assert.match(reasons[0], /uses Python's built-in __import__, which the engine does not follow/);
  assert.match(reasons[1], /uses Python's built-in divmod/);
  // A name neither the file nor Python defines is a NameError when Alembic runs it.
  assert.match(reasons[2], /uses the name undefined_helper, which is not defined in this file/);
});
