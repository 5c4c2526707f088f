/**
 * The statement walker: runs a function body statically. Straight-line code, `if` on the
 * dialect or on offline mode, `for` and `while` over literal data (unrolled), `try` (controlFlow.ts),
 * `with batch_alter_table` / `autocommit_block`, and helper functions are followed;
 * anything else becomes one opaque step with its range and the reason.
 */
import { remainingLines } from './fileReads';
import { childrenOf, containsError, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { CallArgs } from './args';
import { assignTargets, bindImports, bindTarget, deleteTargets } from './bindings';
import { runScopeDeclaration, runTry, runWhile } from './controlFlow';
import { insideAutocommitBlock, noteTransactionSteps } from './autocommitTry';
import { evaluate, sequenceOf } from './evaluate';
import { Frame, LIMITS, type InterpreterState } from './state';
import { ByNodeType, nodeTypesNamed } from './nodeTypes';
import { NONE, opaque, raising, str, truthiness, type Value } from './values';
import { taintChangedNames } from './taint';
import { classDefinitionValue } from './sqlalchemy/enumClasses';
import { enumClassMembers } from './enumMembers';
import { isBatchStepOf } from './operations/dispatch';
import { opaqueStepWithReturn } from './uncertainReturns';
import { isRelaxedTarget } from '../../python/relaxed/withTargets';

export type Signal = 'normal' | 'return' | 'break' | 'continue';

export interface BlockResult {
  steps: Step[];
  signal: Signal;
  returnValue?: Value;
  /** Set by an offline-mode `if` whose branch on this side returns: the rest belongs to the other side. */
  modeReturn?: { branch: Extract<Step, { kind: 'modeBranch' }>; side: 'offline' | 'online' };
}

const JUMPS = new Set(['ReturnStatement', 'RaiseStatement', 'BreakStatement', 'ContinueStatement']);
const SKIPPED = nodeTypesNamed([':', 'Comment', ';', 'newline']);

export function statementsOf(body: SyntaxNode): SyntaxNode[] {
  const statements: SyntaxNode[] = [];
  for (let node = body.firstChild; node; node = node.nextSibling) {
    if (SKIPPED.of(node.type)) continue;
    // `a = 1; b = 2` on one line: lezer groups the statements; they run one after the other.
    if (node.name === 'StatementGroup') statements.push(...statementsOf(node).filter((part) => part.name !== ';'));
    else statements.push(node);
  }
  return statements;
}

/**
 * A plain `name = value` statement (annotated or not, comments aside): the name and the value's
 * node; undefined for anything else (several targets, an attribute or a subscript, no value).
 */
export function plainAssignment(statement: SyntaxNode, state: InterpreterState): { name: string; value: SyntaxNode } | undefined {
  if (statement.name !== 'AssignStatement') return undefined;
  const parts = childrenOf(statement).filter((part) => part.name !== 'Comment' && part.name !== 'TypeDef');
  if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') return undefined;
  return { name: state.textOf(parts[0]), value: parts[2] };
}

export function runStatements(statements: SyntaxNode[], state: InterpreterState, frame: Frame): BlockResult {
  const steps: Step[] = [];
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index];
    if (++state.executedStatements > LIMITS.statements) {
      steps.push(opaqueStep(state, statement, `the function is too large to interpret (more than ${LIMITS.statements} statements after unrolling loops)`));
      return { steps, signal: 'return' };
    }
    const result = runStatementSafely(statement, state, frame);
    steps.push(...result.steps);
    noteTransactionSteps(result.steps);
    if (result.modeReturn) {
      // `if context.is_offline_mode(): ...; return` — what follows runs only in the other mode.
      const rest = runStatements(statements.slice(index + 1), state, frame);
      const other = result.modeReturn.side === 'offline' ? 'online' : 'offline';
      result.modeReturn.branch[other].push(...rest.steps);
      return { steps, signal: rest.signal, returnValue: rest.returnValue };
    }
    if (result.signal !== 'normal') {
      // Only a jump written at this level makes the rest unreachable; a jump inside an `if` does not.
      if (JUMPS.has(statement.name)) reportUnreachable(statements.slice(index + 1), state);
      return { steps, signal: result.signal, returnValue: result.returnValue };
    }
  }
  return { steps, signal: 'normal' };
}

