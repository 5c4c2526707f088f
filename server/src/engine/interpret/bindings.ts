/**
 * Name binding: assignments (with tuple unpacking and `+=`), and imports, which bind local
 * names to fully qualified symbols (`sa` → `sqlalchemy`, `JSONB` → its dialect module).
 */
import { ownString } from '../../common/ownedStrings';
import { childrenOf, containsError, isStarredComprehensionTargetGap, type SyntaxNode } from '../../python/parser';
import { bindingsOf, readImport } from '../../python/imports';
import { evaluate } from './evaluate';
import { evaluateBinary } from './operators';
import type { Frame, InterpreterState } from './state';
import { pythonRepr, type Value } from './values';

/** Runs an assignment; returns a reason when it cannot be followed statically. */
/**
 * Runs an assignment statement; a problem's reason when the engine cannot follow it. `raised`
 * hears the reason when the assigned value is a call Python always refuses (`MetaData(bind=...)`
 * under SQLAlchemy 2): the statement raises there.
 */
export function assignTargets(node: SyntaxNode, state: InterpreterState, frame: Frame, raised?: (reason: string) => void): string | undefined {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment' && part.name !== 'TypeDef');
  if (node.name === 'UpdateStatement') {
    const [target, operator, value] = parts;
    if (!target || !operator || !value || target.name !== 'VariableName') return `unsupported augmented assignment: ${state.shortText(node)}`;
    const name = state.textOf(target);
    const current = frame.lookup(name);
    if (!current) return `augmented assignment to the unbound name ${name}`;
    frame.set(name, evaluateBinary(state.textOf(operator).slice(0, -1), current, evaluate(value, state, frame), () => state.shortText(node)));
    return undefined;
  }
  const groups: SyntaxNode[][] = [[]];
  for (const part of parts) {
    if (part.name === 'AssignOp') groups.push([]);
    else if (part.name !== ',') groups[groups.length - 1].push(part);
  }
  if (groups.length < 2) return undefined; // `x: int` declares without assigning
  const valueNodes = groups.pop()!;
  const value: Value = valueNodes.length === 1
    ? evaluate(valueNodes[0], state, frame)
    : { kind: 'seq', items: valueNodes.map((part) => evaluate(part, state, frame)), tuple: true };
  // Python binds nothing there; the names keep the value (opaque, with the reason), so what
  // reads them later says why it is unknown rather than that the name is not defined.
  if (raised && value.kind === 'opaque' && value.raises) raised(value.reason);
  for (const targets of groups) {
    const problem = bindTarget(targets, value, state, frame);
    if (problem) return problem;
  }
  return undefined;
}

