/**
 * SQL env.py runs on its SQLAlchemy connection before Alembic's migration context takes it:
 * `connection.execute(text("SET search_path TO app"))`, `connection.exec_driver_sql("SET
 * lock_timeout = '5s'")`, `CREATE SCHEMA IF NOT EXISTS app`. Alembic runs it online (never for
 * `--sql`, which does not run the online function); a `SET search_path` moves every unqualified
 * table and the version table with it. The online engine never runs env.py, so it reads here the
 * shapes whose effect it can reproduce exactly, and refuses every other one with the line.
 *
 * The followed shapes, with every statement's SQL known statically (`text("...")` of a string or
 * an f-string of known values, or a string given to exec_driver_sql()):
 *
 *     with <engine>.connect() as X:          with <engine>.connect() as X:      with <engine>.begin() as X:
 *         X.execute(text("..."))  (1 or more)   with X.begin():                    X.execute(text("SET ..."))
 *         X.commit()                                X.execute(text("..."))         context.configure(connection=X)
 *         context.configure(connection=X)       context.configure(connection=X)
 *
 * Under connect() SQLAlchemy 2 autobegins a transaction on the first execute and the commit (or
 * the nested begin()'s block) ends it: the statements are committed as one transaction before
 * Alembic begins its own, and session settings stay on the connection the migrations then run
 * on; the engine runs them the same way, first. Under begin() they share the migrations' one
 * transaction: a plain SET has the same effect run first (it lasts the session either way), a
 * CREATE would not (a failed migration rolls it back) nor would SET LOCAL. Without the commit the
 * connection is still in the autobegun transaction when `configure` runs, `begin_transaction()`
 * becomes a no-op and nothing is committed when connect()'s block closes. Those, SQL not known
 * statically, statements in a helper or after configure: refused, with the line.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { envPyString, type StringContext } from './envPyStrings';
import type { ConfigureCall } from './envPyOwnSql';

export interface ConnectionStatement {
  line: number;
  sql: string;
}

export type ConnectionSql =
  | { kind: 'followed'; statements: ConnectionStatement[] }
  | { kind: 'refused'; line: number; reason: string };

const RUNS_SQL = new Set(['execute', 'exec_driver_sql']);
const TEXT_CONSTRUCTORS = new Set(['text', 'sa.text', 'sqlalchemy.text', 'sql.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);

/** What env.py's online path runs on its connection; undefined when it runs nothing there. */
export function connectionSqlOf(text: string, top: SyntaxNode, configureCalls: readonly ConfigureCall[], lineOf: (offset: number) => number, strings: StringContext): ConnectionSql | undefined {
  const online = configureCalls.filter((call) => call.online);
  const connections = connectionNames(text, top, online);
  const calls = sqlCallsOn(text, top, connections);
  if (calls.length === 0) return undefined;
  const first = calls[0];
  const refuse = (at: SyntaxNode, why: string): ConnectionSql => ({ kind: 'refused', line: lineOf(at.from), reason: why });
  const block = enclosingConnectionBlock(text, top, first.call);
  if (!block) return refuse(first.call, `${textOf(text, first.callee)}() is not at the start of a \`with <engine>.connect() as ${first.receiver}:\` (or begin()) block that configures Alembic after it`);
  const statements: ConnectionStatement[] = [];
  const read = (statement: SyntaxNode): SqlCall | { why: string } | undefined => {
    const call = calledBy(statement);
    const found = calls.find((candidate) => candidate.call.from === call?.from);
    if (!found) return undefined;
    const sql = literalSqlOf(text, found, strings);
    if (typeof sql !== 'string') return { why: sql.why };
    statements.push({ line: lineOf(found.call.from), sql });
    return found;
  };
  let committedAt: number | undefined;
  const body = bodyStatements(block.with);
  // A function's docstring says nothing about its connection.
  if (block.with.name === 'FunctionDefinition' && body[0]?.name === 'ExpressionStatement' && body[0].firstChild?.name === 'String') body.shift();
  for (const statement of body) {
    if (block.method === 'connect' && isCallOf(text, statement, `${block.name}.commit`)) {
      committedAt = statement.to;
      break;
    }
    // `with connection.begin():` holding only the statements commits them when it closes.
    const nested = block.method === 'connect' && statement.name === 'WithStatement' ? withOpening(text, statement) : undefined;
    if (nested?.callee === `${block.name}.begin` && nested.name === undefined) {
      // After an execute SQLAlchemy has autobegun already, and begin() raises.
      if (statements.length > 0) return refuse(statement, `${block.name}.begin() after statements that began a transaction already`);
      for (const inner of bodyStatements(statement)) {
        const found = read(inner);
        if (!found) return refuse(inner, `${block.name}.begin()'s block holds more than the statements it commits`);
        if ('why' in found) return refuse(inner, found.why);
      }
      committedAt = statement.to;
      break;
    }
    const found = read(statement);
    if (!found) break;
    if ('why' in found) return refuse(statement, found.why);
  }
  const followed = new Set(statements.map((statement) => statement.line));
  const stray = calls.find((candidate) => !followed.has(lineOf(candidate.call.from)));
  if (stray) return refuse(stray.call, `${textOf(text, stray.callee)}() is not among the statements at the start of the \`with ... as ${block.name}:\` block, before context.configure()`);
  if (block.method === 'connect' && committedAt === undefined) return refuse(first.call, `no ${block.name}.commit() follows it before context.configure(): SQLAlchemy's autobegun transaction is still open, Alembic's begin_transaction() then begins nothing and nothing is committed when the connect() block closes`);
  // Under begin() they share the migrations' one transaction: only a session setting has the same
  // effect run before it (a failed migration would roll a CREATE back; SET LOCAL lasts the transaction).
  const notSetting = block.method === 'begin' ? statements.find((statement) => !/^\s*SET\s+(?!LOCAL\b)/i.test(statement.sql)) : undefined;
  if (notSetting) return refuse(first.call, `\`${notSetting.sql}\` runs in the migrations' own transaction under \`with ....begin() as ${block.name}:\` (a failed migration rolls it back with them): only SET statements are followed there`);
  const after = committedAt ?? Math.max(...calls.map((call) => call.call.to));
  // The async template configures in the function the block hands its connection to (run_sync).
  const handedTo = block.with.name === 'FunctionDefinition' ? undefined : runSyncTarget(text, top, block, after);
  const configures = online.filter((call) => (call.node.from > after && call.node.to <= block.with.to) || (handedTo !== undefined && call.node.from > handedTo.from && call.node.to <= handedTo.to));
  if (configures.length === 0 || configures.length !== online.length) return refuse(first.call, `context.configure(connection=${block.name}) is not called after it in the same block`);
  return { kind: 'followed', statements };
}

