/**
 * The values the static evaluator computes. Python literals stay literals; SQLAlchemy
 * constructs become the operation model's shapes (`SqlType`, `ColumnSpec`, ...); everything the
 * evaluator cannot know becomes `opaque` with a reason that names the cause, so a statement that
 * uses it can say precisely why it cannot be interpreted.
 */
import { stringRepr } from '../../common/pythonRepr';
import type {
  ColumnSpec,
  ConstraintSpec,
  DmlStatement,
  ForeignKeyRef,
  FromItem,
  IdentitySpec,
  IndexSpec,
  Literal,
  SqlExpr,
  SchemaStatement,
  SequenceStatement,
  EnumTypeStatement,
  SqlType,
  TableRef,
} from '../ops';

export type SequenceSpec = Omit<Extract<SequenceStatement, { kind: 'createSequence' }>, 'kind' | 'ifNotExists'> & {
  /** `optional=True`: a column keeps SERIAL; not part of CREATE SEQUENCE. */
  optional?: boolean;
};
import type { SyntaxNode } from '../../python/parser';
import { dateTimeStr } from './datetimes';
import type { FixedZone } from './timeZones';
import type { Frame, InterpreterState } from './state';
import type { PythonClass } from './pythonClasses';
import type { CallArgs } from './args';
import { pythonFloatRepr } from '../../common/pythonFloat';

/** Objects reached from `op` / `context` whose behaviour the evaluator models. */
export type RuntimeObject = 'migrationContext' | 'bind' | 'dialect' | 'autocommitBlock' | 'batchContext' | 'config' | 'warningsContext';

