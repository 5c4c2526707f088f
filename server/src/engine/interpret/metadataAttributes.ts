/**
 * `orm.meta.naming_convention` read from the module that builds `meta = MetaData(naming_convention={...})`:
 * SQLAlchemy keeps the dict it is given, or its default `{"ix": "ix_%(column_0_label)s"}` when
 * none (or an empty one) is given. Only a module-level `name = MetaData(...)` whose convention is
 * plain strings is read (a token function is Python to run); workspaceHelpers.ts checks that the
 * module changes neither the attribute nor the dict afterwards.
 */
import { childrenOf } from '../../python/parser';
import { evaluate } from './evaluate';
import { classify } from './symbols';
import type { Value } from './values';
import type { ModuleScope } from './workspaceModules';

const DEFAULT_CONVENTION: Value = { kind: 'dict', entries: [{ key: { kind: 'str', value: 'ix' }, value: { kind: 'str', value: 'ix_%(column_0_label)s' } }] };

export function metadataNamingConvention(scope: ModuleScope, name: string): Value | undefined {
  const expression = scope.assignments.get(name);
  if (expression?.name !== 'CallExpression' || !expression.firstChild) return undefined;
  const callee = evaluate(expression.firstChild, scope.state, scope.frame);
  if (callee.kind !== 'symbol') return undefined;
  const origin = classify(callee.qname);
  if (origin.kind !== 'sqlalchemy' || origin.name !== 'MetaData') return undefined;
  const argList = childrenOf(expression).find((part) => part.name === 'ArgList');
  const parts = argList ? childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  let convention: Value | undefined;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.name === 'VariableName' && parts[index + 1]?.name === 'AssignOp') {
      if (scope.state.textOf(part) === 'naming_convention') convention = evaluate(parts[index + 2], scope.state, scope.frame);
      index += 2;
      continue;
    }
    // `MetaData("schema")` positionally, or `**kwargs`: not read.
    return undefined;
  }
  if (convention === undefined || convention.kind === 'none' || (convention.kind === 'dict' && convention.entries.length === 0)) return DEFAULT_CONVENTION;
  if (convention.kind !== 'dict') return undefined;
  return convention.entries.every((entry) => entry.key.kind === 'str' && entry.value.kind === 'str') ? convention : undefined;
}