function bodyStatements(statement: SyntaxNode): SyntaxNode[] {
  const body = childrenOf(statement).find((child) => child.name === 'Body');
  return body ? childrenOf(body).filter((child) => child.name !== ':' && child.name !== 'Comment') : [];
}

function isCallOf(text: string, statement: SyntaxNode, callee: string): boolean {
  const call = calledBy(statement);
  return !!call?.firstChild && textOf(text, call.firstChild).replace(/\s+/g, '') === callee;
}

/** The call an expression statement makes, awaited or not (`await connection.commit()` under an AsyncConnection). */
function calledBy(statement: SyntaxNode): SyntaxNode | undefined {
  let expression = statement.name === 'ExpressionStatement' ? statement.firstChild : undefined;
  if (expression?.name === 'AwaitExpression') expression = expression.lastChild ?? undefined;
  return expression?.name === 'CallExpression' ? expression : undefined;
}

/**
 * The module function `await X.run_sync(F)` hands the block's connection to, in the block after
 * `after` (Alembic's async template: `do_run_migrations(connection)` configures and runs the migrations).
 */
function runSyncTarget(text: string, top: SyntaxNode, block: ConnectionBlock, after: number): SyntaxNode | undefined {
  for (const statement of bodyStatements(block.with)) {
    if (statement.from <= after) continue;
    const target = runSyncArgument(text, statement, block.name);
    if (target !== undefined) return moduleFunction(text, top, target);
  }
  return undefined;
}

