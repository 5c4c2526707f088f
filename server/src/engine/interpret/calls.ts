/**
 * Attribute access and calls. This is where the evaluator decides what a call is: an Alembic
 * operation (handed to `operations/`), a SQLAlchemy construct, a builtin, a helper function
 * defined in the file (inlined), or something unknown, which is recorded as an effect so the
 * statement around it becomes an opaque step with the reason.
 */
import { MUTATING_METHODS } from './moduleBindings';
import { typeDescriptor } from './sqlalchemy/typeDescriptor';
import { bindExecute } from './bindExecute';
import type { SyntaxNode } from '../../python/parser';
import type { FromItem, Step } from '../ops';
import { fromItemOf, joinMethod } from './sqlalchemy/joins';
import { bindTransactionReason } from './bindTransaction';
import { migrationContextSetting } from './contextSettings';
import type { CallArgs } from './args';
import { BUILTINS, literalMethod } from './builtins';
import { configMethod } from './configOptions';
import { dateTimeAttribute, dateTimeMethod } from './datetimes';
import { enumTypeDdl } from './enumDdl';
import { callOperation, OPERATIONS } from './operations/dispatch';
import { callHelper } from './statements';
import { applyCustomOperator } from './sqlalchemy/operatorMethods';
import { sqlAttribute } from './sqlalchemy/postgresOperators';
import { dmlMethod, emptyDml, EXPRESSION_CONSTRUCTS, sqlMethod, tableColumn, typedColumn } from './sqlalchemy/expressions';
import { sqlFunction } from './sqlalchemy/functions';
import { SCHEMA_CONSTRUCTS } from './sqlalchemy/schema';
import { buildType, isTypeName, typeMethod } from './sqlalchemy/types';
import { withBareTypes, workspaceType } from './sqlalchemy/workspaceTypes';
import { libraryType } from './sqlalchemy/libraryTypes';
import { enumClassOf, enumClassOfType, withEnumClassLabels } from './sqlalchemy/enumClasses';
import { callStdlib } from './stdlib';
import { packageResourceCall } from './packageResources';
import { lookupWorkspaceName } from './workspaceModules';
import { FLASK_DATABASE_SYMBOL, flaskDatabaseAttribute, makesFlaskDatabase } from './sqlalchemy/flaskDatabase';
import { openFile, osPathDiskFunction, pathDiskMethod, textFileMethod } from './fileReads';
import { fsPath, osPathFunction, pathAttribute, pathMethod, pathOf } from './paths';
import { printCall } from './printCalls';
import { callFunctionOfModule, callWorkspaceFunction } from './workspaceHelpers';
import { environmentVariable, environmentVariableCall } from './processEnvironment';
import { instantiate, makeClass, objectAttribute, workspaceClass } from './pythonClasses';
import { enumClassAttribute, enumMemberAttribute } from './enumMembers';
import type { InterpreterState } from './state';
import { applicationKind, classify, memberQname } from './symbols';
import { describeValue, effectFreeOpaque, NONE, opaque, raising, str, truthiness, type Value } from './values';
import { xArguments, xArgumentsDependency } from '../../common/commandArguments';
import { isLocalTypeClass } from './sqlalchemy/localTypeClasses';
import { typeAttribute } from './sqlalchemy/typeAttributes';
import { excludedColumns, onConflictMethod, ON_CONFLICT_METHODS } from './sqlalchemy/onConflict';
import { globalsCall } from './moduleGlobals';

/** Standard-library modules: their values exist only at run time but calling them is harmless. */
const STDLIB = new Set(['datetime', 'zoneinfo', 'uuid', 'os', 'sys', 'json', 'time', 'random', 're', 'enum', 'typing', 'decimal', 'textwrap', 'pathlib', 'collections', 'itertools', 'functools', 'distutils']);
const BENIGN = new Set(['logging', 'warnings']);
/** Standard library calls that read a clock or make an identifier: no effect, whatever is done with the value. */
const EFFECT_FREE_READINGS = new Set([
  'datetime.datetime.now', 'datetime.datetime.utcnow', 'datetime.datetime.today', 'datetime.date.today',
  'time.time', 'time.monotonic', 'time.perf_counter', 'time.time_ns',
  'uuid.uuid1', 'uuid.uuid4',
]);
/** loguru's ready-made `logger` (fides's migrations): these methods write a log record and return None. */
const LOGURU_LOGGING = new Set(['trace', 'debug', 'info', 'success', 'warning', 'error', 'critical', 'exception', 'log'].map((method) => `loguru.logger.${method}`));