export type Value =
  | { kind: 'str'; value: string }
  /**
   * A Python int or, with `float`, a float (JavaScript numbers alone do not tell `2` from `2.0`).
   * `exact`: an int literal beyond 2**53, which `value` holds rounded, as its decimal digits
   * (autogenerate's `sa.Identity(maxvalue=9223372036854775807)`); arithmetic on it is not exact.
   */
  | { kind: 'num'; value: number; float?: true; exact?: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'seq'; items: Value[]; tuple: boolean }
  | { kind: 'dict'; entries: { key: Value; value: Value }[] }
  /** A module or a name inside one, fully qualified (`sqlalchemy.String`, `alembic.op`). */
  | { kind: 'symbol'; qname: string; text: string }
  | { kind: 'runtime'; what: RuntimeObject; table?: string; schema?: string; recreate?: string }
  /** `context.is_offline_mode()` (offline: true) or its negation. */
  | { kind: 'mode'; offline: boolean }
  | { kind: 'type'; type: SqlType }
  | { kind: 'column'; spec: ColumnSpec }
  | { kind: 'foreignKey'; ref: ForeignKeyRef }
  | { kind: 'identity'; spec: IdentitySpec }
  /** `sa.Computed(sqltext, persisted=)`: a string is SQL text, as SQLAlchemy coerces it for DDL. */
  | { kind: 'computed'; sql: SqlExpr; persisted?: boolean }
  | { kind: 'sequence'; spec: SequenceSpec }
  /** `sa.schema.CreateSequence(...)` / `DropSequence(...)`, given to `op.execute`. */
  | { kind: 'ddl'; statement: SequenceStatement | SchemaStatement | EnumTypeStatement }
  /**
   * `columnObjects[i]`: the i-th column was given as a Column (or column expression), which a
   * Table takes as it is; a string is looked up among the Table's columns by their `key=`.
   */
  | { kind: 'constraint'; spec: ConstraintSpec; columnObjects?: readonly boolean[] }
  | { kind: 'index'; spec: IndexSpec; table?: string; columnObjects?: readonly boolean[] }
  /** `type`: the static SQL type when known (a typed `sa.column`, a cast), which picks `||` for `+`. */
  /** `label`: `.label("x")` of an expression other than a column, which a SELECT's columns clause prints (`expr AS x`). */
  | { kind: 'sql'; expr: SqlExpr; type?: SqlType; label?: string }
  /** `expr.op("@>")`: a custom operator of SQLAlchemy's, waiting for its right operand. */
  | { kind: 'sqlOperator'; left: SqlExpr; operator: string }
  | { kind: 'table'; ref: TableRef }
  /** `t.join(u, on)` / `sa.join(t, u, on)` and their outer forms: only ever given to `select_from()`. */
  | { kind: 'join'; from: Extract<FromItem, { kind: 'join' }> }
  /** `table.c`: attribute access yields the table's columns as SQL expressions. */
  | { kind: 'tableColumns'; table: TableRef }
  | { kind: 'dml'; stmt: DmlStatement }
  /**
   * A function defined in the migration file itself (inlined when called as a statement).
   * `home`: the module state it was defined in, when known (its node belongs to that source);
   * `method`: a class body's `@staticmethod` or `@abstractmethod` (decorators the engine read);
   * `self`: the instance a method was read from.
   */
  | { kind: 'function'; node: SyntaxNode; name: string; closure?: Frame; home?: InterpreterState; method?: 'static' | 'abstract'; self?: Value; contextManager?: true }
  /** What calling a `@contextlib.contextmanager` function of the migration gives: nothing runs until a `with` enters it. */
  | { kind: 'generatorContext'; fn: Extract<Value, { kind: 'function' }>; args: CallArgs }
  /** A member of a Python enum class the engine reads (enumMembers.ts); `value` when a literal. */
  | { kind: 'enumMember'; enumName: string; name: string; value?: Value }
  /** A plain class of the project's modules, and an instance of one (pythonClasses.ts). */
  | { kind: 'pythonClass'; cls: PythonClass }
  | { kind: 'pythonInstance'; cls: PythonClass }
  /**
   * `datetime.datetime(...)` / `datetime.date(...)` (dateOnly): the wall clock in microseconds from
   * 1970-01-01; `datetime.time(...)` (timeOnly): microseconds from midnight. `zone`: the fixed
   * UTC offset of an aware datetime or time (timeZones.ts); naive without it.
   */
  | { kind: 'datetime'; micros: bigint; dateOnly: boolean; timeOnly?: true; zone?: FixedZone }
  /** A fixed-offset `tzinfo` (`datetime.timezone.utc`, `timezone(timedelta(hours=2))`). */
  | { kind: 'tzinfo'; zone: FixedZone }
  | { kind: 'timedelta'; micros: bigint }
  /** `decimal.Decimal(...)` of a literal str or int: Python's str() of it (decimals.ts). */
  | { kind: 'decimal'; text: string }
  /** `uuid.UUID("...")` of a literal: its 32 hex digits, lower case (str() adds the hyphens). */
  | { kind: 'uuid'; hex: string }
  /**
   * `sa.FetchedValue()`: a value the server fills by means the DDL does not show (a trigger, a
   * default set outside the migration); as a Column's server_default it prints no DEFAULT.
   */
  | { kind: 'fetchedValue'; forUpdate?: true }
  /**
   * `sa.DefaultClause(arg)`: a server default Column takes as an argument of its own (positional),
   * or as server_default (where a plain string or text() is wrapped in one anyway). `forUpdate`:
   * `for_update=True`, a server_onupdate marker when positional.
   */
  | { kind: 'defaultClause'; arg: Value; forUpdate?: true }
  /** A `pathlib.Path`, as PurePosixPath spells it (paths.ts); `os.path` gives plain strings. */
  | { kind: 'path'; path: string }
  /** A file opened for reading text (fileReads.ts): its content, and how much of it was read. */
  | { kind: 'textFile'; path: string; stream: { text: string; position: number; newline?: string } }
  /**
   * `symbol`: the application (or library) name it stems from, for more precise reasons.
   * `queryResult`: what `op.get_bind().execute()` returned (None offline, rows online), so that
   * reading it is a database query, while leaving it unused is not.
   * `setMembers`: a set of strings (`set(...)`, `list(set(...))`), whose order Python decides by
   * hashing at run time; only `sorted()` and `len()` of it are known.
   * `unorderedEntries`: a dict built by iterating such a set: its items are known, their order is
   * not, so only uses that do not iterate it (a class namespace for `type()`, its truth) are values.
   */
  | {
      kind: 'opaque';
      reason: string;
      symbol?: string;
      queryResult?: true;
      setMembers?: string[];
      /** A set of other values (numbers, tuples) whose iteration order CPython's hashing decides: its members, without duplicates. */
      setItems?: Value[];
      unorderedEntries?: { key: Value; value: Value }[];
      /** Python raises here whatever the run (SQLAlchemy refuses the arguments): a mistake in the migration, not a value known only at run time. */
      raises?: true;
      /**
       * A clock reading or a fresh identifier (`datetime.now()`, `uuid.uuid4()`): known only at run
       * time, but what its methods compute (`.isoformat()`, `.hex`) comes from it alone, with no
       * effect on the database; a live run need not stop at them (a progress `print` of a time).
       */
      effectFree?: true;
      /** A `MetaData(schema=...)` built here: the schema its Tables take by default (`unknown`: why it is not known). */
      metadataSchema?: { known: string } | { unknown: string };
      /** A `sa.Column("name", ...)` the engine cannot read, by its name. */
      columnOf?: string;
      /**
       * Its `str()` when that is known though the value is not modelled: a `quoted_name(..., quote=True)`
       * is the bare name once formatted into a string (only SQLAlchemy's compiler reads the flag).
       */
      text?: string;
      /** A `quoted_name(text, quote)` whose flag the engine does not apply to every name: its flag, for an index name, which follows it. */
      quotedName?: { quote: boolean };
      /**
       * A `sa.Column` whose name PostgreSQL reads bare is forced into quotes (`quote=True`,
       * `quoted_name(name, True)`): its spec, for the one place that follows the flag (an
       * add_column whose column prints nowhere else); opaque to everything else.
       */
      forcedQuoteColumn?: ColumnSpec;
    };

