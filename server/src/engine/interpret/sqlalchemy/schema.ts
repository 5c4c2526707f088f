/**
 * Schema constructs: `sa.Column` with its keywords and positional extras, `sa.ForeignKey`,
 * `sa.Identity`, `sa.Computed`, the table-level constraints, `sa.Index` and `sa.Table`.
 */
import type {
  ColumnSpec,
  ConstraintCommon,
  ConstraintSpec,
  ForeignKeyRef,
  IdentitySpec,
  IndexSpec,
  Literal,
  SequenceStatement,
  SqlExpr,
  TableRef,
} from '../../ops';
import type { Arg, CallArgs } from '../args';
import { applicationKind, classify } from '../symbols';
import { toSqlExpr } from './expressions';
import { toSqlType } from './types';
import { opaque, toLiteral, type SequenceSpec, type Value } from '../values';
import type { SourceRange } from '../../../common/range';

type Construct = (args: CallArgs, range: SourceRange) => Value;

function literalOf(args: CallArgs, key: string): Literal | undefined {
  const value = args.keywords.get(key)?.value;
  return value ? toLiteral(value) : undefined;
}

function stringOf(args: CallArgs, key: string): string | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'string' ? literal : undefined;
}

function boolOf(args: CallArgs, key: string): boolean | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'boolean' ? literal : undefined;
}

function numberOf(args: CallArgs, key: string): number | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'number' ? literal : undefined;
}

/** Why a value cannot be a column type, naming where it comes from. */
export function typeProblem(value: Value): string {
  const symbol = value.kind === 'symbol' ? value.qname : value.kind === 'opaque' ? value.symbol : undefined;
  if (symbol && classify(symbol).kind === 'application') {
    const kind = applicationKind(symbol);
    return kind === 'application' ? `column type imported from the application: ${symbol}` : `column type from a third-party package: ${symbol}`;
  }
  if (value.kind === 'opaque') return value.reason;
  return `the column type is not a SQLAlchemy type`;
}

/** A server default as SQL: a plain string is a quoted literal in SQLAlchemy, `sa.text` is raw SQL. */
export function serverDefaultOf(value: Value): SqlExpr | null | undefined {
  if (value.kind === 'none') return null;
  return toSqlExpr(value);
}

export function columnName(value: Value): string | undefined {
  if (value.kind === 'str') return value.value;
  if (value.kind === 'column') return value.spec.name;
  if (value.kind === 'sql' && value.expr.kind === 'column') return value.expr.name;
  return undefined;
}

const COLUMN_IGNORED_KEYWORDS = new Set([
  'default', 'onupdate', 'doc', 'info', 'key', 'quote', 'system', 'insert_default', 'sort_order', 'server_onupdate',
  'name', 'type_', 'use_existing_column', 'insert_sentinel',
]);

