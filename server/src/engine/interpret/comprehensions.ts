/**
 * List, set, dict and generator comprehensions over sequences known statically
 * (`[sa.Column(c, sa.Text) for c in ("a", "b")]`), evaluated like the unrolled `for` loops.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import { evaluate } from './evaluate';
import { Frame, LIMITS, type InterpreterState } from './state';
import { bindLoopTarget } from './statements';
import { opaque, truthiness, type Value } from './values';

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
  const scope = new Frame(frame);
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
    const sequence = value.kind === 'seq' ? value.items : value.kind === 'dict' ? value.entries.map((entry) => entry.key) : undefined;
    if (!sequence) return value.kind === 'opaque' ? value.reason : `comprehension over ${state.shortText(clause.expression)}`;
    for (const item of sequence) {
      const problem = bindLoopTarget(clause.targets, item, state, scope) ?? run(index + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = run(0);
  if (problem) return opaque(problem);
  return isDict ? { kind: 'dict', entries } : { kind: 'seq', items, tuple: node.name === 'ComprehensionExpression' || node.name === 'ArgList' };
}
