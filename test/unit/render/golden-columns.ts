/** Hand-built operation values for the add/drop/alter column golden cases (see cases.json). */
import type { AddColumnOp, AlterColumnOp, ColumnSpec, Operation } from '../../../server/src/engine/ops';
import { ck, col, fkRef, fn, lit, pg, sa, text } from './builders';

const INT = sa('Integer');
const add = (table: string, column: ColumnSpec, extra: Partial<AddColumnOp> = {}): Operation => ({ kind: 'addColumn', table, column, ...extra });
const alter = (table: string, column: string, extra: Partial<AlterColumnOp> = {}): Operation => ({ kind: 'alterColumn', table, column, ...extra });

export const COLUMN_CASES: Record<string, Operation> = {
  add_column_text: add('users', col('bio', sa('Text'))),
  add_column_not_null_default: add('users', col('is_admin', sa('Boolean'), { nullable: false, serverDefault: text('false') })),
  add_column_string_default: add('users', col('locale', sa('String', [8]), { nullable: false, serverDefault: lit('en') })),
  add_column_schema: add('users', col('age', INT), { schema: 'auth' }),
  add_column_if_not_exists: add('users', col('age', INT), { ifNotExists: true }),
  add_column_fk: add('posts', col('editor_id', INT, { foreignKeys: [fkRef('users.id')] })),
  add_column_fk_named_options: add('posts', col('editor_id', INT, { foreignKeys: [fkRef('users.id', { name: 'fk_posts_editor', onDelete: 'CASCADE' })] }), {
    schema: 'blog',
  }),
  add_column_enum: add('tickets', col('kind', sa('Enum', ['bug', 'feature'], { name: 'ticket_kind' }), { nullable: true })),
  add_column_comment: add('users', col('nick', sa('String', [20]), { comment: 'Display name' })),
  add_column_reserved: add('user', col('group', sa('String', [20]))),
  add_column_array_default: add('users', col('tags', pg('ARRAY', [sa('String')]), { serverDefault: lit('{}'), nullable: false })),
  add_column_func_default: add('users', col('updated_at', sa('DateTime', [], { timezone: true }), { serverDefault: fn('now') })),
  add_column_identity: add('users', col('seq', INT, { identity: { always: true } })),
  add_column_computed: add('boxes', col('volume', INT, { computed: { sql: lit('w * h * d') } })),
  add_column_pk_integer: add('t', col('id', INT, { primaryKey: true })),
  add_column_unique_index: add('users', col('handle', sa('String', [30]), { unique: true, index: true })),
  add_column_unique: add('users', col('handle', sa('String', [30]), { unique: true })),
  add_column_check: add('users', col('age', INT, { checks: [ck('age > 0', { name: 'ck_age' })] })),
  drop_column: { kind: 'dropColumn', table: 'users', column: 'bio' },
  drop_column_schema: { kind: 'dropColumn', table: 'users', column: 'age', schema: 'auth' },
  drop_column_if_exists: { kind: 'dropColumn', table: 'users', column: 'age', ifExists: true },
  drop_column_mixed_case: { kind: 'dropColumn', table: 'Users', column: 'FirstName' },
  alter_column_nullable_false: alter('users', 'email', { existingType: sa('String', [255]), nullable: false }),
  alter_column_nullable_true: alter('users', 'email', { nullable: true }),
  alter_column_existing_only: alter('users', 'email', { existingType: sa('String', [64]), existingNullable: true }),
  alter_column_type: alter('users', 'age', { type: sa('BigInteger') }),
  alter_column_type_using: alter('users', 'age', { type: INT, postgresqlUsing: 'age::integer' }),
  alter_column_rename: alter('users', 'email', { newName: 'mail' }),
  alter_column_server_default_set: alter('users', 'status', { serverDefault: lit('active') }),
  alter_column_server_default_text: alter('users', 'created_at', { serverDefault: text('now()') }),
  alter_column_server_default_drop: alter('users', 'status', { serverDefault: null }),
  alter_column_comment: alter('users', 'email', { comment: 'Login e-mail', existingType: sa('String', [255]) }),
  alter_column_comment_drop: alter('users', 'email', { comment: null }),
  alter_column_everything: alter('users', 'x', {
    type: INT,
    postgresqlUsing: 'x::integer',
    nullable: false,
    serverDefault: lit('0'),
    newName: 'y',
    comment: 'c',
    schema: 'app',
  }),
  alter_column_reserved: alter('user', 'order', { nullable: false, newName: 'Position' }),
  alter_column_type_enum: alter('tickets', 'status', { type: sa('Enum', ['a', 'b'], { name: 'st' }), postgresqlUsing: 'status::st' }),
  alter_column_type_varchar_timestamp: alter('users', 'seen', { type: sa('DateTime', [], { timezone: true }), existingType: sa('DateTime') }),
  alter_column_server_default_func: alter('users', 'created_at', { serverDefault: fn('now'), existingType: sa('DateTime') }),
  alter_column_type_array: alter('users', 'tags', { type: pg('ARRAY', [sa('Text')]), postgresqlUsing: 'tags::text[]' }),
};
