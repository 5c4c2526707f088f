/**
 * What a fully qualified name refers to. Imports bind local names to qualified names
 * (`sa` → `sqlalchemy`, `JSONB` → `sqlalchemy.dialects.postgresql.JSONB`); this module decides
 * whether such a name is Alembic's `op` / `context`, a SQLAlchemy construct (and from which
 * dialect), a Python builtin, or code from the application.
 */

import { ownString } from '../../common/ownedStrings';

export type SymbolOrigin =
  | { kind: 'op'; member?: string }
  | { kind: 'context'; member?: string }
  /** A SQLAlchemy (or SQLModel) name: `module` is the short module the renderer knows. */
  | { kind: 'sqlalchemy'; module: string; name: string }
  /** `sa.func.<name>`: a SQL function call. */
  | { kind: 'func'; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'application'; qname: string };

/** Dialect packages whose names keep their dialect as the type's module. */
const DIALECTS = ['postgresql', 'mysql', 'sqlite', 'oracle', 'mssql'];

/** Modules under `sqlalchemy` whose public names are the generic `sa` namespace. */
const GENERIC_SQLALCHEMY_PREFIXES = [
  'sqlalchemy.types',
  'sqlalchemy.sql.sqltypes',
  'sqlalchemy.sql.expression',
  'sqlalchemy.sql.functions',
  'sqlalchemy.sql.schema',
  'sqlalchemy.sql.ddl',
  'sqlalchemy.sql.elements',
  'sqlalchemy.sql',
  'sqlalchemy.schema',
  'sqlalchemy.sql.type_api',
  'sqlalchemy',
];

export const PYTHON_BUILTINS = new Set([
  'print', 'len', 'str', 'int', 'float', 'bool', 'list', 'tuple', 'dict', 'set', 'range', 'enumerate', 'zip',
  'sorted', 'reversed', 'min', 'max', 'sum', 'any', 'all', 'isinstance', 'repr', 'format', 'getattr', 'hasattr',
  'open', 'input', 'map', 'filter', 'iter', 'next', 'type', 'object', 'super', 'Exception', 'ValueError',
  'RuntimeError', 'NotImplementedError', 'KeyError', 'TypeError', 'AssertionError', 'SystemExit', '__name__', '__file__',
  'staticmethod', 'classmethod', 'property', 'globals', 'abs', 'round',
]);

/**
 * Every name of CPython 3.11's `builtins` module (True, False and None are keywords, `__debug__` a
 * constant the parser reads): a name the engine does not model among them is no NameError, and
 * its reason says it is Python's own.
 */
export const ALL_PYTHON_BUILTINS: ReadonlySet<string> = new Set([
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BaseExceptionGroup',
  'BlockingIOError', 'BrokenPipeError', 'BufferError', 'BytesWarning', 'ChildProcessError',
  'ConnectionAbortedError', 'ConnectionError', 'ConnectionRefusedError', 'ConnectionResetError',
  'DeprecationWarning', 'EOFError', 'Ellipsis', 'EncodingWarning', 'EnvironmentError', 'Exception',
  'ExceptionGroup', 'FileExistsError', 'FileNotFoundError', 'FloatingPointError', 'FutureWarning',
  'GeneratorExit', 'IOError', 'ImportError', 'ImportWarning', 'IndentationError', 'IndexError',
  'InterruptedError', 'IsADirectoryError', 'KeyError', 'KeyboardInterrupt', 'LookupError', 'MemoryError',
  'ModuleNotFoundError', 'NameError', 'NotADirectoryError', 'NotImplemented', 'NotImplementedError',
  'OSError', 'OverflowError', 'PendingDeprecationWarning', 'PermissionError', 'ProcessLookupError',
  'RecursionError', 'ReferenceError', 'ResourceWarning', 'RuntimeError', 'RuntimeWarning',
  'StopAsyncIteration', 'StopIteration', 'SyntaxError', 'SyntaxWarning', 'SystemError', 'SystemExit',
  'TabError', 'TimeoutError', 'TypeError', 'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError',
  'UnicodeError', 'UnicodeTranslateError', 'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning',
  'ZeroDivisionError', '__build_class__', '__import__', 'abs', 'aiter', 'all', 'anext', 'any', 'ascii',
  'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr', 'classmethod', 'compile', 'complex',
  'copyright', 'credits', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'exit', 'filter',
  'float', 'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input',
  'int', 'isinstance', 'issubclass', 'iter', 'len', 'license', 'list', 'locals', 'map', 'max', 'memoryview',
  'min', 'next', 'object', 'oct', 'open', 'ord', 'pow', 'print', 'property', 'quit', 'range', 'repr',
  'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple',
  'type', 'vars', 'zip',
]);

/**
 * Answers by qualified name: a history asks about the same few dozen names (`sqlalchemy.Column`,
 * `alembic.op.create_index`, ...) hundreds of thousands of times, and the regular expressions
 * below were a visible part of a cold `check`. Every caller gets the same frozen answer (copying
 * it on each call, objects of six shapes spread, was 127 ms of a 7.7 s one-thread cold check).
 */
const classified = new Map<string, Readonly<SymbolOrigin>>();
const CLASSIFIED_LIMIT = 10_000;

export function classify(qname: string): Readonly<SymbolOrigin> {
  let origin = classified.get(qname);
  if (origin === undefined) {
    origin = Object.freeze(classifyUncached(qname));
    if (classified.size < CLASSIFIED_LIMIT) classified.set(qname, origin);
  }
  return origin;
}

