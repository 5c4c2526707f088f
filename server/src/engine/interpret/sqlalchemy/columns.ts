/**
 * Column-level constructs: `sa.Column` with its keywords and positional extras, `sa.ForeignKey`,
 * `sa.Identity`, `sa.Computed`, `sa.Sequence` and the sequence DDL elements.
 */
import type { SourceRange } from '../../../common/range';
import type { CheckConstraintSpec, ClientDefault, ColumnSpec, ForeignKeyRef, IdentitySpec, IntegerOption, SequenceStatement, SqlExpr, SqlType, TableRef } from '../../ops';
import type { Arg, CallArgs } from '../args';
import { applicationKind, classify } from '../symbols';
import { opaque, raising, toLiteral, truthiness, type SequenceSpec, type Value } from '../values';
import { requiresQuotes } from '../../render/identifiers';
import { toSqlExpr } from './expressions';
import { dialectOptionsOf } from './dialectOptions';
import { refusedDialectArgument } from './dialectArguments';
import { boolOf, integerOptionOf, stringOf, truthOf } from './keywords';
import { toSqlType } from './types';
import { unmodelledQuote } from './quoteFlags';
import { isServerSideItem, serverSideOf } from './serverSideItems';

export function typeProblem(value: Value): string {
  const symbol = value.kind === 'symbol' ? value.qname : value.kind === 'opaque' ? value.symbol : undefined;
  if (symbol && classify(symbol).kind === 'application') {
    const kind = applicationKind(symbol);
    return kind === 'application' ? `column type imported from the application: ${symbol}` : kind === 'standard library' ? `column type from the standard library: ${symbol}` : `column type from a third-party package: ${symbol}`;
  }
  if (value.kind === 'opaque') return value.reason;
  if (value.kind === 'pythonInstance') return `the column type is an object of the application's class ${value.cls.where}, not a SQLAlchemy type`;
  return `the column type is not a SQLAlchemy type`;
}

/** A server default as SQL: a plain string is a quoted literal in SQLAlchemy, `sa.text` is raw SQL. */
export function serverDefaultOf(value: Value): SqlExpr | null | undefined {
  // Column wraps server_default in a DefaultClause unless it is one already, and takes one made
  // `for_update=True` as a plain default (FetchedValue._as_for_update(False)).
  if (value.kind === 'defaultClause') return serverDefaultOf(value.arg);
  // sa.FetchedValue(): the server fills the column by other means; CREATE TABLE and ADD COLUMN print no DEFAULT.
  if (value.kind === 'none' || value.kind === 'fetchedValue') return null;
  // SQLAlchemy's DefaultClause takes a string, sa.text() or a SQL expression: a Python bool raises
  // ArgumentError (`server_default=True` fails the migration; sa.true() is meant). A number does
  // too; it stays a literal here, which the renderer refuses (renderServerDefault).
  if (value.kind === 'bool') return undefined;
  return toSqlExpr(value);
}

/** Why `server_default=<value>` has no SQL: SQLAlchemy's refusal of a bool, or the value's own reason. */
export function serverDefaultProblem(value: Value, keyword = 'server_default'): string {
  if (value.kind === 'bool') {
    return `${keyword}=${value.value ? 'True' : 'False'} is refused by SQLAlchemy (ArgumentError: it takes a string, sa.text() or a SQL expression such as sa.${value.value ? 'true' : 'false'}())`;
  }
  return value.kind === 'opaque' ? value.reason : `${keyword}= is not a literal or SQL expression`;
}

export function columnName(value: Value): string | undefined {
  if (value.kind === 'str') return value.value;
  if (value.kind === 'column') return value.spec.name;
  if (value.kind === 'sql' && value.expr.kind === 'column') return value.expr.name;
  return undefined;
}

const COLUMN_IGNORED_KEYWORDS = new Set([
  'default', 'onupdate', 'doc', 'info', 'key', 'quote', 'insert_default', 'sort_order', 'server_onupdate',
  'name', 'type_', 'use_existing_column', 'insert_sentinel',
]);

