/**
 * The name of a PostgreSQL named type (an enum) as SQLAlchemy's `format_type` writes it in DDL:
 * quoted, with its schema. SQLAlchemy refuses a schema-less one named like a built-in type
 * (`sa.Enum(..., name="name")`, `name="text"`: altair), which that type would obscure, with a
 * CompileError; so does this renderer.
 */
import type { RenderState } from './context';
import { qualifiedName } from './identifiers';

/** PostgreSQL's `ischema_names` in SQLAlchemy 2.1 (the names it reflects as built-in types). */
const BUILT_IN_TYPE_NAMES = new Set([
  '"char"', '_array', 'bigint', 'bit', 'bit varying', 'boolean', 'bytea', 'character', 'character varying', 'cidr', 'citext',
  'date', 'datemultirange', 'daterange', 'double precision', 'float', 'hstore', 'inet', 'int4multirange', 'int4range',
  'int8multirange', 'int8range', 'integer', 'interval', 'json', 'jsonb', 'macaddr', 'macaddr8', 'money', 'name', 'numeric',
  'nummultirange', 'numrange', 'oid', 'real', 'regclass', 'smallint', 'text', 'time', 'time with time zone',
  'time without time zone', 'timestamp', 'timestamp with time zone', 'timestamp without time zone', 'tsmultirange', 'tsrange',
  'tstzmultirange', 'tstzrange', 'tsvector', 'uuid',
]);

export function namedTypeName(name: string, schema: string | undefined, state: RenderState): string {
  if (schema === undefined && BUILT_IN_TYPE_NAMES.has(name)) {
    state.report('invalid-operation-option', `The enum type has name '${name}' that matches an existing type, and requires an explicit schema name in order to be rendered in DDL: SQLAlchemy refuses it (CompileError), so Alembic's \`--sql\` fails here. Rename the type or give it a schema.`);
  }
  return qualifiedName(name, schema, state);
}