export function getAttribute(target: Value, name: string, state: InterpreterState, node: SyntaxNode, bySubscript = false): Value {
  switch (target.kind) {
    case 'symbol':
      if (bySubscript && target.qname === 'os.environ') return environmentVariable(name, state, node);
      if (!bySubscript) {
        const member = enumClassAttribute(target, name, state);
        if (member) return member;
        // `op._proxy.migration_context` is the migration context `op.get_context()` returns
        // (invenio-records tests `op._proxy.migration_context.dialect.name == "postgresql"`).
        if (target.qname === 'alembic.op._proxy' && name === 'migration_context') return { kind: 'runtime', what: 'migrationContext' };
      }
      return bySubscript ? opaque(`subscript of ${target.text}`) : { kind: 'symbol', qname: memberQname(target.qname, name), text: `${target.text}.${name}` };
    case 'pythonClass':
    case 'pythonInstance':
      if (!bySubscript) return objectAttribute(target, name, state);
      break;
    case 'runtime':
      if (target.what === 'bind') offlineMockAttribute(name, state, node);
      return runtimeAttribute(target.what, name, state);
    case 'table':
      if (name === 'c' || name === 'columns') return { kind: 'tableColumns', table: target.ref };
      if (name === 'name') return str(target.ref.name);
      break;
    case 'tableColumns':
      return tableColumn(target.table, name);
    case 'dml': {
      const excluded = name === 'excluded' && !bySubscript ? excludedColumns(target.stmt) : undefined;
      if (excluded) return excluded;
      break;
    }
    case 'column':
      if (name === 'name') return str(target.spec.name);
      break;
    case 'sql': {
      const attribute = bySubscript ? undefined : sqlAttribute(target, name);
      if (attribute) return attribute;
      break;
    }
    case 'opaque': {
      if (target.queryResult) state.effect(target.reason);
      const databaseType = bySubscript ? undefined : flaskDatabaseAttribute(target, name);
      if (databaseType) return databaseType;
      // Any other attribute of the database object (`db.session`, `db.engine`) is not the object itself.
      if (target.symbol === FLASK_DATABASE_SYMBOL) return opaque(`uses ${bySubscript ? 'a subscript' : name} of the Flask-SQLAlchemy database object`);
      const member = bySubscript ? undefined : enumClassAttribute(target, name, state);
      return member ?? target;
    }
    case 'enumMember':
      if (!bySubscript) return enumMemberAttribute(target, name);
      break;
    case 'type': {
      const attribute = bySubscript ? undefined : typeAttribute(target.type, name);
      if (attribute) return attribute;
      break;
    }
    case 'datetime':
    case 'timedelta': {
      const attribute = dateTimeAttribute(target, name);
      if (attribute) return attribute;
      break;
    }
    case 'path': {
      const attribute = bySubscript ? undefined : pathAttribute(target, name);
      if (attribute) return attribute;
      break;
    }
    default:
      break;
  }
  return opaque(`unsupported attribute ${name} of ${describeValue(target)}: ${state.shortText(node)}`);
}

/**
 * What SQLAlchemy's mock connection has: under `--sql`, `op.get_bind()` is one
 * (sqlalchemy.engine.mock.MockConnection), and reading anything else off it is an AttributeError
 * (sanbou_app's `op.get_bind().engine.url.database`), while a live run reads the real connection.
 */
const MOCK_CONNECTION_ATTRIBUTES = new Set(['engine', 'dialect', 'name', 'connect', 'execute', 'execution_options', 'schema_for_object']);

/** Python's error for an attribute SQLAlchemy's mock connection does not have. */
function mockConnectionLacks(name: string): string {
  return `AttributeError: 'MockConnection' object has no attribute '${name}'`;
}

