/**
 * A select's own `.join(right, on)`, `.outerjoin()`, `isouter=` / `full=`, `.join_from(left,
 * right, on)`, chained, after `select_from()` (spliced into its entry) or without it (joined to the
 * table of the columns or WHERE clause the ON clause joins from, the others listed after it),
 * compared with the real Alembic 1.20 / SQLAlchemy 2.1 under `--sql` (survey GU). Lens refused
 * them as "unsupported method .join() of sa.select()".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = [
  'invoice = sa.table("invoice", sa.column("id", sa.Integer), sa.column("client_id", sa.Integer), sa.column("amount", sa.Integer))',
  'client = sa.table("client", sa.column("id", sa.Integer), sa.column("agent_id", sa.Integer), sa.column("name", sa.String))',
  'agent = sa.table("agent", sa.column("id", sa.Integer), sa.column("name", sa.String), schema="staff")',
];

function project(prefix: string, body: string[]): string {
  return offlineProject(prefix, { 'migrations/versions/a1_joins.py': baseRevision({ helpers: HELPERS, upgrade: body }) });
}

test('Select.join() and its kin are placed as SQLAlchemy places them', async () => {
  const dir = project('select-join-method-', [
    'op.execute(sa.select(invoice.c.id, client.c.name).join(client, client.c.id == invoice.c.client_id).where(invoice.c.amount > 0))',
    'op.execute(sa.select(invoice.c.id, client.c.name, agent.c.name).join(client, client.c.id == invoice.c.client_id).outerjoin(agent, agent.c.id == client.c.agent_id))',
    'op.execute(sa.select(invoice.c.id).join(client, client.c.id == invoice.c.client_id, isouter=True).join(agent, agent.c.id == client.c.agent_id, full=True))',
    'op.execute(sa.select(sa.func.count()).select_from(invoice).join(client, client.c.id == invoice.c.client_id))',
    'op.execute(sa.select(client.c.name).join_from(invoice, client, client.c.id == invoice.c.client_id))',
    'op.execute(sa.select(client.c.name).outerjoin_from(invoice, client, client.c.id == invoice.c.client_id))',
    'op.execute(sa.select(agent.c.name, invoice.c.id).join(client, client.c.agent_id == agent.c.id))',
    'op.execute(sa.select(invoice.c.id).select_from(invoice, agent).join(client, client.c.id == invoice.c.client_id))',
    'op.execute(sa.select(invoice.c.id).select_from(invoice.join(client, client.c.id == invoice.c.client_id)).join(agent, agent.c.id == client.c.agent_id))',
    'op.execute(client.update().values(name=sa.select(agent.c.name).select_from(invoice).join(agent, agent.c.id == invoice.c.client_id).where(invoice.c.client_id == client.c.id).limit(1).scalar_subquery()))',
    'op.execute(client.delete().where(client.c.id.in_(sa.select(invoice.c.client_id).join(agent, agent.c.id == invoice.c.client_id))))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT staff\.agent\.name, invoice\.id \nFROM staff\.agent JOIN client ON client\.agent_id = staff\.agent\.id, invoice;/);
});

test('a join() that could join from several FROM entries fails in both', async () => {
  const dir = project('select-join-method-ambiguous-', ['op.execute(sa.select(agent.c.name, invoice.c.id).join(client, sa.and_(client.c.agent_id == agent.c.id, client.c.id == invoice.c.client_id)))']);
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /Can't determine which FROM clause to join from/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /join\(\) to client: more than one FROM entry to join from/);
});