function reportUnreachable(rest: SyntaxNode[], state: InterpreterState): void {
  const first = rest.find((node) => /\b(op|batch_op)\.\w+\(/.test(state.textOf(node)));
  if (first) state.report('unreachable-operation', 'warning', 'this operation never runs: it follows an unconditional return or raise', first);
}

/** Compound statements evaluate their parts separately, so an error inside stays local. */
const COMPOUND = new Set(['IfStatement', 'ForStatement', 'WithStatement', 'TryStatement', 'WhileStatement', 'FunctionDefinition', 'ClassDefinition', 'DecoratedStatement']);

const COMPOUND_TYPES = nodeTypesNamed(COMPOUND);

function runStatementSafely(statement: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  if (!COMPOUND_TYPES.of(statement.type) && containsError(statement)) {
    return { steps: [opaqueStep(state, statement, 'the statement has a syntax error')], signal: 'normal' };
  }
  try {
    return runStatement(statement, state, frame);
  } catch (error) {
    // Reading never throws: an interpreter bug degrades to an opaque step, not a crash.
    state.effects = [];
    state.pendingSteps = [];
    return { steps: [opaqueStep(state, statement, `internal error while interpreting: ${(error as Error).message}`)], signal: 'normal' };
  }
}

export function opaqueStep(state: InterpreterState, node: SyntaxNode, reason: string): Step {
  return { kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node) };
}

/** Evaluates within one statement: collects the steps of op calls and the effects of unknown calls. */
export function withinStatement<T>(state: InterpreterState, run: () => T): { value: T; steps: Step[]; effect?: string } {
  const savedEffects = state.effects;
  const savedSteps = state.pendingSteps;
  state.effects = [];
  state.pendingSteps = [];
  try {
    const value = run();
    const result: { value: T; steps: Step[]; effect?: string } = { value, steps: state.pendingSteps };
    if (state.effects.length > 0) result.effect = state.effects[0];
    return result;
  } finally {
    state.effects = savedEffects;
    state.pendingSteps = savedSteps;
  }
}

const normal = (steps: Step[] = []): BlockResult => ({ steps, signal: 'normal' });

type StatementHandler = (node: SyntaxNode, state: InterpreterState, frame: Frame) => BlockResult;

const STATEMENTS: Record<string, StatementHandler> = {
  ExpressionStatement: (node, state, frame) => {
    const expression = node.firstChild;
    // A docstring, or `...` as a placeholder body, does nothing.
    if (!expression || expression.name === 'String' || expression.name === 'ContinuedString' || expression.name === 'Ellipsis') return normal();
    const result = withinStatement(state, () => evaluate(expression, state, frame));
    if (result.effect) {
      taintChangedNames(node, state, frame);
      return normal([opaqueStep(state, node, result.effect)]);
    }
    if (result.value.kind === 'opaque' && result.value.raises) return raisingStatement(state, node, result.steps, result.value.reason);
    // A bare expression whose value is unknown did something the engine cannot see.
    if (result.value.kind === 'opaque' && result.steps.length === 0) {
      taintChangedNames(node, state, frame);
      return normal([opaqueStep(state, node, result.value.reason)]);
    }
    return normal(result.steps);
  },
  AssignStatement: runAssignment,
  UpdateStatement: runAssignment,
  PassStatement: () => normal(),
  BreakStatement: () => ({ steps: [], signal: 'break' }),
  ContinueStatement: () => ({ steps: [], signal: 'continue' }),
  ReturnStatement: (node, state, frame) => {
    const parts = childrenOf(node).filter((part) => part.name !== 'return' && part.name !== 'Comment');
    const expression = parts[0];
    if (!expression) return { steps: [], signal: 'return', returnValue: NONE };
    // `return a, b` returns a tuple: lezer gives its items as siblings.
    const result = withinStatement(state, () => (parts.length > 1 ? sequenceOf(parts, state, frame, true) : evaluate(expression, state, frame)));
    if (result.effect) return { steps: [opaqueStep(state, node, result.effect)], signal: 'return', returnValue: opaque(result.effect) };
    return { steps: result.steps, signal: 'return', returnValue: result.value };
  },
  RaiseStatement: (node, state) => ({ steps: [opaqueStep(state, node, `raises an exception: ${state.shortText(node)}`)], signal: 'return' }),
  IfStatement: runIf,
  ForStatement: runFor,
  WithStatement: runWith,
  TryStatement: runTry,
  WhileStatement: runWhile,
  FunctionDefinition: (node, state, frame) => {
    const name = childrenOf(node).find((part) => part.name === 'VariableName');
    // A function defined inside upgrade() sees upgrade's names when it runs (a closure).
    if (name) frame.set(state.textOf(name), { kind: 'function', node, name: state.textOf(name), closure: frame, home: state });
    return normal();
  },
  ClassDefinition: (node, state, frame) => {
    const name = childrenOf(node).find((part) => part.name === 'VariableName');
    if (name) frame.set(state.textOf(name), classDefinitionValue(node, state.textOf(name), state, frame, `uses the class ${state.textOf(name)} defined in the migration (ORM models are a data migration)`));
    return normal();
  },
  ImportStatement: (node, state, frame) => {
    bindImports(node, state, frame);
    return normal();
  },
  // `assert False, "Downgrade is not supported"` (bracket) raises AssertionError, as `raise` does;
  // a condition known only at run time is taken to hold (a failing one is the migration's bug).
  AssertStatement: (node, state, frame) => {
    const condition = childrenOf(node).find((part) => part.name !== 'assert' && part.name !== 'Comment');
    if (!condition) return normal();
    const result = withinStatement(state, () => evaluate(condition, state, frame));
    if (truthiness(result.value) !== false) return normal(result.steps);
    return { steps: [...result.steps, opaqueStep(state, node, `raises AssertionError: ${state.shortText(node)}`)], signal: 'return' };
  },
  ScopeStatement: runScopeDeclaration,
  DeleteStatement: runDelete,
};

