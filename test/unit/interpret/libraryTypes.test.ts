/**
 * Third-party column types (sqlalchemy-utils, GeoAlchemy2): what the engine prints equals what
 * Alembic 1.20 printed offline for the same `op.add_column` / `op.create_table`. Those packages are
 * not installable from this machine's package index, so the figures marked "recorded" were taken
 * by running Alembic 1.20 with the packages' source on PYTHONPATH (sqlalchemy-utils 6a964e8,
 * GeoAlchemy2 f35da77); the ones marked "from source" need an optional dependency that was not
 * available either (arrow, passlib, phonenumbers, babel, dateutil, colour, intervals) and were
 * derived from the class's `impl` / PostgreSQL `load_dialect_impl` in that source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';

function upgradeSql(body: string): string[] {
  const source = `from alembic import op
import sqlalchemy as sa
import sqlalchemy_utils
from sqlalchemy_utils import types as su_types
from geoalchemy2 import Geometry, Geography


def upgrade():
${body}
`;
  const steps = interpretMigration('/nowhere/m.py', source).upgrade!.steps as Step[];
  return steps.flatMap((step) => {
    if (step.kind === 'opaque') return [`OPAQUE: ${step.reason}`];
    if (step.kind !== 'operation') return [];
    const result = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' });
    return result.problems.length > 0 ? result.problems.map((problem) => `PROBLEM: ${problem.message}`) : result.statements;
  });
}

const ADDED: [string, string[]][] = [
  // recorded
  ['sqlalchemy_utils.UUIDType()', ['ALTER TABLE t ADD COLUMN c UUID']],
  ['sqlalchemy_utils.UUIDType(binary=False)', ['ALTER TABLE t ADD COLUMN c UUID']],
  ['sqlalchemy_utils.UUIDType(native=False)', ['ALTER TABLE t ADD COLUMN c BINARY(16)']],
  ['sqlalchemy_utils.UUIDType(binary=False, native=False)', ['ALTER TABLE t ADD COLUMN c VARCHAR(32)']],
  ['sqlalchemy_utils.JSONType()', ['ALTER TABLE t ADD COLUMN c JSON']],
  ['sqlalchemy_utils.ChoiceType([("a", "A")])', ['ALTER TABLE t ADD COLUMN c VARCHAR(255)']],
  ['sqlalchemy_utils.ChoiceType([(1, "A")], impl=sa.Integer())', ['ALTER TABLE t ADD COLUMN c INTEGER']],
  ['sqlalchemy_utils.EmailType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(255)']],
  ['sqlalchemy_utils.EmailType(length=100)', ['ALTER TABLE t ADD COLUMN c VARCHAR(100)']],
  ['sqlalchemy_utils.URLType()', ['ALTER TABLE t ADD COLUMN c TEXT']],
  ['sqlalchemy_utils.TSVectorType("a", "b")', ['ALTER TABLE t ADD COLUMN c TSVECTOR']],
  ['sqlalchemy_utils.IPAddressType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(50)']],
  ['sqlalchemy_utils.CountryType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(2)']],
  ['sqlalchemy_utils.ScalarListType()', ['ALTER TABLE t ADD COLUMN c TEXT']],
  ['sqlalchemy_utils.LtreeType()', ['ALTER TABLE t ADD COLUMN c LTREE']],
  ['su_types.uuid.UUIDType()', ['ALTER TABLE t ADD COLUMN c UUID']],
  ['Geometry("POINT", srid=4326)', ['ALTER TABLE t ADD COLUMN c geometry(POINT,4326)', 'CREATE INDEX idx_t_c ON t USING gist (c)']],
  ['Geometry(geometry_type="polygon", srid=4326, spatial_index=False)', ['ALTER TABLE t ADD COLUMN c geometry(POLYGON,4326)']],
  ['Geometry()', ['ALTER TABLE t ADD COLUMN c geometry(GEOMETRY,-1)', 'CREATE INDEX idx_t_c ON t USING gist (c)']],
  ['Geometry(geometry_type=None)', ['ALTER TABLE t ADD COLUMN c geometry', 'CREATE INDEX idx_t_c ON t USING gist (c)']],
  ['Geography("POINT", srid=4326)', ['ALTER TABLE t ADD COLUMN c geography(POINT,4326)', 'CREATE INDEX idx_t_c ON t USING gist (c)']],
  // from source
  ['sqlalchemy_utils.ArrowType()', ['ALTER TABLE t ADD COLUMN c TIMESTAMP WITHOUT TIME ZONE']],
  ['sqlalchemy_utils.ArrowType(timezone=True)', ['ALTER TABLE t ADD COLUMN c TIMESTAMP WITH TIME ZONE']],
  ['sqlalchemy_utils.PasswordType(max_length=1137)', ['ALTER TABLE t ADD COLUMN c BYTEA']],
  ['sqlalchemy_utils.PhoneNumberType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(20)']],
  ['sqlalchemy_utils.LocaleType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(10)']],
  ['sqlalchemy_utils.TimezoneType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(50)']],
  ['sqlalchemy_utils.CurrencyType()', ['ALTER TABLE t ADD COLUMN c VARCHAR(3)']],
  ['sqlalchemy_utils.ColorType(max_length=40)', ['ALTER TABLE t ADD COLUMN c VARCHAR(40)']],
  ['sqlalchemy_utils.IntRangeType()', ['ALTER TABLE t ADD COLUMN c INT4RANGE']],
  ['sqlalchemy_utils.DateTimeRangeType()', ['ALTER TABLE t ADD COLUMN c TSRANGE']],
];

for (const [type, expected] of ADDED) {
  test(`op.add_column with ${type}`, () => {
    assert.deepEqual(upgradeSql(`    op.add_column("t", sa.Column("c", ${type}))`), expected);
  });
}

test('create_table with a Geometry column gets GeoAlchemy2 spatial index last (recorded)', () => {
  const sql = upgradeSql(`    op.create_table("g", sa.Column("id", sa.Integer, primary_key=True), sa.Column("geom", Geometry("POINT", srid=4326)), sa.Index("explicit", "id"), schema="s")`);
  assert.deepEqual(sql, [
    'CREATE TABLE s.g (\n    id SERIAL NOT NULL, \n    geom geometry(POINT,4326), \n    PRIMARY KEY (id)\n)',
    'CREATE INDEX explicit ON s.g (id)',
    'CREATE INDEX idx_g_geom ON s.g USING gist (geom)',
  ]);
});

test('alter_column to a Geometry type adds no index (recorded)', () => {
  assert.deepEqual(upgradeSql('    op.alter_column("t", "g", type_=Geometry("POINT", srid=4326))'), ['ALTER TABLE t ALTER COLUMN g TYPE geometry(POINT,4326)']);
});

test('what is not modelled stays opaque with the class and the reason', () => {
  const [nd] = upgradeSql('    op.add_column("t", sa.Column("c", Geometry("POINT", use_N_D_index=True)))');
  assert.match(nd, /^OPAQUE: Geometry\(use_N_D_index=True\)/);
  const [order] = upgradeSql('    op.create_table("g", sa.Column("a", sa.Integer, index=True), sa.Column("geom", Geometry("POINT")))');
  assert.match(order, /^OPAQUE: GeoAlchemy2 adds a spatial index/);
  const [dynamic] = upgradeSql('    op.add_column("t", sa.Column("c", sqlalchemy_utils.EmailType(length=LENGTH)))');
  assert.match(dynamic, /^OPAQUE: .*length= of EmailType\(\) is not a literal/);
  const [unknown] = upgradeSql('    op.add_column("t", sa.Column("c", sqlalchemy_utils.StringEncryptedType(sa.Unicode, "key")))');
  assert.match(unknown, /^OPAQUE: .*sqlalchemy_utils\.StringEncryptedType/);
});