/** Under `--sql`, an attribute the mock connection lacks fails the function: that mode's step is opaque (as inspectCall's). */
function offlineMockAttribute(name: string, state: InterpreterState, node: SyntaxNode): void {
  if (MOCK_CONNECTION_ATTRIBUTES.has(name)) return;
  const range = state.rangeOf(node);
  const offline: Step = { kind: 'opaque', reason: `${mockConnectionLacks(name)}: under --sql, op.get_bind() is SQLAlchemy's mock connection`, range, source: state.textOf(node) };
  state.pendingSteps.push({ kind: 'modeBranch', offline: [offline], online: [], range });
}

/** Capabilities SQLAlchemy's PostgreSQL dialect has whatever the driver (psycopg2, psycopg, asyncpg): all true. */
const POSTGRESQL_DIALECT_FLAGS = new Set(['supports_sequences', 'sequences_optional', 'supports_native_enum', 'supports_native_boolean', 'supports_alter', 'supports_comments', 'supports_identity_columns']);

function runtimeAttribute(what: string, name: string, state: InterpreterState): Value {
  if (what === 'migrationContext') {
    const setting = migrationContextSetting(name, state);
    if (setting) return setting;
    if (name === 'dialect') return { kind: 'runtime', what: 'dialect' };
    if (name === 'bind' || name === 'connection') return { kind: 'runtime', what: 'bind' };
    if (name === 'as_sql') return { kind: 'mode', offline: true };
    if (name === 'config') return { kind: 'runtime', what: 'config' };
    // The EnvironmentContext that `from alembic import context` stands for: get_x_argument() and the rest read the same.
    if (name === 'environment_context') return { kind: 'symbol', qname: 'alembic.context', text: 'op.get_context().environment_context' };
    return opaque(`reads ${name} of the migration context at run time`);
  }
  if (what === 'bind') {
    if (name === 'dialect') return { kind: 'runtime', what: 'dialect' };
    if (name === 'engine') return { kind: 'runtime', what: 'bind' };
    // `op.get_bind().engine.name` is the dialect name too.
    if (name === 'name') return str('postgresql');
    return opaque(`reads ${name} of the database connection (op.get_bind())`);
  }
  // The engine targets PostgreSQL only, so dialect tests are decided as PostgreSQL would.
  if (what === 'dialect' && name === 'name') return str('postgresql');
  if (what === 'dialect' && name === 'server_version_info') return opaque('depends on the PostgreSQL server version');
  if (what === 'dialect' && POSTGRESQL_DIALECT_FLAGS.has(name)) return { kind: 'bool', value: true };
  if (what === 'dialect' && name === 'max_identifier_length') return { kind: 'num', value: 63 };
  return opaque(`reads ${name} of the ${what} at run time`);
}

const ORDERING_METHODS = new Set(['desc', 'asc', 'nulls_first', 'nullsfirst', 'nulls_last', 'nullslast']);

