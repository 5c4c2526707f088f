/**
 * Column types: `sa.String(255)`, `postgresql.ARRAY(sa.Integer())`, `sa.Text` used as a class,
 * `sa.Enum("a", "b", name="status")`. They become `SqlType` descriptors; the renderer owns the
 * mapping to PostgreSQL type names.
 */
import type { Literal, SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { classify } from '../symbols';
import { opaque, raising, toLiteral, type Value } from '../values';
import { isLocalTypeClass } from './localTypeClasses';
import { unmodelledQuote } from './quoteFlags';

/** Uppercase SQLAlchemy names that are schema or expression constructs, not column types. */
export const NON_TYPE_CONSTRUCTS = new Set([
  'Column', 'ForeignKey', 'ForeignKeyConstraint', 'PrimaryKeyConstraint', 'UniqueConstraint', 'CheckConstraint',
  'Index', 'Identity', 'Computed', 'Sequence', 'Table', 'MetaData', 'ExcludeConstraint', 'DefaultClause',
  'FetchedValue', 'Constraint', 'TypeDecorator', 'UserDefinedType', 'DDL', 'Session',
  'CreateSequence', 'DropSequence', 'CreateTable', 'DropTable', 'CreateIndex', 'DropIndex', 'AddConstraint',
  'DropConstraint', 'CreateSchema', 'DropSchema', 'DDLElement', 'ExecutableDDLElement', 'Inspector', 'Connection',
  'CreateEnumType', 'DropEnumType', 'CreateDomainType', 'DropDomainType', 'True_', 'False_',
]);

/** The type a value stands for, when it is one (an instance, or a type class used bare). */
export function toSqlType(value: Value): SqlType | undefined {
  if (value.kind === 'type') return value.type;
  if (value.kind === 'symbol') {
    const origin = classify(value.qname);
    if (origin.kind === 'sqlalchemy' && isTypeName(origin.name)) return { name: origin.name, module: origin.module, args: [], kwargs: {} };
  }
  return undefined;
}

export function isTypeName(name: string): boolean {
  return /^[A-Z]/.test(name) && !NON_TYPE_CONSTRUCTS.has(name);
}

function typeArgument(value: Value): Literal | SqlType | undefined {
  return toSqlType(value) ?? toLiteral(value);
}

/** `module.Name(args...)` as a SqlType, or an opaque value naming the argument it cannot read. */
/**
 * Types whose class has no `__init__` of its own in SQLAlchemy 2 (object's): any argument is a
 * TypeError (`sa.Integer(11)`, MySQL-era code: altair). MySQL's INTEGER(display_width) is another class.
 */
const NO_ARGUMENT_TYPES = new Set(['Integer', 'SmallInteger', 'BigInteger', 'INTEGER', 'INT', 'SMALLINT', 'BIGINT', 'Date', 'DATE']);

/**
 * String types take `length` and `collation` only in SQLAlchemy 2 (String.__init__); 1.x's
 * `convert_unicode=` / `unicode_error=` / `_warn_on_bytestring=` (networking-bigswitch) are TypeErrors.
 */
const STRING_CLASSES = new Set(['String', 'Unicode', 'Text', 'UnicodeText', 'VARCHAR', 'NVARCHAR', 'CHAR', 'NCHAR', 'TEXT']);
const STRING_KEYWORDS = new Set(['length', 'collation']);

export function buildType(module: string, name: string, args: CallArgs): Value {
  const generic = module === 'sa' || module === 'postgresql';
  if (generic && NO_ARGUMENT_TYPES.has(name) && (args.positional.length > 0 || args.keywords.size > 0)) {
    return raising(`${name === 'INT' ? 'INTEGER' : name}() takes no arguments`);
  }
  const unexpected = generic && STRING_CLASSES.has(name) ? [...args.keywords.keys()].find((key) => !STRING_KEYWORDS.has(key)) : undefined;
  if (unexpected !== undefined) return raising(`String.__init__() got an unexpected keyword argument '${unexpected}'`);
  const type: SqlType = { name, module, args: [], kwargs: {} };
  for (const arg of args.positional) {
    const converted = typeArgument(arg.value);
    if (converted === undefined) return nonLiteral(name, arg.value);
    type.args.push(converted);
  }
  for (const [key, arg] of args.keywords) {
    const converted = typeArgument(arg.value);
    // Python-side options (a metadata object, a Python enum class, callables) do not shape the
    // DDL of most types; a non-literal `name` or `values_callable` of an Enum does.
    if (converted === undefined) {
      if (['metadata', 'native_enum_callable', 'astext_type'].includes(key)) continue;
      return nonLiteral(name, arg.value, key);
    }
    type.kwargs[key] = converted;
  }
  if (args.unknownSplat) return opaque(`the arguments of ${name}() are not literals: ${args.unknownSplat}`);
  // An Enum's quote= makes its name a quoted_name: CREATE TYPE "mood", and the column's type too.
  const typeName = type.kwargs.name;
  if ((name === 'Enum' || name === 'ENUM') && typeof typeName === 'string') {
    const problem = unmodelledQuote(typeName, args.keywords.get('quote')?.value, 'quote', `${name}(name="${typeName}")`);
    if (problem !== undefined) return opaque(problem);
  }
  // A SchemaType given `metadata=MetaData(schema=...)` and no schema of its own takes the
  // MetaData's (SQLAlchemy 2.1), unless inherit_schema=True makes it the table's.
  const metadata = args.keywords.get('metadata')?.value;
  if (SCHEMA_TYPES.has(name) && metadata?.kind === 'opaque' && metadata.metadataSchema && (type.kwargs.schema === undefined || type.kwargs.schema === null) && type.kwargs.inherit_schema !== true) {
    if ('unknown' in metadata.metadataSchema) return opaque(`${name}() takes the schema of its metadata=, known only at run time (${metadata.metadataSchema.unknown})`);
    type.kwargs.schema = metadata.metadataSchema.known;
  }
  // SchemaType's __init__ refuses both.
  const schema = type.kwargs.schema;
  if (SCHEMA_TYPES.has(name) && type.kwargs.inherit_schema === true && schema !== undefined && schema !== null) {
    return raising('Ambiguously setting inherit_schema=True while also passing a schema argument');
  }
  return { kind: 'type', type };
}

/** Types that are SQLAlchemy SchemaTypes (named database objects of their own, with a schema). */
const SCHEMA_TYPES = new Set(['Enum', 'ENUM', 'Boolean', 'BOOLEAN', 'DOMAIN']);

function nonLiteral(name: string, value: Value, keyword?: string): Value {
  const what = keyword ? `${keyword}=` : 'argument';
  if (value.kind === 'opaque') return opaque(`the ${what} of ${name}() is not static: ${value.reason}`);
  return opaque(`the ${what} of ${name}() is not a literal`);
}

/**
 * `type.with_variant(other, "postgresql", ...)`: on PostgreSQL the variant is the type. A variant
 * for other dialects leaves the type as it is; it only has to be a type (SQLAlchemy instantiates it
 * when the call runs), which a class the migration defines on a SQLAlchemy type is. Dialect names
 * that are not literal strings, or none at all (SQLAlchemy refuses that), are not guessed.
 */
export function typeMethod(type: SqlType, name: string, args: CallArgs): Value {
  if (name === 'with_variant') {
    const [variantArg, ...dialectArgs] = args.positional;
    const dialects = dialectArgs.map((arg) => arg.value);
    if (!variantArg || dialects.length === 0 || args.keywords.size > 0 || args.unknownSplat) return opaque('with_variant() without a type and literal dialect names');
    if (!dialects.every((dialect) => dialect.kind === 'str')) return opaque('with_variant() for a dialect name that is not a literal');
    const variant = toSqlType(variantArg.value);
    if (dialects.some((dialect) => dialect.kind === 'str' && dialect.value === 'postgresql')) {
      return variant ? { kind: 'type', type: variant } : opaque('with_variant() of an unknown type');
    }
    if (variant || isLocalTypeClass(variantArg.value, variantArg.node)) return { kind: 'type', type };
    return opaque('with_variant() of an unknown type');
  }
  if (['evaluates_none', 'copy', 'as_generic', 'as_mutable'].includes(name)) return { kind: 'type', type };
  if (name === 'create' || name === 'drop') return opaque(`${type.name}.${name}() runs DDL through the connection at run time`);
  return opaque(`unsupported type method .${name}()`);
}
