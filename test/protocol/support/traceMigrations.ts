// Migrations the lock-trace tests add after the head of the 'linear' fixture (3c4d5e6f7081): one
// text per scenario, shared by traceLocks.test.ts and traceTableSizes.test.ts.

/** The revision id of each (the tests write the file as `<id>_<slug>.py` in the fixture's versions folder). */
export const TRACED_REVISION = '4d5e6f708192';

/** Widens orders.user_id: a rewrite under AccessExclusiveLock (column-type-change). */
export const WIDEN_USER_ID = "op.alter_column('orders', 'user_id', type_=sa.BigInteger(), existing_type=sa.Integer())";

/** A migration after the fixture's head with these upgrade() and downgrade() statements. */
export function migrationAfterLinearHead(message: string, upgrade: readonly string[], downgrade: readonly string[]): string {
  const body = (statements: readonly string[]) => statements.map((statement) => `    ${statement}\n`).join('');
  return `"""${message}

Revision ID: ${TRACED_REVISION}
Revises: 3c4d5e6f7081
Create Date: 2026-02-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '${TRACED_REVISION}'
down_revision = '3c4d5e6f7081'
branch_labels = None
depends_on = None


def upgrade() -> None:
${body(upgrade)}

def downgrade() -> None:
${body(downgrade)}`;
}

/** A plain index, the rewrite, and CONCURRENTLY inside the transaction (PostgreSQL's 25001). */
export const HAZARDS = migrationAfterLinearHead(
  'hazards',
  ["op.create_index('ix_orders_id_user', 'orders', ['id', 'user_id'])", WIDEN_USER_ID, 'op.execute("CREATE INDEX CONCURRENTLY ix_orders_id ON orders (id)")'],
  ["op.drop_index('ix_orders_user_id', table_name='orders')"],
);

/** The rewrite alone, and its reverse. */
export const WIDEN = migrationAfterLinearHead('widen user id', [WIDEN_USER_ID], ["op.alter_column('orders', 'user_id', type_=sa.Integer(), existing_type=sa.BigInteger())"]);
