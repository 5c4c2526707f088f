/**
 * List, set, dict and generator comprehensions over sequences known statically
 * (`[sa.Column(c, sa.Text) for c in ("a", "b")]`), evaluated like the unrolled `for` loops.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import { evaluate } from './evaluate';
import { Frame, LIMITS, type InterpreterState } from './state';
import { bindLoopTarget } from './statements';
import { enumClassMembers } from './enumMembers';
import { opaque, pythonRepr, str, truthiness, type Value } from './values';

interface Clause {
  kind: 'for' | 'if';
  targets: SyntaxNode[];
  expression: SyntaxNode;
}

const BRACKETS = new Set(['[', ']', '(', ')', '{', '}', 'Comment']);

export function evaluateComprehension(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const parts = childrenOf(node).filter((part) => !BRACKETS.has(part.name));
  const firstFor = parts.findIndex((part) => part.name === 'for');
  if (firstFor < 1) return opaque(`malformed comprehension: ${state.shortText(node)}`);
  const element = parts.slice(0, firstFor);
  const isDict = element.length === 3 && element[1].name === ':';
  if (!isDict && element.length !== 1) return opaque(`unsupported comprehension: ${state.shortText(node)}`);
  const clauses: Clause[] = [];
  for (let i = firstFor; i < parts.length; i++) {
    if (parts[i].name === 'for') {
      const inIndex = parts.findIndex((part, index) => index > i && part.name === 'in');
      if (inIndex < 0 || !parts[inIndex + 1]) return opaque('malformed comprehension');
      clauses.push({ kind: 'for', targets: parts.slice(i + 1, inIndex).filter((part) => part.name !== ','), expression: parts[inIndex + 1] });
      i = inIndex + 1;
    } else if (parts[i].name === 'if' && parts[i + 1]) {
      clauses.push({ kind: 'if', targets: [], expression: parts[++i] });
    }
  }
  const items: Value[] = [];
  const entries: { key: Value; value: Value }[] = [];
  const scope = new Frame(frame, true);
  let unordered = false;
  const run = (index: number): string | undefined => {
    if (index === clauses.length) {
      if (items.length + entries.length >= LIMITS.iterations) return `comprehension of more than ${LIMITS.iterations} items`;
      if (isDict) entries.push({ key: evaluate(element[0], state, scope), value: evaluate(element[2], state, scope) });
      else items.push(evaluate(element[0], state, scope));
      return undefined;
    }
    const clause = clauses[index];
    const value = evaluate(clause.expression, state, scope);
    // Iterating or testing what op.get_bind().execute() returned reads the database (None offline).
    if (value.kind === 'opaque' && value.queryResult) state.effect(value.reason);
    if (clause.kind === 'if') {
      const truth = truthiness(value);
      if (truth === undefined) return `comprehension filter known only at run time: ${state.shortText(clause.expression)}`;
      return truth ? run(index + 1) : undefined;
    }
    // A dict comprehension over a set of strings: its items are known, only their order is not.
    if (value.kind === 'opaque' && value.setMembers && isDict && clauses.length === 1) unordered = true;
    const members = unordered && value.kind === 'opaque' && value.setMembers ? [...value.setMembers].sort().map(str) : undefined;
    const sequence = members ?? (value.kind === 'seq' ? value.items : value.kind === 'dict' ? value.entries.map((entry) => entry.key) : enumClassMembers(value, state));
    if (!sequence) return value.kind === 'opaque' ? value.reason : `comprehension over ${state.shortText(clause.expression)}`;
    for (const item of sequence) {
      const problem = bindLoopTarget(clause.targets, item, state, scope) ?? run(index + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  const before = { steps: state.pendingSteps.length, effects: state.effects.length };
  const problem = run(0);
  if (problem) return opaque(problem);
  if (unordered && (state.pendingSteps.length > before.steps || state.effects.length > before.effects)) {
    // Operations or unknown calls in the items would run in the set's order, which is Python's to decide.
    state.pendingSteps.length = before.steps;
    state.effects.length = before.effects;
    const reason = 'a dict comprehension over a set runs its items in an order decided at run time (Python randomises string hashing)';
    state.effect(reason);
    return opaque(reason);
  }
  if (unordered) {
    const keys = entries.map((entry) => pythonRepr(entry.key));
    if (keys.some((key) => key === undefined) || new Set(keys).size !== keys.length) return opaque('a dict built from a set whose keys are not distinct plain values: its content depends on the set\'s order');
    return { kind: 'opaque', reason: 'the order of a dict built from a set is decided at run time (Python randomises string hashing)', unorderedEntries: entries };
  }
  return isDict ? { kind: 'dict', entries } : { kind: 'seq', items, tuple: node.name === 'ComprehensionExpression' || node.name === 'ArgList' };
}
