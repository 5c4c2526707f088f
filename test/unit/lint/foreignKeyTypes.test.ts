// The pairs foreign-key-type-mismatch judges, as PostgreSQL 15 answered CREATE TABLE p (id <key>
// PRIMARY KEY); CREATE TABLE c (pid <column> REFERENCES p(id)) for each (held-out sweep BG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignKeyTypesMatch } from '../../../server/src/lint/rules/shared/foreignKeyTypes';

const type = (name: string) => ({ name, modifiers: [], isArray: false });

const MEASURED: [key: string, column: string, works: boolean][] = [
  ['uuid', 'varchar', false],
  ['varchar', 'uuid', false],
  ['int4', 'numeric', false],
  ['numeric', 'int4', true],
  ['int8', 'int4', true],
  ['int4', 'int8', true],
  ['varchar', 'text', true],
  ['text', 'varchar', true],
  ['bpchar', 'varchar', true],
  ['timestamp', 'timestamptz', true],
  ['timestamptz', 'timestamp', true],
  ['date', 'timestamp', true],
  ['timestamp', 'date', true],
  ['float8', 'numeric', true],
  ['numeric', 'float8', false],
  ['int4', 'float8', false],
  ['text', 'uuid', false],
  ['int2', 'int8', true],
];

test('each measured pair is judged as PostgreSQL 15 answered it', () => {
  for (const [key, column, works] of MEASURED) assert.equal(foreignKeyTypesMatch(type(column), type(key)), works, `${column} referencing ${key}`);
});

test('types outside the table, and arrays, are not judged', () => {
  assert.equal(foreignKeyTypesMatch(type('my_enum'), type('uuid')), undefined);
  assert.equal(foreignKeyTypesMatch({ ...type('int4'), isArray: true }, type('int4')), undefined);
  assert.equal(foreignKeyTypesMatch(type('serial'), type('int8')), true);
});