/**
 * `sa.Column(...)`; one the engine cannot read keeps its name (`columnOf`), so that a Table made
 * of it is known to have such a column (schema.ts buildTable).
 */
export function buildColumn(args: CallArgs, range: SourceRange): Value {
  const column = readColumn(args, range);
  if (column.kind !== 'opaque' || column.raises) return column;
  const leading = args.positional[0]?.value;
  const name = leading?.kind === 'str' ? leading.value : stringOf(args, 'name');
  return name === undefined ? column : { ...column, columnOf: name };
}

function readColumn(args: CallArgs, range: SourceRange): Value {
  const positional = args.positional;
  let name = stringOf(args, 'name');
  // The positional arguments after a literal name (read in place, not from a shifted copy).
  let first = 0;
  const leading = positional[0]?.value;
  // Why the name is forced into quotes PostgreSQL does not need (quote=True, quoted_name(..., True)).
  let forcedQuote: string | undefined;
  const quoteFlag = args.keywords.get('quote')?.value;
  if (leading?.kind === 'str') {
    name = leading.value;
    first = 1;
  } else if (leading?.kind === 'opaque' && leading.quotedName?.quote === true && leading.text !== undefined && (quoteFlag === undefined || quoteFlag.kind === 'none')) {
    name = leading.text;
    first = 1;
    forcedQuote = leading.reason;
  }
  // A name the engine has a reason for not reading (a quoted_name it does not model) says so.
  if (name === undefined) return opaque(leading?.kind === 'opaque' ? leading.reason : 'sa.Column() without a literal column name');
  const quoteProblem = forcedQuote === undefined ? unmodelledQuote(name, quoteFlag, 'quote', `sa.Column("${name}")`) : undefined;
  if (quoteProblem !== undefined) {
    if (!isForcedQuote(name, quoteFlag)) return opaque(quoteProblem);
    forcedQuote = quoteProblem;
  }
  const spec: ColumnSpec = { name, primaryKey: false, foreignKeys: [], checks: [], range };
  const typeKeyword = args.keywords.get('type_')?.value;
  if (typeKeyword) {
    const type = toSqlType(typeKeyword);
    if (!type) return opaque(typeProblem(typeKeyword));
    spec.type = type;
  }
  // DefaultClause, FetchedValue, Identity and Computed, in the order given (serverSideItems.ts).
  const serverSideItems: Value[] = [];
  for (let index = first; index < positional.length; index++) {
    const value = positional[index].value;
    // An argument SQLAlchemy raises on (a type it refuses) makes the Column raise too.
    if (value.kind === 'opaque' && value.raises) return value;
    const type = toSqlType(value);
    if (type && !spec.type) spec.type = type;
    else if (value.kind === 'foreignKey') spec.foreignKeys.push(value.ref);
    else if (value.kind === 'constraint' && value.spec.type === 'check') spec.checks.push(value.spec);
    else if (isServerSideItem(value)) serverSideItems.push(value);
    else if (value.kind === 'sequence') {
      spec.sequence = value.spec.name;
      if (value.spec.optional) spec.sequenceOptional = true;
    }
    else if (!spec.type) return opaque(typeProblem(value));
    else return opaque(value.kind === 'opaque' ? value.reason : `unsupported argument to sa.Column(): ${value.kind}`);
  }
  // A type's attach listener adds its checks to the table the column joins, named after the column.
  if (spec.type?.attachedChecks) {
    spec.tableChecks = spec.type.attachedChecks.map((check) => ({
      type: 'check',
      name: check.name.replace(/\{column\}/g, () => name),
      // The values are integers (attachChecks.ts), printed as SQLAlchemy's integer literals are.
      sql: { kind: 'binary', operator: 'IN', left: { kind: 'column', name }, right: { kind: 'literalColumn', sql: `(${check.values.map(String).join(', ')})` } },
      dialectOptions: {},
    }));
  }
  const enumCheck = spec.type ? nonNativeEnumCheck(spec.type, name) : undefined;
  if (enumCheck) spec.tableChecks = [...(spec.tableChecks ?? []), enumCheck];
  // `key=`: the name table.c, values() and bulk_insert rows know the column by (None: its name).
  const keyArg = args.keywords.get('key')?.value;
  if (keyArg !== undefined && keyArg.kind !== 'none') {
    if (keyArg.kind !== 'str') return opaque(keyArg.kind === 'opaque' ? keyArg.reason : 'sa.Column(key=) that is not a literal string');
    if (keyArg.value !== name) spec.key = keyArg.value;
  }
  for (const [key, arg] of args.keywords) {
    const value = arg.value;
    // A Python-side default is not DDL, but it stops SQLAlchemy from making the key SERIAL, and
    // an INSERT or UPDATE that does not set the column writes it.
    if ((key === 'default' || key === 'insert_default') && value.kind !== 'none') {
      spec.pythonDefault = true;
      spec.insertDefault = clientDefault(arg);
    }
    if (key === 'onupdate' && value.kind !== 'none') spec.updateDefault = clientDefault(arg);
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
        else if (literal === 'ignore_fk') spec.autoincrement = 'ignore_fk';
        else if (literal === undefined) return opaque('autoincrement= is not a literal');
        else if (literal !== 'auto') spec.autoincrement = 'other';
        break;
      case 'system':
        // A column PostgreSQL makes itself (xmin, ctid): CREATE TABLE leaves it out; its index,
        // constraints and comment are still made, and add_column still adds it.
        if (literal === undefined) return opaque('system= is not a literal');
        if (literal) spec.system = true;
        break;
      case 'comment':
        if (typeof literal === 'string') spec.comment = literal;
        else if (literal !== null) return opaque('comment= is not a literal string');
        break;
      case 'server_default':
        // Taken with the positional items below.
        break;
      default:
        // Dialect keywords (mssql_identity_start) do not change PostgreSQL column DDL, but each
        // bundled dialect refuses one it does not take (PostgreSQL's takes none for a Column).
        if (!/^[a-z]+_/.test(key)) return opaque(`unsupported keyword ${key}= of sa.Column()`);
        {
          const refused = refusedDialectArgument('Column', [key]);
          if (refused) return raising(refused);
        }
    }
  }
  if (args.unknownSplat) return opaque(`the arguments of sa.Column() are not static: ${args.unknownSplat}`);
  const serverSide = serverSideOf(serverSideItems, args.keywords.get('server_default')?.value, args.keywords.get('server_onupdate')?.value, spec.autoincrement === false);
  if ('stop' in serverSide) return serverSide.stop;
  if (serverSide.serverDefault !== undefined) spec.serverDefault = serverSide.serverDefault;
  if (serverSide.fetched) spec.fetchedServerDefault = true;
  if (serverSide.identity) spec.identity = serverSide.identity;
  if (serverSide.computed) spec.computed = serverSide.computed;
  if (spec.identity && spec.sequence !== undefined) return raising('An column cannot specify both Identity and Sequence.');
  // Opaque to every consumer but add_column, which follows the flag where the name prints once.
  if (forcedQuote !== undefined) return { ...(opaque(forcedQuote) as Extract<Value, { kind: 'opaque' }>), forcedQuoteColumn: spec };
  return { kind: 'column', spec };
}

