/**
 * `try` and `while` statements, and `global` / `nonlocal` declarations.
 *
 * `try`: offline, Alembic runs the body as written, and operation calls only print SQL, so they
 * raise nothing. A body the engine follows completely (no opaque step: no database query, no
 * unknown call, and no value it could not compute, which might be an exception) therefore runs to its end, then the `else` clause, then `finally`; the `except`
 * handlers never run. That assumption is documented in docs/coverage.md. When any statement of the
 * body is opaque the handler might run, so the whole `try` is one opaque step that names the
 * first unknown statement's reason; except when the body's last statement is one Python or
 * Alembic always refuses and the first handler is bare or catches Exception: that handler runs.
 * Online, a body running SQL outside a transaction (autocommit_block(), after a COMMIT) under a
 * handler that may catch its failure is opaque (autocommitTry.ts).
 *
 * `while`: unrolled like a `for` loop while its condition is known, bounded by LIMITS.iterations.
 * An iteration with an opaque step makes the whole loop opaque (its number of iterations then
 * depends on what the engine cannot see).
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import { evaluate } from './evaluate';
import { LIMITS, type Frame, type InterpreterState } from './state';
import { opaqueStep, runStatements, statementsOf, withinStatement, type BlockResult } from './statements';
import { observeOpaque, opaque, truthiness } from './values';
import { exceptionNames } from './importTimeProxies';
import { catchingHandlerEndsTransaction, isAfterOwnCommit, mayCatchStatementError, runsStatement, runsStatementOutsideTransaction } from './autocommitTry';

/** The reason of the first opaque step in `steps` (at any depth), if any. */
export function firstOpaqueReason(steps: readonly Step[]): string | undefined {
  for (const step of steps) {
    if (step.kind === 'opaque') return step.reason;
    if (step.kind === 'autocommit') {
      const inner = firstOpaqueReason(step.steps);
      if (inner) return inner;
    }
    if (step.kind === 'modeBranch') {
      // Offline is what --sql runs; an opaque online side (a checkfirst) does not raise offline.
      const inner = firstOpaqueReason(step.offline);
      if (inner) return inner;
    }
  }
  return undefined;
}

interface TryParts {
  body?: SyntaxNode;
  handlers: number;
  /** Each `except` clause: what it names (none: a bare `except:`), its `as` name, its body. */
  clauses: { types?: SyntaxNode; name?: string; body?: SyntaxNode }[];
  orElse?: SyntaxNode;
  final?: SyntaxNode;
}

function tryParts(node: SyntaxNode, state: InterpreterState): TryParts {
  const parts: TryParts = { handlers: 0, clauses: [] };
  let clause: string = 'try';
  let afterAs = false;
  for (const part of childrenOf(node)) {
    if (['try', 'except', 'else', 'finally'].includes(part.name)) {
      clause = part.name;
      if (clause === 'except') {
        parts.handlers++;
        parts.clauses.push({});
      }
    } else if (part.name === 'Body') {
      if (clause === 'try') parts.body = part;
      else if (clause === 'except') parts.clauses[parts.clauses.length - 1].body = part;
      else if (clause === 'else') parts.orElse = part;
      else if (clause === 'finally') parts.final = part;
    } else if (clause === 'except' && part.name === 'as') {
      afterAs = true;
    } else if (clause === 'except' && part.name !== 'Comment' && part.name !== ':') {
      const handler = parts.clauses[parts.clauses.length - 1];
      if (afterAs) handler.name = state.textOf(part);
      else handler.types ??= part;
      afterAs = false;
    }
  }
  return parts;
}

/** Exceptions whose handler catches whatever a refused call raises (TypeError, KeyError, SQLAlchemy's errors). */
const BROAD_EXCEPTIONS = new Set(['Exception', 'BaseException']);

/**
 * The handler that runs when the body's last statement is one Python always refuses (the body's
 * only unknown step, and its last, a raising one): the first `except` that is bare or names
 * Exception or BaseException. Undefined when the body did not end so, or the first handler names
 * anything narrower (whether it matches the error is not known).
 */
