/**
 * GeoAlchemy2's Alembic operations (`op.create_geospatial_table`, `op.add_geospatial_column`,
 * ... from `geoalchemy2.alembic_helpers`), which autogenerate writes for a project whose env.py
 * uses GeoAlchemy2's `render_item` and `writer`. GeoAlchemy2 is not installable from this
 * machine's package index, so the SQL marked "recorded" was printed by Alembic 1.20 offline with
 * GeoAlchemy2 f35da77's source on PYTHONPATH and env.py importing `geoalchemy2.alembic_helpers`
 * (held-out sweep GK). Before, every one of them was an opaque plugin operation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { writeFileSync } from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { temporaryFolder } from '../../support/temporaryFolders';

const HEADER = `from alembic import op
import sqlalchemy as sa
import geoalchemy2
from geoalchemy2 import Geometry, Geography
`;

function sqlOf(steps: Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind === 'opaque') return [`OPAQUE: ${step.reason}`];
    if (step.kind !== 'operation') return [];
    const result = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' });
    return result.problems.length > 0 ? result.problems.map((problem) => `PROBLEM: ${problem.message}`) : result.statements;
  });
}

/** The upgrade and downgrade of a migration in a folder whose env.py imports `envImport` (none: no env.py). */
function migrationSql(body: { upgrade: string; downgrade?: string }, envImport?: string): { upgrade: string[]; downgrade: string[] } {
  const folder = temporaryFolder('geospatial-ops-');
  if (envImport !== undefined) writeFileSync(path.join(folder, 'env.py'), `from alembic import context\n${envImport}\n`);
  const file = path.join(folder, 'versions', 'g1.py');
  const source = `${HEADER}\n\ndef upgrade():\n${body.upgrade}\n\n\ndef downgrade():\n${body.downgrade ?? '    pass'}\n`;
  const migration = interpretMigration(file, source);
  return { upgrade: sqlOf(migration.upgrade!.steps as Step[]), downgrade: sqlOf(migration.downgrade!.steps as Step[]) };
}

const HELPERS = 'from geoalchemy2 import alembic_helpers  # noqa: F401';

test('the geospatial operations print what Alembic prints with the helpers registered (recorded)', () => {
  const sql = migrationSql(
    {
      upgrade: [
        '    op.create_geospatial_table("places",',
        '        sa.Column("id", sa.Integer(), nullable=False),',
        '        sa.Column("geom", geoalchemy2.types.Geometry(geometry_type="POINT", srid=4326, spatial_index=False, from_text="ST_GeomFromEWKT", name="geometry"), nullable=True),',
        '        sa.Column("area", Geography(geometry_type="POLYGON", srid=4326), nullable=True),',
        '        sa.PrimaryKeyConstraint("id"), schema="gis", comment="places")',
        '    op.create_geospatial_index("idx_places_geom", "places", ["geom"], "gis", False, postgresql_using="gist", postgresql_ops={})',
        '    op.add_geospatial_column("roads", sa.Column("line", Geometry("LINESTRING", srid=3857), nullable=False, server_default=sa.text("\'LINESTRING(0 0,1 1)\'::geometry")))',
        '    op.add_geospatial_column("roads", sa.Column("line2", Geometry("LINESTRING", srid=3857, spatial_index=False)), "gis")',
        '    op.create_geospatial_constraints("roads", sa.Column("line", Geometry("LINESTRING", srid=3857)))',
      ].join('\n'),
      downgrade: [
        '    op.drop_geospatial_constraints("roads", "line")',
        '    op.drop_geospatial_index("idx_places_geom", "places", "geom", "gis")',
        '    op.drop_geospatial_column("roads", "line")',
        '    op.drop_geospatial_column("roads", "line2", "gis")',
        '    op.drop_geospatial_table("places", "gis")',
      ].join('\n'),
    },
    HELPERS,
  );
  assert.deepEqual(sql.upgrade, [
    'CREATE TABLE gis.places (\n    id SERIAL NOT NULL, \n    geom geometry(POINT,4326), \n    area geography(POLYGON,4326), \n    PRIMARY KEY (id)\n)',
    // GeoAlchemy2's table event for the column with spatial_index=True; the comment is dropped.
    'CREATE INDEX idx_places_area ON gis.places USING gist (area)',
    'CREATE INDEX idx_places_geom ON gis.places USING gist (geom)',
    // The bare column: no spatial index although spatial_index defaults to True.
    "ALTER TABLE roads ADD COLUMN line geometry(LINESTRING,3857) DEFAULT 'LINESTRING(0 0,1 1)'::geometry NOT NULL",
    'ALTER TABLE gis.roads ADD COLUMN line2 geometry(LINESTRING,3857)',
  ]);
  assert.deepEqual(sql.downgrade, ['DROP INDEX gis.idx_places_geom', 'ALTER TABLE roads DROP COLUMN line', 'ALTER TABLE gis.roads DROP COLUMN line2', 'DROP TABLE gis.places']);
});

test('keywords GeoAlchemy2 keeps on its operation object are dropped, as Alembic drops them (recorded)', () => {
  const sql = migrationSql(
    {
      upgrade: [
        '    op.create_geospatial_table("places", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("g", Geometry("POINT", spatial_index=False)), comment="c", prefixes=["UNLOGGED"], info={"a": 1}, if_not_exists=True)',
        '    op.create_geospatial_index("idx_g", "places", ["g"], if_not_exists=True, postgresql_using="gist")',
      ].join('\n'),
      downgrade: [
        '    op.drop_geospatial_index("idx_g", "places", "g", if_exists=True)',
        '    op.drop_geospatial_column("places", "g", if_exists=True)',
        '    op.drop_geospatial_table("places", if_exists=True, comment="x", info={})',
      ].join('\n'),
    },
    HELPERS,
  );
  assert.deepEqual(sql.upgrade, ['CREATE TABLE places (\n    id SERIAL NOT NULL, \n    g geometry(POINT,-1), \n    PRIMARY KEY (id)\n)', 'CREATE INDEX idx_g ON places USING gist (g)']);
  assert.deepEqual(sql.downgrade, ['DROP INDEX idx_g', 'ALTER TABLE places DROP COLUMN g', 'DROP TABLE IF EXISTS places']);
});

test('the helpers imported by the migration itself register the operations too', () => {
  const sql = migrationSql({ upgrade: `    import geoalchemy2.alembic_helpers\n    op.drop_geospatial_table("places")` });
  assert.deepEqual(sql.upgrade, ['DROP TABLE places']);
});

test('without the helpers imported, or where the bare column differs from add_column, the step stays opaque', () => {
  const [unregistered] = migrationSql({ upgrade: '    op.drop_geospatial_table("places")' }, 'import geoalchemy2').upgrade;
  assert.match(unregistered, /^OPAQUE: custom operation op\.drop_geospatial_table \(registered by a plugin/);
  for (const column of [
    'sa.Column("g", Geometry("POINT"), comment="where")',
    'sa.Column("g", Geometry("POINT"), index=True)',
    'sa.Column("g", Geometry("POINT"), sa.ForeignKey("other.g"))',
    'sa.Column("g", sa.Integer())',
  ]) {
    const sql = migrationSql({ upgrade: `    op.add_geospatial_column("t", ${column})` }, HELPERS).upgrade;
    assert.equal(sql.length, 1, column);
    assert.match(sql[0], /^OPAQUE: op\.add_geospatial_column\(\) of .*GeoAlchemy2 adds the bare column only/, column);
  }
});
