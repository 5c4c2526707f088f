/**
 * Operations are data. The interpreter turns the `op.*` calls of a migration into these values,
 * the PostgreSQL renderer turns them into SQL, the planner orders them, the executor runs them.
 * Every shape mirrors what Alembic's own operation objects carry, so rendering can reproduce
 * `alembic upgrade --sql` exactly. `reverseOperation()` exists where Alembic defines `reverse()`.
 *
 * Nothing here knows about Python syntax, files or editors: ranges are carried only so that
 * diagnostics and hovers can point back at the call that produced an operation.
 */
import type { SourceRange } from '../common/range';

/** A Python literal value after static evaluation. */
export type Literal = string | number | boolean | null | Literal[] | TemporalLiteral | DecimalLiteral | { [key: string]: Literal };

/**
 * A `datetime.date`, `datetime.datetime`, `datetime.time` or `datetime.timedelta` bound as a value,
 * where the column's type renders it (a Date column prints the date part, an Interval
 * `make_interval(...)`). A plain object, so an operation read back from a JSON cache keeps it.
 */
export interface TemporalLiteral {
  $temporal: 'date' | 'datetime' | 'time' | 'timedelta';
  /** Python's isoformat() of a date, datetime or time (with an aware value's UTC offset); empty for a timedelta. */
  iso: string;
  /** An aware datetime or time (a fixed UTC offset ends `iso`): psycopg2 casts it to timestamptz or timetz. */
  aware?: true;
  /** A timedelta's total_seconds(). */
  totalSeconds?: number;
}

/**
 * A `decimal.Decimal` in an `op.bulk_insert` row or given to `op.inline_literal()`: Python's str()
 * of it, which SQLAlchemy's Numeric and Float literal processors print as is. A plain object, as
 * TemporalLiteral, so an operation read back from a JSON cache keeps it.
 */
export interface DecimalLiteral {
  $decimal: string;
}

export function isDecimalLiteral(value: Literal): value is DecimalLiteral {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $decimal?: unknown }).$decimal === 'string';
}

export function isTemporalLiteral(value: Literal): value is TemporalLiteral {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $temporal?: unknown }).$temporal === 'string';
}

/**
 * A SQL expression as migrations write it: `sa.text("now()")`, `"'x'"` strings given to
 * `server_default`, `sa.func.now()`, `sa.literal_column("...")`, a Python literal, a column.
 */
/**
 * SQLAlchemy's PostgreSQL operators of JSON, JSONB and ARRAY columns, by the name SQLAlchemy gives
 * them: `json_getitem` (`doc['k']` on JSONB, `j -> 'k'` on JSON), `json_path_getitem` (`#>`),
 * `astext` (`->>`), `path_astext` (`#>>`), `has_key` (`?`), `has_any` (`?|`), `has_all` (`?&`),
 * `contains` (`@>`), `contained_by` (`<@`), `overlap` (`&&`) and ARRAY's `getitem` (`tags[1]`).
 */
export type PgOperator = 'json_getitem' | 'json_path_getitem' | 'astext' | 'path_astext' | 'has_key' | 'has_any' | 'has_all' | 'contains' | 'contained_by' | 'overlap' | 'getitem';

/** A table in a FROM list. */
export type FromTable = { name: string; schema?: string };

/**
 * An entry of a select's FROM list: a table, or `left.join(right, on)` (`isouter=True` a LEFT
 * OUTER JOIN, `full=True` a FULL OUTER JOIN) of a table or join on the left and a table on the right.
 */
export type FromItem = FromTable | { kind: 'join'; left: FromItem; right: FromTable; on: SqlExpr; outer?: 'left' | 'full' };

/** A join asked of a select: `left` given only by `join_from()`. */
export type SelectJoin = { left?: FromItem; right: FromTable; on: SqlExpr; outer?: 'left' | 'full' };

