/**
 * A `try` whose body runs SQL inside `autocommit_block()`, online. There a failing statement
 * aborts no transaction: Alembic's except clause catches SQLAlchemy's error (an `ALTER TYPE ... ADD
 * VALUE` of a label that exists, caught by `except ProgrammingError: pass`) and the run goes on,
 * committed. Inside a transaction the same failure aborts it, so a later statement (the version
 * table's update at the latest) fails and everything rolls back, as when the engine stops at the
 * failure: only the autocommit case ends differently. Whether the statement fails depends on the
 * database, so such a `try` is opaque online; offline, operations print and raise nothing, so
 * `--sql` follows it as before.
 *
 * Interpretation is synchronous, so one counter tells whether the statement being interpreted is
 * inside an autocommit block, also from a workspace helper run in its own module's state.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import { exceptionNames } from './importTimeProxies';
import type { InterpreterState } from './state';

let autocommitNesting = 0;

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

/** Whether `steps` run a statement outside a transaction in a live run (`inside`: already in an autocommit block). */
export function runsStatementInAutocommit(steps: readonly Step[], inside = autocommitNesting > 0): boolean {
  return steps.some((step) => {
    switch (step.kind) {
      case 'operation':
        return inside;
      case 'autocommit':
        return runsStatementInAutocommit(step.steps, true);
      case 'modeBranch':
        return runsStatementInAutocommit(step.online, inside);
      default:
        return false;
    }
  });
}