/**
 * `qname.name`, the same string object every time: `classify` and the other tables keyed by
 * qualified name hash their key on each lookup, and a freshly joined string is hashed (and
 * flattened) anew each time, while a kept one carries its hash. `sa.Column`, `op.add_column`
 * and their like are joined hundreds of thousands of times in a large history.
 */
const members = new Map<string, Map<string, string>>();
let memberCount = 0;

export function memberQname(qname: string, name: string): string {
  let byName = members.get(qname);
  if (byName === undefined) {
    if (memberCount >= CLASSIFIED_LIMIT) return `${qname}.${name}`;
    // Kept strings own their characters: a slice of a migration's text would keep the text alive.
    members.set(ownString(qname), (byName = new Map()));
  }
  let joined = byName.get(name);
  if (joined === undefined) {
    if (memberCount >= CLASSIFIED_LIMIT) return `${qname}.${name}`;
    joined = ownString(`${qname}.${name}`);
    byName.set(ownString(name), joined);
    memberCount++;
  }
  return joined;
}

function classifyUncached(qname: string): SymbolOrigin {
  if (qname === 'alembic.op' || qname.startsWith('alembic.op.')) {
    return { kind: 'op', member: qname.length > 10 ? qname.slice(11) : undefined };
  }
  if (qname === 'alembic.context' || qname.startsWith('alembic.context.')) {
    return { kind: 'context', member: qname.length > 15 ? qname.slice(16) : undefined };
  }
  if (qname.startsWith('builtins.')) return { kind: 'builtin', name: qname.slice(9) };
  const sqlalchemy = classifySqlalchemy(qname);
  if (sqlalchemy) return sqlalchemy;
  return { kind: 'application', qname };
}

const SQLMODEL_TYPES = new Set(['AutoString', 'GUID', 'UTCDateTime']);

function classifySqlalchemy(qname: string): SymbolOrigin | undefined {
  const funcMatch = /^(?:sqlalchemy|sqlmodel)(?:\.sql(?:\.expression)?)?\.func\.(.+)$/.exec(qname);
  if (funcMatch) return { kind: 'func', name: funcMatch[1] };
  const dialect = /^sqlalchemy\.dialects\.(\w+)(?:\.[\w.]+)?\.(\w+)$/.exec(qname);
  if (dialect && DIALECTS.includes(dialect[1])) return { kind: 'sqlalchemy', module: dialect[1], name: dialect[2] };
  if (qname.startsWith('sqlmodel.')) {
    const name = qname.slice(qname.lastIndexOf('.') + 1);
    // SQLModel's own types (render/types.ts); everything else it exports is SQLAlchemy's.
    return { kind: 'sqlalchemy', module: SQLMODEL_TYPES.has(name) ? 'sqlmodel' : 'sa', name };
  }
  for (const prefix of GENERIC_SQLALCHEMY_PREFIXES) {
    if (qname.startsWith(prefix + '.')) {
      const rest = qname.slice(prefix.length + 1);
      if (/^\w+$/.test(rest)) return { kind: 'sqlalchemy', module: 'sa', name: rest };
    }
  }
  return undefined;
}

/** Third-party packages that are libraries, not the application (named so in reasons). */
const KNOWN_LIBRARIES = ['sqlalchemy_utils', 'geoalchemy2', 'alembic_utils', 'sqlalchemy_json', 'citext', 'pgvector', 'fastapi_users_db_sqlalchemy', 'sqlalchemy_utc', 'sqlalchemy', 'pkg_resources', 'setuptools', 'importlib_resources', 'importlib_metadata'];

/**
 * Modules of Python's standard library migrations call into (besides the ones the engine models):
 * a call the engine does not follow is named as the library's, not as the application's code.
 */
const STANDARD_LIBRARY = new Set([
  'abc', 'argparse', 'ast', 'asyncio', 'base64', 'binascii', 'bisect', 'bz2', 'calendar', 'codecs', 'collections', 'concurrent', 'configparser',
  'contextlib', 'copy', 'csv', 'ctypes', 'dataclasses', 'datetime', 'decimal', 'difflib', 'distutils', 'email', 'enum', 'fnmatch', 'fractions',
  'functools', 'getpass', 'gettext', 'glob', 'gzip', 'hashlib', 'heapq', 'hmac', 'html', 'http', 'importlib', 'inspect', 'io', 'ipaddress',
  'itertools', 'json', 'locale', 'logging', 'lzma', 'math', 'mimetypes', 'numbers', 'operator', 'os', 'pathlib', 'pickle', 'pkgutil', 'platform',
  'pprint', 'queue', 'random', 're', 'secrets', 'shlex', 'shutil', 'signal', 'socket', 'sqlite3', 'statistics', 'string', 'struct', 'subprocess',
  'sys', 'tarfile', 'tempfile', 'textwrap', 'threading', 'time', 'traceback', 'types', 'typing', 'unicodedata', 'urllib', 'uuid', 'warnings',
  'weakref', 'xml', 'zipfile', 'zlib', 'zoneinfo',
]);

export function applicationKind(qname: string): 'third-party package' | 'standard library' | 'application' {
  if (qname.startsWith('.')) return 'application';
  const head = qname.split('.')[0];
  if (KNOWN_LIBRARIES.includes(head)) return 'third-party package';
  return STANDARD_LIBRARY.has(head) ? 'standard library' : 'application';
}