export type SqlExpr =
  | {
      kind: 'text';
      sql: string;
      /** `sa.text(...).bindparams(name=value)`. */
      params?: { [name: string]: Literal };
      /** `sa.DDL(...)`: printed as written (no bind parameters), its `%` formatting already applied. */
      ddl?: true;
      /** `sa.true()` / `sa.false()`: SQL constants, which a SELECT's columns clause labels (`true AS anon_1`), unlike SQL text. */
      booleanConstant?: true;
    }
  | {
      kind: 'literal';
      value: Literal;
      /** A Python float: an integral one prints `2.0`, not `2`. */
      float?: true;
      /** Made by `sa.literal()` / `sa.null()`, a SQL construct: a server default of it prints (a bare Python number does not). */
      construct?: true;
      /**
       * Made by `op.inline_literal()`: printed as a literal whatever env.py says of literal binds,
       * by its own type (`type`, else the value's), not by the column it is written to.
       */
      inline?: true;
      /** `op.inline_literal(value, type_)`'s type. */
      type?: SqlType;
      /** `sa.literal(value, type_)`'s type: the bind's, whose literal processor prints the value. */
      bindType?: SqlType;
    }
  /** `type`: the return type (NullType by name), where the interpreter knows it (sqlalchemy/functions.ts). */
  | {
      kind: 'function';
      name: string;
      args: SqlExpr[];
      type?: SqlType;
      /** `func.any()` / `all()` / `some()`: negated comparisons print NOT (...). */
      collectionAggregate?: true;
      /** The seed of its anonymous label when it differs from the printed name (`func.pow()` prints `power`, labelled `pow_1`). */
      labelSeed?: string;
    }
  /** `labelReference`: a plain string given to `sa.desc()` and its kin, which a SELECT's ORDER BY resolves against its columns. */
  | { kind: 'literalColumn'; sql: string; labelReference?: true }
  | {
      kind: 'column';
      name: string;
      table?: string;
      /** The schema of `table` (`sa.table(..., schema=)`). */
      schema?: string;
      /** `.label("x")`: printed `AS x` in a SELECT's columns clause only; anywhere else SQLAlchemy prints the column alone. */
      label?: string;
    }
  | {
      kind: 'binary';
      operator: string;
      left: SqlExpr;
      right: SqlExpr;
      /** LIKE's `escape=` character. */
      escape?: string;
      /**
       * `startswith()` / `endswith()` / `contains()` (and their `i` forms): LIKE against the right
       * side with `'%'` joined after it, before it, or both, the whole in parentheses.
       */
      affix?: 'start' | 'end' | 'both';
      /** `a.op("@>")(b)`: a custom operator, printed as written, of SQLAlchemy's precedence 0. */
      custom?: true;
      /**
       * One of SQLAlchemy's PostgreSQL JSON and ARRAY operators (`doc["k"]`, `.astext`,
       * `.has_key()`, `tags.contains([...])`): printed and grouped as render/postgresOperators.ts says.
       */
      pg?: PgOperator;
      /** `.as_string()`, `.as_integer()` and their kin of a JSON element: `CAST(doc ->> 'k' AS type)`. */
      castTo?: SqlType;
      /** The result's type, when known (a JSON element's, astext's TEXT, an ARRAY item's): a Python value compared with it is bound with it. */
      type?: SqlType;
      /**
       * The AND joining a statement's WHERE (HAVING) criteria, given to several where() calls or
       * arguments: SQLAlchemy compiles the list without marking its items as operands of an
       * operator (sa.and_() does mark them), so JSONB's `?` under it is not parenthesised.
       */
      criteria?: true;
      /** The left operand's type, which a Python value on the right of `@>` and its kin is bound with. */
      operandType?: SqlType;
      /**
       * `regexp_match(p, flags=...)` with flags other than "i" (`~ CONCAT('(?', flags, ')', p)`), and
       * `regexp_replace()`'s optional flags (`REGEXP_REPLACE(col, p, r, flags)`).
       */
      regexpFlags?: string;
      /** `col.regexp_replace(pattern, replacement)`: operator REGEXP_REPLACE, `right` the pattern. */
      replacement?: SqlExpr;
    }
  /**
   * `asBoolean`: SQLAlchemy's AsBoolean, what negating a Boolean-typed expression gives
   * (`~t.c.active`, `sa.not_(t.c.active)`): `NOT x`, never put in parentheses.
   */
  | {
      kind: 'unary';
      operator: string;
      operand: SqlExpr;
      asBoolean?: true;
      /** `ANY (tags)` / `ALL (tags)`: the array's item type, which a Python value compared with it is bound with. */
      type?: SqlType;
    }
  | { kind: 'cast'; expr: SqlExpr; type: SqlType }
  /**
   * `sa.type_coerce(expr, type)` of a SQL expression: printed and grouped as `expr` itself, while
   * the operators around it and the values compared with it take `type`.
   */
  | { kind: 'typeCoerce'; expr: SqlExpr; type: SqlType }
  /**
   * `sa.select(...)` of table columns, functions and expressions, with `.where(...)`,
   * `.distinct()`, `.select_from(table)`, `.group_by()`, `.having()`, `.order_by()`, `.limit(n)`
   * and `.offset(n)`: run by op.execute, the subquery of `in_()` or `exists()`, a scalar subquery
   * (a value), or an INSERT's `from_select`.
   */
  | {
      kind: 'select';
      columns: SqlExpr[];
      where?: SqlExpr;
      distinct?: true;
      /** `.select_from(t)`: tables and joins listed first in FROM. */
      froms?: FromItem[];
      /**
       * `.join(right, on)` / `.outerjoin()` / `.join_from(left, right, on)` of the select, in call
       * order: SQLAlchemy places each when compiling, joining it to the FROM entry it finds on
       * the left (render/selectJoins.ts).
       */
      joins?: SelectJoin[];
      groupBy?: SqlExpr[];
      having?: SqlExpr;
      orderBy?: SqlExpr[];
      limit?: number;
      offset?: number;
      /** `.with_for_update(read=, key_share=, nowait=, skip_locked=)`: PostgreSQL's locking clause, last. */
      forUpdate?: { read?: true; keyShare?: true; nowait?: true; skipLocked?: true };
    }
  /** `expr.label("x")` of an expression other than a column, as a select's column: `expr AS x` (elsewhere a select never holds it). */
  | { kind: 'label'; name: string; expr: SqlExpr }
  /** `a.between(x, y)`, `sa.between(...)`, `symmetric=True`; `negated` after `~` / `sa.not_()`. */
  | { kind: 'between'; operand: SqlExpr; lower: SqlExpr; upper: SqlExpr; symmetric?: true; negated?: true }
  /** `sa.case((cond, result), ..., else_=...)`, or with `value=`: `CASE value WHEN key THEN result ... END`. */
  | { kind: 'case'; value?: SqlExpr; whens: { when: SqlExpr; then: SqlExpr }[]; else?: SqlExpr }
  /** `sa.extract("year", expr)`: `EXTRACT(year FROM expr)`, the field printed as written. */
  | { kind: 'extract'; field: string; expr: SqlExpr }
  /**
   * `sa.tuple_(a, b)`: `(a, b)`. `compared`: a Python sequence compared with a tuple (`== (1, "x")`),
   * each item bound as a comparison with the other tuple's item at its place. `rows`: the Python
   * rows given to a tuple's `in_()`, each a tuple whose items are bound by the type of the other
   * tuple's item at their place, compared with the first row's value there. `inList`: the Python
   * list given to a column's `in_()` when its items are bound each as its own expression (timedeltas).
   */
  | { kind: 'tuple'; items: SqlExpr[]; role?: 'compared' | 'rows' | 'inList' };

