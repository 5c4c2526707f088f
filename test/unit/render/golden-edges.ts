/** Hand-built values for quoting, paramstyle and refused golden cases (see cases.json). */
import type { Operation } from '../../../server/src/engine/ops';
import { ck, col, fk, fn, idx, lit, pg, pk, sa, tableRef, text, uq } from './builders';

const INT = sa('Integer');

export const EDGE_CASES: Record<string, Operation> = {
  quoting_special_identifiers: {
    kind: 'createTable',
    table: 't',
    columns: ['1a', 'a$b', 'q"x', 'p%q', '_ok', '$x', 'Ünï', 'café'].map((name) => col(name, INT)),
    constraints: [],
    indexes: [],
    dialectOptions: {},
  },
  quoting_long_column_name: { kind: 'addColumn', table: 't', column: col('a'.repeat(70), INT) },
  unique_constraint_nulls_not_distinct: {
    kind: 'addConstraint',
    table: 't',
    constraint: uq(['a'], { name: 'uq_t_a', dialectOptions: { postgresql_nulls_not_distinct: true } }),
  },
  create_index_60_char_name: { kind: 'createIndex', table: 't', index: idx('ix_' + 'a'.repeat(60), ['a']) },
  pyformat_server_default: { kind: 'addColumn', table: 't', column: col('pct', sa('String', [10]), { serverDefault: lit('100%') }) },
  pyformat_execute: { kind: 'execute', sql: lit("UPDATE t SET s = '50%' WHERE s LIKE '%x'") },
  pyformat_comment_identifier: { kind: 'createTableComment', table: 'p%q', comment: '100% sure' },
  pyformat_check: { kind: 'addConstraint', table: 't', constraint: ck("name NOT LIKE '%x'", { name: 'ck_pct' }) },
  pyformat_bulk_insert: { kind: 'bulkInsert', table: tableRef('t', [['s', sa('String')]]), rows: [{ s: '5%' }], multiInsert: true },
  refused_long_index_name: { kind: 'createIndex', table: 't', index: idx('ix_' + 'a'.repeat(61), ['a']) },
  refused_long_constraint_name: { kind: 'dropConstraint', name: 'uq_' + 'a'.repeat(61), table: 't' },
  refused_numeric_server_default: { kind: 'addColumn', table: 't', column: col('x', INT, { serverDefault: lit(0) }) },
  refused_using_without_type: { kind: 'alterColumn', table: 't', column: 'x', postgresqlUsing: 'x::int' },
  refused_unnamed_drop_constraint: { kind: 'dropConstraint', name: '', table: 't' },
  refused_enum_without_name: { kind: 'addColumn', table: 't', column: col('x', sa('Enum', ['a', 'b'])) },
  refused_bulk_insert_unknown_column: { kind: 'bulkInsert', table: tableRef('t', [['a', INT]]), rows: [{ b: 1 }], multiInsert: true },
  execute_bind_parameters_become_null: { kind: 'execute', sql: lit("UPDATE t SET note = 'at :noon' WHERE id = :id") },
  execute_escaped_colon_and_casts: { kind: 'execute', sql: lit('UPDATE t SET note = \'a\\:b\', n = n::int, j = \'{"a": 1}\'::jsonb') },
  execute_tabs_become_spaces: { kind: 'execute', sql: lit('\tUPDATE t\tSET a = 1 ') },
  execute_text_bindparams: { kind: 'execute', sql: { kind: 'text', sql: 'UPDATE t SET a = :a, b = :b', params: { a: 5, b: 'x' } } },
  autogenerate_style_table: {
    kind: 'createTable',
    table: 'documents',
    columns: [
      col('id', INT, {
        identity: { always: false, start: 1, increment: 1, minValue: 1, maxValue: 2147483647, cycle: false, cache: 1 },
        autoincrement: true,
        nullable: false,
      }),
      col('data', pg('JSONB', [], { astext_type: sa('Text') }), { nullable: true }),
      col('created', sa('DateTime', [], { timezone: false }), { serverDefault: text('CURRENT_TIMESTAMP'), nullable: false }),
      col('updated', sa('DateTime'), { serverDefault: fn('current_timestamp'), nullable: true }),
      col('uid', pg('UUID', [], { as_uuid: true }), { serverDefault: text('gen_random_uuid()'), nullable: false }),
      col('price', sa('Numeric', [], { precision: 10, scale: 2 }), { nullable: true }),
    ],
    constraints: [pk(['id'], { name: 'pk_documents' })],
    indexes: [],
    dialectOptions: {},
  },
  autogenerate_style_index: { kind: 'createIndex', table: 'documents', index: idx('ix_documents_uid', ['uid']) },
  autogenerate_style_fk: {
    kind: 'addConstraint',
    table: 'documents',
    constraint: fk(['owner_id'], 'users', ['id'], { name: 'fk_documents_owner_id_users', onDelete: 'CASCADE' }),
  },
  server_default_func_with_args: {
    kind: 'addColumn',
    table: 't',
    column: col('d', sa('Date'), { serverDefault: fn('to_date', lit('2020-01-01'), lit('YYYY-MM-DD')) }),
  },
  create_table_postgresql_options: {
    kind: 'createTable',
    table: 'measurements',
    columns: [col('at', sa('Date'), { nullable: false }), col('v', INT)],
    constraints: [],
    indexes: [],
    dialectOptions: {
      postgresql_partition_by: 'RANGE (at)',
      postgresql_with: { fillfactor: 70, autovacuum_enabled: false },
      postgresql_tablespace: 'Fast',
    },
  },
  create_table_inherits_unlogged: {
    kind: 'createTable',
    table: 'child',
    columns: [col('x', INT)],
    constraints: [],
    indexes: [],
    dialectOptions: { postgresql_inherits: ['Parent', 'other'], prefixes: ['UNLOGGED'] },
  },
  create_table_temporary_on_commit: {
    kind: 'createTable',
    table: 'tmp',
    columns: [col('x', INT)],
    constraints: [],
    indexes: [],
    dialectOptions: { prefixes: ['TEMPORARY'], postgresql_on_commit: 'drop' },
  },
  create_table_enum_reused: {
    kind: 'createTable',
    table: 'c',
    columns: [col('a', sa('Enum', ['x', 'y'], { name: 'xy' })), col('b', sa('Enum', ['x', 'y'], { name: 'xy' }))],
    constraints: [],
    indexes: [],
    dialectOptions: {},
  },
  create_table_array_of_enum: {
    kind: 'createTable',
    table: 'c',
    columns: [col('tags', pg('ARRAY', [sa('Enum', ['a', 'b'], { name: 'tag' })]))],
    constraints: [],
    indexes: [],
    dialectOptions: {},
  },
  add_column_inline_references: {
    kind: 'addColumn',
    table: 'posts',
    column: col('owner_id', INT, { foreignKeys: [{ target: 'users.id', onDelete: 'CASCADE' }] }),
    inlineReferences: true,
  },
  add_column_inline_primary_key: { kind: 'addColumn', table: 't', column: col('id', INT, { primaryKey: true }), inlinePrimaryKey: true },
  create_index_with_bool_storage: {
    kind: 'createIndex',
    table: 't',
    index: idx('ix_t_b', ['b'], { dialectOptions: { postgresql_with: { deduplicate_items: false } } }),
  },
};

/** Warnings that come with SQL that is still exactly Alembic's. */
export const WARNING_CODES: Record<string, string[]> = {
  execute_bind_parameters_become_null: ['unbound-text-parameter'],
};

/** The problem code the renderer reports where the real Alembic raises. */
export const REFUSED_CODES: Record<string, string> = {
  refused_long_index_name: 'identifier-too-long',
  refused_long_constraint_name: 'identifier-too-long',
  refused_numeric_server_default: 'invalid-operation-option',
  refused_using_without_type: 'invalid-operation-option',
  refused_unnamed_drop_constraint: 'missing-operation-field',
  refused_enum_without_name: 'invalid-operation-option',
  refused_bulk_insert_unknown_column: 'invalid-operation-option',
};
