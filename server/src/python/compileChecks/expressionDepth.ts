/**
 * An expression nested about 3,000 levels deep (a generated `x = 1 + 1 + ... + 1` of some 3,000
 * terms) makes CPython 3.11 raise RecursionError ("maximum recursion depth exceeded during
 * compilation") when Alembic imports the migration: its AST optimizer allows
 * sys.getrecursionlimit() * 3 levels counted from the Python stack depth at the import. Measured
 * with Alembic 1.20 on CPython 3.11.7: `upgrade --sql` fails from 2,892 terms at the top of a
 * migration, `compile()` from a shallow stack from 2,994 terms. Only a depth that fails from any
 * stack is reported (2,993 nested operations and more), and only the nodes that are one level of
 * CPython's tree each are counted (an arithmetic or bitwise operation, a unary one, an attribute,
 * a subscript, a call): comparisons and `and`/`or` chains are flat in CPython's tree.
 */
import type { SyntaxNode, Tree } from '../parser';
import { CompileStage, type CompileError } from './compileError';

/** Nested operations CPython's compiler cannot follow with its default recursion limit, whatever the stack. */
export const TOO_DEEP = 2993;
/** The shortest text that can nest TOO_DEEP operations: one character and an operator a level. */
const SHORTEST_TOO_DEEP = 2 * TOO_DEEP;

export function expressionDepthErrors(tree: Tree): CompileError[] {
  if (tree.length < SHORTEST_TOO_DEEP) return [];
  let depth = 0;
  let found: number | undefined;
  tree.iterate({
    enter(ref) {
      if (found !== undefined) return false;
      const levels = levelsOf(ref.node);
      if (levels === 0) return undefined;
      depth += levels;
      if (depth >= TOO_DEEP) found = ref.from;
      return undefined;
    },
    leave(ref) {
      depth -= levelsOf(ref.node);
    },
  });
  if (found === undefined) return [];
  return [{ stage: CompileStage.Future, from: found, to: found + 1, message: 'RecursionError: maximum recursion depth exceeded during compilation.' }];
}

/** An arithmetic or bitwise operator; `*`, `@` and `**` stand bare (not in an ArithOp) in the flatter nodes. */
const OPERATORS = new Set(['ArithOp', 'BitOp', '*', '@', '**']);

/** The levels of CPython's tree a node stands for. */
function levelsOf(node: SyntaxNode): number {
  switch (node.name) {
    case 'UnaryExpression':
    case 'MemberExpression':
    case 'CallExpression':
      return 1;
    case 'BinaryExpression': {
      // `a < b < c` is one Compare and `a and b and c` one BoolOp in CPython's tree. Past some
      // 2,500 levels the tree holds a long left-nested chain as flatter nodes of several
      // operators each: each operator is one level of CPython's.
      let operators = 0;
      for (let part = node.firstChild; part; part = part.nextSibling) if (OPERATORS.has(part.name)) operators++;
      return operators;
    }
    default:
      return 0;
  }
}