export const NONE: Value = { kind: 'none' };

/** A set of strings: members known, order decided at run time (Python randomises string hashing). */
export function stringSet(members: readonly string[]): Value {
  return { kind: 'opaque', reason: 'the order of a set is decided at run time (Python randomises string hashing)', setMembers: [...new Set(members)] };
}

export function str(value: string): Value {
  return { kind: 'str', value };
}

/** Set while a `try` body runs: it hears of every unknown value, since one may stand for an exception. */
let opaqueObserver: ((reason: string) => void) | undefined;

export function observeOpaque<T>(observer: (reason: string) => void, run: () => T): T {
  const saved = opaqueObserver;
  opaqueObserver = (reason) => {
    observer(reason);
    saved?.(reason);
  };
  try {
    return run();
  } finally {
    opaqueObserver = saved;
  }
}

export function opaque(reason: string): Value {
  opaqueObserver?.(reason);
  return { kind: 'opaque', reason };
}

/** A value known only at run time whose methods have no effect (the `effectFree` flag). */
export function effectFreeOpaque(reason: string): Value {
  opaqueObserver?.(reason);
  return { kind: 'opaque', reason, effectFree: true };
}

/** A call Python always refuses (an exception whatever the run): opaque, and reported where an operation receives it. */
export function raising(reason: string): Value {
  opaqueObserver?.(reason);
  return { kind: 'opaque', reason, raises: true };
}

/** Why a float is no literal: SQL literals print integral numbers as ints, and Python prints `2.0`. */
export const INTEGRAL_FLOAT_REASON = 'a float with an integral value (Python prints 2.0, the engine would print 2)';

/** True for a Python float whose value is integral (`2.0`): it has no literal (toLiteral). */
export function isIntegralFloat(value: Value): boolean {
  return value.kind === 'num' && value.float === true && Number.isInteger(value.value);
}

