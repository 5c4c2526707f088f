/**
 * A subquery inside a SELECT (`sa.exists()`, `in_(select)`), in `op.execute(select)` and in
 * `insert().from_select()`: SQLAlchemy's auto-correlation leaves the enclosing SELECT's tables out
 * of the subquery's FROM when it has more than one (held-out sweep BR). Lens listed them, so
 * `NOT EXISTS (SELECT * FROM orgs, users WHERE orgs.owner_id = users.id)` no longer referred to the
 * outer row, and the INSERT ... SELECT copied other rows than Alembic's. Compared with the real
 * Alembic 1.20, and the case where every table of the subquery is correlated (InvalidRequestError).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolateCache, normalizeOffline, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const TABLES = `u = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String))
o = sa.table("orgs", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("owner_id", sa.Integer))
m = sa.table("members", sa.column("org_id", sa.Integer), sa.column("user_id", sa.Integer))
`;

function project(body: string): string {
  const indented = body.split('\n').map((line) => `    ${line}`).join('\n');
  return offlineProject('select-correlation-', {
    'migrations/versions/a1_select.py':
    `"""select\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n${TABLES}\n\ndef upgrade():\n${indented}\n\n\ndef downgrade():\n    pass\n`,
  });
}

const CASES = [
  'op.execute(o.insert().from_select(["id", "name"], sa.select(u.c.id, u.c.name).where(~sa.exists().where(o.c.owner_id == u.c.id))))',
  'op.execute(sa.select(u.c.id).where(sa.exists().where(m.c.user_id == u.c.id).where(m.c.org_id == 1)))',
  'op.execute(sa.select(u.c.name).where(u.c.id.in_(sa.select(m.c.user_id).where(m.c.org_id == o.c.id).where(o.c.owner_id == u.c.id))))',
  // Two outer tables; the subquery names one of them and a table of its own.
  'op.execute(sa.select(u.c.id, o.c.name).where(o.c.owner_id == u.c.id).where(sa.exists().where(m.c.org_id == o.c.id)))',
  // Nested twice: each level correlates with the one directly around it.
  'op.execute(sa.select(u.c.id).where(sa.exists().where(m.c.user_id == u.c.id).where(sa.exists().where(o.c.id == m.c.org_id))))',
  // One table only in the subquery: kept, even the enclosing one.
  'op.execute(sa.select(u.c.id).where(u.c.id.in_(sa.select(u.c.id).where(u.c.name == "x"))))',
  'op.execute(u.update().where(sa.exists().where(m.c.user_id == u.c.id).where(m.c.org_id == o.c.id)).values(name="member"))',
];

test('subqueries inside a SELECT correlate with its FROM list as SQLAlchemy does', async () => {
  for (const body of CASES) {
    const dir = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(expected.code, 0, `${body}: ${expected.stderr}`);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(actual.code, 0, `${body}: ${actual.stderr}`);
    assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), body);
  }
});

test('a subquery whose every table the enclosing SELECT has: Alembic fails, and Lens refuses', async () => {
  const dir = project('op.execute(sa.select(u.c.id, o.c.id).where(sa.exists().where(o.c.owner_id == u.c.id)))');
  const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(expected.code, 0);
  assert.match(expected.stderr, /returned no FROM clauses due to auto-correlation/);
  const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(actual.code, 0, actual.stdout);
  assert.match(actual.stderr, /returned no FROM clauses due to auto-correlation/);
  assert.doesNotMatch(actual.stdout, /EXISTS/);
});
