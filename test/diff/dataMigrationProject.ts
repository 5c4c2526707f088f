/**
 * A one-revision project whose upgrade() runs data-migration statements over a few `sa.table()`
 * objects, for the differential tests of SQL expression constructs (extract, tuple_, collate,
 * floor division): the same project is given to the real Alembic and to Lens.
 */
import assert from 'node:assert/strict';
import { assertBothRefuse, NAMED_OFFLINE_ENV_PY, offlineProject, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

const TABLES = `
t = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("big", sa.BigInteger),
    sa.column("name", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("amount", sa.Numeric(10, 2)),
    sa.column("ratio", sa.Float),
    sa.column("flag", sa.Boolean),
    sa.column("loose"),
)
other = sa.table("other", sa.column("id", sa.Integer), sa.column("name", sa.String), schema="app")
`;

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\n';

/** The project's folder; `named` uses the generic template's named paramstyle (no `%` doubling). */
export function dataMigrationProject(prefix: string, upgradeBody: string, named = false): string {
  const files = {
    'migrations/versions/a1_data.py': `${migrationHeader('a1', undefined, IMPORTS)}${TABLES}

def upgrade():
${upgradeBody}


def downgrade():
    pass
`,
  };
  return named ? offlineProject(prefix, files, '', NAMED_OFFLINE_ENV_PY) : offlineProject(prefix, files);
}

/** Alembic raises on `body` (its stderr matches `python`); Lens prints nothing and names `reason`. */
export function assertRaisesInBoth(prefix: string, body: string, python: RegExp, reason: RegExp): Promise<void> {
  return assertBothRefuse(dataMigrationProject(prefix, `${body}\n    op.create_table("after", sa.Column("id", sa.Integer))`), body, python, reason);
}

/** Alembic prints `body`, which Lens does not follow: it refuses with `reason` rather than print other SQL. */
export async function assertLensRefuses(prefix: string, body: string, reason: RegExp): Promise<void> {
  const dir = dataMigrationProject(prefix, body);
  assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, body);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0, body);
  assert.match(lens.stderr, reason);
}
