/**
 * Flask-SQLAlchemy's database object (`db = SQLAlchemy()`, or an instance of the application's
 * subclass of it): it carries the names of the `sqlalchemy` module as attributes, so a type
 * written `db.String(50)` or a class `class GUID(db.TypeDecorator)` (the Flask-RESTplus example
 * application's, and houston's after it) is SQLAlchemy's own, and so are `db.Column(...)`,
 * `db.ForeignKey(...)`, `db.text(...)` and `db.func.now()` in hand-written Flask migrations.
 * Only SQLAlchemy's column types and the constructs that build schema and SQL values are taken
 * from it: its other attributes (`db.session`, `db.engine`, `db.Table`, which binds the
 * application's metadata) reach the database or the application and stay unknown.
 */
import { lookupWorkspaceName } from '../workspaceModules';
import type { InterpreterState } from '../state';
import type { Value } from '../values';
import { classBaseNames } from './workspaceTypes';

/** The class's qualified name, as the import spells it (`flask_sqlalchemy.SQLAlchemy`, `flask_sqlalchemy.extension.SQLAlchemy`). */
const FLASK_DATABASE = /^flask_sqlalchemy(\.\w+)*\.SQLAlchemy$/;

/** What an instance is marked with (InterpretedValue `symbol`), whichever class made it. */
export const FLASK_DATABASE_SYMBOL = 'flask_sqlalchemy.SQLAlchemy';

/**
 * The `sqlalchemy` names taken from the database object: the column types (SQLAlchemy 2.0's, each
 * a TypeEngine subclass) and the base of custom ones, then the schema and SQL constructs, which
 * only build values.
 */
const TYPE_NAMES = new Set(
  [
    'ARRAY BIGINT BINARY BLOB BOOLEAN BigInteger Boolean CHAR CLOB DATE DATETIME DECIMAL DOUBLE DOUBLE_PRECISION Date DateTime Double Enum FLOAT Float INT INTEGER Integer Interval JSON LargeBinary NCHAR NUMERIC NVARCHAR Numeric PickleType REAL SMALLINT SmallInteger String TEXT TIME TIMESTAMP Text Time TypeDecorator UUID Unicode UnicodeText Uuid VARBINARY VARCHAR',
    'Column ForeignKey ForeignKeyConstraint PrimaryKeyConstraint UniqueConstraint CheckConstraint Index Sequence Identity Computed MetaData',
    'text func literal literal_column column table select and_ or_ not_ case cast null true false desc asc bindparam',
  ]
    .join(' ')
    .split(' '),
);

/** True when calling `qname` makes a Flask-SQLAlchemy database object: the library's class, or a workspace class deriving from it. */
export function makesFlaskDatabase(qname: string, state: InterpreterState): boolean {
  if (FLASK_DATABASE.test(qname)) return true;
  const found = lookupWorkspaceName(qname, state);
  if (found?.kind === 'symbol') return FLASK_DATABASE.test(found.qname);
  if (found?.kind !== 'class') return false;
  return classBaseNames(found.scope, found.node).some((base) => FLASK_DATABASE.test(base));
}

/** `db.<name>` of a database object: SQLAlchemy's name, or undefined for any other attribute. */
export function flaskDatabaseAttribute(target: Extract<Value, { kind: 'opaque' }>, name: string): Value | undefined {
  if (target.symbol !== FLASK_DATABASE_SYMBOL || !TYPE_NAMES.has(name)) return undefined;
  return { kind: 'symbol', qname: `sqlalchemy.${name}`, text: `db.${name}` };
}