export function callMethod(target: Value, name: string, args: CallArgs, state: InterpreterState, node: SyntaxNode, callee: SyntaxNode): Value {
  switch (target.kind) {
    case 'symbol':
      return callSymbol(memberQname(target.qname, name), target.text, name, args, state, node);
    case 'runtime':
      return runtimeMethod(target, name, args, state, node, callee);
    case 'type':
      return enumTypeDdl(target.type, name, args, state, node) ?? typeMethod(target.type, name, args);
    case 'sql':
      // Ordered by, a labelled expression prints its label when the select shows it: not followed.
      if (target.label !== undefined && ORDERING_METHODS.has(name)) return opaque(`.${name}() of a labelled expression: SQLAlchemy's ORDER BY prints the label, not followed`);
      return sqlMethod(target.expr, name, args, target.type);
    case 'dml':
      if (ON_CONFLICT_METHODS.has(name)) return onConflictMethod(target.stmt, name, args);
      return dmlMethod(target.stmt, name, args);
    case 'table':
      if (name === 'update' || name === 'insert' || name === 'delete') {
        // SQLAlchemy 1.x's `t.insert(values={...})` / `t.update(whereclause, values)`: 2.x takes no
        // arguments here and raises TypeError (murano's 001 migration).
        const extra = [...args.keywords.keys()][0];
        if (extra !== undefined) return raising(`TableClause.${name}() got an unexpected keyword argument '${extra}'`);
        if (args.positional.length > 0) return raising(`TableClause.${name}() takes 1 positional argument but ${args.positional.length + 1} were given`);
        return { kind: 'dml', stmt: emptyDml(name, target.ref) };
      }
      if (name === 'create' || name === 'drop') return opaque(`Table.${name}() runs DDL through the connection at run time`);
      if (name === 'join' || name === 'outerjoin') return joinMethod(fromItemOf(target) as FromItem, name, args);
      return opaque(`unsupported table method .${name}()`);
    case 'join':
      if (name === 'join' || name === 'outerjoin') return joinMethod(target.from, name, args);
      return opaque(`unsupported method .${name}() of a join`);
    case 'opaque': {
      // `db.String(50)` of a Flask-SQLAlchemy database object is sqlalchemy.String(50).
      const databaseType = flaskDatabaseAttribute(target, name);
      if (databaseType) return callValue(databaseType, args, state, node);
      // Chained calls (`conn.execute(...).fetchall()`) keep the reason of the first unknown call.
      const reason = /^(calls|queries) /.test(target.reason)
        ? target.reason
        : `calls ${state.shortText(callee)}() on a value known only at run time: ${target.reason}`;
      // `datetime.now().isoformat()`: still known only at run time, and still without an effect.
      if (target.effectFree) return effectFreeOpaque(reason);
      state.effect(reason);
      return { kind: 'opaque', reason, ...(target.symbol ? { symbol: target.symbol } : {}) };
    }
    case 'datetime':
    case 'timedelta':
      return dateTimeMethod(target, name, args) ?? opaque(`unsupported method .${name}() of a ${target.kind}`);
    case 'pythonClass':
    case 'pythonInstance':
      return callValue(objectAttribute(target, name, state), args, state, node);
    case 'path':
      return pathMethod(target, name, args) ?? pathDiskMethod(target, name, args, state, state.shortText(callee)) ?? opaque(`unsupported method .${name}() of a path`);
    case 'textFile':
      return textFileMethod(target, name, args) ?? opaque(`unsupported use of a file: .${name}() (${state.shortText(callee)})`);
    default: {
      // Branches read for what they may do (statements.ts) change no value the real path keeps.
      if (state.readingMayRun && MUTATING_METHODS.has(name)) return opaque(`.${name}() in a branch that may not run`);
      const literal = literalMethod(target, name, args);
      if (literal) return literal;
      return opaque(`unsupported method .${name}() of ${describeValue(target)}`);
    }
  }
}

function runtimeMethod(target: Extract<Value, { kind: 'runtime' }>, name: string, args: CallArgs, state: InterpreterState, node: SyntaxNode, callee: SyntaxNode): Value {
  if (target.what === 'batchContext') return callOperation(name, args, state, node, target);
  if (target.what === 'config') return configMethod(name, args, state, state.shortText(callee));
  // A custom type's load_dialect_impl() returns `dialect.type_descriptor(t)`: t adapted to the driver.
  if (target.what === 'dialect' && name === 'type_descriptor' && args.positional[0]) return typeDescriptor(args.positional[0].value);
  if (target.what === 'migrationContext') {
    if (name === 'autocommit_block') return { kind: 'runtime', what: 'autocommitBlock' };
    if (name === 'execute') return callOperation('execute', args, state, node);
  }
  // `conn.commit()` / `conn.rollback()`: under --sql the mock connection has neither (the
  // attribute's own step says so); a live run ends Alembic's transaction (bindTransaction.ts).
  if (target.what === 'bind' && (name === 'commit' || name === 'rollback') && args.positional.length === 0 && args.keywords.size === 0) {
    const range = state.rangeOf(node);
    const online: Step = { kind: 'opaque', reason: bindTransactionReason(name, state.shortText(callee)), range, source: state.textOf(node) };
    const offline: Step = { kind: 'opaque', reason: `${state.shortText(callee)}() raises ${mockConnectionLacks(name)} (under --sql, op.get_bind() is SQLAlchemy's mock connection)`, range, source: state.textOf(node), raises: true };
    state.pendingSteps.push({ kind: 'modeBranch', offline: [offline], online: [online], range });
    return NONE;
  }
  const reason =
    target.what === 'bind'
      ? `queries the database through op.get_bind() (${state.shortText(callee)})`
      : `calls ${state.shortText(callee)} at run time`;
  if (target.what === 'bind' && name === 'execute') {
    const executed = bindExecute(args, state, node, reason);
    if (executed) return executed;
    // A statement that raises before anything runs (a SQLAlchemy 1 `select([...])` inside it) fails the call for that reason.
    const statement = args.positional[0]?.value;
    if (statement?.kind === 'opaque' && statement.raises) {
      state.effect(statement.reason);
      return statement;
    }
    // A statement that is unknown itself (an UPDATE of `datetime.utcnow()`, Marzban): that is why,
    // not a query (held-out sweep AR).
    if (statement?.kind === 'opaque' && !statement.queryResult) {
      const why = `${statement.reason}, in the statement ${state.shortText(callee)}() runs`;
      state.effect(why);
      return opaque(why);
    }
  }
  state.effect(reason);
  return opaque(reason);
}