/** `quote=True` (or another true value) on a name PostgreSQL reads bare. */
function isForcedQuote(name: string, flag: Value | undefined): boolean {
  return flag !== undefined && flag.kind !== 'none' && truthiness(flag) === true && !requiresQuotes(name);
}

/** A column as a Table's statements see it (TableRef): by plain assignments, made for every create_table. */
export function tableColumn(spec: ColumnSpec): TableRef['columns'][number] {
  const column: TableRef['columns'][number] = { name: spec.name };
  if (spec.key !== undefined) column.key = spec.key;
  if (spec.type) column.type = spec.type;
  if (spec.insertDefault) column.insertDefault = spec.insertDefault;
  if (spec.updateDefault) column.updateDefault = spec.updateDefault;
  return column;
}

/**
 * How SQLAlchemy's ColumnDefault takes `default=` / `onupdate=`: a SQL expression is written into
 * the statement, anything else (a value, a Python callable) is a bind parameter filled when the
 * statement runs. A value the engine does not know may be either.
 */
function clientDefault({ value, node }: Arg): ClientDefault {
  // A lambda is a Python callable whatever it returns (`lambda: str(uuid.uuid4())`).
  if (node.name === 'LambdaExpression') return { kind: 'bound' };
  switch (value.kind) {
    case 'sql':
      return { kind: 'sql', expr: value.expr };
    case 'str':
    case 'num':
    case 'bool':
    case 'seq':
    case 'dict':
    case 'datetime':
    case 'timedelta':
    case 'enumMember':
    case 'function':
    case 'pythonClass':
    case 'pythonInstance':
      return { kind: 'bound' };
    case 'symbol':
      // A Python callable of a module (datetime.utcnow, uuid.uuid4, the application's); a name of
      // SQLAlchemy's own may be a SQL construct.
      return value.qname.startsWith('sqlalchemy.') ? { kind: 'unknown', reason: `the default ${value.text} is not known to be a Python value or a SQL expression` } : { kind: 'bound' };
    case 'opaque':
      return { kind: 'unknown', reason: `the column's default is not known (${value.reason})` };
    default:
      return { kind: 'unknown', reason: `the column's default (${value.kind}) is not known to be a Python value or a SQL expression` };
  }
}

