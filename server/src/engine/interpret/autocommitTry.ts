/**
 * A `try` whose body runs SQL outside a transaction, online: inside `autocommit_block()`, or after
 * the migration's own `op.execute("COMMIT")` (psycopg2 does not notice it, so every statement after
 * it commits on its own, transactionControl.ts). There a failing statement
 * aborts no transaction: Alembic's except clause catches SQLAlchemy's error (an `ALTER TYPE ... ADD
 * VALUE` of a label that exists, caught by `except ProgrammingError: pass`) and the run goes on,
 * committed. Inside a transaction the same failure aborts it, so a later statement (the version
 * table's update at the latest) fails and everything rolls back, as when the engine stops at the
 * failure: only the autocommit case ends differently. Whether the statement fails depends on the
 * database, so such a `try` is opaque online; offline, operations print and raise nothing, so
 * `--sql` follows it as before.
 *
 * Inside the transaction the same holds when a handler that may catch the failure ends the
 * aborted transaction itself (`except ProgrammingError: op.execute("ROLLBACK")`): what follows
 * runs outside one and Alembic goes on, the statements before the try rolled back, the revision
 * stamped.
 *
 * Interpretation is synchronous, so module state tells whether the statement being interpreted is
 * inside an autocommit block or after a COMMIT, also from a workspace helper run in its own
 * module's state: the connection is the same.
 */