export function callValue(callee: Value, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  switch (callee.kind) {
    case 'symbol':
      return callSymbol(callee.qname, callee.text, undefined, args, state, node);
    case 'function': {
      // A method read from an instance receives it as its first argument.
      const bound = callee.self ? { ...args, positional: [{ value: callee.self, node: args.node }, ...args.positional] } : args;
      // A @contextmanager function's body runs only inside `with` (statements.ts, runWith).
      if (callee.contextManager) return { kind: 'generatorContext', fn: callee, args: bound };
      // A function of another module runs in that module's scope and source.
      if (callee.home && callee.home !== state) return callFunctionOfModule(callee, bound, state, node);
      return callHelper(callee, bound, state, node);
    }
    case 'pythonClass':
      return instantiate(callee.cls, args);
    case 'sqlOperator':
      return applyCustomOperator(callee, args);
    case 'opaque':
      // Instantiating a type class the migration defines, with no arguments, does nothing else.
      if (!isLocalTypeClass(callee, node)) state.effect(callee.reason);
      return callee;
    default: {
      const reason = `calls ${describeValue(callee)}: ${state.shortText(node)}`;
      state.effect(reason);
      return opaque(reason);
    }
  }
}

/**
 * `sa.inspect(...)`: a reading of the live database. Of `op.get_bind()` under `--sql` it raises
 * NoInspectionAvailable (the offline bind is a mock connection) even when its result goes unused
 * (cognee): that mode's step is opaque, so `--sql` refuses the function as Alembic fails it;
 * online the call itself changes nothing.
 */
function inspectCall(args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  const target = args.positional[0]?.value;
  if (target?.kind === 'runtime' && target.what === 'bind') {
    const range = state.rangeOf(node);
    const offline: Step = { kind: 'opaque', reason: "sa.inspect() of op.get_bind() raises NoInspectionAvailable under --sql: the offline bind is a mock connection, which has no inspection", range, source: state.textOf(node) };
    state.pendingSteps.push({ kind: 'modeBranch', offline: [offline], online: [], range });
  }
  return opaque('inspects the live database (sa.inspect)');
}

/**
 * `owner` and `member` spell the callee as written (`sa` and `Column`, or `Column` alone): they
 * are joined only for a message or a value that shows them, not for every call.
 */