/** Converts a value to a plain literal, or undefined when it is not one. */
export function toLiteral(value: Value): Literal | undefined {
  switch (value.kind) {
    case 'num':
      // A literal's number is printed as an int when integral: `2.0` (Python prints `2.0`) has none;
      // an int beyond 2**53 has no exact JavaScript number (integerOptionOf reads its digits).
      if (!value.float && !Number.isSafeInteger(value.value)) return undefined;
      return value.float && Number.isInteger(value.value) ? undefined : value.value;
    case 'str':
    case 'bool':
      return value.value;
    case 'none':
      return null;
    case 'seq': {
      const out: Literal[] = [];
      for (const item of value.items) {
        const literal = toLiteral(item);
        if (literal === undefined) return undefined;
        out.push(literal);
      }
      return out;
    }
    case 'dict': {
      const out: { [key: string]: Literal } = {};
      for (const entry of value.entries) {
        const key = toLiteral(entry.key);
        const literal = toLiteral(entry.value);
        if (key === undefined || literal === undefined || typeof key === 'object') return undefined;
        out[String(key)] = literal;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Builds a value from a literal (used when a literal flows back into evaluation). */
export function fromLiteral(literal: Literal): Value {
  if (literal === null) return NONE;
  if (typeof literal === 'string') return { kind: 'str', value: literal };
  if (typeof literal === 'number') return { kind: 'num', value: literal };
  if (typeof literal === 'boolean') return { kind: 'bool', value: literal };
  if (Array.isArray(literal)) return { kind: 'seq', items: literal.map(fromLiteral), tuple: false };
  return { kind: 'dict', entries: Object.entries(literal).map(([key, item]) => ({ key: str(key), value: fromLiteral(item) })) };
}

/**
 * Python's truth of a SQLAlchemy clause: only `==` and `!=` comparisons have one (whether both
 * sides are the same object: `t.c.a == 5` is False, so `x == 1 and y == 2` is `x == 1`, and
 * `x != 1 or ...` is `x != 1`); any other clause raises TypeError, unknown here.
 */
function sqlTruth(expr: SqlExpr): boolean | undefined {
  if (expr.kind !== 'binary' || (expr.operator !== '=' && expr.operator !== '!=')) return undefined;
  // A table's column is one object however often `t.c.a` is read; anything else is made anew.
  const same = expr.left.kind === 'column' && expr.right.kind === 'column' && expr.left.table !== undefined
    && expr.left.table === expr.right.table && expr.left.schema === expr.right.schema && expr.left.name === expr.right.name;
  return expr.operator === '=' ? same : !same;
}

/** Python truthiness for literal values; undefined when it cannot be known statically. */
export function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case 'str':
      return value.value.length > 0;
    case 'num':
      return value.value !== 0;
    case 'bool':
      return value.value;
    case 'none':
      return false;
    case 'seq':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    case 'opaque':
      // A set's (or a dict's) truth is its size, whatever order its members come in.
      if (value.setMembers) return value.setMembers.length > 0;
      if (value.setItems) return value.setItems.length > 0;
      if (value.unorderedEntries) return value.unorderedEntries.length > 0;
      return undefined;
    case 'mode':
      return undefined;
    case 'decimal':
      // Zero (`Decimal("0.00")`, `Decimal("-0")`, `Decimal("0E+2")`) is falsy, as 0 is.
      return /[1-9]/.test(value.text.replace(/E.*$/, ''));
    case 'enumMember':
      // A member is truthy, unless an int or str mixin makes one with a falsy value falsy: the
      // engine does not keep the mixin, so such a member's truth is unknown.
      return value.value === undefined || truthiness(value.value) === false ? undefined : true;
    case 'sql':
      return sqlTruth(value.expr);
    default:
      // Objects (types, columns, tables, modules) are truthy in Python.
      return true;
  }
}

/** The interpreter's repr() of a str (common/pythonRepr.ts), for its callers and tests. */
export { stringRepr };

/** Python `repr`-like text for messages and `%r` / `!r` formatting of literals. */
export function pythonRepr(value: Value): string | undefined {
  switch (value.kind) {
    case 'str':
      return stringRepr(value.value);
    case 'num':
    case 'bool':
    case 'none':
      return pythonStr(value);
    case 'seq': {
      const parts = value.items.map(pythonRepr);
      if (parts.some((part) => part === undefined)) return undefined;
      if (value.tuple) return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
      return `[${parts.join(', ')}]`;
    }
    default:
      return undefined;
  }
}

/**
 * A text equal for values Python's `==` finds equal: numbers by value whatever their type (`1`,
 * `1.0` and `True`), strings, None, and lists, tuples and dicts item by item; undefined otherwise.
 */
export function equalityKey(value: Value): string | undefined {
  switch (value.kind) {
    case 'num':
      return `#${value.value}`;
    case 'bool':
      return `#${value.value ? 1 : 0}`;
    case 'str':
    case 'none':
      return pythonRepr(value);
    case 'seq': {
      const parts = value.items.map(equalityKey);
      return parts.some((part) => part === undefined) ? undefined : `${value.tuple ? 't' : 'l'}[${parts.join(',')}]`;
    }
    case 'dict': {
      const parts = value.entries.map((entry) => [equalityKey(entry.key), equalityKey(entry.value)]);
      if (parts.some(([key, item]) => key === undefined || item === undefined)) return undefined;
      return `d{${parts.map(([key, item]) => `${key}:${item}`).sort().join(',')}}`;
    }
    default:
      return undefined;
  }
}

/** Python `str()` of a literal value; undefined for values without a static text. */
export function pythonStr(value: Value): string | undefined {
  switch (value.kind) {
    case 'str':
      return value.value;
    case 'num':
      if (value.float) return pythonFloatRepr(value.value);
      // An int beyond 2**53: its digits as written when it is a literal, else no exact text (`2**53 + 1`
      // computed here is 2**53; Python's int is exact, and `{10**20}` is not `1e+20`).
      if (value.exact !== undefined) return value.exact;
      return Number.isSafeInteger(value.value) ? String(value.value) : undefined;
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'seq':
    case 'dict':
      return pythonRepr(value);
    case 'datetime':
    case 'timedelta':
      return dateTimeStr(value);
    case 'path':
      return value.path;
    case 'decimal':
      return value.text;
    case 'uuid':
      return `${value.hex.slice(0, 8)}-${value.hex.slice(8, 12)}-${value.hex.slice(12, 16)}-${value.hex.slice(16, 20)}-${value.hex.slice(20)}`;
    case 'opaque':
      return value.text;
    default:
      return undefined;
  }
}

/** A short description of what a value is, for argument-type messages. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'str':
      return 'a string';
    case 'num':
      return 'a number';
    case 'bool':
      return 'a boolean';
    case 'none':
      return 'None';
    case 'seq':
      return value.tuple ? 'a tuple' : 'a list';
    case 'dict':
      return 'a dict';
    case 'symbol':
      return value.text;
    case 'type':
      return `the type ${value.type.name}`;
    case 'column':
      return 'a Column';
    case 'constraint':
      return 'a constraint';
    case 'index':
      return 'an Index';
    case 'sql':
      return 'a SQL expression';
    case 'table':
      return 'a table';
    case 'join':
      return 'a join';
    case 'path':
      return 'a path';
    case 'textFile':
      return 'a file';
    default:
      return `a ${value.kind} value`;
  }
}