/**
 * A column type as written: the SQLAlchemy class name (without module: `String`, `UUID`, `JSONB`,
 * `ARRAY`, `Enum`, `TIMESTAMP`, ...), its positional arguments and keywords. Nested types (the
 * item type of `ARRAY`, `sa.String().with_variant(...)`) appear as SqlType values inside args.
 * The renderer owns the mapping from these descriptors to PostgreSQL type names.
 */
export interface SqlType {
  name: string;
  /** Where it came from: `sa`, `postgresql`, `mysql`, or an application module for custom types. */
  module?: string;
  args: (Literal | SqlType)[];
  kwargs: { [key: string]: Literal | SqlType };
  /** The DDL text the type's own compiler prints (a UserDefinedType's get_col_spec(), a third-party type). */
  ddl?: string;
  /**
   * Table CHECK constraints the type adds when its column joins a table (an application
   * SchemaType's attach listener, sqlalchemy/attachChecks.ts): `<column> IN (values)`, named
   * `name` with `{column}` standing for the column's name.
   */
  attachedChecks?: { name: string; values: Literal[] }[];
}

export interface ForeignKeyRef {
  /** `sa.ForeignKey("other.id")` target: table (possibly schema-qualified) and column. */
  target: string;
  name?: string;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: boolean;
  initially?: string;
  match?: string;
  useAlter?: boolean;
  /** Dialect keywords (`postgresql_not_valid=True`), handed to the constraint SQLAlchemy derives. */
  dialectOptions?: { [key: string]: Literal };
}