function callSymbol(qname: string, owner: string, member: string | undefined, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  const origin = classify(qname);
  switch (origin.kind) {
    case 'op':
      if (!origin.member) break;
      return callOperation(origin.member, args, state, node);
    case 'context':
      return callContext(origin.member ?? '', calleeText(owner, member), args, state, node);
    case 'sqlalchemy': {
      const construct = sqlalchemyConstructOf(origin);
      const schema = construct.schema;
      if (schema) return schema(construct.column ? withBareTypes(args, state) : args, state.rangeOf(node));
      if (origin.name === 'column' && (args.positional.length > 1 || args.keywords.has('type_'))) return typedColumn(args);
      const expression = construct.expression;
      if (expression) return origin.module === 'postgresql' && origin.name === 'insert' ? postgresqlInsert(expression(args)) : expression(args);
      // ARRAY(ItemType) instantiates a bare type class, the application's too (h's ARRAY(types.URLSafeUUID)).
      if (origin.name === 'Enum' || origin.name === 'ENUM') {
        const labelled = withEnumClassLabels(args, state);
        if ('kind' in labelled) return labelled;
        const built = buildType(origin.module, origin.name, labelled);
        const enumClass = args.positional.length === 1 ? enumClassOf(args.positional[0].value, state) : undefined;
        if (built.kind === 'type' && enumClass && labelled !== args) enumClassOfType.set(built.type, enumClass);
        return built;
      }
      if (construct.type) return buildType(origin.module, origin.name, origin.name === 'ARRAY' ? withBareTypes(args, state) : args);
      if (origin.name === 'inspect') return inspectCall(args, state, node);
      // `sa.drop_table(...)` for `op.drop_table(...)` (todo.sr.ht's downgrades): SQLAlchemy's module
      // has no Alembic operation, so Python raises there, whatever the run.
      if (/^sqlalchemy\.\w+$/.test(qname) && Object.prototype.hasOwnProperty.call(OPERATIONS, origin.name)) {
        const message = `${calleeText(owner, member)} is not a SQLAlchemy function: Python raises AttributeError (module 'sqlalchemy' has no attribute '${origin.name}'); did you mean op.${origin.name}?`;
        state.report('unknown-operation', 'warning', message, node.firstChild ?? node, { name: origin.name, suggestion: origin.name });
        return raising(`AttributeError: module 'sqlalchemy' has no attribute '${origin.name}'`);
      }
      return opaque(`unsupported SQLAlchemy construct ${calleeText(owner, member)}()`);
    }
    case 'func':
      return sqlFunction(origin.name, args);
    case 'builtin': {
      // Offline the result of op.get_bind().execute() is None: len(), list(), print() of it differ from online.
      const result = [...args.positional, ...args.keywords.values()].find((arg) => arg.value.kind === 'opaque' && arg.value.queryResult);
      if (result?.value.kind === 'opaque') {
        state.effect(result.value.reason);
        return result.value;
      }
      if (origin.name === 'type' && args.positional.length === 3) return makeClass(args) ?? opaque(`type() makes a class from values the engine does not know: ${state.shortText(node)}`);
      if (origin.name === 'print') return printCall(args, state, node);
      if (origin.name === 'open') return openFile(args, state, state.shortText(node));
      if (origin.name === 'globals') return globalsCall(args, state);
      const builtin = BUILTINS[origin.name];
      if (builtin) return builtin(args);
      if (/^[A-Z]/.test(origin.name)) return opaque(`${origin.name}(...)`);
      break;
    }
    case 'application': {
      const head = qname.replace(/^\.+/, '').split('.')[0];
      // `with warnings.catch_warnings():` only saves and restores the warning filters (the
      // advanced-alchemy template wraps each function's body in it).
      if (qname === 'warnings.catch_warnings') return { kind: 'runtime', what: 'warningsContext' };
      if (BENIGN.has(head)) return head === 'logging' ? { kind: 'symbol', qname: 'logging.logger', text: calleeText(owner, member) } : NONE;
      // A logging library's logger (oslo_log's `log.getLogger(__name__)` in manila's migrations):
      // what it is called with is written to a log, never to the database.
      if (qname.endsWith('.getLogger')) return { kind: 'symbol', qname: 'logging.logger', text: calleeText(owner, member) };
      if (LOGURU_LOGGING.has(qname)) return NONE;
      // A message to standard error (docassemble's `sys.stderr.write("Not changing ...")`): Alembic's
      // `--sql` script is standard output, so nothing of it is printed there or run online.
      if (qname === 'sys.stderr.write' || qname === 'sys.stderr.flush') {
        const unknown = args.positional.find((arg) => arg.value.kind === 'opaque');
        return unknown ? unknown.value : NONE;
      }
      if (head === 'os') {
        const variable = environmentVariableCall(qname, args, state, node);
        if (variable) return variable;
      }
      // `io.open` is the builtin open() (rostock's ukos migrations read their SQL so).
      if (qname === 'io.open') return openFile(args, state, state.shortText(node));
      const resource = packageResourceCall(qname, args, state, state.shortText(node));
      if (resource) return resource;
      if (head === 'os' || head === 'pathlib') {
        const path = fileSystemCall(qname, args, state);
        if (path) return path;
      }
      if (STDLIB.has(head)) {
        const reason = `value computed at run time by ${calleeText(owner, member)}()`;
        return callStdlib(qname, args) ?? (EFFECT_FREE_READINGS.has(qname) ? effectFreeOpaque(reason) : opaque(reason));
      }
      if (qname.startsWith('sqlalchemy.orm.')) return opaque(`uses the SQLAlchemy ORM (${calleeText(owner, member)}): a data migration`);
      // `MutableDict.as_mutable(JSONB)`: change tracking for the ORM; the column type is the one given.
      if (/^sqlalchemy\.ext\.mutable\.Mutable(Dict|List|Set)\.as_mutable$/.test(qname) && args.positional.length === 1 && args.keywords.size === 0) {
        return withBareTypes(args, state).positional[0].value;
      }
      const last = qname.slice(Math.max(qname.lastIndexOf('.'), qname.lastIndexOf('#')) + 1);
      // `db = SQLAlchemy()`: its `db.String` and `db.TypeDecorator` are SQLAlchemy's (flaskDatabase.ts).
      if (last === 'SQLAlchemy' && makesFlaskDatabase(qname, state)) return { kind: 'opaque', reason: `uses the Flask-SQLAlchemy database object ${calleeText(owner, member)}()`, symbol: FLASK_DATABASE_SYMBOL };
      const libraryKnown = /^[A-Z]/.test(last) ? libraryType(qname, args) : undefined;
      if (libraryKnown) return libraryKnown;
      // An application name that is SQLAlchemy's (`db.Column` of the app's Flask-SQLAlchemy `db`,
      // a re-export) is called as SQLAlchemy's, bare type arguments and enum classes included.
      const library = qname.includes('.') ? lookupWorkspaceName(qname, state) : undefined;
      if (library?.kind === 'symbol' && ['sqlalchemy', 'func'].includes(classify(library.qname).kind)) return callSymbol(library.qname, owner, member, args, state, node);
      // A class named in lower case is still one (SQLAlchemy's own `utcnow` recipe is a FunctionElement).
      const known = workspaceType(qname, args, state);
      if (known) return known;
      // A plain class of the project's modules: an object (pythonClasses.ts says which ones).
      const plainClass = /^[A-Z]/.test(last) ? workspaceClass(qname, state) : undefined;
      if (typeof plainClass === 'object') return instantiate(plainClass, args);
      // A `def` is followed whatever its case: glance's schema.py names its column-type helpers
      // `String(length)`, `Boolean()`, functions returning SQLAlchemy's types.
      const helper = callWorkspaceFunction(qname, args, state, node);
      if (helper) return helper;
      const origin = applicationKind(qname);
      const where = origin === 'application' ? 'the application' : origin === 'standard library' ? 'the standard library' : 'a third-party package';
      // Calling a class builds an object (a custom type, an entity); calling a function may do anything.
      if (/^[A-Z]/.test(last)) return { kind: 'opaque', reason: `uses ${qname} from ${where}`, symbol: qname };
      const callee = calleeText(owner, member);
      const reason =
        origin === 'application' ? `calls into application code: ${callee}` : origin === 'standard library' ? `calls ${callee}() of the standard library, which the engine does not follow` : `calls into a third-party package: ${callee}`;
      state.effect(reason);
      return { kind: 'opaque', reason, symbol: qname };
    }
  }
  const reason = `calls ${calleeText(owner, member)}()`;
  state.effect(reason);
  return opaque(reason);
}

