/**
 * `op.get_bind().execute(statement)` (also through a name: `conn = op.get_bind()`).
 *
 * Offline, Alembic's `op.get_bind()` is SQLAlchemy's mock connection, whose `execute()` hands
 * the statement to Alembic's own `_exec`: the statement is printed exactly as `op.execute()`
 * prints it (a plain string is wrapped in `text()` the same way), and the call returns None.
 * Its parameters are dropped and it accepts no other keywords, so only a call with the
 * statement alone is modelled. Online the statement runs on the migration's connection, which is
 * what `op.execute()` does too, except that SQLAlchemy 2 refuses a plain string there
 * (ObjectNotExecutableError), so that side stays opaque.
 *
 * The result is a value known only at run time (None offline, rows online): using it, as in
 * `conn.execute(...).fetchall()` or a loop over it, keeps the database-query reason.
 */
import type { SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { CallArgs } from './args';
import { callOperation } from './operations/dispatch';
import type { InterpreterState } from './state';
import type { Value } from './values';

export function bindExecute(args: CallArgs, state: InterpreterState, node: SyntaxNode, queryReason: string): Value | undefined {
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.unknownSplat) return undefined;
  const statement = args.positional[0].value;
  if (!['str', 'sql', 'dml', 'ddl'].includes(statement.kind)) return undefined;
  const before = state.pendingSteps.length;
  callOperation('execute', args, state, node);
  const printed = state.pendingSteps.splice(before);
  if (printed.length !== 1 || printed[0].kind !== 'operation') {
    // Not an operation the engine can render (an invalid statement): keep the query reason.
    return undefined;
  }
  const range = state.rangeOf(node);
  const online: Step[] =
    statement.kind === 'str'
      ? [{ kind: 'opaque', reason: 'in a live run SQLAlchemy 2 refuses a plain string in Connection.execute() (wrap it in sa.text()); --sql prints it', range, source: state.textOf(node) }]
      : printed;
  state.pendingSteps.push({ kind: 'modeBranch', offline: printed, online, range });
  // No effect: only a use of the result (an attribute, an item, a builtin) makes a statement opaque.
  return { kind: 'opaque', reason: queryReason, queryResult: true };
}