/** An integer option of a sequence or identity: a string holds the exact digits of one beyond 2**53. */
export type IntegerOption = number | string;

export interface IdentitySpec {
  always: boolean;
  onNull?: boolean;
  start?: IntegerOption;
  increment?: IntegerOption;
  minValue?: IntegerOption;
  maxValue?: IntegerOption;
  /** `nominvalue=` / `nomaxvalue=` given (any value but None: SQLAlchemy prints NO MINVALUE / NO MAXVALUE for False too). */
  noMinValue?: true;
  noMaxValue?: true;
  cycle?: boolean;
  cache?: IntegerOption;
}

export interface ColumnSpec {
  name: string;
  /** `key=` other than the name: the name Python code uses for the column (TableRef's `key`). */
  key?: string;
  /** Missing only when a column is given without a type (`sa.Column("x", sa.ForeignKey(...))`). */
  type?: SqlType;
  /** `undefined` means "not given": SQLAlchemy then takes `not primary_key`. */
  nullable?: boolean;
  primaryKey: boolean;
  serverDefault?: SqlExpr;
  /**
   * The server default is a plain `sa.FetchedValue()`: no DEFAULT is printed, but the column has
   * a server default all the same, so it is not the table's autoincrement column.
   */
  fetchedServerDefault?: true;
  /**
   * `undefined` is SQLAlchemy's "auto"; `ignore_fk` is "auto" on a column with a foreign key too;
   * `other` is any other value (None, another string), which SQLAlchemy takes as neither.
   */
  autoincrement?: boolean | 'ignore_fk' | 'other';
  unique?: boolean;
  index?: boolean;
  /** Names the naming convention gives the constraint `unique=True` and the index `index=True` create. */
  uniqueName?: string;
  indexName?: string;
  comment?: string;
  /** `system=True`: a column the database makes itself, left out of CREATE TABLE's column list. */
  system?: true;
  identity?: IdentitySpec;
  /** `sa.Computed(sqltext)`: a string is SQL text (rendered as a CHECK's condition is). */
  computed?: { sql: SqlExpr; persisted?: boolean };
  /** Name of a `sa.Sequence("name")` given positionally (no DDL of its own in CREATE TABLE). */
  sequence?: string;
  /** `sa.Sequence(..., optional=True)`: the key may still be SERIAL. */
  sequenceOptional?: boolean;
  /** A Python-side `default=` / `insert_default=` other than None: SQLAlchemy then never writes SERIAL. */
  pythonDefault?: boolean;
  /** What SQLAlchemy writes for the column in an INSERT (`default=`) or UPDATE (`onupdate=`) that does not set it. */
  insertDefault?: ClientDefault;
  updateDefault?: ClientDefault;
  foreignKeys: ForeignKeyRef[];
  /** Inline `sa.CheckConstraint` given as a positional argument to `sa.Column`. */
  checks: CheckConstraintSpec[];
  /** Table-level checks the column's type adds when the column joins a table (SqlType.attachedChecks). */
  tableChecks?: CheckConstraintSpec[];
  range?: SourceRange;
}

