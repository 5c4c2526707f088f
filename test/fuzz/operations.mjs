#!/usr/bin/env node
// Writes migration files made of random Alembic operations, for a differential test against the
// real Alembic (test/diff/sql-fuzz.test.ts; by hand: test/corpus/check-against-alembic.ts):
//
//   node test/fuzz/operations.mjs --out DIR [--seed S] [--count N]
//
// Each file has an upgrade() and a downgrade() of one to four operations drawn from Alembic's
// operation API as PostgreSQL projects use it: tables with columns of every common SQLAlchemy and
// PostgreSQL type, defaults, keys, constraints, comments, identity and computed columns; column
// changes with and without their existing state; indexes (unique, partial, expression, USING,
// INCLUDE, CONCURRENTLY, IF NOT EXISTS); constraints, renames, comments, bulk_insert and execute.
// Names are drawn from plain ones, keywords, mixed case, spaces and quotes, and schemas. Only
// calls Alembic accepts are meant to be drawn: one it refuses shows as "refused" in the harness,
// which the test treats as a finding (the engine printed SQL where Alembic raises).
// Output is deterministic for a given seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../../bench/history/random.mjs';

/** The benchmark histories' seeded generator (the same sequence on every machine), from the seed as given. */
function randomFrom(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

const PLAIN = ['orders', 'accounts', 'line_items', 'events', 'tenants', 'audit_log', 'sessions', 'invoices'];
const ODD_TABLES = ['user', 'order', 'Group', 'MixedCase', 'with space', 'select', 'table', 'x1', 'data-set', 'naïve', 'pct%table', `t_${'long'.repeat(14)}`];
const COLUMNS = ['id', 'name', 'status', 'created_at', 'amount', 'owner_id', 'payload', 'note', 'email', 'score', 'kind'];
const ODD_COLUMNS = ['type', 'from', 'Value', 'user', 'check', 'default', 'camelCase', 'two words', 'limit', 'is', 'rate%', `c_${'wide'.repeat(15)}`];
const SCHEMAS = [undefined, undefined, undefined, 'public', 'billing', 'Reports'];

function pyString(text) {
  return JSON.stringify(text);
}

export function makeFuzzer(seed) {
  const r = randomFrom(seed);
  const tableName = () => (r.chance(0.75) ? r.pick(PLAIN) : r.pick(ODD_TABLES));
  const columnName = () => (r.chance(0.75) ? r.pick(COLUMNS) : r.pick(ODD_COLUMNS));
  const constraintName = (prefix) => (r.chance(0.8) ? `${prefix}_${r.pick(PLAIN)}_${r.int(100)}` : r.pick(['Mixed_Name', 'order', 'with space', `${prefix}_${'x'.repeat(40)}`, `${prefix}_${'y'.repeat(70)}`, `${prefix}_50%`]));
  const schemaKw = () => {
    const schema = r.pick(SCHEMAS);
    return schema === undefined ? [] : [`schema=${pyString(schema)}`];
  };
  const enumName = () => r.pick(['status_enum', 'kind', 'Mood', 'order_state']);
  const enumValues = () => r.pick([["'a'", "'b'"], ["'new'", "'paid'", "'shipped'"], ["'it''s'", "'x y'"].map((v) => v), ['"O\'Brien"', "'two'"]]);

  /** A SQLAlchemy type expression; `server` is a suitable server_default, or undefined. */
  function columnType() {
    const choices = [
      () => ({ type: 'sa.Integer()', server: () => r.pick(['"0"', 'sa.text("42")', "'7'"]) }),
      () => ({ type: 'sa.BigInteger()', server: () => '"0"' }),
      () => ({ type: 'sa.SmallInteger()', server: () => '"1"' }),
      () => ({ type: r.pick(['sa.String()', 'sa.String(32)', 'sa.String(length=255)', 'sa.Unicode(40)', 'sa.VARCHAR(10)', 'sa.String(20, collation="C")', 'sa.CHAR(2)']), server: () => r.pick(['"x"', "\"it's\"", 'sa.text("\'abc\'")', '""']) }),
      () => ({ type: r.pick(['sa.Text()', 'sa.UnicodeText()', 'sa.Text(collation="en_US")']), server: () => '"none"' }),
      () => ({ type: 'sa.Boolean()', server: () => r.pick(['sa.text("true")', 'sa.false()', 'sa.true()', '"false"', 'sa.sql.expression.false()']) }),
      () => ({ type: r.pick(['sa.DateTime()', 'sa.DateTime(timezone=True)', 'postgresql.TIMESTAMP(timezone=True, precision=3)', 'sa.TIMESTAMP()']), server: () => r.pick(['sa.func.now()', 'sa.text("now()")', 'sa.text("CURRENT_TIMESTAMP")', 'sa.func.current_timestamp()']) }),
      () => ({ type: r.pick(['sa.Date()', 'sa.Time()', 'sa.Time(timezone=True)', 'sa.Interval()', 'postgresql.INTERVAL(fields="DAY")']), server: () => undefined }),
      () => ({ type: r.pick(['sa.Numeric()', 'sa.Numeric(10, 2)', 'sa.Numeric(precision=12, scale=4)', 'sa.Float()', 'sa.Float(precision=53)', 'sa.REAL()', 'postgresql.DOUBLE_PRECISION()', 'sa.Double()']), server: () => r.pick(['"0"', '"1.5"', 'sa.text("0.0")']) }),
      () => ({ type: r.pick(['sa.LargeBinary()', 'postgresql.BYTEA()']), server: () => undefined }),
      () => ({ type: r.pick(['sa.JSON()', 'postgresql.JSON()', 'postgresql.JSONB()', 'postgresql.JSONB(astext_type=sa.Text())']), server: () => r.pick(['sa.text("\'{}\'::jsonb")', '"{}"', "'[]'"]) }),
      () => ({ type: r.pick(['postgresql.UUID()', 'postgresql.UUID(as_uuid=True)', 'sa.Uuid()', 'sa.UUID()']), server: () => r.pick(['sa.text("gen_random_uuid()")', 'sa.func.gen_random_uuid()']) }),
      () => ({ type: r.pick(['postgresql.ARRAY(sa.Integer())', 'sa.ARRAY(sa.String())', 'postgresql.ARRAY(sa.Text(), dimensions=2)', 'postgresql.ARRAY(postgresql.UUID())']), server: () => r.pick(['"{}"', 'sa.text("\'{}\'")', undefined]) }),
      () => ({ type: r.pick(['postgresql.INET()', 'postgresql.CIDR()', 'postgresql.MACADDR()', 'postgresql.TSVECTOR()', 'postgresql.HSTORE()', 'postgresql.MONEY()', 'postgresql.BIT(3)', 'postgresql.INT4RANGE()', 'postgresql.TSTZRANGE()', 'postgresql.OID()', 'postgresql.CITEXT()']), server: () => undefined }),
      () => ({ type: `postgresql.ENUM(${enumValues().join(', ')}, name=${pyString(enumName())}${r.chance(0.5) ? ', create_type=False' : ''})`, server: () => undefined }),
      () => ({ type: `sa.Enum(${enumValues().join(', ')}, name=${pyString(enumName())}${r.chance(0.3) ? ', native_enum=False' : ''}${r.chance(0.2) ? ', create_constraint=True' : ''}${r.chance(0.15) ? `, schema=${pyString(r.pick(['billing', 'Reports']))}` : ''}${r.chance(0.1) ? ', inherit_schema=True' : ''})`, server: () => undefined }),
      // An enum class defined in the file (each migration defines Mood and Color).
      () => ({ type: `sa.Enum(${r.pick(['Mood', 'Color'])}${r.chance(0.5) ? `, name=${pyString(r.pick(['mood', 'color_kind']))}` : ''}${r.chance(0.3) ? ', native_enum=False' : ''}${r.chance(0.2) ? ', values_callable=lambda members: [member.value for member in members]' : ''})`, server: () => undefined }),
      () => ({ type: `postgresql.ARRAY(${r.pick(['sa.Enum("a", "b", name="tags_kind")', 'postgresql.ENUM("x", "y", name="arr_enum", create_type=False)', 'sa.String(20)'])})`, server: () => undefined }),
      () => ({ type: r.pick(['sa.Integer()', 'sa.BigInteger()']), server: () => r.pick(['sa.text("nextval(\'seq_a\'::regclass)")', 'sa.literal_column("1")', "'100%'", 'sa.text("\'a%b\'")']), extra: () => (r.chance(0.5) ? `sa.Sequence(${pyString(r.pick(['seq_a', 'Order_Seq']))}${r.chance(0.3) ? ', start=5, increment=2' : ''})` : undefined) }),
    ];
    return r.pick(choices)();
  }

  /** `sa.Column(...)`; `inTable` allows keys, uniques and indexes that only create_table renders. */
  function column(name, { inTable, forAdd, withReference } = {}) {
    const { type, server, extra } = columnType();
    const args = [pyString(name), type];
    const extraArgument = extra?.();
    if (extraArgument !== undefined) args.push(extraArgument);
    if (r.chance(0.06)) args.push(`sa.CheckConstraint(${pyString(r.pick([`${name} IS NOT NULL`, 'length(x) > 0']))}${r.chance(0.5) ? `, name=${pyString(constraintName('ck'))}` : ''})`);
    if ((inTable && r.chance(0.15)) || withReference) args.push(`sa.ForeignKey(${pyString(`${r.pick(PLAIN)}.id`)}${r.chance(0.5) ? `, ondelete=${pyString(r.pick(['CASCADE', 'SET NULL', 'RESTRICT']))}` : ''}${r.chance(0.2) ? ', deferrable=True, initially="DEFERRED"' : ''}${r.chance(0.2) ? `, name=${pyString(constraintName('fk'))}` : ''})`);
    if (type.startsWith('sa.Integer') && r.chance(0.15)) args.push(r.pick(['sa.Identity()', 'sa.Identity(always=True)', 'sa.Identity(start=10, increment=5)', 'sa.Identity(start=1, cycle=True, minvalue=1, maxvalue=1000)']));
    else if (type.startsWith('sa.Integer') && r.chance(0.1)) args.push(`sa.Computed(${pyString(`${r.pick(COLUMNS)} + 1`)}${r.chance(0.5) ? ', persisted=True' : ''})`);
    if (r.chance(0.5)) args.push(`nullable=${r.chance(0.5) ? 'True' : 'False'}`);
    const defaultValue = r.chance(forAdd ? 0.4 : 0.25) ? server() : undefined;
    if (defaultValue !== undefined) args.push(`server_default=${defaultValue}`);
    if (inTable && r.chance(0.1)) args.push('unique=True');
    if (inTable && r.chance(0.1)) args.push('index=True');
    if (r.chance(0.1)) args.push(`comment=${pyString(r.pick(['the owner', "it's here", 'multi\nline', '100% sure']))}`);
    if (inTable && r.chance(0.05)) args.push('autoincrement=False');
    return `sa.Column(${args.join(', ')})`;
  }

  function createTable() {
    const name = tableName();
    const names = [...new Set(Array.from({ length: 1 + r.int(5) }, columnName))];
    const parts = [pyString(name)];
    let pk = false;
    if (r.chance(0.7)) {
      parts.push(`sa.Column("id", ${r.pick(['sa.Integer()', 'sa.BigInteger()', 'postgresql.UUID()', 'sa.Integer(), sa.Identity()'])}, ${r.chance(0.8) ? 'primary_key=True' : 'nullable=False'})`);
      pk = true;
    }
    for (const columnNameValue of names) if (columnNameValue !== 'id') parts.push(column(columnNameValue, { inTable: true }));
    if (pk && r.chance(0.2)) parts.push(`sa.PrimaryKeyConstraint("id"${r.chance(0.5) ? `, name=${pyString(constraintName('pk'))}` : ''})`);
    if (r.chance(0.2) && names.length > 0) parts.push(`sa.UniqueConstraint(${names.slice(0, 2).map(pyString).join(', ')}${r.chance(0.5) ? `, name=${pyString(constraintName('uq'))}` : ''}${r.chance(0.1) ? ', deferrable=True' : ''})`);
    if (r.chance(0.2) && names.length > 0) parts.push(`sa.CheckConstraint(${pyString(r.pick(['amount > 0', 'length(name) < 100', "status IN ('a', 'b')", 'score >= 0 AND score <= 100']))}${r.chance(0.6) ? `, name=${pyString(constraintName('ck'))}` : ''})`);
    if (r.chance(0.15) && names.length > 0) parts.push(`sa.ForeignKeyConstraint([${pyString(names[0])}], [${pyString(`${r.pick(PLAIN)}.id`)}]${r.chance(0.5) ? `, name=${pyString(constraintName('fk'))}` : ''}${r.chance(0.3) ? ', ondelete="CASCADE"' : ''}${r.chance(0.2) ? ', onupdate="CASCADE"' : ''}${r.chance(0.15) ? ', match="FULL"' : ''})`);
    if (r.chance(0.1) && names.length > 0) parts.push(`sa.Index(${pyString(constraintName('ix'))}, ${pyString(names[0])}${r.chance(0.5) ? ', unique=True' : ''})`);
    if (r.chance(0.05) && names.length > 0) parts.push(`postgresql.ExcludeConstraint((sa.column(${pyString(names[0])}), "=")${r.chance(0.5) ? ', using="gist"' : ''}${r.chance(0.5) ? `, name=${pyString(constraintName('ex'))}` : ''}${r.chance(0.3) ? ', where=sa.text("amount > 0")' : ''})`);
    parts.push(...schemaKw());
    if (r.chance(0.1)) parts.push(`comment=${pyString(r.pick(['all the orders', "the user's", 'a "quoted" one']))}`);
    if (r.chance(0.1)) parts.push('if_not_exists=True');
    if (r.chance(0.05)) parts.push('postgresql_partition_by="RANGE (created_at)"');
    return `op.create_table(${parts.join(', ')})`;
  }

  function alterColumn() {
    const args = [pyString(tableName()), pyString(columnName())];
    const { type } = columnType();
    const changes = r.int(4);
    if (changes === 0 || r.chance(0.3)) args.push(`nullable=${r.chance(0.5) ? 'True' : 'False'}`);
    if (changes === 1 || r.chance(0.25)) args.push(`type_=${type}`);
    if (changes === 1 && r.chance(0.4)) args.push(`postgresql_using=${pyString(`${r.pick(COLUMNS)}::text`)}`);
    if (changes === 2 || r.chance(0.2)) args.push(`server_default=${r.pick(['None', 'sa.text("0")', '"x"', 'sa.func.now()', "'it''s'"])}`);
    if (changes === 3 || r.chance(0.15)) args.push(`new_column_name=${pyString(columnName())}`);
    if (r.chance(0.15)) args.push(`comment=${r.pick(['None', '"changed"', "\"it's\""])}`);
    if (r.chance(0.4)) args.push(`existing_type=${columnType().type}`);
    if (r.chance(0.3)) args.push(`existing_nullable=${r.chance(0.5) ? 'True' : 'False'}`);
    if (r.chance(0.2)) args.push(`existing_server_default=${r.pick(['sa.text("0")', '"y"', 'None'])}`);
    if (r.chance(0.1)) args.push(`existing_comment=${pyString('old')}`);
    args.push(...schemaKw());
    return `op.alter_column(${args.join(', ')})`;
  }

  function createIndex() {
    const table = tableName();
    const cols = [...new Set(Array.from({ length: 1 + r.int(3) }, columnName))];
    const elements = cols.map((c) => (r.chance(0.15) ? `sa.text(${pyString(r.pick([`lower(${c})`, `${c} DESC`, `(${c} || 'x')`]))})` : r.chance(0.1) ? `sa.column(${pyString(c)}).desc()` : pyString(c)));
    const args = [r.chance(0.9) ? pyString(constraintName('ix')) : 'None', pyString(table), `[${elements.join(', ')}]`];
    if (r.chance(0.3)) args.push('unique=True');
    if (r.chance(0.2)) args.push(`postgresql_where=sa.text(${pyString(r.pick(['deleted_at IS NULL', "status = 'open'", 'amount > 0']))})`);
    if (r.chance(0.15)) args.push(`postgresql_using=${pyString(r.pick(['gin', 'btree', 'hash', 'gist', 'brin']))}`);
    if (r.chance(0.1)) args.push(`postgresql_include=[${pyString(r.pick(COLUMNS))}]`);
    if (r.chance(0.1)) args.push(`postgresql_with={"fillfactor": 70}`);
    if (r.chance(0.1)) args.push('postgresql_nulls_not_distinct=True');
    if (r.chance(0.1)) args.push(`postgresql_ops={${pyString(cols[0])}: "text_pattern_ops"}`);
    if (r.chance(0.1)) args.push(`postgresql_tablespace=${pyString('fast')}`);
    if (r.chance(0.15)) args.push('if_not_exists=True');
    args.push(...schemaKw());
    const call = `op.create_index(${args.join(', ')}${r.chance(0.2) ? ', postgresql_concurrently=True' : ''})`;
    return call;
  }

  function dropIndex() {
    const args = [pyString(constraintName('ix'))];
    if (r.chance(0.8)) args.push(`table_name=${pyString(tableName())}`);
    if (r.chance(0.2)) args.push('postgresql_concurrently=True');
    if (r.chance(0.15)) args.push('if_exists=True');
    args.push(...schemaKw());
    return `op.drop_index(${args.join(', ')})`;
  }

  function createForeignKey() {
    const args = [r.chance(0.9) ? pyString(constraintName('fk')) : 'None', pyString(tableName()), pyString(tableName()), `[${pyString(columnName())}]`, `[${pyString('id')}]`];
    if (r.chance(0.3)) args.push(`ondelete=${pyString(r.pick(['CASCADE', 'SET NULL', 'SET DEFAULT', 'NO ACTION']))}`);
    if (r.chance(0.2)) args.push(`onupdate=${pyString('CASCADE')}`);
    if (r.chance(0.25)) args.push(`deferrable=${r.chance(0.6) ? 'True' : 'False'}`);
    if (r.chance(0.1)) args.push(`initially=${pyString(r.pick(['DEFERRED', 'IMMEDIATE']))}`);
    if (r.chance(0.1)) args.push('match="FULL"');
    if (r.chance(0.15)) args.push(`source_schema=${pyString(r.pick(['public', 'billing', 'Reports']))}`);
    if (r.chance(0.15)) args.push(`referent_schema=${pyString(r.pick(['public', 'billing']))}`);
    if (r.chance(0.15)) args.push('postgresql_not_valid=True');
    return `op.create_foreign_key(${args.join(', ')})`;
  }

  function addColumn() {
    const args = [pyString(tableName()), column(columnName(), { forAdd: true, withReference: r.chance(0.2) })];
    args.push(...schemaKw());
    if (r.chance(0.1)) args.push('if_not_exists=True');
    if (r.chance(0.1)) args.push('inline_references=True');
    if (r.chance(0.05)) args.push('inline_primary_key=True');
    return `op.add_column(${args.join(', ')})`;
  }

  const operations = [
    [createTable, 5],
    [addColumn, 5],
    [alterColumn, 5],
    [createIndex, 4],
    [dropIndex, 2],
    [createForeignKey, 3],
    [() => `op.drop_column(${[pyString(tableName()), pyString(columnName()), ...schemaKw(), ...(r.chance(0.1) ? ['if_exists=True'] : [])].join(', ')})`, 2],
    [() => `op.drop_table(${[pyString(tableName()), ...schemaKw(), ...(r.chance(0.1) ? ['if_exists=True'] : [])].join(', ')})`, 1],
    [() => `op.rename_table(${[pyString(tableName()), pyString(tableName()), ...schemaKw()].join(', ')})`, 1],
    [() => `op.create_unique_constraint(${[r.chance(0.85) ? pyString(constraintName('uq')) : 'None', pyString(tableName()), `[${[...new Set([columnName(), columnName()])].map(pyString).join(', ')}]`, ...schemaKw(), ...(r.chance(0.15) ? ['deferrable=True', 'initially="DEFERRED"'] : []), ...(r.chance(0.1) ? ['postgresql_nulls_not_distinct=True'] : [])].join(', ')})`, 2],
    [() => `op.create_check_constraint(${[pyString(constraintName('ck')), pyString(tableName()), r.pick(['"amount > 0"', 'sa.text("length(name) > 2")', 'sa.column("score") >= 0', "\"status <> 'gone'\"", 'sa.and_(sa.column("a") > 1, sa.column("b") < 5)']), ...schemaKw(), ...(r.chance(0.15) ? ['postgresql_not_valid=True'] : [])].join(', ')})`, 2],
    [() => `op.create_primary_key(${[pyString(constraintName('pk')), pyString(tableName()), `[${pyString('id')}${r.chance(0.3) ? `, ${pyString(columnName())}` : ''}]`, ...schemaKw()].join(', ')})`, 1],
    [() => `op.drop_constraint(${[pyString(constraintName(r.pick(['fk', 'uq', 'ck', 'pk']))), pyString(tableName()), ...(r.chance(0.7) ? [`type_=${pyString(r.pick(['foreignkey', 'unique', 'check', 'primary']))}`] : []), ...schemaKw(), ...(r.chance(0.1) ? ['if_exists=True'] : [])].join(', ')})`, 2],
    [() => `op.create_table_comment(${[pyString(tableName()), pyString(r.pick(['a table', "it's", 'x\ny'])), ...(r.chance(0.3) ? ['existing_comment="old"'] : []), ...schemaKw()].join(', ')})`, 1],
    [() => `op.drop_table_comment(${[pyString(tableName()), ...(r.chance(0.3) ? ['existing_comment="old"'] : []), ...schemaKw()].join(', ')})`, 1],
    [() => `op.execute(${r.pick(['"UPDATE orders SET status = \'x\' WHERE status IS NULL"', 'sa.text("DELETE FROM events WHERE id < 10")', '"CREATE EXTENSION IF NOT EXISTS pg_trgm"', "\"COMMENT ON TABLE orders IS 'it''s'\""])})`, 1],
    [bulkInsert, 2],
    [dml, 2],
    [batchBlock, 3],
    [createThenInsert, 1],
    [() => `op.create_exclude_constraint(${[pyString(constraintName('ex')), pyString(tableName()), `(${pyString(columnName())}, "&&")`, ...(r.chance(0.5) ? ['using="gist"'] : []), ...(r.chance(0.3) ? ['where=sa.text("kind = 1")'] : []), ...schemaKw()].join(', ')})`, 1],
  ];
  const weightTotal = operations.reduce((sum, [, weight]) => sum + weight, 0);
  const operation = () => {
    let at = r.int(weightTotal);
    for (const [make, weight] of operations) {
      if (at < weight) return make();
      at -= weight;
    }
    throw new Error('unreachable');
  };

  function bulkInsert() {
    const kinds = [
      ['sa.Integer', () => String(r.int(1000) - 100)],
      ['sa.String', () => r.pick(['"plain"', "\"it's\"", '"back\\\\slash"', '"100%"', '"line\\nbreak"', 'None', '""'])],
      ['sa.Boolean', () => r.pick(['True', 'False', 'None'])],
      // An integral float (2.0) has no SQL literal in the engine (an opaque step), never a wrong one.
      ['sa.Numeric', () => r.pick(['1.5', '0', '-3.25', '10', '10.0'])],
      ['sa.Float', () => r.pick(['1.5', '0.25', '1e-05', '-2.5e-07', '2.0'])],
      ['sa.Date', () => r.pick(['datetime.date(2020, 1, 2)', 'None'])],
      ['sa.DateTime', () => r.pick(['datetime.datetime(2021, 5, 6, 7, 8, 9)', 'datetime.datetime(2021, 5, 6, 7, 8, 9, 123)'])],
      ['sa.JSON', () => r.pick(['{"a": 1}', '[1, 2]', '{"k": "it\'s"}'])],
      ['postgresql.JSONB', () => r.pick(['{"a": [1, None]}', '{}'])],
      ['postgresql.ARRAY(sa.Integer)', () => r.pick(['[1, 2, 3]', '[]'])],
    ];
    const columns = Array.from({ length: 1 + r.int(3) }, () => [columnName(), r.pick(kinds)]);
    const unique = [...new Map(columns.map(([n, k]) => [n, k])).entries()];
    const rows = Array.from({ length: 1 + r.int(3) }, () => `{${unique.map(([n, [, value]]) => `${pyString(n)}: ${value()}`).join(', ')}}`);
    const table = `sa.table(${[pyString(tableName()), ...unique.map(([n, [type]]) => `sa.column(${pyString(n)}, ${type}${type.includes('(') ? '' : '()'})`)].join(', ')})`;
    return `op.bulk_insert(${table}, [${rows.join(', ')}]${r.chance(0.3) ? ', multiinsert=False' : ''})`;
  }

  /** `with op.batch_alter_table(...) as batch_op:` and a few of its operations (PostgreSQL alters in place). */
  function batchBlock() {
    const table = tableName();
    const header = `with op.batch_alter_table(${[pyString(table), ...schemaKw()].join(', ')}) as batch_op:`;
    const statements = Array.from({ length: 1 + r.int(3) }, () =>
      r.pick([
        () => `batch_op.add_column(${column(columnName(), { forAdd: true })})`,
        () => `batch_op.drop_column(${pyString(columnName())})`,
        () => `batch_op.alter_column(${[pyString(columnName()), `nullable=${r.chance(0.5) ? 'True' : 'False'}`, ...(r.chance(0.4) ? [`existing_type=${columnType().type}`] : []), ...(r.chance(0.3) ? [`type_=${columnType().type}`] : []), ...(r.chance(0.2) ? [`new_column_name=${pyString(columnName())}`] : [])].join(', ')})`,
        () => `batch_op.create_index(${pyString(constraintName('ix'))}, [${pyString(columnName())}]${r.chance(0.3) ? ', unique=True' : ''})`,
        () => `batch_op.drop_index(${pyString(constraintName('ix'))})`,
        () => `batch_op.create_unique_constraint(${pyString(constraintName('uq'))}, [${pyString(columnName())}])`,
        () => `batch_op.create_foreign_key(${pyString(constraintName('fk'))}, ${pyString(tableName())}, [${pyString(columnName())}], ["id"]${r.chance(0.3) ? ', ondelete="CASCADE"' : ''})`,
        () => `batch_op.drop_constraint(${pyString(constraintName(r.pick(['fk', 'uq', 'ck'])))}${r.chance(0.6) ? `, type_=${pyString(r.pick(['foreignkey', 'unique', 'check']))}` : ''})`,
        () => `batch_op.create_check_constraint(${pyString(constraintName('ck'))}, ${r.pick(['"amount > 0"', 'sa.text("score < 10")'])})`,
      ])(),
    );
    return [header, ...statements.map((statement) => `    ${statement}`)].join('\n    ');
  }

  /** A create_table whose Table object a bulk_insert then fills. */
  function createThenInsert() {
    const table = tableName();
    const key = r.pick(['sa.Integer()', 'sa.BigInteger()', 'sa.String(10)']);
    const create = `created = op.create_table(${[pyString(table), `sa.Column("id", ${key}, primary_key=True)`, 'sa.Column("name", sa.String(40))', ...schemaKw()].join(', ')})`;
    const rows = Array.from({ length: 1 + r.int(3) }, (_, at) => `{${r.chance(0.7) ? `"id": ${key === 'sa.String(10)' ? pyString(`k${at}`) : at + 1}, ` : ''}"name": ${pyString(r.pick(['one', "it's", '50%']))}}`);
    return `${create}
    op.bulk_insert(created, [${rows.join(', ')}])`;
  }

  function dml() {
    const table = `sa.table(${pyString(tableName())}, sa.column("id", sa.Integer()), sa.column("status", sa.String()), sa.column("amount", sa.Numeric()))`;
    return r.pick([
      `op.execute(${table}.update().where(sa.column("id") == ${r.int(50)}).values(status=${r.pick(['"done"', "\"it's\"", 'None'])}))`,
      `op.execute(${table}.delete().where(sa.column("status") == "gone"))`,
      `op.execute(${table}.insert().values(id=${r.int(9)}, status="new"))`,
      `op.execute(${table}.update().values(amount=sa.column("amount") * 2))`,
      `op.execute(${table}.delete().where(sa.column("status").in_(["a", "b"])))`,
      `op.execute(${table}.update().where(sa.column("status").is_(None)).values(status="x"))`,
    ]);
  }

  return { operation, int: r.int, chance: r.chance };
}

/** Writes `count` migration files (one revision each, a straight line) into `out`. */
export function writeFuzzMigrations({ out, seed = 1, count = 100 }) {
  const fuzzer = makeFuzzer(seed);
  mkdirSync(out, { recursive: true });
  const files = [];
  let previous = 'None';
  for (let at = 0; at < count; at++) {
    const revision = `f${String(seed).padStart(4, '0')}${String(at).padStart(6, '0')}`;
    const body = (n) => (n === 0 ? '    pass\n' : Array.from({ length: n }, () => `    ${fuzzer.operation()}\n`).join(''));
    const text = `"""fuzz ${at}\n\nRevision ID: ${revision}\nRevises: ${previous === 'None' ? '' : previous.slice(1, -1)}\n"""\nimport datetime\nimport enum\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n\nclass Mood(enum.Enum):\n    happy = "h"\n    sad = "s"\n\n\nclass Color(str, enum.Enum):\n    RED = "red"\n    DARK_BLUE = "dark blue"\n\n\nrevision = "${revision}"\ndown_revision = ${previous}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n${body(1 + fuzzer.int(4))}\n\ndef downgrade():\n${body(fuzzer.int(4))}`;
    const file = join(out, `${revision}_fuzz.py`);
    writeFileSync(file, text);
    files.push(file);
    previous = `"${revision}"`;
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const out = option('--out');
  if (!out) throw new Error('usage: operations.mjs --out DIR [--seed S] [--count N]');
  const files = writeFuzzMigrations({ out: resolve(out), seed: Number(option('--seed', '1')), count: Number(option('--count', '100')) });
  process.stdout.write(`wrote ${files.length} migrations to ${resolve(out)}\n`);
}