const STATEMENT_HANDLERS = new ByNodeType<StatementHandler | undefined>((name) => (Object.hasOwn(STATEMENTS, name) ? STATEMENTS[name] : undefined));

/** Statements with bodies: when one is not followed as a whole, its bodies may still have run. */
const COMPOUND_STATEMENTS = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'WithStatement', 'TryStatement']);

function runStatement(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const handler = STATEMENT_HANDLERS.of(node.type);
  if (handler) {
    const result = handler(node, state, frame);
    // `if unknown: w = 1 else: w = 2`, a loop over unknown values: what their bodies bind or change is unknown after them.
    if (COMPOUND_STATEMENTS.has(node.name) && abandonsWhole(result, node, state)) taintChangedNames(node, state, frame);
    return result;
  }
  if (node.type.isError) return normal([opaqueStep(state, node, 'syntax error')]);
  if (node.name === 'DecoratedStatement') return normal([opaqueStep(state, node, 'decorated definition inside a migration function')]);
  return normal([opaqueStep(state, node, `unsupported statement (${node.name})`)]);
}

function abandonsWhole(result: BlockResult, node: SyntaxNode, state: InterpreterState): boolean {
  const whole = state.rangeOf(node);
  return result.steps.some(
    (step) =>
      step.kind === 'opaque' &&
      step.range.start.line === whole.start.line &&
      step.range.start.character === whole.start.character &&
      step.range.end.line === whole.end.line &&
      step.range.end.character === whole.end.character,
  );
}

function runAssignment(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  let raises: string | undefined;
  const result = withinStatement(state, () => assignTargets(node, state, frame, (reason) => (raises = reason)));
  if (result.effect) return normal([opaqueStep(state, node, result.effect)]);
  if (raises !== undefined) return raisingStatement(state, node, result.steps, raises);
  if (typeof result.value === 'string') {
    taintChangedNames(node, state, frame);
    return normal([...result.steps, opaqueStep(state, node, result.value)]);
  }
  return normal(result.steps);
}

/**
 * A statement whose value is a call Python always refuses: the function raises there (Alembic
 * fails, online and under --sql). What follows never runs, but is still read, as after an
 * operation Alembic refuses: the editor shows every problem of the function at once, and the
 * function is refused whole anyway. A broad handler around it is followed (runTry).
 */
function raisingStatement(state: InterpreterState, node: SyntaxNode, steps: Step[], reason: string): BlockResult {
  const raised: Step = { kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node), raises: true };
  return { steps: [...steps, raised], signal: 'normal' };
}

/** `del d["k"]`, `del items[0]`, `del name`: followed on dicts and lists; anything else leaves what it reaches unknown. */
function runDelete(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const result = withinStatement(state, () => deleteTargets(node, state, frame));
  if (result.effect || result.value !== undefined) {
    taintChangedNames(node, state, frame);
    return normal([...result.steps, opaqueStep(state, node, result.effect ?? result.value ?? '')]);
  }
  return normal(result.steps);
}

interface Clause {
  condition?: SyntaxNode;
  body: SyntaxNode;
}

function clausesOf(node: SyntaxNode): Clause[] {
  const clauses: Clause[] = [];
  let condition: SyntaxNode | undefined;
  for (const part of childrenOf(node)) {
    if (part.name === 'Body') {
      clauses.push({ condition, body: part });
      condition = undefined;
    } else if (!['if', 'elif', 'else', 'Comment'].includes(part.name)) {
      condition = part;
    }
  }
  return clauses;
}

function runIf(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  return runClauses(node, clausesOf(node), state, frame);
}

