/**
 * Table-level schema constructs: the constraints, `sa.Index` and `sa.Table`, and the map of
 * every schema construct by name (column-level ones live in columns.ts).
 */
import type { SourceRange } from '../../../common/range';
import type { ColumnSpec, ConstraintCommon, ConstraintSpec, IndexSpec, SqlExpr, TableRef } from '../../ops';
import { generatedKeys } from './generatedKeys';
import type { Arg, CallArgs } from '../args';
import { opaque, raising, toLiteral, type Value } from '../values';
import { refusedDialectArgument } from './dialectArguments';
import { dialectOptionsOf } from './dialectOptions';
import { buildColumn, buildComputed, buildForeignKey, buildIdentity, buildSequence, columnName, sequenceDdl, tableColumn } from './columns';
import { toSqlExpr } from './expressions';
import { boolOf, stringOf, truthOf } from './keywords';
import { toSqlType } from './types';
import { flaggedIndexName, unmodelledQuote } from './quoteFlags';

export { columnName, serverDefaultOf, serverDefaultProblem, typeProblem } from './columns';

type Construct = (args: CallArgs, range: SourceRange) => Value;

function commonOf(args: CallArgs): ConstraintCommon {
  const common: ConstraintCommon = { dialectOptions: dialectOptionsOf(args) };
  const name = stringOf(args, 'name');
  if (name !== undefined) common.name = name;
  const deferrable = truthOf(args, 'deferrable');
  if (deferrable !== undefined) common.deferrable = deferrable;
  const initially = stringOf(args, 'initially');
  if (initially !== undefined) common.initially = initially;
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

function constraint(spec: ConstraintSpec, given?: readonly Value[]): Value {
  const columnObjects = given && objectsAmong(given);
  return columnObjects ? { kind: 'constraint', spec, columnObjects } : { kind: 'constraint', spec };
}

/**
 * Which of the given columns are not strings (Column objects, column expressions), or undefined
 * when all are: a Table looks a string up among its columns' keys, and takes an object as it is.
 */
function objectsAmong(given: readonly Value[]): boolean[] | undefined {
  return given.some((value) => value.kind !== 'str') ? given.map((value) => value.kind !== 'str') : undefined;
}

function buildColumnsConstraint(type: 'primaryKey' | 'unique'): Construct {
  return (args) => {
    const construct = type === 'primaryKey' ? 'PrimaryKeyConstraint' : 'UniqueConstraint';
    const columns = columnList(args.positional.map((arg) => arg.value), construct);
    if (typeof columns === 'string') return opaque(columns);
    const refused = refusedDialectArgument(construct, args.keywords.keys());
    if (refused) return raising(refused);
    return constraint({ type, columns, ...commonOf(args) }, args.positional.map((arg) => arg.value));
  };
}

export function checkSql(value: Value | undefined): SqlExpr | undefined {
  if (!value) return undefined;
  // A plain string given as a condition is SQL text, not a literal.
  if (value.kind === 'str') return { kind: 'text', sql: value.value };
  return value.kind === 'sql' ? value.expr : undefined;
}

/**
 * The arguments SQLAlchemy's signature takes positionally after the first `leading` ones
 * (`CheckConstraint(sqltext, name, deferrable, initially)`), moved to the keywords they bind.
 * Undefined when Python would refuse the call (an argument given twice) or when more are given
 * than `names` lists (the later parameters, such as `table=`, are not followed).
 */
function positionalAsKeywords(args: CallArgs, leading: number, names: readonly string[]): CallArgs | undefined {
  if (args.positional.length <= leading) return args;
  if (args.positional.length > leading + names.length || args.unknownSplat) return undefined;
  const keywords = new Map(args.keywords);
  for (let index = leading; index < args.positional.length; index++) {
    const name = names[index - leading];
    if (keywords.has(name)) return undefined;
    keywords.set(name, args.positional[index]);
  }
  return { ...args, positional: args.positional.slice(0, leading), keywords };
}

function buildCheck(given: CallArgs): Value {
  const args = positionalAsKeywords(given, 1, ['name', 'deferrable', 'initially']);
  if (!args) return opaque('sa.CheckConstraint() with positional arguments beyond sqltext, name, deferrable and initially, or one given twice');
  const condition = args.positional[0]?.value ?? args.keywords.get('sqltext')?.value;
  const sql = checkSql(condition);
  if (!sql) {
    // A condition Python refuses to build (`case([...])`, SQLAlchemy 1's form) fails the call: say why.
    if (condition?.kind === 'opaque' && condition.raises) return raising(condition.reason);
    return opaque(`sa.CheckConstraint() of a non-literal condition${condition?.kind === 'opaque' ? ` (${condition.reason})` : ''}`);
  }
  const refused = refusedDialectArgument('CheckConstraint', args.keywords.keys());
  if (refused) return raising(refused);
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

function buildForeignKeyConstraint(given: CallArgs): Value {
  const args = positionalAsKeywords(given, 2, ['name', 'onupdate', 'ondelete', 'deferrable', 'initially', 'use_alter']);
  if (!args) return opaque('sa.ForeignKeyConstraint() with positional arguments beyond name, onupdate, ondelete, deferrable, initially and use_alter, or one given twice');
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
  if (references.length !== columns.length) return raising('ArgumentError: ForeignKeyConstraint number of constrained columns must match the number of referenced columns.');
  const refused = refusedDialectArgument('ForeignKeyConstraint', args.keywords.keys());
  if (refused) return raising(refused);
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
  return constraint(spec, local.items);
}

/** `ExcludeConstraint((col, "="), ..., using="gist", where=...)` elements as (expr, operator). */
export function excludeElements(values: Value[]): { expr: SqlExpr; operator: string }[] | string {
  const elements: { expr: SqlExpr; operator: string }[] = [];
  for (const value of values) {
    // The operator is a string, or text() of one (SQLAlchemy prints either as written).
    const operator = value.kind === 'seq' && value.items.length === 2 ? value.items[1] : undefined;
    const operatorText = operator?.kind === 'str' ? operator.value : operator?.kind === 'sql' && operator.expr.kind === 'text' ? operator.expr.sql : undefined;
    if (value.kind !== 'seq' || operatorText === undefined) return 'an exclude element is not a (column, operator) pair';
    const target = value.items[0];
    const expr: SqlExpr | undefined = target.kind === 'str' ? { kind: 'column', name: target.value } : toSqlExpr(target);
    if (!expr) return 'an exclude element column is not static';
    elements.push({ expr, operator: operatorText });
  }
  return elements;
}

/** `ops={"slot": "range_ops"}`: a dict of strings, or a reason when it is not one. */
export function excludeOps(value: Value | undefined): Record<string, string> | undefined | string {
  if (value === undefined || value.kind === 'none') return undefined;
  if (value.kind !== 'dict') return 'the ops of an exclusion constraint are not a dict of strings';
  const ops: Record<string, string> = {};
  for (const entry of value.entries) {
    if (entry.key.kind !== 'str' || entry.value.kind !== 'str') return 'the ops of an exclusion constraint are not a dict of strings';
    ops[entry.key.value] = entry.value.value;
  }
  return ops;
}

export function buildExclude(args: CallArgs): Value {
  const elements = excludeElements(args.positional.map((arg) => arg.value));
  if (typeof elements === 'string') return opaque(elements);
  const ops = excludeOps(args.keywords.get('ops')?.value);
  if (typeof ops === 'string') return opaque(ops);
  const spec: ConstraintSpec = { type: 'exclude', elements, ...commonOf(args), ...(ops ? { ops } : {}) };
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

export function indexDialectOptions(keywords: ReadonlyMap<string, Arg>, skip: string[] = []): IndexSpec['dialectOptions'] | string {
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
  const flagged = flaggedIndexName(args.positional[0]?.value);
  const name = flagged ? { kind: 'str' as const, value: flagged.name } : args.positional[0]?.value;
  if (name && name.kind !== 'str' && name.kind !== 'none') return name.kind === 'opaque' ? name : opaque('sa.Index() name is not a literal');
  const columns = indexColumns(args.positional.slice(1).map((arg) => arg.value));
  if (typeof columns === 'string') return opaque(columns);
  const refused = refusedDialectArgument('Index', args.keywords.keys());
  if (refused) return raising(refused);
  const options = indexDialectOptions(args.keywords);
  if (typeof options === 'string') return opaque(options);
  const spec: IndexSpec = { columns, unique: boolOf(args, 'unique') ?? false, dialectOptions: options };
  if (name?.kind === 'str') spec.name = name.value;
  const quoteArg = args.keywords.get('quote')?.value;
  const given = truthOf(args, 'quote');
  const quote = given ?? flagged?.quote;
  if (quoteArg !== undefined && quoteArg.kind !== 'none' && given === undefined) return quoteArg.kind === 'opaque' ? quoteArg : opaque('sa.Index() with a quote= known only at run time');
  // SQLAlchemy makes the given name a quoted_name; a naming convention's name replaces it, quote and all.
  if (quote !== undefined && spec.name !== undefined) spec.quote = quote;
  const columnObjects = objectsAmong(args.positional.slice(1).map((arg) => arg.value));
  return columnObjects ? { kind: 'index', spec, columnObjects } : { kind: 'index', spec };
}

function buildTable(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name?.kind !== 'str') return opaque('sa.Table() without a literal name');
  // A reflected table (manila's load_table helper) has the columns the database holds when the
  // migration runs, not the ones written here (often none).
  const reflection = args.keywords.get('autoload_with')?.value ?? args.keywords.get('autoload')?.value;
  if (reflection !== undefined && reflection.kind !== 'none' && !(reflection.kind === 'bool' && !reflection.value)) {
    return opaque(`sa.Table("${name.value}", ..., autoload_with=...) reads its columns from the database at run time`);
  }
  // A Table given no columns is the one its MetaData already holds, which `meta.reflect()` fills
  // from the database (lear's `Table('office_types', meta)` after a reflect): not known here.
  if (args.positional.length <= 2 && !args.unknownSplat) return opaque(`sa.Table("${name.value}", metadata) without columns takes them from its MetaData, which reflection may have filled`);
  const columns: TableRef['columns'] = [];
  const specs: ColumnSpec[] = [];
  const constraints: ConstraintSpec[] = [];
  let unread = false;
  for (const arg of args.positional.slice(2)) {
    // A Column the engine cannot read (an application type it does not follow: rally's
    // TypeDecorator with load_dialect_impl) is still one of the table's columns: left out, a
    // statement naming it was refused for an undeclared column.
    if (arg.value.kind === 'opaque' && arg.value.columnOf !== undefined) {
      return opaque(`sa.Table("${name.value}") has a column the engine cannot read (${arg.value.columnOf}: ${arg.value.reason})`);
    }
    if (arg.value.kind === 'column') {
      columns.push(tableColumn(arg.value.spec));
      specs.push(arg.value.spec);
    } else if (arg.value.kind === 'constraint') constraints.push(arg.value.spec);
    else if (arg.value.kind !== 'index') unread = true;
  }
  const ref: TableRef = { name: name.value, columns };
  // What `sa.select(table)` lists must be every column.
  if (unread || args.unknownSplat) ref.incompleteColumns = true;
  // schema= (None: the MetaData's, as when left out); a schema known only at run time would be
  // silently dropped from the statements, so the table is opaque.
  const schema = args.keywords.get('schema')?.value;
  const metadata = args.positional[1]?.value ?? args.keywords.get('metadata')?.value;
  const inherited = metadata?.kind === 'opaque' ? metadata.metadataSchema : undefined;
  if (schema !== undefined && schema.kind !== 'none') {
    if (schema.kind !== 'str') return opaque(`sa.Table("${name.value}", ..., schema=...) of a schema known only at run time${schema.kind === 'opaque' ? ` (${schema.reason})` : ''}`);
    ref.schema = schema.value;
  } else if (inherited && 'unknown' in inherited) return opaque(`sa.Table("${name.value}") takes the schema of its MetaData, known only at run time (${inherited.unknown})`);
  else if (inherited) ref.schema = inherited.known;
  const quoteProblem = unmodelledQuote(name.value, args.keywords.get('quote')?.value, 'quote', `sa.Table("${name.value}")`)
    ?? (ref.schema === undefined ? undefined : unmodelledQuote(ref.schema, args.keywords.get('quote_schema')?.value, 'quote_schema', `sa.Table("${name.value}")`));
  if (quoteProblem !== undefined) return opaque(quoteProblem);
  const implicitReturning = args.keywords.get('implicit_returning')?.value;
  const keys = generatedKeys(specs, constraints, !(implicitReturning?.kind === 'bool' && !implicitReturning.value));
  if (keys) ref.generatedKeys = keys;
  return { kind: 'table', ref };
}

/** `sa.MetaData(...)`: opaque, with the default schema its Tables take when it sets one. */
function buildMetaData(args: CallArgs): Value {
  // SQLAlchemy 2 dropped bound metadata (`MetaData(bind=op.get_bind())`, for reflection in 1.x: lear).
  if (args.keywords.has('bind')) return raising("MetaData.__init__() got an unexpected keyword argument 'bind'");
  const schema = args.keywords.get('schema')?.value ?? args.positional[0]?.value;
  if (schema === undefined || schema.kind === 'none') return opaque('a MetaData object');
  const metadataSchema = schema.kind === 'str' ? { known: schema.value } : { unknown: schema.kind === 'opaque' ? schema.reason : 'a schema that is not a string' };
  return { kind: 'opaque', reason: 'a MetaData object', metadataSchema };
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
  // SQLAlchemy 2 dropped bound metadata (`MetaData(bind=op.get_bind())`, for reflection in 1.x: lear).
  MetaData: buildMetaData,
  CreateSequence: sequenceDdl('createSequence'),
  CreateSchema: schemaDdl('createSchema'),
  DropSchema: schemaDdl('dropSchema'),
  DropSequence: sequenceDdl('dropSequence'),
  CreateEnumType: enumTypeDdl('createEnumType'),
  DropEnumType: enumTypeDdl('dropEnumType'),
  DefaultClause: buildDefaultClause,
  FetchedValue: buildFetchedValue,
};

/**
 * `sa.DefaultClause('true')` / `sa.schema.DefaultClause(sa.text('now()'))`: a server default of
 * its own, which a Column takes positionally or as server_default (sqlalchemy/columns.ts).
 * DefaultClause.__init__ checks its argument's type: a string, or a SQL construct.
 */
function buildDefaultClause(args: CallArgs): Value {
  const forUpdate = forUpdateOf(args);
  if (forUpdate.kind !== 'bool') return forUpdate;
  const arg = args.positional[0]?.value ?? args.keywords.get('arg')?.value;
  if (arg === undefined) return raising("TypeError: DefaultClause.__init__() missing 1 required positional argument: 'arg'");
  if (arg.kind !== 'opaque' && arg.kind !== 'str' && arg.kind !== 'sql' && arg.kind !== 'column') {
    return raising(`ArgumentError: Argument 'arg' is expected to be one of type '<class 'str'>' or '<class 'sqlalchemy.sql.elements.ClauseElement'>' or '<class 'sqlalchemy.sql.elements.TextClause'>', got ${arg.kind === 'defaultClause' ? "'<class 'sqlalchemy.sql.schema.DefaultClause'>'" : `a ${arg.kind}`}`);
  }
  return forUpdate.value ? { kind: 'defaultClause', arg, forUpdate: true } : { kind: 'defaultClause', arg };
}

/** `sa.FetchedValue(for_update=False)`: the server fills the column (or, for_update, updates it) by means the DDL does not show. */
function buildFetchedValue(args: CallArgs): Value {
  const forUpdate = forUpdateOf(args, args.positional[0]?.value);
  if (forUpdate.kind !== 'bool') return forUpdate;
  return forUpdate.value ? { kind: 'fetchedValue', forUpdate: true } : { kind: 'fetchedValue' };
}

/** `for_update=` of DefaultClause and FetchedValue, as a literal bool (its truth), or the opaque value it is. */
function forUpdateOf(args: CallArgs, positional?: Value): Value {
  const given = positional ?? args.keywords.get('for_update')?.value;
  if (given === undefined) return { kind: 'bool', value: false };
  const truth = toLiteral(given);
  if (truth === undefined || (typeof truth !== 'boolean' && truth !== null)) return given.kind === 'opaque' ? given : opaque('for_update= is not a literal boolean');
  return { kind: 'bool', value: truth === true };
}

/**
 * `op.execute(postgresql.CreateEnumType(ENUM(..., name="x")))` and `DropEnumType(...)`: the type's
 * CREATE TYPE / DROP TYPE, as its create() and drop() print them (enumDdl.ts).
 */
function enumTypeDdl(kind: 'createEnumType' | 'dropEnumType'): Construct {
  const label = kind === 'createEnumType' ? 'CreateEnumType' : 'DropEnumType';
  return (args) => {
    const type = args.positional[0] ? toSqlType(args.positional[0].value) : undefined;
    if (!type || (type.name !== 'Enum' && type.name !== 'ENUM')) return opaque(`${label}() of something other than an enum type`);
    const name = type.kwargs.name;
    const schema = type.kwargs.schema;
    if (typeof name !== 'string') return opaque(`${label}() of an enum without a literal name`);
    if (schema !== undefined && schema !== null && typeof schema !== 'string') return opaque(`${label}() of an enum whose schema is not a literal`);
    const values = type.args.filter((arg): arg is string => typeof arg === 'string');
    if (values.length !== type.args.length) return opaque(`${label}() of an enum whose values are not literal strings`);
    const inSchema = typeof schema === 'string' ? { schema } : {};
    return { kind: 'ddl', statement: kind === 'createEnumType' ? { kind, name, values, ...inSchema } : { kind, name, ...inSchema } };
  };
}

/**
 * `CreateSchema(name, if_not_exists=...)` / `DropSchema(name, cascade=..., if_exists=...)`:
 * SQLAlchemy's schema DDL, printed by `op.execute()` as SQLAlchemy compiles it (the name quoted
 * when PostgreSQL needs it). A name or flag that is not a literal stays opaque.
 */
function schemaDdl(kind: 'createSchema' | 'dropSchema'): Construct {
  const label = kind === 'createSchema' ? 'CreateSchema' : 'DropSchema';
  const flags = kind === 'createSchema' ? ['if_not_exists'] : ['if_exists', 'cascade'];
  return (args) => {
    const name = args.positional[0]?.value ?? args.keywords.get('name')?.value;
    if (name?.kind !== 'str') return opaque(`${label}() of a schema name that is not a literal string`);
    if (args.unknownSplat || args.positional.length > 1 || [...args.keywords.keys()].some((key) => key !== 'name' && !flags.includes(key))) return opaque(`${label}() with arguments the engine does not model`);
    const given: Record<string, boolean> = {};
    for (const flag of flags) {
      const value = args.keywords.get(flag)?.value;
      if (value === undefined) continue;
      if (value.kind !== 'bool') return opaque(`${label}(${flag}=...) is not a literal boolean`);
      given[flag] = value.value;
    }
    if (kind === 'createSchema') return { kind: 'ddl', statement: { kind, name: name.value, ...(given.if_not_exists !== undefined ? { ifNotExists: given.if_not_exists } : {}) } };
    return { kind: 'ddl', statement: { kind, name: name.value, ...(given.if_exists !== undefined ? { ifExists: given.if_exists } : {}), ...(given.cascade !== undefined ? { cascade: given.cascade } : {}) } };
  };
}
