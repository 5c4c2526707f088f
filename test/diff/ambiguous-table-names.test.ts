/**
 * A SELECT naming two tables of one name, one with a schema (`other.users`) and one without:
 * SQLAlchemy prints the one without under an anonymous alias in that select (`users AS users_1`,
 * `users_1.id`), and so also a correlated column of an enclosing DELETE or UPDATE's `users`, an
 * alias PostgreSQL never sees. Lens printed `users` throughout: SQL that Alembic does not print
 * (and that runs where Alembic's fails). Compared byte for byte with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const TABLES = `a = sa.table("users", sa.column("id", sa.Integer), sa.column("x", sa.Integer))
b = sa.table("users", sa.column("id", sa.Integer), sa.column("x", sa.Integer), schema="other")
c = sa.table("orders", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer))
q = sa.table("Users", sa.column("id", sa.Integer))
qb = sa.table("Users", sa.column("id", sa.Integer), schema="Other")
`;

function project(body: string): string {
  const indented = body.split('\n').map((line) => `    ${line}`).join('\n');
  return offlineProject('ambiguous-tables-', {
    'migrations/versions/a1_select.py':
    `"""select\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n${TABLES}\n\ndef upgrade():\n${indented}\n\n\ndef downgrade():\n    pass\n`,
  });
}

const CASES = [
  // Both in one select's FROM list.
  'op.execute(sa.select(a.c.id).where(a.c.id == b.c.id))',
  'op.execute(sa.select(b.c.x, a.c.x).where(a.c.id == b.c.id).where(a.c.x > 1))',
  // A subquery of the other schema's table, correlated with the DML's own table.
  'op.execute(sa.delete(a).where(a.c.id.in_(sa.select(b.c.id).where(b.c.x == a.c.x))))',
  'op.execute(a.delete().where(sa.exists().where(b.c.id == a.c.id)))',
  'op.execute(a.update().where(a.c.id.in_(sa.select(b.c.id).where(b.c.x == a.c.x))).values(x=2))',
  // No ambiguity inside the subquery: its own tables decide, not the enclosing statement's.
  'op.execute(a.update().where(a.c.id.in_(sa.select(c.c.user_id).where(c.c.id > 3))).values(x=1))',
  // INSERT ... SELECT of both.
  'op.execute(c.insert().from_select(["user_id"], sa.select(a.c.id).where(a.c.id == b.c.id)))',
  // A name that needs quoting keeps its case in the alias.
  'op.execute(sa.select(q.c.id).where(q.c.id == qb.c.id))',
  // The outer select has both, the subquery only the other schema's: each its own aliases.
  'op.execute(sa.select(a.c.id).where(a.c.x == b.c.x).where(sa.exists().where(c.c.user_id == a.c.id)))',
];

test('a schema-less table sharing its name with another schema\'s table in a SELECT is aliased as SQLAlchemy does', async () => {
  for (const body of CASES) await assertSameAsAlembic(project(body), ['upgrade', 'head', '--sql']);
});