/**
 * A column's client-side default as an INSERT or UPDATE that does not set the column writes it:
 * a Python value or callable is a bind parameter computed when the statement runs, which offline
 * (literal binds) prints as NULL; a SQL expression (`sa.func.now()`, `sa.text(...)`) is written
 * inline; `unknown` when the engine cannot tell which it is.
 */
export type ClientDefault = { kind: 'bound' } | { kind: 'sql'; expr: SqlExpr } | { kind: 'unknown'; reason: string };

export interface ConstraintCommon {
  name?: string;
  deferrable?: boolean;
  initially?: string;
  /** Dialect keywords such as `postgresql_not_valid`, `postgresql_include`. */
  dialectOptions: { [key: string]: Literal };
}

export interface PrimaryKeyConstraintSpec extends ConstraintCommon {
  type: 'primaryKey';
  columns: string[];
}
export interface UniqueConstraintSpec extends ConstraintCommon {
  type: 'unique';
  columns: string[];
}
export interface CheckConstraintSpec extends ConstraintCommon {
  type: 'check';
  sql: SqlExpr;
}
export interface ForeignKeyConstraintSpec extends ConstraintCommon {
  type: 'foreignKey';
  columns: string[];
  referredTable: string;
  referredSchema?: string;
  referredColumns: string[];
  onDelete?: string;
  onUpdate?: string;
  match?: string;
  /** `use_alter=True`: left out of CREATE TABLE (PostgreSQL supports ALTER). */
  useAlter?: boolean;
}
export interface ExcludeConstraintSpec extends ConstraintCommon {
  type: 'exclude';
  elements: { expr: SqlExpr; operator: string }[];
  /** `ops={"col": "gist_int4_ops"}`: operator classes, by element column name. */
  ops?: Record<string, string>;
  using?: string;
  where?: SqlExpr;
}

export type ConstraintSpec =
  | PrimaryKeyConstraintSpec
  | UniqueConstraintSpec
  | CheckConstraintSpec
  | ForeignKeyConstraintSpec
  | ExcludeConstraintSpec;

export interface IndexSpec {
  name?: string;
  /** Column names, or expressions (`sa.text("lower(email)")`). */
  columns: (string | SqlExpr)[];
  unique: boolean;
  dialectOptions: { [key: string]: Literal | SqlExpr };
  /** `quote=True` / `quote=False`: the name always / never quoted (SQLAlchemy's quoted_name). */
  quote?: boolean;
}

interface OperationBase {
  range?: SourceRange;
}

export interface CreateTableOp extends OperationBase {
  kind: 'createTable';
  table: string;
  schema?: string;
  columns: ColumnSpec[];
  constraints: ConstraintSpec[];
  /** `sa.Index(...)` objects passed to create_table: Alembic emits CREATE INDEX after the table. */
  indexes: IndexSpec[];
  /** The naming convention's name for a primary key made of `primary_key=True` columns. */
  primaryKeyName?: string;
  comment?: string;
  ifNotExists?: boolean;
  dialectOptions: { [key: string]: Literal };
}

export interface DropTableOp extends OperationBase {
  kind: 'dropTable';
  table: string;
  schema?: string;
  ifExists?: boolean;
  /** The table being dropped, when known (Alembic's `_reverse`): needed to reverse the drop. */
  existingTable?: Pick<CreateTableOp, 'columns' | 'constraints' | 'indexes' | 'comment' | 'dialectOptions'>;
}