function runClauses(node: SyntaxNode, clauses: Clause[], state: InterpreterState, frame: Frame): BlockResult {
  for (let index = 0; index < clauses.length; index++) {
    const clause = clauses[index];
    if (!clause.condition) return runStatements(statementsOf(clause.body), state, frame);
    const condition = clause.condition;
    const evaluated = withinStatement(state, () => evaluate(condition, state, frame));
    const value = evaluated.value;
    if (evaluated.effect || value.kind === 'opaque') {
      const reason = evaluated.effect ?? (value as { reason: string }).reason;
      const body = statementsOf(clause.body);
      const earlyReturn = body.length === 1 && body[0].name === 'ReturnStatement';
      const what = earlyReturn ? `early return when ${state.shortText(condition)}` : `condition ${state.shortText(condition)}`;
      return normal([withMayRun(opaqueStep(state, node, `${what} is known only at run time (${reason})`), clauses.slice(index), state, frame)]);
    }
    if (value.kind === 'mode') return runModeBranch(node, clause, clauses.slice(index + 1), value.offline, state, frame);
    const truth = truthiness(value);
    if (truth === undefined) return normal([...evaluated.steps, opaqueStep(state, node, `condition ${state.shortText(condition)} is known only at run time`)]);
    if (truth) return prefixed(evaluated.steps, runStatements(statementsOf(clause.body), state, frame));
    if (evaluated.steps.length > 0) return prefixed(evaluated.steps, runClauses(node, clauses.slice(index + 1), state, frame));
  }
  return normal();
}

/**
 * The steps the branches of an `if` on a run-time condition would give, each read from the
 * bindings before it with nothing it reports kept: the statement stays opaque (nothing is
 * printed from it), but the safety lint learns which objects it may have made (khora builds an
 * index under `if not _has_index():` and its downgrade drops the index, then its table). Not
 * inside another such reading, so nested conditions cost one reading each.
 */
function withMayRun(step: Step, clauses: Clause[], state: InterpreterState, frame: Frame): Step {
  // Bounded per function, as the statements it runs are: an `if` in a long unrolled loop is read
  // until the budget is spent, then left opaque without them.
  if (step.kind !== 'opaque' || state.readingMayRun || state.mayRunStatements > LIMITS.statements) return step;
  const before = frame.snapshotOwn();
  // A helper's `global x = ...` binds in the module's frame.
  const moduleBefore = frame === state.module ? undefined : state.module.snapshotOwn();
  const problems = state.problems.length;
  const executed = state.executedStatements;
  const mayRun: Step[] = [];
  state.readingMayRun = true;
  try {
    for (const clause of clauses) {
      mayRun.push(...runStatements(statementsOf(clause.body), state, frame).steps);
      frame.restoreOwn(before);
    }
  } finally {
    state.readingMayRun = false;
    state.problems.length = problems;
    state.mayRunStatements += state.executedStatements - executed;
    state.executedStatements = executed;
    frame.restoreOwn(before);
    if (moduleBefore) state.module.restoreOwn(moduleBefore);
  }
  return mayRun.length > 0 ? { ...step, mayRun } : step;
}

function prefixed(steps: Step[], result: BlockResult): BlockResult {
  return steps.length === 0 ? result : { ...result, steps: [...steps, ...result.steps] };
}

function runModeBranch(node: SyntaxNode, clause: Clause, rest: Clause[], offlineWhenTrue: boolean, state: InterpreterState, frame: Frame): BlockResult {
  // Each side runs from the bindings before the `if`: a name one side binds is not the other's
  // (truenth-portal's `connection = None; if not op.get_context().as_sql: connection = ...`;
  // held-out sweep BK: the online side's value was used under --sql too, and printed SQL Alembic
  // does not print). A name the two sides leave different is unknown after the branch.
  const before = frame.snapshotOwn();
  const taken = runStatements(statementsOf(clause.body), state, frame);
  const afterTaken = frame.snapshotOwn();
  frame.restoreOwn(before);
  const other = runClauses(node, rest, state, frame);
  const afterOther = frame.snapshotOwn();
  for (const name of new Set([...afterTaken.keys(), ...afterOther.keys()])) {
    const one = afterTaken.get(name);
    const two = afterOther.get(name);
    if (one === two || (one !== undefined && two !== undefined && sameLiteral(one, two))) continue;
    frame.set(name, opaque(`${name} differs between --sql and a live run (set under \`${state.shortText(clause.condition ?? node)}\`)`));
  }
  const branch: Extract<Step, { kind: 'modeBranch' }> = {
    kind: 'modeBranch',
    offline: offlineWhenTrue ? taken.steps : other.steps,
    online: offlineWhenTrue ? other.steps : taken.steps,
    range: state.rangeOf(node),
  };
  const takenReturns = taken.signal === 'return';
  const otherReturns = other.signal === 'return';
  if (takenReturns && otherReturns) return { steps: [branch], signal: 'return' };
  if (takenReturns || otherReturns) {
    const returningSide = takenReturns === offlineWhenTrue ? 'offline' : 'online';
    return { steps: [branch], signal: 'normal', modeReturn: { branch, side: returningSide } };
  }
  return { steps: [branch], signal: 'normal' };
}