function buildColumn(args: CallArgs, range: SourceRange): Value {
  const positional = [...args.positional];
  let name = stringOf(args, 'name');
  if (positional[0]?.value.kind === 'str') name = (positional.shift()!.value as { value: string }).value;
  if (name === undefined) return opaque('sa.Column() without a literal column name');
  const spec: ColumnSpec = { name, primaryKey: false, foreignKeys: [], checks: [], range };
  const typeKeyword = args.keywords.get('type_')?.value;
  if (typeKeyword) {
    const type = toSqlType(typeKeyword);
    if (!type) return opaque(typeProblem(typeKeyword));
    spec.type = type;
  }
  for (const arg of positional) {
    const value = arg.value;
    const type = toSqlType(value);
    if (type && !spec.type) spec.type = type;
    else if (value.kind === 'foreignKey') spec.foreignKeys.push(value.ref);
    else if (value.kind === 'constraint' && value.spec.type === 'check') spec.checks.push(value.spec);
    else if (value.kind === 'identity') spec.identity = value.spec;
    else if (value.kind === 'computed') spec.computed = value.persisted === undefined ? { sql: value.sql } : { sql: value.sql, persisted: value.persisted };
    else if (value.kind === 'sequence') spec.sequence = value.spec.name;
    else if (!spec.type) return opaque(typeProblem(value));
    else return opaque(value.kind === 'opaque' ? value.reason : `unsupported argument to sa.Column(): ${value.kind}`);
  }
  for (const [key, arg] of args.keywords) {
    const value = arg.value;
    if (COLUMN_IGNORED_KEYWORDS.has(key)) continue;
    const literal = toLiteral(value);
    switch (key) {
      case 'nullable':
        if (typeof literal === 'boolean') spec.nullable = literal;
        else if (literal !== null) return opaque('nullable= is not a literal boolean');
        break;
      case 'primary_key':
      case 'unique':
      case 'index':
        if (typeof literal !== 'boolean' && literal !== null) return opaque(`${key}= is not a literal boolean`);
        if (key === 'primary_key') spec.primaryKey = literal === true;
        else if (literal !== null) spec[key] = literal;
        break;
      case 'autoincrement':
        if (typeof literal === 'boolean') spec.autoincrement = literal;
        break;
      case 'comment':
        if (typeof literal === 'string') spec.comment = literal;
        else if (literal !== null) return opaque('comment= is not a literal string');
        break;
      case 'server_default': {
        const expr = serverDefaultOf(value);
        if (expr === undefined) return opaque(value.kind === 'opaque' ? value.reason : 'server_default= is not a literal or SQL expression');
        if (expr !== null) spec.serverDefault = expr;
        break;
      }
      default:
        // Dialect keywords (postgresql_*, mysql_*) do not change PostgreSQL column DDL.
        if (!/^[a-z]+_/.test(key)) return opaque(`unsupported keyword ${key}= of sa.Column()`);
    }
  }
  if (args.unknownSplat) return opaque(`the arguments of sa.Column() are not static: ${args.unknownSplat}`);
  return { kind: 'column', spec };
}

function buildForeignKey(args: CallArgs): Value {
  const target = args.positional[0]?.value ?? args.keywords.get('column')?.value;
  let text: string | undefined;
  if (target?.kind === 'str') text = target.value;
  else if (target?.kind === 'sql' && target.expr.kind === 'column' && target.expr.table) text = `${target.expr.table}.${target.expr.name}`;
  if (text === undefined) return opaque('sa.ForeignKey() target is not a literal "table.column"');
  const ref: ForeignKeyRef = { target: text };
  const name = stringOf(args, 'name');
  if (name !== undefined) ref.name = name;
  const onDelete = stringOf(args, 'ondelete');
  if (onDelete !== undefined) ref.onDelete = onDelete;
  const onUpdate = stringOf(args, 'onupdate');
  if (onUpdate !== undefined) ref.onUpdate = onUpdate;
  const deferrable = boolOf(args, 'deferrable');
  if (deferrable !== undefined) ref.deferrable = deferrable;
  const initially = stringOf(args, 'initially');
  if (initially !== undefined) ref.initially = initially;
  const match = stringOf(args, 'match');
  if (match !== undefined) ref.match = match;
  const useAlter = boolOf(args, 'use_alter');
  if (useAlter !== undefined) ref.useAlter = useAlter;
  return { kind: 'foreignKey', ref };
}

function buildIdentity(args: CallArgs): Value {
  const spec: IdentitySpec = { always: boolOf(args, 'always') ?? false };
  const onNull = boolOf(args, 'on_null');
  if (onNull !== undefined) spec.onNull = onNull;
  const numeric: [keyof IdentitySpec, string][] = [['start', 'start'], ['increment', 'increment'], ['minValue', 'minvalue'], ['maxValue', 'maxvalue'], ['cache', 'cache']];
  for (const [field, key] of numeric) {
    const value = numberOf(args, key);
    if (value !== undefined) (spec as unknown as Record<string, number>)[field] = value;
  }
  const cycle = boolOf(args, 'cycle');
  if (cycle !== undefined) spec.cycle = cycle;
  return { kind: 'identity', spec };
}