/** ForeignKey.__init__'s own keywords (SQLAlchemy 2): any other is a dialect keyword. */
const FOREIGN_KEY_KEYWORDS = new Set(['column', '_constraint', 'use_alter', 'name', 'onupdate', 'ondelete', 'deferrable', 'initially', 'link_to_name', 'match', 'info', 'comment', '_unresolvable']);

export function buildForeignKey(args: CallArgs): Value {
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
  const deferrable = truthOf(args, 'deferrable');
  if (deferrable !== undefined) ref.deferrable = deferrable;
  const initially = stringOf(args, 'initially');
  if (initially !== undefined) ref.initially = initially;
  const match = stringOf(args, 'match');
  if (match !== undefined) ref.match = match;
  const useAlter = boolOf(args, 'use_alter');
  if (useAlter !== undefined) ref.useAlter = useAlter;
  // The keywords ForeignKey() does not take go to the ForeignKeyConstraint it makes when its
  // column joins a table, which validates them there as a dialect's (or raises).
  const unknown = [...args.keywords.keys()].find((key) => !FOREIGN_KEY_KEYWORDS.has(key) && !/^.+?_.+$/s.test(key));
  if (unknown !== undefined) return raising(`TypeError: Additional arguments should be named <dialectname>_<argument>, got '${unknown}'`);
  const refused = refusedDialectArgument('ForeignKeyConstraint', args.keywords.keys());
  if (refused) return raising(refused);
  const dialectOptions = dialectOptionsOf(args);
  if (Object.keys(dialectOptions).length > 0) ref.dialectOptions = dialectOptions;
  return { kind: 'foreignKey', ref };
}

const IDENTITY_KEYWORDS = new Set(['always', 'on_null', 'start', 'increment', 'minvalue', 'maxvalue', 'nominvalue', 'nomaxvalue', 'cycle', 'cache', 'order']);