function runFor(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const inIndex = parts.findIndex((part) => part.name === 'in');
  const bodies = parts.filter((part) => part.name === 'Body');
  const iterable = parts[inIndex + 1];
  if (inIndex < 0 || !iterable || bodies.length === 0) return normal([opaqueStep(state, node, 'malformed for loop')]);
  const targets = parts.slice(1, inIndex).filter((part) => part.name !== ',');
  // `for name in "a", "b":` iterates a tuple written without parentheses: lezer gives its items as
  // siblings between `in` and the body.
  const iterableParts = parts.slice(inIndex + 1, parts.indexOf(bodies[0]));
  const evaluated = withinStatement(state, () => (iterableParts.length > 1 ? sequenceOf(iterableParts, state, frame, true) : evaluate(iterable, state, frame)));
  const value = evaluated.value;
  if (evaluated.effect) return normal([opaqueStep(state, node, `loop over values known only at run time (${evaluated.effect})`)]);
  const items =
    value.kind === 'seq' ? value.items : value.kind === 'dict' ? value.entries.map((entry) => entry.key) : value.kind === 'str' ? Array.from(value.value, str) : value.kind === 'textFile' ? remainingLines(value) : enumClassMembers(value, state);
  if (!items) {
    const reason = value.kind === 'opaque' ? value.reason : `iterates over ${state.shortText(iterable)}`;
    return normal([opaqueStep(state, node, `loop over values known only at run time (${reason})`)]);
  }
  if (items.length > LIMITS.iterations) return normal([opaqueStep(state, node, `loop of more than ${LIMITS.iterations} iterations`)]);
  const steps: Step[] = [...evaluated.steps];
  const body = statementsOf(bodies[0]);
  for (const item of items) {
    const bindProblem = bindLoopTarget(targets, item, state, frame);
    if (bindProblem) return normal([...steps, opaqueStep(state, node, bindProblem)]);
    const result = runStatements(body, state, frame);
    steps.push(...result.steps);
    if (result.signal === 'break') return normal(steps);
    if (result.signal === 'return') return { steps, signal: 'return', returnValue: result.returnValue };
  }
  if (bodies[1]) steps.push(...runStatements(statementsOf(bodies[1]), state, frame).steps);
  return normal(steps);
}

/** Binds a loop target as an assignment binds its targets (nested tuples included: `for i, (a, b) in ...`). */
export function bindLoopTarget(targets: SyntaxNode[], item: Value, state: InterpreterState, frame: Frame): string | undefined {
  return bindTarget(targets, item, state, frame);
}

/** The body an `if` / `elif` / `else` runs when every condition up to it is decided; undefined otherwise. */
export function decidedBranch(statement: SyntaxNode, state: InterpreterState, frame: Frame): SyntaxNode | undefined {
  let condition: SyntaxNode | undefined;
  for (const part of childrenOf(statement)) {
    if (part.name === 'Body') {
      if (!condition) return part;
      const current = condition;
      const truth = truthiness(withinStatement(state, () => evaluate(current, state, frame)).value);
      if (truth === undefined) return undefined;
      if (truth) return part;
      condition = undefined;
    } else if (!['if', 'elif', 'else', 'Comment'].includes(part.name)) {
      condition = part;
    }
  }
  return undefined;
}

