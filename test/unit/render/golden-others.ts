/** Hand-built operation values for index, constraint, comment, execute and bulk_insert golden cases. */
import type { AddConstraintOp, ConstraintSpec, CreateIndexOp, IndexSpec, Operation } from '../../../server/src/engine/ops';
import { bin, ck, colRef, ex, fk, idx, lit, pk, sa, tableRef, text, uq } from './builders';

const INT = sa('Integer');
const STR = sa('String');
const index = (table: string, spec: IndexSpec & { name: string }, extra: Partial<CreateIndexOp> = {}): Operation => ({
  kind: 'createIndex',
  table,
  index: spec,
  ...extra,
});
const constraint = (table: string, spec: ConstraintSpec, extra: Partial<AddConstraintOp> = {}): Operation => ({
  kind: 'addConstraint',
  table,
  constraint: spec,
  ...extra,
});
const dropIndex = (name: string, extra: Partial<Extract<Operation, { kind: 'dropIndex' }>> = {}): Operation => ({
  kind: 'dropIndex',
  name,
  dialectOptions: {},
  ...extra,
});
const roles = tableRef('roles', [
  ['id', INT],
  ['name', STR],
]);

export const OTHER_CASES: Record<string, Operation> = {
  create_index: index('users', idx('ix_users_email', ['email'])),
  create_index_unique: index('users', idx('uq_users_email', ['email'], { unique: true })),
  create_index_multi: index('users', idx('ix_users_email_active', ['email', 'is_active'])),
  create_index_schema: index('audit_log', idx('ix_log_at', ['at']), { schema: 'audit' }),
  create_index_concurrently: index('users', idx('ix_users_bio', ['bio'], { dialectOptions: { postgresql_concurrently: true } })),
  create_index_where: index(
    'users',
    idx('ix_users_active_email', ['email'], { unique: true, dialectOptions: { postgresql_where: text('deleted_at IS NULL') } }),
  ),
  create_index_using: index('docs', idx('ix_docs_body', ['body'], { dialectOptions: { postgresql_using: 'gin' } })),
  create_index_include: index('users', idx('ix_users_email_inc', ['email'], { dialectOptions: { postgresql_include: ['name', 'created_at'] } })),
  create_index_ops: index(
    'users',
    idx('ix_users_name_trgm', ['name'], { dialectOptions: { postgresql_using: 'gin', postgresql_ops: { name: 'gin_trgm_ops' } } }),
  ),
  create_index_expression: index('users', idx('ix_users_lower_email', [text('lower(email)')], { unique: true })),
  create_index_if_not_exists: index('users', idx('ix_users_email', ['email']), { ifNotExists: true }),
  create_index_everything: index(
    'users',
    idx('ix_all', ['email'], {
      unique: true,
      dialectOptions: {
        postgresql_concurrently: true,
        postgresql_using: 'btree',
        postgresql_include: ['id'],
        postgresql_where: text('active'),
      },
    }),
    { schema: 'auth', ifNotExists: true },
  ),
  create_index_reserved: index('order', idx('Ix_Order', ['user', 'Total'])),
  create_index_with_storage: index('t', idx('ix_t_a', ['a'], { dialectOptions: { postgresql_with: { fillfactor: 50 } } })),
  create_index_nulls_not_distinct: index('t', idx('uq_t_a', ['a'], { unique: true, dialectOptions: { postgresql_nulls_not_distinct: true } })),
  create_index_desc_expression: index('t', idx('ix_t_created_desc', [text('created_at DESC')])),
  create_index_string_with_parens_is_a_name: index('t', idx('ix1', ['lower(email)', 'Email', 'x DESC'])),
  create_index_where_string: index('t', idx('ix3', ['a'], { dialectOptions: { postgresql_where: 'active' } })),
  create_index_ops_on_expression: index(
    't',
    idx('ix4', [text('lower(email)')], { dialectOptions: { postgresql_ops: { 'lower(email)': 'text_pattern_ops' } } }),
  ),
  create_index_tablespace: index('t', idx('ix_t_a', ['a'], { dialectOptions: { postgresql_tablespace: 'fast' } })),
  drop_index: dropIndex('ix_users_email', { table: 'users' }),
  drop_index_no_table: dropIndex('ix_users_email'),
  drop_index_schema: dropIndex('ix_log_at', { table: 'audit_log', schema: 'audit' }),
  drop_index_concurrently: dropIndex('ix_users_bio', { table: 'users', dialectOptions: { postgresql_concurrently: true } }),
  drop_index_if_exists: dropIndex('ix_users_bio', { table: 'users', ifExists: true }),
  drop_index_mixed_case: dropIndex('Ix_Order', { table: 'order' }),
  create_foreign_key: constraint('orders', fk(['user_id'], 'users', ['id'], { name: 'fk_orders_user_id' })),
  create_foreign_key_options: constraint(
    'orders',
    fk(['user_id'], 'users', ['id'], {
      name: 'fk_orders_user_id',
      onDelete: 'CASCADE',
      onUpdate: 'SET NULL',
      deferrable: true,
      initially: 'DEFERRED',
      match: 'SIMPLE',
    }),
  ),
  create_foreign_key_schemas: constraint(
    'orders',
    fk(['user_id', 'tenant_id'], 'users', ['id', 'tenant_id'], { name: 'fk_x', referredSchema: 'auth' }),
    { schema: 'sales' },
  ),
  create_foreign_key_not_deferrable: constraint('a', fk(['b_id'], 'b', ['id'], { name: 'fk_y', deferrable: false })),
  create_foreign_key_not_valid: constraint('a', fk(['b_id'], 'b', ['id'], { name: 'fk_z', dialectOptions: { postgresql_not_valid: true } })),
  create_foreign_key_unnamed: constraint('a', fk(['b_id'], 'b', ['id'])),
  create_unique_constraint: constraint('users', uq(['email'], { name: 'uq_users_email' })),
  create_unique_constraint_multi_schema: constraint('members', uq(['team_id', 'user_id'], { name: 'uq_members' }), { schema: 'org' }),
  create_unique_constraint_deferrable: constraint('slots', uq(['pos'], { name: 'uq_pos', deferrable: true, initially: 'DEFERRED' })),
  create_unique_constraint_unnamed: constraint('users', uq(['email'])),
  create_check_constraint: constraint('users', ck("email <> ''", { name: 'ck_users_email' })),
  create_check_constraint_text: constraint('users', ck(text('age >= 0 AND age < 200'), { name: 'ck_age' }), { schema: 'auth' }),
  create_check_constraint_not_valid: constraint('users', ck('age >= 0', { name: 'ck_age', dialectOptions: { postgresql_not_valid: true } })),
  create_check_constraint_percent: constraint('t', ck("name NOT LIKE '%x'", { name: 'ck_pct' })),
  create_primary_key: constraint('users', pk(['id'], { name: 'pk_users' })),
  create_primary_key_composite_schema: constraint('members', pk(['team_id', 'user_id'], { name: 'pk_members' }), { schema: 'org' }),
  create_exclude_constraint: constraint(
    'bookings',
    ex(
      [
        [lit('room_id'), '='],
        [lit('during'), '&&'],
      ],
      { name: 'excl_room_time', using: 'gist' },
    ),
  ),
  create_exclude_constraint_where: constraint('bookings', ex([[lit('room_id'), '=']], { name: 'excl_active', using: 'gist', where: lit('active') })),
  drop_constraint_fk: { kind: 'dropConstraint', name: 'fk_orders_user_id', table: 'orders', constraintType: 'foreignkey' },
  drop_constraint_untyped: { kind: 'dropConstraint', name: 'uq_users_email', table: 'users' },
  drop_constraint_schema: { kind: 'dropConstraint', name: 'ck_age', table: 'users', constraintType: 'check', schema: 'auth' },
  drop_constraint_if_exists: { kind: 'dropConstraint', name: 'uq_users_email', table: 'users', constraintType: 'unique', ifExists: true },
  drop_constraint_quoted: { kind: 'dropConstraint', name: 'PK_Users', table: 'User', constraintType: 'primary' },
  create_table_comment: { kind: 'createTableComment', table: 'users', comment: 'People who log in' },
  create_table_comment_quote_schema: { kind: 'createTableComment', table: 'users', comment: "It's 100% ours", schema: 'auth' },
  drop_table_comment: { kind: 'dropTableComment', table: 'users' },
  drop_table_comment_schema: { kind: 'dropTableComment', table: 'users', existingComment: 'x', schema: 'auth' },
  drop_table_comment_unset: { kind: 'createTableComment', table: 'users', comment: 'New', existingComment: 'Old' },
  execute_string: { kind: 'execute', sql: lit("UPDATE users SET bio = '' WHERE bio IS NULL") },
  execute_text: { kind: 'execute', sql: text('CREATE EXTENSION IF NOT EXISTS pgcrypto') },
  execute_percent: { kind: 'execute', sql: lit("UPDATE t SET s = '50%' WHERE s LIKE '%x'") },
  execute_multiline: {
    kind: 'execute',
    sql: lit('\nCREATE OR REPLACE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql\n'),
  },
  execute_text_backslash: { kind: 'execute', sql: lit("SELECT E'a\\b'") },
  execute_sequence_create: { kind: 'execute', sql: { kind: 'createSequence', name: 'order_seq' } },
  execute_sequence_create_options: {
    kind: 'execute',
    sql: { kind: 'createSequence', name: 'order_seq', start: 100, increment: 10, schema: 'sales' },
  },
  execute_sequence_drop: { kind: 'execute', sql: { kind: 'dropSequence', name: 'order_seq' } },
  execute_update_table: {
    kind: 'execute',
    sql: { kind: 'update', table: tableRef('users', [['status', STR]]), values: { status: lit('active') } },
  },
  execute_update_where: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('users', [
        ['id', INT],
        ['status', STR],
      ]),
      values: { status: lit("it's") },
      where: bin(colRef('id', 'users'), '==', lit(5)),
    },
  },
  execute_update_where_is_null: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('users', [['bio', sa('Text')]]),
      values: { bio: lit('') },
      where: bin(colRef('bio', 'users'), 'is', lit(null)),
    },
  },
  execute_insert_table: {
    kind: 'execute',
    sql: { kind: 'insert', table: roles, values: { id: lit(1), name: lit('admin') } },
  },
  execute_delete_table: {
    kind: 'execute',
    sql: { kind: 'delete', table: tableRef('roles', [['name', STR]]), where: bin(colRef('name', 'roles'), '==', lit('guest')) },
  },
  execute_delete_all_schema: { kind: 'execute', sql: { kind: 'delete', table: tableRef('roles', [], 'auth') } },
  execute_update_and_where: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('users', [
        ['id', INT],
        ['active', sa('Boolean')],
        ['n', INT],
      ]),
      values: { active: lit(false), n: lit(null) },
      where: bin(bin(colRef('active', 'users'), '==', lit(true)), 'and', bin(colRef('n', 'users'), '>', lit(3))),
    },
  },
  execute_update_or_where: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('users', [
        ['a', INT],
        ['b', INT],
      ]),
      values: { a: lit(0) },
      where: bin(bin(colRef('a', 'users'), '==', lit(1)), 'or', bin(colRef('b', 'users'), '!=', lit(2))),
    },
  },
  execute_update_schema_where: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef(
        'users',
        [
          ['id', INT],
          ['name', STR],
        ],
        'auth',
      ),
      values: { name: lit('x') },
      where: bin(colRef('id', 'users', 'auth'), '>=', lit(10)),
    },
  },
  execute_update_from_other_tables: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('people', [
        ['plan_id', INT],
        ['plan_name', STR],
        ['vendor', STR],
      ]),
      values: { plan_id: colRef('id', 'plans') },
      where: bin(
        bin(
          bin(
            bin(bin(colRef('id', 'vendors'), '==', colRef('vendor_id', 'plans')), 'and', bin(colRef('plan_name', 'people'), '==', colRef('name', 'plans'))),
            'and',
            bin(colRef('vendor', 'people'), '==', colRef('name', 'vendors')),
          ),
          'and',
          bin(colRef('name', 'vendors'), '!=', lit('x')),
        ),
        'and',
        bin(colRef('id', 'plans'), '>', lit(3)),
      ),
    },
  },
  execute_update_from_other_schema_tables: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef(
        'people',
        [
          ['a', STR],
          ['b', INT],
        ],
        's1',
      ),
      // Given in this order: SQLAlchemy meets s2.plans first among the values.
      values: { b: colRef('id', 'plans', 's2'), a: colRef('name', 'vendors') },
      where: bin(colRef('a', 'people', 's1'), '==', lit('x')),
    },
  },
  execute_update_where_in_list: {
    kind: 'execute',
    sql: {
      kind: 'update',
      table: tableRef('nodes', [
        ['level', INT],
        ['readable', sa('Boolean')],
      ]),
      values: { readable: lit(false) },
      where: bin(colRef('level', 'nodes'), 'IN', lit([0, 1, null])),
    },
  },
  execute_delete_where_not_in_strings: {
    kind: 'execute',
    sql: {
      kind: 'delete',
      table: tableRef('nodes', [
        ['kind', STR],
        ['level', INT],
      ]),
      where: bin(bin(colRef('kind', 'nodes'), 'NOT IN', lit(['a', "it's"])), 'and', bin(colRef('level', 'nodes'), 'IN', lit(['1', '2']))),
    },
  },
  execute_delete_where_empty_in: {
    kind: 'execute',
    sql: {
      kind: 'delete',
      table: tableRef('nodes', [
        ['level', INT],
        ['kind', STR],
      ]),
      where: bin(bin(colRef('level', 'nodes'), 'IN', lit([])), 'or', bin(colRef('kind', 'nodes'), 'NOT IN', lit([]))),
    },
  },
  execute_delete_using_other_table: {
    kind: 'execute',
    sql: {
      kind: 'delete',
      table: tableRef('people', [['plan_id', INT]]),
      where: bin(bin(colRef('plan_id', 'people'), '==', colRef('id', 'plans')), 'and', bin(colRef('retired', 'plans'), '==', lit(true))),
    },
  },
  bulk_insert: {
    kind: 'bulkInsert',
    table: roles,
    rows: [
      { id: 1, name: 'admin' },
      { id: 2, name: "o'brien" },
    ],
    multiInsert: true,
  },
  bulk_insert_single_insert: {
    kind: 'bulkInsert',
    table: roles,
    rows: [
      { id: 1, name: 'admin' },
      { id: 2, name: 'user' },
    ],
    multiInsert: false,
  },
  bulk_insert_types: {
    kind: 'bulkInsert',
    table: tableRef(
      'data',
      [
        ['n', INT],
        ['f', sa('Float')],
        ['b', sa('Boolean')],
        ['s', STR],
        ['z', STR],
      ],
      'etl',
    ),
    rows: [{ n: -3, f: 1.5, b: true, s: '50%', z: null }],
    multiInsert: true,
  },
  bulk_insert_missing_keys: {
    kind: 'bulkInsert',
    table: tableRef('roles', [
      ['id', INT],
      ['name', STR],
      ['note', STR],
    ]),
    rows: [
      { id: 1, name: 'a' },
      { id: 2, note: 'b' },
    ],
    multiInsert: true,
  },
  bulk_insert_reserved: {
    kind: 'bulkInsert',
    table: tableRef('user', [
      ['order', INT],
      ['Name', STR],
    ]),
    rows: [{ order: 1, Name: 'x' }],
    multiInsert: true,
  },
  bulk_insert_key_order: { kind: 'bulkInsert', table: roles, rows: [{ name: 'z', id: 9 }], multiInsert: true },
};