export function buildIdentity(args: CallArgs): Value {
  const spec: IdentitySpec = { always: boolOf(args, 'always') ?? false };
  const onNull = boolOf(args, 'on_null');
  if (onNull !== undefined) spec.onNull = onNull;
  const numeric: [keyof IdentitySpec, string][] = [['start', 'start'], ['increment', 'increment'], ['minValue', 'minvalue'], ['maxValue', 'maxvalue'], ['cache', 'cache']];
  for (const [field, key] of numeric) {
    const value = integerOptionOf(args, key);
    if (value === null) return opaque(`sa.Identity(${key}=...) is not an integer the engine holds exactly`);
    if (value !== undefined) (spec as unknown as Record<string, IntegerOption>)[field] = value;
  }
  for (const [field, key] of [['noMinValue', 'nominvalue'], ['noMaxValue', 'nomaxvalue']] as const) {
    const given = args.keywords.get(key)?.value;
    if (given === undefined || given.kind === 'none') continue;
    if (given.kind === 'opaque') return given;
    spec[field] = true;
  }
  const cycle = boolOf(args, 'cycle');
  if (cycle !== undefined) spec.cycle = cycle;
  // Identity() takes these keywords only (`order` is Oracle's and not printed here): any other is Python's TypeError.
  const unknown = [...args.keywords.keys()].find((key) => !IDENTITY_KEYWORDS.has(key));
  if (unknown !== undefined) return raising(`TypeError: Identity.__init__() got an unexpected keyword argument '${unknown}'`);
  return { kind: 'identity', spec };
}

/**
 * `sa.Computed(sqltext, persisted=)`: SQLAlchemy coerces the text for DDL (a string becomes
 * text(), whose `:name` is a bind parameter) and compiles it with literal binds and without
 * table names, as it does a CHECK's condition.
 */
export function buildComputed(args: CallArgs): Value {
  const sqltext = args.positional[0]?.value ?? args.keywords.get('sqltext')?.value;
  if (sqltext?.kind === 'opaque') return sqltext;
  let sql: SqlExpr | undefined;
  if (sqltext?.kind === 'str') sql = { kind: 'literal', value: sqltext.value };
  else if (sqltext?.kind === 'sql' || sqltext?.kind === 'column') sql = toSqlExpr(sqltext);
  if (sql === undefined) return opaque('sa.Computed() of something other than SQL text or a SQL expression');
  const persisted = boolOf(args, 'persisted');
  return persisted === undefined ? { kind: 'computed', sql } : { kind: 'computed', sql, persisted };
}

/** `name`, `deferrable`, `initially` and dialect keywords shared by every constraint. */
/** The keywords Sequence() takes (SQLAlchemy 2.0): any other is Python's TypeError. */
const SEQUENCE_KEYWORDS = new Set(['start', 'increment', 'minvalue', 'maxvalue', 'nominvalue', 'nomaxvalue', 'cycle', 'schema', 'cache', 'order', 'data_type', 'optional', 'quote', 'metadata', 'quote_schema', 'for_update']);

