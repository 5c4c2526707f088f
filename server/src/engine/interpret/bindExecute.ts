/**
 * `op.get_bind().execute(statement)` (also through a name: `conn = op.get_bind()`).
 *
 * Offline, Alembic's `op.get_bind()` is SQLAlchemy's mock connection, whose `execute()` hands
 * the statement to Alembic's own `_exec`: the statement is printed exactly as `op.execute()`
 * prints it (a plain string is wrapped in `text()` the same way), and the call returns None.
 * Its parameters are dropped (`conn.execute(sa.text("... :state ..."), {"state": "x"})` prints
 * `NULL` for each, as the text's unbound parameters print; offline-parameters-dropped says so at
 * the call) and it accepts no other keywords. Online the statement runs on the migration's connection, which is
 * what `op.execute()` does too, except that SQLAlchemy 2 refuses a plain string there
 * (ObjectNotExecutableError), so that side stays opaque.
 *
 * The result is a value known only at run time (None offline, rows online): using it, as in
 * `conn.execute(...).fetchall()` or a loop over it, keeps the database-query reason.
 */
import type { SyntaxNode } from '../../python/parser';
import type { Literal, Step } from '../ops';
import { textBindNames } from '../render/text';
import type { CallArgs } from './args';
import type { SuggestedFix } from '../../common/problem';
import { callOperation } from './operations/dispatch';
import type { InterpreterState } from './state';
import { toLiteral, type Value } from './values';

export function bindExecute(args: CallArgs, state: InterpreterState, node: SyntaxNode, queryReason: string): Value | undefined {
  if (args.positional.length === 2 && args.keywords.size === 0 && !args.unknownSplat) return textWithParameters(args, state, node, queryReason);
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.unknownSplat) return undefined;
  const statement = args.positional[0].value;
  if (!['str', 'sql', 'dml', 'ddl'].includes(statement.kind)) return undefined;
  const printed = executedStep(args, state, node);
  // Not an operation the engine can render (an invalid statement): keep the query reason.
  if (!printed) return undefined;
  const range = state.rangeOf(node);
  if (statement.kind === 'str') {
    state.report(
      'plain-string-execute',
      'warning',
      'SQLAlchemy 2 refuses a plain string in Connection.execute() (ObjectNotExecutableError): this fails when the migration is deployed, though --sql prints it; wrap it in sa.text(...), or use op.execute(...)',
      node,
      undefined,
      wrapInText(args.positional[0].node, state),
    );
  }
  const online: Step[] =
    statement.kind === 'str'
      ? [{ kind: 'opaque', reason: 'in a live run SQLAlchemy 2 refuses a plain string in Connection.execute() (wrap it in sa.text()); --sql prints it', range, source: state.textOf(node) }]
      : [printed];
  state.pendingSteps.push({ kind: 'modeBranch', offline: [printed], online, range });
  // No effect: only a use of the result (an attribute, an item, a builtin) makes a statement opaque.
  return { kind: 'opaque', reason: queryReason, queryResult: true };
}

/**
 * The quick fix of plain-string-execute: the argument wrapped in SQLAlchemy's `text()`, by the
 * name the module imports it under (`sa.text`, `sqlalchemy.text`, `text`); none without such an import.
 */
function wrapInText(argument: SyntaxNode | undefined, state: InterpreterState): SuggestedFix[] {
  if (!argument) return [];
  const callee = textCallee(state);
  if (callee === undefined) return [];
  return [{ title: `Wrap the SQL in ${callee}()`, edits: [{ file: state.file, range: state.rangeOf(argument), newText: `${callee}(${state.textOf(argument)})` }] }];
}

/** How the module's own imports name SQLAlchemy's text(): through the module (`sa.text`), else the function itself. */
function textCallee(state: InterpreterState): string | undefined {
  let direct: string | undefined;
  for (const name of state.module.ownNames()) {
    const bound = state.module.lookupOwn(name);
    if (bound?.kind !== 'symbol') continue;
    if (bound.qname === 'sqlalchemy') return `${name}.text`;
    if (bound.qname === 'sqlalchemy.text') direct ??= name;
  }
  return direct;
}

/** What `op.execute(<args>)` makes, taken back from the pending steps: its one operation, or undefined. */
function executedStep(args: CallArgs, state: InterpreterState, node: SyntaxNode): Step | undefined {
  const before = state.pendingSteps.length;
  callOperation('execute', args, state, node);
  const made = state.pendingSteps.splice(before);
  return made.length === 1 && made[0].kind === 'operation' ? made[0] : undefined;
}

/**
 * `conn.execute(sa.text("UPDATE t SET state = :state"), {"state": "x"})` (contentdb): offline the
 * mock connection drops the parameters, so Alembic prints NULL for each; a live run binds them
 * (a list of rows, executemany, is left opaque there).
 */
function textWithParameters(args: CallArgs, state: InterpreterState, node: SyntaxNode, queryReason: string): Value | undefined {
  const statement = args.positional[0].value;
  if (statement.kind !== 'sql' || statement.expr.kind !== 'text' || statement.expr.params || statement.expr.ddl) return undefined;
  const text = statement.expr;
  const executed = (params: { [name: string]: Literal }): Step | undefined =>
    executedStep({ ...args, positional: [{ ...args.positional[0], value: { kind: 'sql', expr: { ...text, params } } }] }, state, node);
  const dropped: { [name: string]: Literal } = {};
  for (const name of textBindNames(text.sql)) dropped[name] = null;
  const offline = executed(dropped);
  if (!offline) return undefined;
  const names = Object.keys(dropped);
  if (names.length > 0) {
    // Parity with Alembic, but the SQL `--sql` prints is not what runs: say so where it is written.
    const shown = names.map((name) => `:${name}`).join(', ');
    state.report(
      'offline-parameters-dropped',
      'information',
      `under --sql Alembic's mock connection drops the parameters given to execute(): the printed SQL has NULL for ${shown}, while a live run binds them; bind them in the statement (sa.text(...).bindparams(...)) for SQL that prints as it runs`,
      node,
      { names },
    );
  }
  const range = state.rangeOf(node);
  const given = args.positional[1].value;
  const values = given.kind === 'dict' ? literalEntries(given) : undefined;
  const bound = values ? executed(values) : undefined;
  const online: Step[] = bound ? [bound] : [{ kind: 'opaque', reason: 'the parameters given to conn.execute() are known only at run time', range, source: state.textOf(node) }];
  state.pendingSteps.push({ kind: 'modeBranch', offline: [offline], online, range });
  return { kind: 'opaque', reason: queryReason, queryResult: true };
}

/** A dict display of string keys and literal values, as text() parameters; undefined otherwise. */
function literalEntries(value: Extract<Value, { kind: 'dict' }>): { [name: string]: Literal } | undefined {
  const entries: { [name: string]: Literal } = {};
  for (const entry of value.entries) {
    const literal = toLiteral(entry.value);
    if (entry.key.kind !== 'str' || literal === undefined) return undefined;
    entries[entry.key.value] = literal;
  }
  return entries;
}