function handlerOfRaise(body: BlockResult, parts: TryParts, unknownValue: string | undefined, state: InterpreterState): TryParts['clauses'][number] | undefined {
  const last = body.steps[body.steps.length - 1];
  if (body.signal !== 'normal' || last?.kind !== 'opaque' || !last.raises) return undefined;
  // Raised by the last statement: nothing after it could have run and changed a name.
  const statements = statementsOf(parts.body!);
  const lastStatement = statements[statements.length - 1];
  if (!lastStatement || state.rangeOf(lastStatement).start.line > last.range.start.line) return undefined;
  if (firstOpaqueReason(body.steps) !== last.reason) return undefined;
  if (unknownValue !== undefined && !last.reason.includes(unknownValue)) return undefined;
  const first = parts.clauses[0];
  if (!first?.body) return undefined;
  if (first.types === undefined) return first;
  return exceptionNames(first.types, state).some((name) => BROAD_EXCEPTIONS.has(name)) ? first : undefined;
}

export function runTry(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const parts = tryParts(node, state);
  const afterCommit = isAfterOwnCommit();
  const followed = followTry(node, parts, state, frame);
  return catchesAutocommitFailure(node, parts, followed, afterCommit, state);
}

/**
 * Online, a statement of the body run outside a transaction may fail and the except clause catch
 * it, which the engine cannot know (autocommitTry.ts): that side becomes opaque, `--sql` keeps the
 * followed steps.
 */
function catchesAutocommitFailure(node: SyntaxNode, parts: TryParts, followed: BlockResult & { body?: BlockResult }, afterCommit: boolean, state: InterpreterState): BlockResult {
  const { body, ...result } = followed;
  if (!body || parts.handlers === 0 || !runsStatement(body.steps)) return result;
  if (!mayCatchStatementError(parts.clauses.map((clause) => clause.types), state)) return result;
  const outside = runsStatementOutsideTransaction(body.steps, afterCommit);
  if (!outside && !catchingHandlerEndsTransaction(parts.clauses, state)) return result;
  const reason = outside
    ? 'try block around SQL run outside a transaction (in autocommit_block() or after the migration\'s COMMIT): online, a statement that fails there aborts nothing, and whether it fails (so whether the except clause runs and the migration goes on) depends on the database'
    : 'try block whose except clause ends the transaction (COMMIT or ROLLBACK): online, if a statement of the body fails the handler rolls back what came before and the migration goes on outside a transaction, which depends on the database';
  const online = opaqueStep(state, node, reason);
  const range = state.rangeOf(node);
  return { ...result, steps: [{ kind: 'modeBranch', offline: result.steps, online: [online], range }] };
}

function followTry(node: SyntaxNode, parts: TryParts, state: InterpreterState, frame: Frame): BlockResult & { body?: BlockResult } {
  if (!parts.body) return { steps: [opaqueStep(state, node, 'malformed try statement')], signal: 'normal' };
  // A value the engine cannot compute (a missing dict key, an unknown call's result) may be an
  // exception in Python, which would run the handler: such a body is not followed either.
  let unknownValue: string | undefined;
  const body = observeOpaque((reason) => (unknownValue ??= reason), () => runStatements(statementsOf(parts.body!), state, frame));
  // The body's last statement raises whatever the run (an operation Alembic refuses, a call
  // SQLAlchemy 2 refuses) and a broad handler catches it (opencitivibes' `except Exception:
  // pass`): Alembic goes on with the handler, and so does the engine.
  const handler = handlerOfRaise(body, parts, unknownValue, state);
  if (handler) {
    if (handler.name) frame.set(handler.name, opaque(`the exception caught by except ... as ${handler.name}`));
    const handled = runStatements(statementsOf(handler.body!), state, frame);
    return { ...withFinally({ steps: [...body.steps.slice(0, -1), ...handled.steps], ...jumpOf(handled) }, parts, state, frame), body };
  }
  const unknown = firstOpaqueReason(body.steps) ?? unknownValue;
  if (unknown !== undefined) {
    const what = parts.handlers > 0 ? 'whether its except clause runs depends on' : 'its body depends on';
    return { steps: [opaqueStep(state, node, `try block: ${what} a statement known only at run time (${unknown})`)], signal: 'normal' };
  }
  if (body.signal === 'normal' && parts.orElse) {
    const orElse = runStatements(statementsOf(parts.orElse), state, frame);
    return { ...withFinally({ steps: [...body.steps, ...orElse.steps], ...jumpOf(orElse) }, parts, state, frame), body };
  }
  return { ...withFinally({ steps: [...body.steps], ...jumpOf(body) }, parts, state, frame), body };
}