/** `sqlalchemy.dialects.postgresql.insert(table)`: SQLAlchemy's INSERT with PostgreSQL's ON CONFLICT methods. */
function postgresqlInsert(made: Value): Value {
  return made.kind === 'dml' && made.stmt.kind === 'insert' ? { kind: 'dml', stmt: { ...made.stmt, postgresql: true } } : made;
}

function calleeText(owner: string, member: string | undefined): string {
  return member === undefined ? owner : `${owner}.${member}`;
}

/** What calling a SQLAlchemy name builds, as the tables by name say; found once per name. */
interface SqlalchemyConstruct {
  schema: (typeof SCHEMA_CONSTRUCTS)[string] | undefined;
  column: boolean;
  expression: (typeof EXPRESSION_CONSTRUCTS)[string] | undefined;
  type: boolean;
}

/**
 * By `classify`'s answer, which is one object per qualified name: a history calls the same few
 * dozen SQLAlchemy names hundreds of thousands of times, and each call looked its name up in two
 * tables (missing in both for every type) and tested it against a pattern.
 */
const sqlalchemyConstructs = new WeakMap<object, SqlalchemyConstruct>();

function sqlalchemyConstructOf(origin: Readonly<{ name: string }>): SqlalchemyConstruct {
  let construct = sqlalchemyConstructs.get(origin);
  if (construct === undefined) {
    const name = origin.name;
    construct = { schema: SCHEMA_CONSTRUCTS[name], column: name === 'Column', expression: EXPRESSION_CONSTRUCTS[name], type: isTypeName(name) };
    sqlalchemyConstructs.set(origin, construct);
  }
  return construct;
}