function runWith(node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const body = parts.find((part) => part.name === 'Body');
  const items = parts.filter((part) => part !== body && !['with', 'as', ',', 'async'].includes(part.name));
  const asIndex = parts.findIndex((part) => part.name === 'as');
  // `as (a, b)`, `as self.x`, `as d[k]`: lezer read the target as one name (relaxed/withTargets.ts); not followed.
  const relaxed = parts.find((part, index) => parts[index - 1]?.name === 'as' && isRelaxedTarget(state.textOf(part)));
  if (relaxed) return normal([opaqueStep(state, node, `with block: the target ${state.shortText(relaxed)} is not a plain name`)]);
  const managers = parts.filter((part, index) => part !== body && !['with', 'as', ',', 'async'].includes(part.name) && !(asIndex >= 0 && index === asIndex + 1));
  if (!body || managers.length !== 1 || items.length > 2) return normal([opaqueStep(state, node, 'with statement of several context managers')]);
  const evaluated = withinStatement(state, () => evaluate(managers[0], state, frame));
  const manager = evaluated.value;
  if (evaluated.effect) return normal([opaqueStep(state, node, `with block: ${evaluated.effect}`)]);
  const target = asIndex >= 0 ? parts[asIndex + 1] : undefined;
  if (manager.kind === 'generatorContext') return prefixed(evaluated.steps, runGeneratorContext(manager, target, body, node, state, frame));
  if (target?.name === 'VariableName') frame.set(state.textOf(target), manager);
  if (manager.kind === 'runtime' && manager.what === 'batchContext') {
    // On PostgreSQL batch mode alters the table in place: the body's operations are plain
    // operations, run when the block ends, after what the block ran directly.
    const inner = runStatements(statementsOf(body), state, frame);
    const direct = inner.steps.filter((step) => !isBatchStepOf(step, manager));
    const steps = direct.length === inner.steps.length ? inner.steps : [...direct, ...inner.steps.filter((step) => isBatchStepOf(step, manager))];
    return prefixed(evaluated.steps, { ...inner, steps });
  }
  if (manager.kind === 'runtime' && manager.what === 'warningsContext') {
    // What it yields (the recorded warnings) is not modelled; the body runs as it is.
    if (target) frame.set(state.textOf(target), opaque('the warnings recorded by warnings.catch_warnings()'));
    return prefixed(evaluated.steps, runStatements(statementsOf(body), state, frame));
  }
  if (manager.kind === 'textFile') {
    // A file opened for reading: the body reads it; closing it at the end changes nothing else.
    return prefixed(evaluated.steps, runStatements(statementsOf(body), state, frame));
  }
  if (manager.kind === 'runtime' && manager.what === 'autocommitBlock') {
    const inner = insideAutocommitBlock(() => runStatements(statementsOf(body), state, frame));
    return { ...inner, steps: [...evaluated.steps, { kind: 'autocommit', steps: inner.steps, range: state.rangeOf(node) }] };
  }
  const reason = manager.kind === 'opaque' ? manager.reason : `context manager ${state.shortText(managers[0])}`;
  return normal([...evaluated.steps, opaqueStep(state, node, `with block: ${reason}`)]);
}

/**
 * `with helper() as x:` where helper is a `@contextlib.contextmanager` function of the migration:
 * its statements up to the `yield` run, the yielded value is bound to `x`, the with-body runs, then
 * the statements after the `yield` (on a normal exit, a `return` or a `break` alike; an exception in
 * the body is not modelled, the body's own statements say so). The `yield` must be a statement of
 * the function's body, or of a `try` there whose other clause is `finally` only.
 */
function runGeneratorContext(manager: Extract<Value, { kind: 'generatorContext' }>, target: SyntaxNode | undefined, body: SyntaxNode, node: SyntaxNode, state: InterpreterState, frame: Frame): BlockResult {
  const fn = manager.fn;
  const opaqueWith = (reason: string): BlockResult => normal([opaqueStep(state, node, `with block: ${fn.name}(): ${reason}`)]);
  const split = splitAtYield(fn.node, state);
  if (typeof split === 'string') return opaqueWith(split);
  if (state.helperDepth >= LIMITS.helperDepth) return opaqueWith('nests too deeply to follow');
  const own = new Frame(fn.closure ?? state.module);
  const problem = bindParameters(fn.node, manager.args, state, own);
  if (problem) return opaqueWith(problem);
  state.helperDepth++;
  try {
    const before = runStatements(split.before, state, own);
    if (before.signal !== 'normal') return normal([...before.steps, opaqueStep(state, node, `with block: ${fn.name}() returns before its yield (Python raises RuntimeError)`)]);
    const yielded = split.value ? withinStatement(state, () => evaluate(split.value!, state, own)) : { value: NONE, steps: [] as Step[] };
    if (yielded.effect) return normal([...before.steps, opaqueStep(state, node, `with block: ${yielded.effect}`)]);
    if (target) {
      const bindProblem = bindLoopTarget([target], yielded.value, state, frame);
      if (bindProblem) return normal([...before.steps, ...yielded.steps, opaqueStep(state, node, `with block: ${bindProblem}`)]);
    }
    const inner = runStatements(statementsOf(body), state, frame);
    const after = runStatements(split.after, state, own);
    return { ...inner, steps: [...before.steps, ...yielded.steps, ...inner.steps, ...after.steps] };
  } finally {
    state.helperDepth--;
  }
}

interface YieldSplit {
  before: SyntaxNode[];
  value?: SyntaxNode;
  after: SyntaxNode[];
}