export interface RenameTableOp extends OperationBase {
  kind: 'renameTable';
  oldName: string;
  newName: string;
  schema?: string;
}

export interface AddColumnOp extends OperationBase {
  kind: 'addColumn';
  table: string;
  column: ColumnSpec;
  schema?: string;
  ifNotExists?: boolean;
  /** Alembic 1.20 `inline_references=True`: a single-column FK renders as `REFERENCES` in ADD COLUMN. */
  inlineReferences?: boolean;
  /** Alembic 1.20 `inline_primary_key=True`: renders ` PRIMARY KEY` in ADD COLUMN. */
  inlinePrimaryKey?: boolean;
  /** Names given as `quoted_name(name, True)` / `quote=True` though PostgreSQL reads them bare: printed quoted (the same identifier). */
  quoted?: ForcedQuotes;
}

/** Which names of a column operation SQLAlchemy quotes though PostgreSQL reads them bare. */
export interface ForcedQuotes {
  table?: true;
  column?: true;
}

export interface DropColumnOp extends OperationBase {
  kind: 'dropColumn';
  table: string;
  column: string;
  schema?: string;
  ifExists?: boolean;
  /** The column being dropped, when known (Alembic's `_reverse`): needed to reverse the drop. */
  existingColumn?: ColumnSpec;
  /** Names given as `quoted_name(name, True)` though PostgreSQL reads them bare: printed quoted. */
  quoted?: ForcedQuotes;
}

/** `undefined` fields were not given; `null` means "set to NULL / drop the default". */
export interface AlterColumnOp extends OperationBase {
  kind: 'alterColumn';
  table: string;
  column: string;
  schema?: string;
  nullable?: boolean;
  newName?: string;
  type?: SqlType;
  serverDefault?: SqlExpr | null;
  comment?: string | null;
  existingType?: SqlType;
  existingNullable?: boolean;
  existingServerDefault?: SqlExpr | null;
  existingComment?: string | null;
  /**
   * server_default or existing_server_default an `sa.Identity` (Alembic's IdentityColumnDefault,
   * in place of serverDefault): `to` null drops the identity, `from` null adds one, both given
   * set the options that differ.
   */
  identity?: { to: IdentitySpec | null; from: IdentitySpec | null };
  postgresqlUsing?: string;
  /**
   * CHECK constraints the old and the new type bring (a non-native Enum with create_constraint):
   * with both types given, Alembic drops the old type's before the change; it adds the new type's after.
   */
  typeChecksDropped?: CheckConstraintSpec[];
  typeChecksAdded?: CheckConstraintSpec[];
}

export interface CreateIndexOp extends OperationBase {
  kind: 'createIndex';
  table: string;
  schema?: string;
  index: IndexSpec & { name: string };
  ifNotExists?: boolean;
}

export interface DropIndexOp extends OperationBase {
  kind: 'dropIndex';
  name: string;
  table?: string;
  schema?: string;
  ifExists?: boolean;
  dialectOptions: { [key: string]: Literal | SqlExpr };
  /** `quote=True` / `quote=False`: the name always / never quoted (SQLAlchemy's quoted_name). */
  quote?: boolean;
  /** The index being dropped, when known (Alembic's `_reverse`): needed to reverse the drop. */
  existingIndex?: IndexSpec;
}

export interface AddConstraintOp extends OperationBase {
  kind: 'addConstraint';
  table: string;
  schema?: string;
  constraint: ConstraintSpec;
}

export interface DropConstraintOp extends OperationBase {
  kind: 'dropConstraint';
  name: string;
  /**
   * `constraint_name` was None: SQLAlchemy names the constraint by the naming convention's
   * template for its type (`name` is '' until the naming pass sets it), or refuses to drop it.
   */
  unnamed?: boolean;
  table: string;
  schema?: string;
  /** Alembic's `type_`: foreignkey, primary, unique, check. */
  constraintType?: string;
  ifExists?: boolean;
  /** The constraint being dropped, when known (Alembic's `_reverse`): needed to reverse the drop. */
  existingConstraint?: ConstraintSpec;
}