function buildComputed(args: CallArgs): Value {
  const sqltext = args.positional[0]?.value ?? args.keywords.get('sqltext')?.value;
  let sql: string | undefined;
  if (sqltext?.kind === 'str') sql = sqltext.value;
  else if (sqltext?.kind === 'sql' && sqltext.expr.kind === 'text') sql = sqltext.expr.sql;
  if (sql === undefined) return opaque('sa.Computed() of a non-literal expression');
  const persisted = boolOf(args, 'persisted');
  return persisted === undefined ? { kind: 'computed', sql } : { kind: 'computed', sql, persisted };
}

/** `name`, `deferrable`, `initially` and dialect keywords shared by every constraint. */
function commonOf(args: CallArgs): ConstraintCommon {
  const common: ConstraintCommon = { dialectOptions: {} };
  const name = stringOf(args, 'name');
  if (name !== undefined) common.name = name;
  const deferrable = boolOf(args, 'deferrable');
  if (deferrable !== undefined) common.deferrable = deferrable;
  const initially = stringOf(args, 'initially');
  if (initially !== undefined) common.initially = initially;
  for (const [key, arg] of args.keywords) {
    if (!/^(postgresql|mysql|sqlite|mssql|oracle)_/.test(key)) continue;
    const literal = toLiteral(arg.value);
    if (literal !== undefined) common.dialectOptions[key] = literal;
    else if (arg.value.kind === 'sql' && arg.value.expr.kind === 'text') common.dialectOptions[key] = arg.value.expr.sql;
  }
  return common;
}

function columnList(values: Value[], what: string): string[] | string {
  const names: string[] = [];
  for (const value of values) {
    const name = columnName(value);
    if (name === undefined) return value.kind === 'opaque' ? value.reason : `${what} column is not a literal name`;
    names.push(name);
  }
  return names;
}

function constraint(spec: ConstraintSpec): Value {
  return { kind: 'constraint', spec };
}

function buildColumnsConstraint(type: 'primaryKey' | 'unique'): Construct {
  return (args) => {
    const columns = columnList(args.positional.map((arg) => arg.value), type === 'primaryKey' ? 'PrimaryKeyConstraint' : 'UniqueConstraint');
    if (typeof columns === 'string') return opaque(columns);
    return constraint({ type, columns, ...commonOf(args) });
  };
}

export function checkSql(value: Value | undefined): SqlExpr | undefined {
  if (!value) return undefined;
  // A plain string given as a condition is SQL text, not a literal.
  if (value.kind === 'str') return { kind: 'text', sql: value.value };
  return value.kind === 'sql' ? value.expr : undefined;
}

function buildCheck(args: CallArgs): Value {
  const sql = checkSql(args.positional[0]?.value ?? args.keywords.get('sqltext')?.value);
  if (!sql) return opaque('sa.CheckConstraint() of a non-literal condition');
  return constraint({ type: 'check', sql, ...commonOf(args) });
}

/** Splits `schema.table.column` references into table, schema and column. */
export function splitReference(reference: string): { schema?: string; table: string; column: string } | undefined {
  const parts = reference.split('.');
  if (parts.length < 2) return undefined;
  const column = parts.pop()!;
  const table = parts.pop()!;
  return parts.length > 0 ? { schema: parts.join('.'), table, column } : { table, column };
}