/** F of a `[await] X.run_sync(F)` statement on the connection X; undefined for any other statement. */
function runSyncArgument(text: string, statement: SyntaxNode, connection: string): string | undefined {
  const call = calledBy(statement);
  if (!call?.firstChild || textOf(text, call.firstChild).replace(/\s+/g, '') !== `${connection}.run_sync`) return undefined;
  const args = childrenOf(childrenOf(call).find((child) => child.name === 'ArgList')!).filter((part) => !['(', ')', ','].includes(part.name));
  return args.length === 1 && args[0].name === 'VariableName' ? textOf(text, args[0]) : undefined;
}

/** The one top-level `def name(...)` of the module. */
function moduleFunction(text: string, top: SyntaxNode, name: string): SyntaxNode | undefined {
  const found = childrenOf(top).filter((statement) => statement.name === 'FunctionDefinition' && childrenOf(statement).some((part) => part.name === 'VariableName' && textOf(text, part) === name));
  return found.length === 1 ? found[0] : undefined;
}

/** The first parameter's name of a function definition. */
function firstParameter(text: string, fn: SyntaxNode): string | undefined {
  const parameters = childrenOf(fn).find((part) => part.name === 'ParamList');
  const first = parameters ? childrenOf(parameters).find((part) => part.name === 'VariableName') : undefined;
  return first ? textOf(text, first) : undefined;
}

interface SqlCall {
  call: SyntaxNode;
  callee: SyntaxNode;
  receiver: string;
  method: string;
}

/** Names bound by `with ... .connect()/.begin() as X`, and the names given as `connection=` to an online configure call. */
function connectionNames(text: string, top: SyntaxNode, online: readonly ConfigureCall[]): Set<string> {
  const names = new Set<string>();
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'WithStatement') continue;
    const bound = withBinding(text, cursor.node);
    if (bound) names.add(bound.name);
  } while (cursor.next());
  for (const configure of online) {
    const args = childrenOf(configure.node).find((child) => child.name === 'ArgList');
    const parts = args ? childrenOf(args) : [];
    for (let at = 0; at + 2 < parts.length; at++) {
      if (parts[at].name === 'VariableName' && textOf(text, parts[at]) === 'connection' && parts[at + 1].name === 'AssignOp' && parts[at + 2].name === 'VariableName') names.add(textOf(text, parts[at + 2]));
    }
  }
  names.delete('context');
  names.delete('op');
  return names;
}

/** `with <call>(...) [as X]:`: the called expression (spaces left out) and X. */
function withOpening(text: string, statement: SyntaxNode): { callee: string; name?: string } | undefined {
  const parts = childrenOf(statement);
  const as = parts.findIndex((part) => part.name === 'as');
  const opened = as >= 1 ? parts[as - 1] : parts.find((part) => part.name === 'CallExpression');
  if (opened?.name !== 'CallExpression' || !opened.firstChild) return undefined;
  const callee = textOf(text, opened.firstChild).replace(/\s+/g, '');
  return as >= 1 && parts[as + 1]?.name === 'VariableName' ? { callee, name: textOf(text, parts[as + 1]) } : { callee };
}

/** `with <expr>.connect() as X:` / `.begin() as X`: the method and X. */
function withBinding(text: string, statement: SyntaxNode): { method: 'connect' | 'begin'; name: string } | undefined {
  const opening = withOpening(text, statement);
  const match = opening?.name ? /\.(connect|begin)$/.exec(opening.callee) : null;
  return match && opening?.name ? { method: match[1] as 'connect' | 'begin', name: opening.name } : undefined;
}

function sqlCallsOn(text: string, top: SyntaxNode, connections: ReadonlySet<string>): SqlCall[] {
  const found: SqlCall[] = [];
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const callee = cursor.node.firstChild;
    if (callee?.name !== 'MemberExpression') continue;
    const match = /^([A-Za-z_]\w*)\.(\w+)$/.exec(textOf(text, callee).replace(/\s+/g, ''));
    if (!match || !connections.has(match[1]) || !RUNS_SQL.has(match[2])) continue;
    found.push({ call: cursor.node, callee, receiver: match[1], method: match[2] });
  } while (cursor.next());
  return found;
}