export interface CreateTableCommentOp extends OperationBase {
  kind: 'createTableComment';
  table: string;
  schema?: string;
  /** None prints `IS NULL`, as drop_table_comment does. */
  comment: string | null;
  existingComment?: string | null;
}

export interface DropTableCommentOp extends OperationBase {
  kind: 'dropTableComment';
  table: string;
  schema?: string;
  existingComment?: string | null;
}

export interface ExecuteOp extends OperationBase {
  kind: 'execute';
  /** A plain string or `sa.text(...)` becomes `text`; simple update/insert/delete become `dml`. */
  sql: SqlExpr | DmlStatement | SequenceStatement | EnumTypeStatement | SchemaStatement;
}

/** `op.execute(CreateSchema(name))` and `DropSchema(...)`, SQLAlchemy's own DDL constructs. */
export type SchemaStatement =
  | { kind: 'createSchema'; name: string; ifNotExists?: boolean }
  | { kind: 'dropSchema'; name: string; ifExists?: boolean; cascade?: boolean };

/**
 * `sa.Enum(...).create(op.get_bind())` and `.drop(...)`: the type's own DDL, run through the
 * connection. Offline the connection is a mock that cannot look in the catalog, so SQLAlchemy
 * ignores `checkfirst` there and Alembic prints the statement unconditionally. `checkfirst`: a
 * live run first asks the catalog whether the type exists (SQLAlchemy's `has_type`) and creates
 * it only when it does not, drops it only when it does.
 */
export type EnumTypeStatement =
  | { kind: 'createEnumType'; name: string; schema?: string; values: string[]; checkfirst?: true }
  | { kind: 'dropEnumType'; name: string; schema?: string; checkfirst?: true };

/** `op.execute(sa.schema.CreateSequence(sa.Sequence(...)))` and its `DropSequence` twin. */
export type SequenceStatement =
  | {
      kind: 'createSequence';
      name: string;
      schema?: string;
      /** `data_type=`: PostgreSQL's `AS <type>` after the name. */
      dataType?: SqlType;
      start?: IntegerOption;
      increment?: IntegerOption;
      minValue?: IntegerOption;
      maxValue?: IntegerOption;
      /** `nominvalue=` / `nomaxvalue=` given (any value but None): `NO MINVALUE` / `NO MAXVALUE`. */
      noMinValue?: true;
      noMaxValue?: true;
      cycle?: boolean;
      cache?: IntegerOption;
      ifNotExists?: boolean;
    }
  | { kind: 'dropSequence'; name: string; schema?: string; ifExists?: boolean };

export interface TableRef {
  name: string;
  schema?: string;
  /** `sa.Table(...)` given arguments the engine cannot read (a splat, a value known only at run time): `columns` may miss some. */
  incompleteColumns?: true;
  /** `insertDefault` / `updateDefault`: a full Table's client-side defaults (ColumnSpec). */
  columns: {
    name: string;
    /** `sa.Column(name, ..., key=)` other than the name: what table.c, values() and bulk_insert rows call the column (the SQL prints `name`). */
    key?: string;
    type?: SqlType;
    insertDefault?: ClientDefault;
    updateDefault?: ClientDefault;
  }[];
  /**
   * What a single-row `table.insert()` of a full Table (`sa.Table`, the Table `op.create_table`
   * returns) adds for each primary-key column it is not given: SQLAlchemy's implicit RETURNING
   * of a generated key, with `nextval(...)` inlined for a Sequence; `unknown` where the key comes
   * from a Python-side default or `implicit_returning=False`. Absent for `sa.table()`.
   */
  generatedKeys?: { column: string; nextval?: string }[] | { unknown: string; columns: string[] };
}

