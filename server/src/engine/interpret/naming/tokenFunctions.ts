/**
 * Token functions of a naming convention: SQLAlchemy lets a `naming_convention` entry be a
 * callable, called with `(constraint, table)` whenever a template uses `%(<key>)s`
 * (sqlalchemy/sql/naming.py, ConventionDict.__getitem__ looks the key up in the convention
 * before its own tokens). The engine never runs the function; it recognises the few bodies that
 * only read the constraint's attributes, and anything else stays unknown so the names that need
 * it stay opaque rather than guessed:
 *
 * - `'<sep>'.join(c.name for c in constraint.columns)`, also with
 *   `(c if isinstance(c, str) else c.name)` (both branches give the column's name), as a
 *   generator or a list comprehension: the object's column names joined with `<sep>`;
 * - `'<a>' if constraint.unique else '<b>'`: `<a>` for a unique index, `<b>` for another index
 *   (other constraints have no `unique` attribute, so SQLAlchemy would fail: left unknown).
 *
 * The body may start with a docstring; the function must be undecorated, take exactly two plain
 * parameters and be a single `return`.
 */
import { childrenOf, decodeStringLiteral, type SyntaxNode } from '../../../python/parser';

export type TokenFunction =
  | { kind: 'joinColumnNames'; separator: string; name: string }
  | { kind: 'ifUniqueIndex'; whenUnique: string; otherwise: string; name: string };

/** What a token function gives for one object, or undefined when the engine cannot know. */
export interface TokenSubject {
  kind: 'ix' | 'uq' | 'ck' | 'fk' | 'pk';
  columns: readonly string[];
  columnsUnknown?: boolean;
  unique?: boolean;
}

export function tokenFunctionValue(fn: TokenFunction, object: TokenSubject): string | undefined {
  if (fn.kind === 'joinColumnNames') return object.columnsUnknown ? undefined : object.columns.join(fn.separator);
  if (object.kind !== 'ix' || object.unique === undefined) return undefined;
  return object.unique ? fn.whenUnique : fn.otherwise;
}

/** Recognises a token function's definition, or gives the reason it is not one the engine reads. */
export function readTokenFunction(definition: SyntaxNode, source: string): TokenFunction | string {
  const text = (node: SyntaxNode): string => source.slice(node.from, node.to);
  const name = childrenOf(definition).find((part) => part.name === 'VariableName');
  const label = name ? text(name) : 'the function';
  const unknown = `${label}() is a token function the engine does not read (it reads only joins of constraint.columns and "... if constraint.unique else ...")`;
  if (definition.name !== 'FunctionDefinition' || definition.parent?.name === 'DecoratedStatement') return unknown;
  const params = childrenOf(childrenOf(definition).find((part) => part.name === 'ParamList') ?? definition).filter((part) => !['(', ')', ','].includes(part.name));
  if (params.length !== 2 || params.some((param) => param.name !== 'VariableName')) return unknown;
  const constraint = text(params[0]);
  const body = childrenOf(childrenOf(definition).find((part) => part.name === 'Body') ?? definition).filter((part) => part.name !== ':' && part.name !== 'Comment');
  const statements = body[0]?.name === 'ExpressionStatement' && body[0].firstChild?.name === 'String' ? body.slice(1) : body;
  if (statements.length !== 1 || statements[0].name !== 'ReturnStatement') return unknown;
  const expression = childrenOf(statements[0]).filter((part) => part.name !== 'return')[0];
  if (!expression) return unknown;
  const recognised = joinOfColumns(expression, constraint, text) ?? uniqueChoice(expression, constraint, text);
  return recognised ? { ...recognised, name: label } : unknown;
}

type Text = (node: SyntaxNode) => string;

function stringOf(node: SyntaxNode | undefined, text: Text): string | undefined {
  return node?.name === 'String' ? decodeStringLiteral(text(node)) : undefined;
}

function isAttribute(node: SyntaxNode | undefined, owner: string, attribute: string, text: Text): boolean {
  if (node?.name !== 'MemberExpression') return false;
  const parts = childrenOf(node);
  return parts.length === 3 && parts[0].name === 'VariableName' && text(parts[0]) === owner && text(parts[2]) === attribute;
}

/** `'<sep>'.join(<c's name> for c in constraint.columns)`. */
function joinOfColumns(node: SyntaxNode, constraint: string, text: Text): Omit<TokenFunction & { kind: 'joinColumnNames' }, 'name'> | undefined {
  if (node.name !== 'CallExpression') return undefined;
  const [callee, argList] = childrenOf(node);
  if (callee?.name !== 'MemberExpression' || argList?.name !== 'ArgList') return undefined;
  const calleeParts = childrenOf(callee);
  const separator = stringOf(calleeParts[0], text);
  if (separator === undefined || calleeParts.length !== 3 || text(calleeParts[2]) !== 'join') return undefined;
  let parts = childrenOf(argList).filter((part) => part.name !== '(' && part.name !== ')');
  // A list comprehension given to join: the same elements.
  if (parts.length === 1 && parts[0].name === 'ArrayComprehensionExpression') parts = childrenOf(parts[0]).filter((part) => part.name !== '[' && part.name !== ']');
  if (parts.length !== 5 || parts[1].name !== 'for' || parts[2].name !== 'VariableName' || parts[3].name !== 'in') return undefined;
  if (!isAttribute(parts[4], constraint, 'columns', text)) return undefined;
  return isColumnName(parts[0], text(parts[2]), text) ? { kind: 'joinColumnNames', separator } : undefined;
}

/** `c.name`, or `c if isinstance(c, str) else c.name` (a column given as a string is its name). */
function isColumnName(node: SyntaxNode, variable: string, text: Text): boolean {
  if (node.name === 'ParenthesizedExpression') {
    const inner = childrenOf(node).filter((part) => part.name !== '(' && part.name !== ')');
    return inner.length === 1 && isColumnName(inner[0], variable, text);
  }
  if (isAttribute(node, variable, 'name', text)) return true;
  if (node.name !== 'ConditionalExpression') return false;
  const [then, , test, , otherwise] = childrenOf(node);
  return (
    then?.name === 'VariableName' &&
    text(then) === variable &&
    test !== undefined &&
    text(test).replace(/\s+/g, '') === `isinstance(${variable},str)` &&
    otherwise !== undefined &&
    isAttribute(otherwise, variable, 'name', text)
  );
}

/** `'<a>' if constraint.unique else '<b>'`. */
function uniqueChoice(node: SyntaxNode, constraint: string, text: Text): Omit<TokenFunction & { kind: 'ifUniqueIndex' }, 'name'> | undefined {
  if (node.name !== 'ConditionalExpression') return undefined;
  const parts = childrenOf(node);
  if (parts.length !== 5) return undefined;
  const whenUnique = stringOf(parts[0], text);
  const otherwise = stringOf(parts[4], text);
  if (whenUnique === undefined || otherwise === undefined || !isAttribute(parts[2], constraint, 'unique', text)) return undefined;
  return { kind: 'ifUniqueIndex', whenUnique, otherwise };
}