export function bindTarget(targets: SyntaxNode[], value: Value, state: InterpreterState, frame: Frame): string | undefined {
  const star = targets.findIndex(isStar);
  if (star >= 0) return bindStarred(targets, star, value, state, frame);
  if (targets.length === 1) {
    const target = targets[0];
    if (target.name === 'VariableName') {
      frame.set(state.textOf(target), value);
      return undefined;
    }
    if (target.name === 'TupleExpression' || target.name === 'ArrayExpression' || target.name === 'ParenthesizedExpression') {
      return bindTarget(childrenOf(target).filter((part) => !['(', ')', '[', ']', ',', 'Comment'].includes(part.name)), value, state, frame);
    }
    if (target.name === 'MemberExpression') return assignItem(target, value, state, frame);
    return `unsupported assignment target ${state.shortText(target)}`;
  }
  if (value.kind !== 'seq' || value.items.length !== targets.length) return unpackingFailed(targets, value, state, frame);
  for (let index = 0; index < targets.length; index++) {
    const problem = bindTarget([targets[index]], value.items[index], state, frame);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * `first, *rest = value` (and `*init, last`): the starred name takes the items the others leave,
 * as a list; one starred target at most, as Python requires.
 */
function bindStarred(targets: SyntaxNode[], star: number, value: Value, state: InterpreterState, frame: Frame): string | undefined {
  const plain = [...targets.slice(0, star), ...targets.slice(star + 2)];
  const starred = targets[star + 1];
  if (!starred || starred.name !== 'VariableName' || plain.some(isStar)) return `unsupported assignment target ${state.shortText(targets[star])}`;
  if (value.kind !== 'seq' || value.items.length < plain.length) return unpackingFailed([...plain, starred], value, state, frame);
  const after = plain.length - star;
  frame.set(state.textOf(starred), { kind: 'seq', items: value.items.slice(star, value.items.length - after), tuple: false });
  for (let index = 0; index < plain.length; index++) {
    const item = index < star ? value.items[index] : value.items[value.items.length - after + (index - star)];
    const problem = bindTarget([plain[index]], item, state, frame);
    if (problem) return problem;
  }
  return undefined;
}

/** A starred target's `*`; lezer makes it an error node in a comprehension (`{t for t, *_ in P}`). */
function isStar(target: SyntaxNode): boolean {
  return target.name === '*' || isStarredComprehensionTargetGap(target);
}

/**
 * Targets a value cannot be unpacked into: each name is bound to an unknown value; the reason is
 * returned unless the value was unknown already (its own step says why).
 */
function unpackingFailed(targets: readonly SyntaxNode[], value: Value, state: InterpreterState, frame: Frame): string | undefined {
  const reason = value.kind === 'opaque' ? value.reason : 'unpacking a value that is not a sequence of the right length';
  for (const target of targets) if (target.name === 'VariableName') frame.set(state.textOf(target), { kind: 'opaque', reason });
  return value.kind === 'opaque' ? undefined : reason;
}

/** `d["key"] = value` on a dict, `items[i] = value` on a list; other targets are opaque. */
function assignItem(target: SyntaxNode, value: Value, state: InterpreterState, frame: Frame): string | undefined {
  // Branches read for what they may do (statements.ts) change no value the real path keeps.
  if (state.readingMayRun) return `assigns to ${state.shortText(target)} in a branch that may not run`;
  const item = itemOf(target, state, frame);
  if (item?.container.kind === 'dict' && item.keyText !== undefined) {
    const existing = item.container.entries.find((entry) => pythonRepr(entry.key) === item.keyText);
    if (existing) existing.value = value;
    else item.container.entries.push({ key: item.key, value });
    return undefined;
  }
  if (item?.container.kind === 'seq' && !item.container.tuple) {
    const index = listIndex(item.container.items.length, item.key);
    if (index !== undefined) {
      item.container.items[index] = value;
      return undefined;
    }
  }
  return `assigns to ${state.shortText(target)}, which the engine does not model`;
}

/** `del d["key"]`, `del items[i]`, `del name`; returns a reason at the first target not followed. */
export function deleteTargets(node: SyntaxNode, state: InterpreterState, frame: Frame): string | undefined {
  for (const target of childrenOf(node).filter((part) => !['del', ',', 'Comment'].includes(part.name))) {
    if (state.readingMayRun && target.name !== 'VariableName') return `deletes ${state.shortText(target)} in a branch that may not run`;
    if (target.name === 'VariableName') {
      frame.set(state.textOf(target), { kind: 'opaque', reason: `${state.textOf(target)} was deleted by \`${state.shortText(node)}\`` });
      continue;
    }
    const item = target.name === 'MemberExpression' ? itemOf(target, state, frame) : undefined;
    if (item?.container.kind === 'dict' && item.keyText !== undefined) {
      const at = item.container.entries.findIndex((entry) => pythonRepr(entry.key) === item.keyText);
      if (at < 0) return `deletes ${state.shortText(target)}, a key the dict does not hold (Python raises KeyError)`;
      item.container.entries.splice(at, 1);
      continue;
    }
    if (item?.container.kind === 'seq' && !item.container.tuple) {
      const index = listIndex(item.container.items.length, item.key);
      if (index !== undefined) {
        item.container.items.splice(index, 1);
        continue;
      }
    }
    return `deletes ${state.shortText(target)}, which the engine does not model`;
  }
  return undefined;
}

/** The container and key of `x[key]` (not a slice, not an attribute). */
function itemOf(target: SyntaxNode, state: InterpreterState, frame: Frame): { container: Value; key: Value; keyText: string | undefined } | undefined {
  const object = target.firstChild;
  const inner = childrenOf(target).slice(1).filter((part) => !['[', ']', 'Comment'].includes(part.name));
  if (!object || inner.length !== 1 || !childrenOf(target).some((part) => part.name === '[')) return undefined;
  const container = evaluate(object, state, frame);
  const key = evaluate(inner[0], state, frame);
  return { container, key, keyText: pythonRepr(key) };
}

/** A list position from an int index (negative from the end), undefined when out of range or not an int. */
function listIndex(length: number, key: Value): number | undefined {
  if (key.kind !== 'num' || !Number.isInteger(key.value)) return undefined;
  const index = key.value < 0 ? length + key.value : key.value;
  return index >= 0 && index < length ? index : undefined;
}

/** Binds the names of one import statement in a frame. */
export function bindImports(node: SyntaxNode, state: InterpreterState, frame: Frame): void {
  for (const [name, qname] of importBindingsOf(node, state)) frame.set(name, { kind: 'symbol', qname, text: name });
}

/**
 * What an import statement binds, by its text: every migration of a history repeats the same
 * four or five imports, and reading each one again (its children, the ranges of its names, the
 * bindings) was a visible part of binding a module. A statement with a syntax error is read
 * every time, as its tree may depend on what surrounds it. The kept strings own their characters
 * (a slice of a migration's text would keep the text alive), and the qualified names, kept
 * across files, are hashed once for the tables keyed by them (symbols.ts).
 */
const importBindings = new Map<string, readonly (readonly [string, string])[]>();
const IMPORT_BINDINGS_LIMIT = 10_000;

function importBindingsOf(node: SyntaxNode, state: InterpreterState): readonly (readonly [string, string])[] {
  const text = state.textOf(node);
  const known = importBindings.get(text);
  if (known !== undefined) return known;
  const info = readImport(state.source, node, state.lines);
  const bindings: (readonly [string, string])[] = [];
  if (info) {
    for (const [name, binding] of bindingsOf([info])) {
      bindings.push([ownString(name), ownString(binding.kind === 'module' ? binding.module : `${binding.module}.${binding.name}`)]);
    }
  }
  if (importBindings.size < IMPORT_BINDINGS_LIMIT && !containsError(node)) importBindings.set(ownString(text), bindings);
  return bindings;
}