/** The function's statements before and after its one `yield` (flattening a `try: ... yield ... finally:` around it). */
function splitAtYield(definition: SyntaxNode, state: InterpreterState): YieldSplit | string {
  const body = childrenOf(definition).find((part) => part.name === 'Body');
  if (!body) return 'no body';
  if (countYields(body) !== 1) return 'a generator with other than one yield is not followed';
  const statements = statementsOf(body);
  for (let at = 0; at < statements.length; at++) {
    const statement = statements[at];
    if (statement.name === 'YieldStatement') {
      const value = childrenOf(statement).find((part) => part.name !== 'yield' && part.name !== 'Comment' && !part.type.isError);
      return { before: statements.slice(0, at), value, after: statements.slice(at + 1) };
    }
    if (statement.name === 'TryStatement' && countYields(statement) === 1) {
      const clauses = childrenOf(statement).filter((part) => !['Comment'].includes(part.name));
      const keywords = clauses.filter((part) => ['except', 'else', 'finally'].includes(part.name)).map((part) => part.name);
      if (keywords.length !== 1 || keywords[0] !== 'finally') return 'its yield is inside a try statement with except or else clauses';
      const [tryBody, finallyBody] = clauses.filter((part) => part.name === 'Body');
      const inner = statementsOf(tryBody);
      const yieldAt = inner.findIndex((part) => part.name === 'YieldStatement');
      if (yieldAt < 0) return 'its yield is not a statement of the try body';
      const value = childrenOf(inner[yieldAt]).find((part) => part.name !== 'yield' && part.name !== 'Comment' && !part.type.isError);
      return { before: [...statements.slice(0, at), ...inner.slice(0, yieldAt)], value, after: [...inner.slice(yieldAt + 1), ...statementsOf(finallyBody), ...statements.slice(at + 1)] };
    }
    if (countYields(statement) > 0) return `its yield is inside ${state.shortText(statement).split('\n')[0]}`;
  }
  return 'no yield';
}

function countYields(node: SyntaxNode): number {
  if (node.name === 'YieldStatement' || node.name === 'YieldExpression') return 1;
  // A nested function's yields are its own.
  if (node.name === 'FunctionDefinition' || node.name === 'LambdaExpression' || node.name === 'ClassDefinition') return 0;
  let count = 0;
  for (const child of childrenOf(node)) count += countYields(child);
  return count;
}

/** Inlines a function defined in the migration file: binds its parameters and runs its body. */
export function callHelper(fn: Extract<Value, { kind: 'function' }>, args: CallArgs, state: InterpreterState, _node: SyntaxNode): Value {
  if (state.helperDepth >= LIMITS.helperDepth) {
    const reason = `helper ${fn.name}() nests too deeply to follow`;
    state.effect(reason);
    return opaque(reason);
  }
  const frame = new Frame(fn.closure ?? state.module);
  const problem = bindParameters(fn.node, args, state, frame);
  if (problem?.startsWith(CALL_TYPE_ERROR)) return raising(problem);
  if (problem) {
    const reason = `cannot follow ${fn.name}(): ${problem}`;
    state.effect(reason);
    return opaque(reason);
  }
  if (fn.node.name === 'LambdaExpression') return callLambda(fn.node, state, frame);
  const body = childrenOf(fn.node).find((part) => part.name === 'Body');
  if (!body) return NONE;
  state.helperDepth++;
  try {
    const result = runStatements(statementsOf(body), state, frame);
    state.pendingSteps.push(...result.steps);
    // A `return` inside a statement the engine could not follow (a loop over query rows) may be
    // where it returned: its value is not known (it is not the None of falling off the end).
    const uncertain = opaqueStepWithReturn(fn.node, result.steps, state);
    if (uncertain) return opaque(`${fn.name}() may return inside the statement at line ${uncertain.range.start.line + 1}, with a value known only at run time`);
    return result.returnValue ?? NONE;
  } finally {
    state.helperDepth--;
  }
}

/** A lambda's value: its body, the expression after the colon, in the frame its parameters are bound in. */
export function callLambda(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const body = parts[parts.length - 1];
  if (!body || parts[parts.length - 2]?.name !== ':') return opaque('a lambda without a body');
  state.helperDepth++;
  try {
    return evaluate(body, state, frame);
  } finally {
    state.helperDepth--;
  }
}

/**
 * What `*args` / `**kwargs` receive: the positional arguments left over, or the keywords no named
 * parameter took. When the call unpacked something unknown (`f(**options)`), the contents are
 * unknown too, so the parameter is opaque rather than an empty (and wrong) tuple or dict.
 */
function collectedArguments(star: '*' | '**', args: CallArgs, positionalIndex: number, named: ReadonlySet<string>): Value {
  if (args.unknownSplat !== undefined) return opaque(`the call passes ${args.unknownSplat}, so ${star} parameters are unknown`);
  if (star === '*') return { kind: 'seq', items: args.positional.slice(positionalIndex).map((arg) => arg.value), tuple: true };
  const entries = [...args.keywords].filter(([keyword]) => !named.has(keyword)).map(([keyword, arg]) => ({ key: str(keyword), value: arg.value }));
  return { kind: 'dict', entries };
}