import { childrenOf, decodeStringLiteral, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import { transactionEffectsOf } from '../online/transactionControl';
import { exceptionNames } from './importTimeProxies';
import type { InterpreterState } from './state';

let autocommitNesting = 0;
/** Whether a COMMIT (or ROLLBACK) the migration ran has ended the run's transaction, with no BEGIN since. */
let afterOwnCommit = false;

/** A migration function starts inside Alembic's transaction. */
export function startMigrationFunction(): void {
  afterOwnCommit = false;
}

/** Whether the next statement would run after the migration's own COMMIT. */
export function isAfterOwnCommit(): boolean {
  return afterOwnCommit;
}

/**
 * Follows the transaction through the steps of a statement just interpreted. A nested block's
 * steps are seen again by the statement around it; the state after them is the same.
 */
export function noteTransactionSteps(steps: readonly Step[]): void {
  afterOwnCommit = afterSteps(steps, afterOwnCommit);
}

function afterSteps(steps: readonly Step[], outside: boolean): boolean {
  for (const step of steps) {
    if (step.kind === 'operation') outside = afterStatement(step, outside);
    // Alembic begins a new transaction when the block ends.
    else if (step.kind === 'autocommit') outside = false;
    else if (step.kind === 'modeBranch') outside = afterSteps(step.online, outside);
  }
  return outside;
}

function afterStatement(step: Extract<Step, { kind: 'operation' }>, outside: boolean): boolean {
  const operation = step.operation;
  if (operation.kind !== 'execute' || !('sql' in operation.sql) || operation.sql.kind !== 'text') return outside;
  for (const effect of transactionEffectsOf(operation.sql.sql)) outside = effect !== 'begins';
  return outside;
}

/** Runs `body` as the inside of `with op.get_context().autocommit_block():`. */
export function insideAutocommitBlock<T>(body: () => T): T {
  autocommitNesting++;
  try {
    return body();
  } finally {
    autocommitNesting--;
  }
}

/**
 * Python's built-in exceptions: none is a base class of SQLAlchemy's errors (SQLAlchemyError
 * derives from Exception directly), so a handler naming only these cannot catch a failed statement.
 */
const BUILTINS_NOT_CATCHING_SQL_ERRORS = new Set([
  'ArithmeticError', 'AssertionError', 'AttributeError', 'BufferError', 'EOFError', 'FloatingPointError',
  'GeneratorExit', 'ImportError', 'ModuleNotFoundError', 'IndexError', 'KeyError', 'KeyboardInterrupt',
  'LookupError', 'MemoryError', 'NameError', 'NotImplementedError', 'OSError', 'IOError', 'EnvironmentError',
  'OverflowError', 'RecursionError', 'ReferenceError', 'RuntimeError', 'StopIteration', 'StopAsyncIteration',
  'SyntaxError', 'IndentationError', 'TabError', 'SystemError', 'SystemExit', 'TypeError', 'UnboundLocalError',
  'UnicodeError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeTranslateError', 'ValueError',
  'ZeroDivisionError', 'FileNotFoundError', 'FileExistsError', 'PermissionError', 'IsADirectoryError',
  'NotADirectoryError', 'InterruptedError', 'ChildProcessError', 'ProcessLookupError', 'BlockingIOError',
  'BrokenPipeError', 'ConnectionError', 'ConnectionAbortedError', 'ConnectionRefusedError', 'ConnectionResetError',
]);

/**
 * Whether one of the `except` clauses may catch SQLAlchemy's error for a failed statement: a bare
 * `except:`, `Exception`, SQLAlchemy's or the driver's classes, anything the engine cannot name.
 * Only built-in names not rebound by the module (sqlalchemy.exc has its own TimeoutError) do not.
 */
export function mayCatchStatementError(clauseTypes: readonly (SyntaxNode | undefined)[], state: InterpreterState): boolean {
  return clauseTypes.some((types) => {
    if (types === undefined) return true;
    const names = exceptionNames(types, state);
    if (names.length === 0) return true;
    return names.some((name) => !BUILTINS_NOT_CATCHING_SQL_ERRORS.has(name) || state.module.lookup(name) !== undefined || !plainNames(types, state).includes(name));
  });
}

/** The names written bare (`ValueError`, `(KeyError, ValueError)`), not as an attribute (`exc.TimeoutError`). */
function plainNames(node: SyntaxNode, state: InterpreterState): string[] {
  if (node.name === 'VariableName') return [state.textOf(node)];
  if (node.name === 'TupleExpression' || node.name === 'ParenthesizedExpression') {
    return childrenOf(node).flatMap((part) => plainNames(part, state));
  }
  return [];
}

/**
 * Whether `steps` run a statement outside a transaction in a live run: in an autocommit block (the
 * try already inside one when it began, `inBlock`), or after a COMMIT (`outside`: the state when
 * the try began).
 */
export function runsStatementOutsideTransaction(steps: readonly Step[], outside: boolean, inBlock = autocommitNesting > 0): boolean {
  const walk = (list: readonly Step[], block: boolean): boolean => {
    for (const step of list) {
      if (step.kind === 'operation') {
        if (block || outside) return true;
        outside = afterStatement(step, outside);
      } else if (step.kind === 'autocommit') {
        if (walk(step.steps, true)) return true;
        outside = false;
      } else if (step.kind === 'modeBranch' && walk(step.online, block)) return true;
    }
    return false;
  };
  return walk(steps, inBlock);
}

/**
 * Whether a handler that may catch the failure ends the transaction: SQL text in its body (read
 * from its string literals, as transactionControl.ts reads statements) that commits or rolls back.
 */
export function catchingHandlerEndsTransaction(clauses: readonly { types?: SyntaxNode; body?: SyntaxNode }[], state: InterpreterState): boolean {
  return clauses.some((clause) => clause.body !== undefined && mayCatchStatementError([clause.types], state) && literalsOf(clause.body, state).some(endsTransaction));
}

function endsTransaction(sql: string): boolean {
  return transactionEffectsOf(sql).some((effect) => effect !== 'begins');
}

function literalsOf(node: SyntaxNode, state: InterpreterState): string[] {
  if (node.name === 'String') {
    const text = decodeStringLiteral(state.source.slice(node.from, node.to));
    return text === undefined ? [] : [text];
  }
  return childrenOf(node).flatMap((part) => literalsOf(part, state));
}

/** Whether `steps` run any statement in a live run. */
export function runsStatement(steps: readonly Step[]): boolean {
  return steps.some((step) => (step.kind === 'operation' ? true : step.kind === 'autocommit' ? runsStatement(step.steps) : step.kind === 'modeBranch' ? runsStatement(step.online) : false));
}