function buildForeignKeyConstraint(args: CallArgs): Value {
  const local = args.positional[0]?.value ?? args.keywords.get('columns')?.value;
  const remote = args.positional[1]?.value ?? args.keywords.get('refcolumns')?.value;
  if (local?.kind !== 'seq' || remote?.kind !== 'seq') return opaque('sa.ForeignKeyConstraint() without literal column lists');
  const columns = columnList(local.items, 'ForeignKeyConstraint');
  if (typeof columns === 'string') return opaque(columns);
  const references: { schema?: string; table: string; column: string }[] = [];
  for (const item of remote.items) {
    const text = item.kind === 'str' ? item.value : item.kind === 'sql' && item.expr.kind === 'column' && item.expr.table ? `${item.expr.table}.${item.expr.name}` : undefined;
    const reference = text ? splitReference(text) : undefined;
    if (!reference) return opaque('sa.ForeignKeyConstraint() referred column is not a literal "table.column"');
    references.push(reference);
  }
  if (references.length === 0) return opaque('sa.ForeignKeyConstraint() without referred columns');
  const spec: ConstraintSpec = {
    type: 'foreignKey',
    columns,
    referredTable: references[0].table,
    referredColumns: references.map((reference) => reference.column),
    ...commonOf(args),
  };
  if (references[0].schema) spec.referredSchema = references[0].schema;
  const onDelete = stringOf(args, 'ondelete');
  if (onDelete !== undefined) spec.onDelete = onDelete;
  const onUpdate = stringOf(args, 'onupdate');
  if (onUpdate !== undefined) spec.onUpdate = onUpdate;
  const match = stringOf(args, 'match');
  if (match !== undefined) spec.match = match;
  const useAlter = boolOf(args, 'use_alter');
  if (useAlter !== undefined) spec.useAlter = useAlter;
  return constraint(spec);
}

/** `ExcludeConstraint((col, "="), ..., using="gist", where=...)` elements as (expr, operator). */
export function excludeElements(values: Value[]): { expr: SqlExpr; operator: string }[] | string {
  const elements: { expr: SqlExpr; operator: string }[] = [];
  for (const value of values) {
    if (value.kind !== 'seq' || value.items.length !== 2 || value.items[1].kind !== 'str') return 'an exclude element is not a (column, operator) pair';
    const target = value.items[0];
    const expr: SqlExpr | undefined = target.kind === 'str' ? { kind: 'column', name: target.value } : toSqlExpr(target);
    if (!expr) return 'an exclude element column is not static';
    elements.push({ expr, operator: value.items[1].value });
  }
  return elements;
}

export function buildExclude(args: CallArgs): Value {
  const elements = excludeElements(args.positional.map((arg) => arg.value));
  if (typeof elements === 'string') return opaque(elements);
  const spec: ConstraintSpec = { type: 'exclude', elements, ...commonOf(args) };
  const using = stringOf(args, 'using');
  if (using !== undefined) spec.using = using;
  const where = checkSql(args.keywords.get('where')?.value);
  if (where) spec.where = where;
  return constraint(spec);
}

/** Index columns: names stay strings, expressions become SqlExpr. */
export function indexColumns(values: Value[]): (string | SqlExpr)[] | string {
  const columns: (string | SqlExpr)[] = [];
  for (const value of values) {
    if (value.kind === 'str') columns.push(value.value);
    else if (value.kind === 'sql') columns.push(value.expr);
    else if (value.kind === 'column') columns.push(value.spec.name);
    else return value.kind === 'opaque' ? value.reason : 'an index column is not a name or SQL expression';
  }
  return columns;
}

export function indexDialectOptions(keywords: Map<string, Arg>, skip: string[] = []): IndexSpec['dialectOptions'] | string {
  const options: IndexSpec['dialectOptions'] = {};
  for (const [key, arg] of keywords) {
    if (skip.includes(key) || !/^(postgresql|mysql|sqlite|mssql|oracle)_/.test(key)) continue;
    const literal = toLiteral(arg.value);
    if (literal !== undefined) options[key] = literal;
    else if (arg.value.kind === 'sql') options[key] = arg.value.expr;
    else return arg.value.kind === 'opaque' ? arg.value.reason : `${key}= is not a literal or SQL expression`;
  }
  return options;
}