export function bindParameters(definition: SyntaxNode, args: CallArgs, state: InterpreterState, frame: Frame): string | undefined {
  const paramList = childrenOf(definition).find((part) => part.name === 'ParamList');
  if (!paramList) return 'no parameter list';
  // Commas stay in: a bare `*` (keyword-only parameters follow) is told from `*args` by what comes next.
  const parts = childrenOf(paramList).filter((part) => !['(', ')', 'Comment'].includes(part.name));
  let positionalIndex = 0;
  let afterStar = false;
  // Named parameters seen so far: `**kwargs` comes last and collects the keywords none of them took.
  const named = new Set<string>();
  // Python refuses a keyword for a parameter before `/` (TypeError): the names before it.
  const positionalOnly = (): string | undefined => {
    const byKeyword = [...named].find((name) => args.keywords.has(name));
    return byKeyword === undefined ? undefined : `the positional-only parameter ${byKeyword} is given by keyword, which Python refuses (TypeError)`;
  };
  let gapFrom = paramList.from;
  let takesVarPositional = false;
  let takesVarKeyword = false;
  const callee = `${definition.name === 'LambdaExpression' ? '<lambda>' : state.textOf(childrenOf(definition).find((part) => part.name === 'VariableName') ?? definition)}()`;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    // A def's `/` is left out of lezer's tree: it stands in the gap between two of its parts.
    const gapTo = part.from;
    const gapStart = gapFrom;
    gapFrom = part.to;
    if (slashIn(state.source, gapStart, gapTo)) {
      const refused = positionalOnly();
      if (refused) return refused;
    }
    // A lambda's `/` reaches lezer as `*` (relaxed/lambdaPositionalOnly.ts): it marks no keyword-only parameters.
    if (part.name === '*' && state.textOf(part) === '/') {
      const refused = positionalOnly();
      if (refused) return refused;
      continue;
    }
    if (part.name === '*' || part.name === '**') {
      const target = parts[i + 1]?.name === 'VariableName' ? parts[++i] : undefined;
      afterStar = true;
      if (target && part.name === '*') takesVarPositional = true;
      if (part.name === '**') takesVarKeyword = true;
      if (target) frame.set(state.textOf(target), collectedArguments(part.name, args, positionalIndex, named));
      // `*args` takes the rest; a bare `*` takes none (more positionals are Python's TypeError).
      if (part.name === '*' && target) positionalIndex = args.positional.length;
      continue;
    }
    if (part.name !== 'VariableName') continue;
    const name = state.textOf(part);
    named.add(name);
    let defaultNode: SyntaxNode | undefined;
    if (parts[i + 1]?.name === 'AssignOp') {
      defaultNode = parts[i + 2];
      i += 2;
    } else if (parts[i + 1]?.name === 'TypeDef') {
      i++;
      if (parts[i + 1]?.name === 'AssignOp') {
        defaultNode = parts[i + 2];
        i += 2;
      }
    }
    // Python's call binds positionals first: a keyword for a parameter one already filled fails.
    if (!afterStar && args.keywords.has(name) && positionalIndex < args.positional.length && args.unknownSplat === undefined) return `${CALL_TYPE_ERROR}${callee} got multiple values for argument '${name}'`;
    const given = args.keywords.get(name) ?? (!afterStar ? args.positional[positionalIndex++] : undefined);
    if (given) frame.set(name, given.value);
    else if (defaultNode) frame.set(name, evaluate(defaultNode, state, state.module));
    else return `missing argument ${name}`;
  }
  if (slashIn(state.source, gapFrom, paramList.to)) return positionalOnly();
  if (args.unknownSplat !== undefined) return undefined;
  if (!takesVarPositional && positionalIndex < args.positional.length) return `${CALL_TYPE_ERROR}${callee} takes ${positionalIndex} positional argument${positionalIndex === 1 ? '' : 's'} but ${args.positional.length} were given`;
  const unexpected = takesVarKeyword ? undefined : [...args.keywords.keys()].find((keyword) => !named.has(keyword));
  if (unexpected !== undefined) return `${CALL_TYPE_ERROR}${callee} got an unexpected keyword argument '${unexpected}'`;
  return undefined;
}

/** How bindParameters' reasons for a call Python itself refuses begin: such a call raises, whatever the engine knows. */
export const CALL_TYPE_ERROR = 'TypeError: ';

/** Whether the text between two parts of a parameter list holds a `/` (a comment's text aside). */
function slashIn(source: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const c = source.charCodeAt(at);
    if (c === 47) return true;
    if (c === 35) {
      const end = source.indexOf('\n', at);
      if (end < 0 || end >= to) return false;
      at = end;
    }
  }
  return false;
}


/** Two plain values (strings, numbers, booleans, None) that are the same. */
function sameLiteral(one: Value, two: Value): boolean {
  if (one.kind !== two.kind) return false;
  if (one.kind === 'none') return true;
  if ((one.kind === 'str' || one.kind === 'num' || one.kind === 'bool') && 'value' in two) return one.value === two.value;
  return false;
}
