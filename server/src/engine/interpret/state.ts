/**
 * Interpreter state shared by the evaluator and the statement walker: the source, the
 * problems found so far, the module's bindings and the current function's local frame.
 */
import type { Problem, Severity, SuggestedFix } from '../../common/problem';
import { LineIndex, type SourceRange } from '../../common/range';
import type { SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import { SourceRanges } from './sourceRanges';
import type { Value } from './values';

export class Frame {
  private readonly locals = new Map<string, Value>();

  constructor(
    readonly parent?: Frame,
    /** A comprehension's own scope: its loop names live here, a `:=` in it binds in the scope around it (PEP 572). */
    readonly comprehension = false,
  ) {}

  lookup(name: string): Value | undefined {
    const owner = this.redirects?.get(name);
    if (owner) return owner.lookup(name);
    return this.locals.get(name) ?? this.parent?.lookup(name);
  }

  /** A name bound in this frame itself, not in a parent (a class body's own attributes). */
  lookupOwn(name: string): Value | undefined {
    return this.locals.get(name);
  }

  /** The names bound in this frame itself, in binding order. */
  ownNames(): IterableIterator<string> {
    return this.locals.keys();
  }

  set(name: string, value: Value): void {
    const owner = this.redirects?.get(name);
    if (owner) owner.set(name, value);
    else this.locals.set(name, value);
  }

  /** This frame's own bindings as they are now (runModeBranch runs each side from the same start). */
  snapshotOwn(): Map<string, Value> {
    return new Map(this.locals);
  }

  /** Puts back the bindings `snapshotOwn` took (names bound since are dropped). */
  restoreOwn(snapshot: ReadonlyMap<string, Value>): void {
    this.locals.clear();
    for (const [name, value] of snapshot) this.locals.set(name, value);
  }

  /** Names declared `global` / `nonlocal` here, and the frame each one is bound in. */
  private redirects?: Map<string, Frame>;

  redirect(name: string, owner: Frame): void {
    (this.redirects ??= new Map()).set(name, owner);
  }

  /** The module's frame (the outermost one). */
  root(): Frame {
    return this.parent ? this.parent.root() : this;
  }

  /** For `nonlocal`: the nearest enclosing function frame (not the module) that binds `name`. */
  enclosingOwner(name: string): Frame | undefined {
    for (let frame = this.parent; frame?.parent; frame = frame.parent) if (frame.locals.has(name)) return frame;
    return undefined;
  }
}

/** Hard limits so that a pathological file (a loop over range(10**9)) stays cheap. */
export const LIMITS = {
  /** Statements executed per function, counting unrolled loop bodies and inlined helpers. */
  statements: 20000,
  /** Nested inlining of helper functions defined in the migration file. */
  helperDepth: 8,
  /** Items produced by one `range()` or loop. */
  iterations: 2000,
};

export class InterpreterState {
  readonly lines: LineIndex;
  readonly problems: Problem[] = [];
  /** Reasons of calls the evaluator could not model, collected per statement. */
  effects: string[] = [];
  /** Steps produced while evaluating the current statement (op calls, inlined helpers). */
  pendingSteps: Step[] = [];
  /** Module-level bindings: imports, constants, functions defined in the file. */
  readonly module = new Frame();
  executedStatements = 0;
  helperDepth = 0;
  /** True while the branches of an `if` on a run-time condition are read for what they may do (statements.ts). */
  readingMayRun = false;
  /** Statements run so far, in this function, by those readings (bounded by LIMITS.statements). */
  mayRunStatements = 0;
  /**
   * Workspace modules read to understand this file (path → content hash): the custom types and
   * naming conventions it uses. Module scopes share the asking migration's map.
   */
  dependencies = new Map<string, string>();

  constructor(
    readonly file: string,
    readonly source: string,
  ) {
    this.lines = new LineIndex(source);
    this.ranges = new SourceRanges(this.lines);
  }

  /** Node ranges, fresh objects (sourceRanges.ts); `lines` gives the shared ones to the readers that keep them. */
  private readonly ranges: SourceRanges;

  rangeOf(node: SyntaxNode): SourceRange {
    return this.ranges.rangeOf(node.from, node.to);
  }

  textOf(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  /** Source text trimmed for messages (first line, at most 80 characters). */
  shortText(node: SyntaxNode): string {
    const text = this.textOf(node).replace(/\s+/g, ' ').trim();
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  }

  report(code: string, severity: Severity, message: string, node: SyntaxNode | SourceRange, data?: Record<string, unknown>, fixes?: SuggestedFix[]): void {
    const range = 'from' in node ? this.rangeOf(node) : node;
    const problem: Problem = { code, severity, message, file: this.file, range, related: [] };
    if (data) problem.data = data;
    if (fixes && fixes.length > 0) problem.fixes = fixes;
    this.problems.push(problem);
  }

  /** Records a call the evaluator cannot model; the enclosing statement becomes opaque. */
  effect(reason: string): void {
    if (!this.effects.includes(reason)) this.effects.push(reason);
  }
}