/**
 * Where the statements run: a `with <engine>.connect()/begin() as X:` block (or `async with`) around the call whose X is the call's receiver, in the same function.
 * Or, for a call in a module function that receives the connection as its first parameter and is
 * handed it by `[await] X.run_sync(F)` in such a block (Alembic's async template, SQL before
 * configure in `do_run_migrations(connection)`): that function, with the block's method.
 */
interface ConnectionBlock {
  with: SyntaxNode;
  name: string;
  method: 'connect' | 'begin';
}

function enclosingConnectionBlock(text: string, top: SyntaxNode, call: SyntaxNode): ConnectionBlock | undefined {
  const receiver = textOf(text, call.firstChild!).replace(/\s+/g, '').split('.')[0];
  for (let at = call.parent; at; at = at.parent) {
    // Nodes are made afresh on each walk: compared by position, not identity.
    if (at.name === 'FunctionDefinition') return at.parent?.name === top.name ? runSyncFunction(text, top, at, receiver) : undefined;
    if (at.name !== 'WithStatement') continue;
    const bound = withBinding(text, at);
    if (bound?.name === receiver) return { with: at, ...bound };
  }
  return undefined;
}

/** `fn` as a block of its own when its first parameter is `receiver` and one `run_sync(fn)` on a connection block hands it the connection. */
function runSyncFunction(text: string, top: SyntaxNode, fn: SyntaxNode, receiver: string): ConnectionBlock | undefined {
  if (firstParameter(text, fn) !== receiver) return undefined;
  const name = childrenOf(fn).find((part) => part.name === 'VariableName');
  if (!name || moduleFunction(text, top, textOf(text, name))?.from !== fn.from) return undefined;
  const handing: ConnectionBlock[] = [];
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'WithStatement') continue;
    const bound = withBinding(text, cursor.node);
    if (!bound) continue;
    if (bodyStatements(cursor.node).some((statement) => runSyncArgument(text, statement, bound.name) === textOf(text, name))) handing.push({ with: fn, name: receiver, method: bound.method });
  } while (cursor.next());
  return handing.length === 1 ? handing[0] : undefined;
}

/**
 * The statement's text when it is known statically and reaches PostgreSQL as written: `text()` of
 * a string without bind parameters (`:name`), or exec_driver_sql() of a string. A `%` is left
 * out (the driver's paramstyle may rewrite it), and a plain string given to execute() raises in
 * SQLAlchemy 2 (ObjectNotExecutableError).
 */
function literalSqlOf(text: string, found: SqlCall, strings: StringContext): string | { why: string } {
  const args = childrenOf(found.call).find((child) => child.name === 'ArgList');
  const values = args ? childrenOf(args).filter((part) => !['(', ')', ','].includes(part.name)) : [];
  if (values.length !== 1) return { why: `${found.receiver}.${found.method}() is given other than one statement` };
  let node = values[0];
  if (found.method === 'execute') {
    const callee = node.name === 'CallExpression' ? node.firstChild : undefined;
    if (!callee || !TEXT_CONSTRUCTORS.has(textOf(text, callee).replace(/\s+/g, ''))) return { why: `${found.receiver}.execute() is given ${textOf(text, node).slice(0, 60)}, not text("...") of a string known statically` };
    const inner = childrenOf(childrenOf(node).find((child) => child.name === 'ArgList')!).filter((part) => !['(', ')', ','].includes(part.name));
    if (inner.length !== 1) return { why: 'text() is given other than one string' };
    node = inner[0];
  }
  const sql = envPyString(text, node, strings);
  if (sql === undefined) return { why: `its SQL (${textOf(text, node).slice(0, 60)}) is not known statically` };
  if (sql.includes('%')) return { why: 'its SQL has a % the driver may rewrite' };
  if (found.method === 'execute' && /:[A-Za-z_]/.test(sql)) return { why: 'its SQL has a :name text() reads as a bind parameter' };
  return sql;
}