/**
 * `context.get_x_argument(as_dictionary=False)`: the command's `-x` values (common/commandArguments.ts),
 * a list, or a dictionary of each value split at its first `=` (a value without one maps to ''),
 * as Alembic builds it; none given is `[]` / `{}`, which is what lifelike's
 * `get_x_argument(as_dictionary=True).get("data_migrate")` reads under a plain upgrade.
 */
function xArgumentValue(args: CallArgs, state: InterpreterState, text: string): Value {
  if (args.unknownSplat || args.positional.length > 1 || [...args.keywords.keys()].some((key) => key !== 'as_dictionary')) return opaque(`depends on command-line arguments (${text})`);
  const flag = args.positional[0]?.value ?? args.keywords.get('as_dictionary')?.value;
  const asDictionary = flag === undefined ? false : truthiness(flag);
  if (asDictionary === undefined) return opaque(`depends on command-line arguments (${text})`);
  const [path, hash] = xArgumentsDependency();
  state.dependencies.set(path, hash);
  const values = xArguments();
  if (!asDictionary) return { kind: 'seq', items: values.map((value) => str(value)), tuple: false };
  const entries = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    entries.set(at < 0 ? value : value.slice(0, at), at < 0 ? '' : value.slice(at + 1));
  }
  return { kind: 'dict', entries: [...entries].map(([key, value]) => ({ key: str(key), value: str(value) })) };
}

function callContext(member: string, text: string, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  switch (member) {
    case 'is_offline_mode':
      return { kind: 'mode', offline: true };
    case 'get_context':
      return { kind: 'runtime', what: 'migrationContext' };
    case 'get_bind':
      return { kind: 'runtime', what: 'bind' };
    case 'execute':
      return callOperation('execute', args, state, node);
    case 'get_x_argument':
      return xArgumentValue(args, state, text);
    case 'get_tag_argument':
      return opaque(`depends on command-line arguments (${text})`);
    default: {
      if (member.startsWith('config.')) return configMethod(member.slice('config.'.length), args, state, text);
      if (member.startsWith('config')) return opaque(`depends on the Alembic configuration (${text})`);
      const reason = `calls ${text}() at run time`;
      state.effect(reason);
      return opaque(reason);
    }
  }
}

/** The path names of `pathlib`, all PurePosixPath on Linux as far as spelling goes. */
const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);

/** `os.path.*`, `os.fspath` and `pathlib.Path(...)`: paths a migration builds to read a file (paths.ts, fileReads.ts). */
function fileSystemCall(qname: string, args: CallArgs, state: InterpreterState): Value | undefined {
  if (PATH_CLASSES.has(qname)) {
    if (args.keywords.size > 0 || args.unknownSplat) return undefined;
    const parts = args.positional.map((arg) => fsPath(arg.value));
    const unknown = args.positional.find((arg) => fsPath(arg.value) === undefined)?.value;
    if (unknown) return unknown.kind === 'opaque' ? unknown : undefined;
    return pathOf(...(parts as string[]));
  }
  if (qname === 'os.fspath') {
    const path = args.positional.length === 1 && args.keywords.size === 0 ? fsPath(args.positional[0].value) : undefined;
    return path === undefined ? undefined : str(path);
  }
  if (qname.startsWith('os.path.')) {
    const name = qname.slice('os.path.'.length);
    return osPathFunction(name, args) ?? osPathDiskFunction(name, args, state);
  }
  return undefined;
}
