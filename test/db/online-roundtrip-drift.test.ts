// roundtrip on the embedded database and drift against the test server. roundtrip must report a
// clean history as clean (branches and merge included) and name, per revision, what a downgrade
// fails to undo and an upgrade that cannot run again; drift must find nothing on a database the
// migrations built (PostgreSQL 15 against PGlite's newer version) and name each object that was
// changed behind the migrations' back, reading the database without writing to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dump, fixtures, freshDatabase, lens, psql, projectWithVersions } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const features = path.join(fixtures, 'features', 'alembic.ini');
const roundtripIni = path.join(fixtures, 'default', 'roundtrip.ini');

test('roundtrip: every revision of a clean history, branches and merge included, round-trips', async () => {
  const run = await lens(features, '', ['roundtrip', ':f7']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    run.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/).slice(0, 2).join(' ')).sort(),
    ['ok f1', 'ok f2', 'ok f3', 'ok f4', 'ok f5', 'ok f6a', 'ok f6b', 'ok f7'],
  );
  assert.match(run.stderr, /roundtrip of 8 revision\(s\): 8 clean, 0 with differences, 0 failed/);
});

test('roundtrip: differences per revision (a kept comment and default, an enum left behind) and a failing second upgrade', async () => {
  const run = await lens(roundtripIni, '', ['roundtrip']);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(
    run.stdout,
    [
      'ok       r1 clean round trip',
      'DIFFERS  r2 downgrade keeps a comment and a default',
      '  changed by upgrade + downgrade: column public.orders.total',
      '      before: numeric(10,2) NULL',
      "      after:  numeric(10,2) NULL DEFAULT '0'::numeric COMMENT 'gross'",
      'FAILED   r3 downgrade leaves the enum type behind',
      '  the second upgrade failed at test/fixtures/online/roundtrip-versions/r3_enum_left_behind.py:16: (42710) type "shipment_state" already exists',
      "  statement: CREATE TYPE shipment_state AS ENUM ('packed', 'sent')",
      '  error code: online-statement-failed (docs/rules/online-statement-failed.md)',
      "  left behind by the downgrade: enum public.shipment_state: ('packed', 'sent')",
      '',
    ].join('\n'),
  );
  // A range starting later: the sandbox is brought to r3 first, then r4 is checked alone.
  const later = await lens(roundtripIni, '', ['roundtrip', 'r3:r4']);
  assert.equal(later.status, 1, later.stderr);
  assert.match(later.stdout, /^FAILED {3}r4 second upgrade fails: the sequence stays\n {2}the second upgrade failed at .*r4_second_upgrade_fails\.py:16: \(42P07\) relation "invoice_numbers" already exists/);
});

test('drift: none on a database the migrations built; each hand-made change named; the database is only read', async () => {
  const url = freshDatabase();
  assert.equal((await lens(features, url, ['upgrade', 'f7'])).status, 0);
  const clean = await lens(features, url, ['drift']);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /^no drift: postgres@127\.0\.0\.1:\d+\/online_\w+ matches its migrations at f7\n$/);

  psql(url, 'CREATE INDEX ix_handmade ON billing.invoices (total)');
  psql(url, 'ALTER TABLE billing.customers DROP COLUMN email');
  psql(url, 'ALTER TABLE public.events ALTER COLUMN kind TYPE varchar(50)');
  psql(url, "ALTER TYPE invoice_status ADD VALUE 'void'");
  const before = dump(url);
  const drifted = await lens(features, url, ['drift']);
  assert.equal(drifted.status, 1, drifted.stderr);
  const lines = drifted.stdout.split('\n');
  assert.match(lines[0], /^drift: postgres@127\.0\.0\.1:\d+\/online_\w+ differs from its migrations at f7 in 5 object\(s\):$/);
  // Sorted by kind of object, then name.
  assert.deepEqual(lines.slice(1), [
    '  only in the migrations: column billing.customers.email: character varying(120) NULL',
    '  differs: column public.events.kind',
    '      database:   character varying(50) NOT NULL',
    '      migrations: text NOT NULL',
    '  only in the migrations: constraint billing.customers.uq_customers_email: UNIQUE (email)',
    '  differs: enum public.invoice_status',
    "      database:   ('draft', 'sent', 'paid', 'void')",
    "      migrations: ('draft', 'sent', 'paid')",
    '  only in the database: index billing.ix_handmade: CREATE INDEX ix_handmade ON billing.invoices USING btree (total)',
    '',
  ]);
  assert.equal(dump(url), before, 'drift wrote to the database');
});

// A history whose expected schema cannot be worked out (a step the engine cannot run) is not
// "drift": exit 2, as `diff` reports trouble, so a CI job tells "not checked" from "drifted" (1)
// (held-out sweep AL: the-momentum/open-wearables' head reflects the database).
test('drift: a history it cannot replay is exit 2 with the steps named, not drift', async () => {
  const ini = projectWithVersions('online-drift-opaque-', {
    'd1_reflect.py': '"""d1"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "d1"\ndown_revision = None\n\n\ndef upgrade():\n    for row in op.get_bind().execute(sa.text("SELECT 1")).fetchall():\n        op.execute("SELECT 2")\n\n\ndef downgrade():\n    pass\n',
  });
  const url = freshDatabase();
  // At d1 by its version row: drift must replay d1 to know what the database should hold.
  assert.equal((await lens(ini, url, ['stamp', 'd1'])).status, 0);
  const run = await lens(ini, url, ['drift']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /FAILED: 1 step\(s\) cannot be run statically, so the expected schema is unknown:\n {2}.*d1_reflect\.py:\d+: upgrade\(\) of d1: /);
  assert.match(run.stderr, /error code: online-opaque-refused/);
  assert.equal(run.stdout, '');
});

/** A one-revision project whose env.py runs `statement` before configure (committed, as the online run follows it). */
function projectWhoseEnvRuns(prefix: string, statement: string): string {
  const ini = projectWithVersions(prefix, {
    'c1_items.py': `${migrationHeader('c1', undefined)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.BigInteger(), primary_key=True))


def downgrade():
    op.drop_table("items")
`,
  });
  const envPy = path.join(path.dirname(ini), 'env.py');
  const text = fs.readFileSync(envPy, 'utf8').replace(
    '    with connectable.connect() as connection:\n',
    `    with connectable.connect() as connection:\n        ${statement}\n        connection.commit()\n`,
  );
  assert.notEqual(text, fs.readFileSync(envPy, 'utf8'), 'the fixture env.py has the connect() block');
  fs.writeFileSync(envPy, text.replace('from sqlalchemy import engine_from_config, pool', 'from sqlalchemy import engine_from_config, pool, text'));
  return ini;
}

test('roundtrip and drift refuse an env.py that runs SQL on its connection first (SET search_path), reading and writing nothing', async () => {
  const ini = projectWhoseEnvRuns('replay-refusal-', 'connection.execute(text("SET search_path TO app"))');
  const round = await lens(ini, '', ['roundtrip']);
  assert.notEqual(round.status, 0, round.stdout);
  assert.match(round.stderr, /env\.py runs SQL on its connection before the migrations \(line \d+\), which roundtrip does not replay; nothing was run/);
  const url = freshDatabase();
  const before = dump(url);
  const drift = await lens(ini, url, ['drift']);
  assert.notEqual(drift.status, 0, drift.stdout);
  assert.match(drift.stderr, /which drift does not replay; nothing was read/);
  assert.equal(dump(url), before);
});