export type DmlStatement =
  /** `moreRows`: `values([row, row, ...])`, the rows after the first (one multi-values INSERT). */
  /** `fromSelect`: `insert().from_select(names, select)`, `INSERT INTO t (names) SELECT ...` (no values then). */
  /** `postgresql`: made by `sqlalchemy.dialects.postgresql.insert()`, the one with `onConflict`. */
  | { kind: 'insert'; table: TableRef; values: { [column: string]: SqlExpr }; moreRows?: { [column: string]: SqlExpr }[]; fromSelect?: { columns: string[]; select: SqlExpr }; postgresql?: true; onConflict?: OnConflict }
  | { kind: 'update'; table: TableRef; values: { [column: string]: SqlExpr }; where?: SqlExpr }
  | { kind: 'delete'; table: TableRef; where?: SqlExpr };

/**
 * PostgreSQL's `ON CONFLICT` of an INSERT (`on_conflict_do_nothing()` / `on_conflict_do_update()`).
 * The target is a constraint's name, or the elements of a unique index (names or expressions) with
 * a partial index's WHERE; DO UPDATE's SET pairs keep the order given (the renderer puts them in
 * the table's column order, as SQLAlchemy does).
 */
export interface OnConflict {
  target?: { constraint: string } | { elements: SqlExpr[]; where?: SqlExpr };
  update?: { set: [string, SqlExpr][]; where?: SqlExpr };
}

export interface BulkInsertOp extends OperationBase {
  kind: 'bulkInsert';
  table: TableRef;
  rows: { [column: string]: Literal }[];
  multiInsert: boolean;
  /**
   * The cells holding a Python float with an integral value (`2.0`), by row index and key: a
   * Literal cannot tell it from an int, and a Float or Numeric column prints it `2.0`.
   */
  integralFloats?: [row: number, key: string][];
}

export type Operation =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | AddConstraintOp
  | DropConstraintOp
  | CreateTableCommentOp
  | DropTableCommentOp
  | ExecuteOp
  | BulkInsertOp;

export type OperationKind = Operation['kind'];

/**
 * What a migration function body becomes. `autocommit` is `with op.get_context().autocommit_block():`
 * (the planner commits before it and begins again after it). `modeBranch` is
 * `if context.is_offline_mode(): ... else: ...`: `--sql` takes `offline`, a live run `online`.
 * `opaque` is a statement the engine cannot interpret; nothing may skip it silently.
 */
export type Step =
  | { kind: 'operation'; operation: Operation }
  | { kind: 'autocommit'; steps: Step[]; range?: SourceRange }
  | { kind: 'modeBranch'; offline: Step[]; online: Step[]; range?: SourceRange }
  /**
   * `raises`: Alembic or SQLAlchemy refuses the call here (invalid arguments, a constraint dropped without its name): the real Alembic fails on it too.
   * `unnamed`: the operation, read whole, whose SQL only lacks a name env.py's naming convention
   * would give (a convention the engine cannot read): what it does to the schema is known, and the
   * safety lint replays it (a table made so is new in its migration).
   * `hooked`: the operation, read whole, that SQLAlchemy prints through a `@compiles` hook of the
   * file or of env.py (compilerHooks.ts), with the IF [NOT] EXISTS the hook's text adds: only its
   * text is unknown, so the safety lint reads it as that operation.
   * `mayRun`: for an `if` on a condition known only at run time, the steps its branches give when
   * read anyway; none is printed, and the safety lint takes from them only what may exist after.
   */
  | { kind: 'opaque'; reason: string; range: SourceRange; source: string; raises?: true; unnamed?: Operation; hooked?: Operation; mayRun?: Step[] }
  /**
   * `print(...)` of values known statically: Alembic's `--sql` output goes to standard output,
   * where the migration's prints land between the statements (`text` holds the `end`, a newline).
   */
  | { kind: 'print'; text: string; range?: SourceRange };