export function buildSequence(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name?.kind !== 'str') return opaque('sa.Sequence() without a literal name');
  const spec: SequenceSpec = { name: name.value };
  const schema = stringOf(args, 'schema');
  if (schema !== undefined) spec.schema = schema;
  const quoteProblem = unmodelledQuote(name.value, args.keywords.get('quote')?.value, 'quote', `sa.Sequence("${name.value}")`)
    ?? (schema === undefined ? undefined : unmodelledQuote(schema, args.keywords.get('quote_schema')?.value, 'quote_schema', `sa.Sequence("${name.value}")`));
  if (quoteProblem !== undefined) return opaque(quoteProblem);
  const numeric: [keyof SequenceSpec, string][] = [['start', 'start'], ['increment', 'increment'], ['minValue', 'minvalue'], ['maxValue', 'maxvalue'], ['cache', 'cache']];
  for (const [field, key] of numeric) {
    const value = integerOptionOf(args, key);
    if (value === null) return opaque(`sa.Sequence(${key}=...) is not an integer the engine holds exactly`);
    if (value !== undefined) (spec as unknown as Record<string, IntegerOption>)[field] = value;
  }
  // SQLAlchemy prints NO MINVALUE / NO MAXVALUE for any value but None.
  for (const [field, key] of [['noMinValue', 'nominvalue'], ['noMaxValue', 'nomaxvalue']] as const) {
    const given = args.keywords.get(key)?.value;
    if (given === undefined || given.kind === 'none') continue;
    if (given.kind === 'opaque') return given;
    spec[field] = true;
  }
  const dataType = args.keywords.get('data_type')?.value;
  if (dataType !== undefined && dataType.kind !== 'none') {
    const type = toSqlType(dataType);
    if (!type) return dataType.kind === 'opaque' ? dataType : opaque('data_type= of sa.Sequence() is not a column type the engine knows');
    spec.dataType = type;
  }
  const cycle = boolOf(args, 'cycle');
  if (cycle !== undefined) spec.cycle = cycle;
  if (boolOf(args, 'optional') === true) spec.optional = true;
  // `metadata=sa.MetaData(schema="m")` gives the sequence that schema when it names none itself.
  const metadata = args.keywords.get('metadata')?.value;
  if (metadata?.kind === 'opaque' && metadata.metadataSchema && spec.schema === undefined) {
    if ('unknown' in metadata.metadataSchema) return opaque(`the schema of the sequence's metadata is not known: ${metadata.metadataSchema.unknown}`);
    spec.schema = metadata.metadataSchema.known;
  }
  // Other keywords go to the dialects, which want `<dialect>_<argument>`.
  const unknown = [...args.keywords.keys()].find((key) => !SEQUENCE_KEYWORDS.has(key));
  if (unknown !== undefined) {
    if (!/^[a-z]+_./.test(unknown)) return raising(`TypeError: Additional arguments should be named <dialectname>_<argument>, got '${unknown}'`);
    return opaque(`sa.Sequence(${unknown}=...) is a dialect option the engine does not model`);
  }
  return { kind: 'sequence', spec };
}

/** `sa.schema.CreateSequence(seq, if_not_exists=...)` and `DropSequence(seq, if_exists=...)`. */
export function sequenceDdl(kind: 'createSequence' | 'dropSequence'): (args: CallArgs) => Value {
  return (args) => {
    const sequence = args.positional[0]?.value ?? args.keywords.get('element')?.value;
    if (sequence?.kind === 'opaque') return sequence;
    if (sequence?.kind !== 'sequence') return opaque(`${kind === 'createSequence' ? 'CreateSequence' : 'DropSequence'}() of something other than sa.Sequence()`);
    if (kind === 'createSequence') {
      const ifNotExists = boolOf(args, 'if_not_exists');
      const { optional: _optional, ...created } = sequence.spec;
      return { kind: 'ddl', statement: { kind, ...created, ...(ifNotExists !== undefined ? { ifNotExists } : {}) } };
    }
    const ifExists = boolOf(args, 'if_exists');
    const statement: SequenceStatement = { kind, name: sequence.spec.name };
    if (sequence.spec.schema !== undefined) statement.schema = sequence.spec.schema;
    if (ifExists !== undefined) statement.ifExists = ifExists;
    return { kind: 'ddl', statement };
  };
}


/**
 * `sa.Enum(..., native_enum=False, create_constraint=True)`: the VARCHAR column gets a CHECK of
 * its values when it joins a table, named after the Enum (`name=`) and renamed by a `ck` naming
 * convention like any check. (A native enum, and a Boolean on PostgreSQL, get none.)
 */
export function nonNativeEnumCheck(type: SqlType, column: string): CheckConstraintSpec | undefined {
  if (type.name !== 'Enum' || type.kwargs.native_enum !== false || type.kwargs.create_constraint !== true) return undefined;
  const values = type.args.filter((arg): arg is string => typeof arg === 'string');
  const name = type.kwargs.name;
  return {
    type: 'check',
    ...(typeof name === 'string' ? { name } : {}),
    sql: { kind: 'binary', operator: 'IN', left: { kind: 'column', name: column }, right: { kind: 'literalColumn', sql: `(${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})` } },
    dialectOptions: {},
  };
}