function buildIndex(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name && name.kind !== 'str' && name.kind !== 'none') return opaque('sa.Index() name is not a literal');
  const columns = indexColumns(args.positional.slice(1).map((arg) => arg.value));
  if (typeof columns === 'string') return opaque(columns);
  const options = indexDialectOptions(args.keywords);
  if (typeof options === 'string') return opaque(options);
  const spec: IndexSpec = { columns, unique: boolOf(args, 'unique') ?? false, dialectOptions: options };
  if (name?.kind === 'str') spec.name = name.value;
  return { kind: 'index', spec };
}

function buildTable(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name?.kind !== 'str') return opaque('sa.Table() without a literal name');
  const columns: TableRef['columns'] = [];
  for (const arg of args.positional.slice(2)) {
    if (arg.value.kind === 'column') columns.push({ name: arg.value.spec.name, ...(arg.value.spec.type ? { type: arg.value.spec.type } : {}) });
  }
  const ref: TableRef = { name: name.value, columns };
  const schema = stringOf(args, 'schema');
  if (schema !== undefined) ref.schema = schema;
  return { kind: 'table', ref };
}

function buildSequence(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name?.kind !== 'str') return opaque('sa.Sequence() without a literal name');
  const spec: SequenceSpec = { name: name.value };
  const schema = stringOf(args, 'schema');
  if (schema !== undefined) spec.schema = schema;
  const numeric: [keyof SequenceSpec, string][] = [['start', 'start'], ['increment', 'increment'], ['minValue', 'minvalue'], ['maxValue', 'maxvalue'], ['cache', 'cache']];
  for (const [field, key] of numeric) {
    const value = numberOf(args, key);
    if (value !== undefined) (spec as unknown as Record<string, number>)[field] = value;
  }
  const cycle = boolOf(args, 'cycle');
  if (cycle !== undefined) spec.cycle = cycle;
  return { kind: 'sequence', spec };
}

/** `sa.schema.CreateSequence(seq, if_not_exists=...)` and `DropSequence(seq, if_exists=...)`. */
function sequenceDdl(kind: 'createSequence' | 'dropSequence'): Construct {
  return (args) => {
    const sequence = args.positional[0]?.value ?? args.keywords.get('element')?.value;
    if (sequence?.kind !== 'sequence') return opaque(`${kind === 'createSequence' ? 'CreateSequence' : 'DropSequence'}() of something other than sa.Sequence()`);
    if (kind === 'createSequence') {
      const ifNotExists = boolOf(args, 'if_not_exists');
      return { kind: 'ddl', statement: { kind, ...sequence.spec, ...(ifNotExists !== undefined ? { ifNotExists } : {}) } };
    }
    const ifExists = boolOf(args, 'if_exists');
    const statement: SequenceStatement = { kind, name: sequence.spec.name };
    if (sequence.spec.schema !== undefined) statement.schema = sequence.spec.schema;
    if (ifExists !== undefined) statement.ifExists = ifExists;
    return { kind: 'ddl', statement };
  };
}

export const SCHEMA_CONSTRUCTS: Record<string, Construct> = {
  Column: buildColumn,
  ForeignKey: buildForeignKey,
  Identity: buildIdentity,
  Computed: buildComputed,
  Sequence: buildSequence,
  PrimaryKeyConstraint: buildColumnsConstraint('primaryKey'),
  UniqueConstraint: buildColumnsConstraint('unique'),
  CheckConstraint: buildCheck,
  ForeignKeyConstraint: buildForeignKeyConstraint,
  ExcludeConstraint: buildExclude,
  Index: buildIndex,
  Table: buildTable,
  MetaData: () => opaque('a MetaData object'),
  CreateSequence: sequenceDdl('createSequence'),
  DropSequence: sequenceDdl('dropSequence'),
};
