/**
 * `isinstance(value, cls)` where the answer is certain: the migration context's dialect against
 * SQLAlchemy's dialect classes (a TypeDecorator's `load_dialect_impl` asks
 * `isinstance(dialect, PGDialect)`: Mirascope/lilypad), and a literal against Python's own types.
 * Anything else is unknown (a class of the application, a value known only at run time).
 */
import type { CallArgs } from './args';
import { opaque, type Value } from './values';

/** Classes every PostgreSQL dialect is an instance of, whatever the driver (psycopg2, psycopg, asyncpg, pg8000). */
const POSTGRESQL_DIALECT = /^sqlalchemy\.(dialects\.postgresql(\.base)?\.(PGDialect|dialect)|engine\.(default\.DefaultDialect|interfaces\.Dialect))$/;
/** Another database's dialect: never the one Alembic runs against PostgreSQL. */
const OTHER_DIALECT = /^sqlalchemy\.dialects\.(mysql|mariadb|sqlite|mssql|oracle)\b/;

const PYTHON_TYPES: Record<string, (value: Value) => boolean | undefined> = {
  'builtins.str': (value) => value.kind === 'str',
  'builtins.bool': (value) => value.kind === 'bool',
  // bool is a subclass of int; a float is not an int.
  'builtins.int': (value) => value.kind === 'bool' || (value.kind === 'num' && value.float !== true && Number.isInteger(value.value)),
  'builtins.float': (value) => value.kind === 'num' && (value.float === true || !Number.isInteger(value.value)),
  'builtins.dict': (value) => value.kind === 'dict',
  // Not list or tuple: the engine's sequences stand for range(), zip(), a dict's items() too.
};

/** The kinds of value whose Python type is known exactly (a str; a number; a bool; None; a dict). */
const LITERAL_KINDS = new Set(['str', 'num', 'bool', 'none', 'dict']);

function instanceOf(value: Value, cls: Value): boolean | undefined {
  if (cls.kind !== 'symbol') return undefined;
  if (value.kind === 'runtime' && value.what === 'dialect') {
    if (POSTGRESQL_DIALECT.test(cls.qname)) return true;
    // Nor is it a str, an int or any of Python's own types.
    if (OTHER_DIALECT.test(cls.qname) || cls.qname in PYTHON_TYPES) return false;
    return undefined;
  }
  const test = PYTHON_TYPES[cls.qname];
  if (!test || !LITERAL_KINDS.has(value.kind)) return undefined;
  return test(value);
}

export function isinstanceCall(args: CallArgs): Value {
  const [value, classes] = args.positional.map((arg) => arg.value);
  if (value === undefined || classes === undefined || args.positional.length !== 2 || args.keywords.size > 0) return opaque('isinstance() with other than two arguments');
  const candidates = classes.kind === 'seq' && classes.tuple ? classes.items : [classes];
  let unknown = false;
  for (const cls of candidates) {
    const answer = instanceOf(value, cls);
    if (answer === true) return { kind: 'bool', value: true };
    if (answer === undefined) unknown = true;
  }
  return unknown ? opaque(`isinstance() of ${value.kind === 'opaque' ? `a value known only at run time (${value.reason})` : 'a value or a class the engine does not model'}`) : { kind: 'bool', value: false };
}
