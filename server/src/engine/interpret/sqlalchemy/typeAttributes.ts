/**
 * Attributes of a SQLAlchemy type instance that its constructor stores as given, so a custom
 * type's `load_dialect_impl()` can pass them on: `String(length=self.impl.length)` (quay's
 * UTF8CharField). Only the string family's `length` and `collation`, and an Enum's `name`,
 * `schema` and `enums` are read (the helpers that rename an enum's type to change its labels:
 * `'ALTER TYPE {0} RENAME TO tmp_{0}'.format(type_.name)`); anything else of a type stays
 * unsupported (the caller says so), rather than guessed from defaults the engine does not model.
 */
import type { Literal, SqlType } from '../../ops';
import { fromLiteral, NONE, type Value } from '../values';

/** SQLAlchemy's String and its subclasses: `(length=None, collation=None)`, in that order. */
const STRING_FAMILY = new Set(['String', 'VARCHAR', 'Text', 'TEXT', 'Unicode', 'UnicodeText', 'CHAR', 'NCHAR', 'NVARCHAR', 'CITEXT']);
const STRING_PARAMETERS = ['length', 'collation'];

/** The attribute as the type instance holds it, or undefined when the engine does not model it. */
export function typeAttribute(type: SqlType, name: string): Value | undefined {
  if (type.ddl !== undefined || (type.module !== undefined && type.module !== 'sa' && type.module !== 'postgresql')) return undefined;
  if (type.name === 'Enum' || type.name === 'ENUM') return enumAttribute(type, name);
  if (!STRING_FAMILY.has(type.name)) return undefined;
  const position = STRING_PARAMETERS.indexOf(name);
  if (position < 0) return undefined;
  const given = name in type.kwargs ? type.kwargs[name] : type.args[position];
  if (given === undefined) return NONE;
  // A nested type is no string parameter's value; leave it to the caller's "unsupported".
  return isNestedType(given) ? undefined : fromLiteral(given);
}

function isNestedType(value: Literal | SqlType): value is SqlType {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'kwargs' in value && 'args' in value;
}

/**
 * An Enum's `name` and `schema` (None when not given; a Python enum class names it after itself,
 * which the interpreter has already written in as `name`), and `enums`, its labels in order.
 */
function enumAttribute(type: SqlType, name: string): Value | undefined {
  if (name === 'name' || name === 'schema') {
    const given = type.kwargs[name];
    if (given === undefined || given === null) return NONE;
    return typeof given === 'string' ? fromLiteral(given) : undefined;
  }
  if (name === 'enums') {
    const labels = type.args.filter((arg): arg is string => typeof arg === 'string');
    return labels.length === type.args.length ? fromLiteral(labels) : undefined;
  }
  return undefined;
}
