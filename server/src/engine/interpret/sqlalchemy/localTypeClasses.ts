/**
 * Classes a migration defines on top of a SQLAlchemy type, such as phoenix's
 * `class JSONB(JSON): __visit_name__ = "JSONB"` with a `@compiles(JSONB, "sqlite")` override, made
 * for SQLite. The engine does not render such a class (its DDL may be overridden per dialect, and
 * `__visit_name__` picks another compiler method), so a column of it stays opaque; but it is a
 * type, so `with_variant(JSONB(), "sqlite")` is valid and leaves what PostgreSQL gets unchanged.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import { evaluate } from '../evaluate';
import type { Frame, InterpreterState } from '../state';
import type { Value } from '../values';
import { toSqlType } from './types';

const typeClasses = new WeakSet<object>();

/**
 * Remembers `value` (what the class name is bound to) when every base is a SQLAlchemy type and
 * instantiating it with no arguments cannot fail: no `__init__` of its own, and no TypeDecorator
 * base (which requires an `impl`), no keyword (a metaclass) in the bases.
 */
export function noteLocalTypeClass(value: Value, node: SyntaxNode, state: InterpreterState, frame: Frame, methods: readonly string[]): void {
  if (methods.includes('__init__')) return;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  const bases = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  if (bases.length === 0) return;
  for (const base of bases) {
    // `metaclass=...` (an AssignOp among them) or `*bases`: not plain base classes.
    if (base.name !== 'VariableName' && base.name !== 'MemberExpression') return;
    const type = toSqlType(evaluate(base, state, frame));
    if (!type || type.name === 'TypeDecorator') return;
  }
  typeClasses.add(value);
}

/**
 * Whether the argument is such a class, or an instance of it made with no arguments (a call of
 * the class evaluates to the class's own value, so the written call is checked).
 */
export function isLocalTypeClass(value: Value, node: SyntaxNode): boolean {
  if (!typeClasses.has(value)) return false;
  if (node.name === 'VariableName') return true;
  if (node.name !== 'CallExpression') return false;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  return argList !== undefined && childrenOf(argList).every((part) => part.name === '(' || part.name === ')');
}
