/**
 * A decorator as written (`@name`, `@module.name(...)`): the value its dotted name stands for and,
 * for a call, its argument list. Shared by the readers of decorated project code (classes in
 * pythonClasses.ts, SQLAlchemy event listeners in sqlalchemy/attachChecks.ts).
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import { getAttribute } from './calls';
import { evaluate } from './evaluate';
import type { Frame, InterpreterState } from './state';
import { opaque, type Value } from './values';

export function decoratorOf(decorator: SyntaxNode, state: InterpreterState, module: Frame): { callee: Value; argList?: SyntaxNode } {
  const parts = childrenOf(decorator).filter((part) => part.name !== 'At' && part.name !== '@' && part.name !== 'Comment');
  const argList = parts.find((part) => part.name === 'ArgList');
  const names = parts.filter((part) => part.name === 'VariableName' || part.name === 'PropertyName');
  if (names.length === 0 || parts.some((part) => !['VariableName', 'PropertyName', '.', 'ArgList'].includes(part.name))) {
    return { callee: opaque(`the decorator ${state.shortText(decorator)}`), argList };
  }
  let callee = evaluate(names[0], state, module);
  for (const name of names.slice(1)) callee = getAttribute(callee, state.textOf(name), state, decorator);
  return { callee, argList };
}
