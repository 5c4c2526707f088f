/**
 * SQL expressions the application defines as a `FunctionElement` subclass printed by a
 * `@compiles(...)` hook (sqlalchemy.ext.compiler), as SQLAlchemy's documentation does for `utcnow`:
 *
 *     class utcnow(expression.FunctionElement):
 *         type = DateTime()
 *
 *     @compiles(utcnow, "postgresql")
 *     def pg_utcnow(element, compiler, **kw):
 *         return "TIMEZONE('utc', CURRENT_TIMESTAMP)"
 *
 * SQLAlchemy prints the element as the string the hook returns, wherever it is compiled (a server
 * default, a value of an INSERT or UPDATE). The engine follows such a hook when the string it
 * returns is known without the element or the compiler: the hook for "postgresql" if the module
 * has one, else the hook for every dialect. Anything else (a hook that compiles the element's
 * arguments, a hook in another module, only hooks for other dialects) stays opaque.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import type { SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, type Value } from '../values';
import type { ModuleScope } from '../workspaceModules';
import { returnedValue } from './definitionCall';

const COMPILES = 'sqlalchemy.ext.compiler.compiles';

/** SQLAlchemy classes whose subclasses are SQL expressions (not column types). */
export const EXPRESSION_BASES = new Set(['FunctionElement', 'GenericFunction', 'ColumnElement']);

/** A hook found for the class: its function definition and the dialects its decorator names. */
interface Hook {
  definition: SyntaxNode;
  dialects: string[];
}

/**
 * The value `className(...)` stands for when its module's `@compiles` hook returns a known string,
 * else a reason. `type` is the class's `type` attribute (the expression's SQL type), if any.
 */
export function compiledExpression(className: string, scope: ModuleScope, args: CallArgs, type: SqlType | undefined): Value | string {
  // The hook may read the element's clauses; with none given, the constant it returns is the whole story.
  if (args.positional.length > 0 || args.keywords.size > 0) return 'it is called with arguments, which its hook may compile';
  // A later @compiles for the same dialect replaces the earlier one in SQLAlchemy's dispatcher.
  const hooks = hooksFor(className, scope).reverse();
  const hook = hooks.find((candidate) => candidate.dialects.includes('postgresql')) ?? hooks.find((candidate) => candidate.dialects.length === 0);
  if (!hook) return hooks.length > 0 ? 'its @compiles hooks are for other dialects than postgresql' : 'its @compiles hook is not in the module that defines it';
  const printed = callHook(hook.definition, scope, className);
  if (printed.kind !== 'str') return `its @compiles hook does not return a known string${printed.kind === 'opaque' ? `: ${printed.reason}` : ''}`;
  return { kind: 'sql', expr: { kind: 'literalColumn', sql: printed.value }, ...(type ? { type } : {}) };
}

/** The module-level functions decorated `@compiles(className, ...)` in `scope`'s module. */
function hooksFor(className: string, scope: ModuleScope): Hook[] {
  const state = scope.state;
  const hooks: Hook[] = [];
  for (const statement of childrenOf(scope.top)) {
    if (statement.name !== 'DecoratedStatement') continue;
    const definition = childrenOf(statement).find((part) => part.name === 'FunctionDefinition');
    if (!definition) continue;
    for (const decorator of childrenOf(statement).filter((part) => part.name === 'Decorator')) {
      const name = /^@\s*([A-Za-z_][\w.]*)\s*\(/.exec(state.textOf(decorator))?.[1];
      if (name === undefined) continue;
      const [head, ...rest] = name.split('.');
      const bound = scope.frame.lookup(head);
      if (bound?.kind !== 'symbol' || [bound.qname, ...rest].join('.') !== COMPILES) continue;
      const argList = childrenOf(decorator).find((part) => part.name === 'ArgList');
      const parts = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
      if (parts[0]?.name !== 'VariableName' || state.textOf(parts[0]) !== className) continue;
      const dialects = parts.slice(1).map((part) => (part.name === 'String' ? state.textOf(part).replace(/^[rRuU]?(['"])(.*)\1$/s, '$2') : '?'));
      hooks.push({ definition, dialects });
    }
  }
  return hooks;
}

/** Calls the hook with an element and a compiler it cannot read: a constant result is what SQLAlchemy prints. */
function callHook(definition: SyntaxNode, scope: ModuleScope, className: string): Value {
  const element = opaque(`reads the element, the ${className} being compiled`);
  const compiler = opaque('uses the SQL compiler');
  return returnedValue(definition, className, scope.frame, [element, compiler], scope.state);
}