/** How a block ended (its signal and returned value), without its steps. */
function jumpOf(block: BlockResult): Pick<BlockResult, 'signal' | 'returnValue'> {
  return { signal: block.signal, ...(block.returnValue ? { returnValue: block.returnValue } : {}) };
}

/** `result` followed by the `finally` clause, whose own jump replaces the pending one, as in Python. */
function withFinally(result: BlockResult, parts: TryParts, state: InterpreterState, frame: Frame): BlockResult {
  if (!parts.final) return result;
  const final = runStatements(statementsOf(parts.final), state, frame);
  const steps = [...result.steps, ...final.steps];
  return { steps, ...jumpOf(final.signal !== 'normal' ? final : result) };
}

export function runWhile(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const bodies = parts.filter((part) => part.name === 'Body');
  const condition = parts.find((part) => part.name !== 'while' && part.name !== 'Body' && part.name !== 'else' && part.name !== ':');
  if (!condition || bodies.length === 0) return { steps: [opaqueStep(state, node, 'malformed while loop')], signal: 'normal' };
  const steps: Step[] = [];
  const body = statementsOf(bodies[0]);
  for (let iteration = 0; ; iteration++) {
    if (iteration >= LIMITS.iterations) return opaqueLoop(state, node, `more than ${LIMITS.iterations} iterations`);
    const evaluated = withinStatement(state, () => evaluate(condition, state, frame));
    const truth = evaluated.effect ? undefined : truthiness(evaluated.value);
    if (truth === undefined) {
      const reason = evaluated.effect ?? (evaluated.value.kind === 'opaque' ? evaluated.value.reason : `the condition ${state.shortText(condition)}`);
      return opaqueLoop(state, node, `its condition is known only at run time (${reason})`);
    }
    steps.push(...evaluated.steps);
    if (!truth) break;
    const result = runStatements(body, state, frame);
    const unknown = firstOpaqueReason(result.steps);
    if (unknown !== undefined) return opaqueLoop(state, node, `an iteration depends on a statement known only at run time (${unknown})`);
    steps.push(...result.steps);
    if (result.signal === 'break') return { steps, signal: 'normal' };
    if (result.signal === 'return') return { steps, signal: 'return', ...(result.returnValue ? { returnValue: result.returnValue } : {}) };
  }
  if (bodies[1]) {
    const orElse = runStatements(statementsOf(bodies[1]), state, frame);
    steps.push(...orElse.steps);
    return { steps, signal: orElse.signal, ...(orElse.returnValue ? { returnValue: orElse.returnValue } : {}) };
  }
  return { steps, signal: 'normal' };
}

function opaqueLoop(state: InterpreterState, node: SyntaxNode, why: string): BlockResult {
  return { steps: [opaqueStep(state, node, `while loop: ${why}`)], signal: 'normal' };
}

/**
 * `global x` makes assignments to x inside the function bind the module's x; `nonlocal x` binds
 * the x of the nearest enclosing function that has one.
 */
export function runScopeDeclaration(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const parts = childrenOf(node);
  const isGlobal = parts[0]?.name === 'global';
  for (const part of parts) {
    if (part.name !== 'VariableName') continue;
    const name = state.textOf(part);
    const owner = isGlobal ? frame.root() : frame.enclosingOwner(name);
    if (!owner) return { steps: [opaqueStep(state, node, `nonlocal ${name} has no enclosing binding`)], signal: 'normal' };
    frame.redirect(name, owner);
  }
  return { steps: [], signal: 'normal' };
}
