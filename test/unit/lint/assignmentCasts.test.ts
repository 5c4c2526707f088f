// column-type-needs-using's table of conversions, checked against PostgreSQL itself: for every
// pair of these types, ALTER COLUMN ... TYPE without USING is run on PGlite, and the table must
// say "converts" exactly where PostgreSQL accepts the statement (and "fails" where it answers 42804).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { statementToActions } from '../../../server/src/lint/sql/toActions';
import { convertsWithoutUsing } from '../../../server/src/lint/rules/shared/assignmentCasts';
import type { TypeFacts } from '../../../server/src/lint/actions';

const TYPES = ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'text', 'varchar(20)', 'char(5)', 'boolean', 'date', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval', 'uuid', 'json', 'jsonb', 'bytea', 'inet', 'integer[]', 'text[]'];

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

/** The type as the lint reads it from SQL (the same parse the rule sees). */
function factsOf(type: string): TypeFacts {
  const parsed = parseSql(`ALTER TABLE t ALTER COLUMN c TYPE ${type}`);
  assert.ok(parsed?.ok);
  const [action] = statementToActions(parsed.statements[0].node);
  assert.equal(action.kind, 'alterColumnType');
  return (action as { type: TypeFacts }).type;
}

test('the conversions PostgreSQL makes without USING are the table\'s, for every pair of the common types (PGlite)', { timeout: 300_000 }, async () => {
  const db = new PGlite();
  const disagreements: string[] = [];
  for (const from of TYPES) {
    for (const to of TYPES) {
      if (from === to) continue;
      await db.exec('BEGIN');
      let accepted = true;
      try {
        await db.exec(`CREATE TABLE t (c ${from}); ALTER TABLE t ALTER COLUMN c TYPE ${to}`);
      } catch (error) {
        accepted = false;
        assert.equal((error as { code?: string }).code, '42804', `${from} -> ${to}`);
      }
      await db.exec('ROLLBACK');
      const predicted = convertsWithoutUsing(factsOf(from), factsOf(to));
      if (predicted !== accepted) disagreements.push(`${from} -> ${to}: PostgreSQL ${accepted ? 'accepts' : 'refuses'}, the table says ${String(predicted)}`);
    }
  }
  await db.close();
  assert.deepEqual(disagreements, []);
});
