/**
 * The `match` statement's errors CPython's code generator raises and lezer's grammar cannot see:
 * an irrefutable case before the last (`case a:` then `case 1:`: "name capture 'a' makes
 * remaining patterns unreachable"), a name bound twice in one pattern (`case [a, a]:`),
 * alternatives binding different names (`case 1 | a:`), two starred names in a sequence pattern
 * and a keyword repeated in a class pattern.
 *
 * It follows CPython 3.11's compiler: patterns are compiled in order, a subpattern of a sequence,
 * mapping or class pattern may be irrefutable, an alternative but the last may not, and an error
 * is reported at the pattern compiled last before it (a name after `as` or `**` is no pattern of
 * its own; a parenthesized group is its inner pattern).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

interface Context {
  stores: string[];
  allowIrrefutable: boolean;
  /** The pattern compiled last: where CPython reports an error. */
  at: Span;
}

/** Where a pattern is written: a node, or an open sequence (`case a, b:`), which is none. */
type Span = { readonly from: number; readonly to: number };

class PatternError {
  constructor(
    readonly at: Span,
    readonly message: string,
  ) {}
}

const PATTERNS = new Set(['CapturePattern', 'AsPattern', 'OrPattern', 'SequencePattern', 'StarPattern', 'MappingPattern', 'ClassPattern', 'LiteralPattern', 'AttributePattern']);

export function matchPatternErrors(statement: SyntaxNode, text: string): CompileError[] {
  const body = childrenOf(statement).find((part) => part.name === 'MatchBody');
  const clauses = body ? childrenOf(body).filter((part) => part.name === 'MatchClause') : [];
  const patternOf = (clause: SyntaxNode): SyntaxNode | undefined => childrenOf(clause).find((part) => PATTERNS.has(part.name));
  // `case a, b:` is one sequence pattern to CPython; lezer's grammar gives the clause each element.
  const isOpenSequence = (clause: SyntaxNode): boolean => childrenOf(clause).some((part) => part.name === ',');
  const guarded = (clause: SyntaxNode): boolean => childrenOf(clause).some((part) => part.name === 'Guard');
  const last = clauses[clauses.length - 1];
  const lastPattern = last ? patternOf(last) : undefined;
  // A last `case _:` without a guard is compiled as the default, not as a pattern.
  const hasDefault = clauses.length > 1 && lastPattern !== undefined && !guarded(last) && !isOpenSequence(last) && isWildcard(lastPattern, text);
  for (let index = 0; index < clauses.length - (hasDefault ? 1 : 0); index++) {
    const pattern = patternOf(clauses[index]);
    if (!pattern) continue;
    const context: Context = { stores: [], allowIrrefutable: guarded(clauses[index]) || index === clauses.length - 1, at: pattern };
    try {
      if (isOpenSequence(clauses[index])) compileOpenSequence(childrenOf(clauses[index]).filter((part) => PATTERNS.has(part.name)), context, text);
      else compilePattern(pattern, context, text);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      return [syntaxError(CompileStage.CodeGeneration, error.at.from, error.at.to, error.message)];
    }
  }
  return [];
}

function compilePattern(node: SyntaxNode, context: Context, text: string): void {
  const group = groupedPattern(node);
  if (group) return compilePattern(group, context, text);
  context.at = node;
  switch (node.name) {
    case 'CapturePattern': {
      const name = text.slice(node.from, node.to);
      if (!context.allowIrrefutable) throw new PatternError(node, name === '_' ? 'wildcard makes remaining patterns unreachable' : `name capture '${name}' makes remaining patterns unreachable`);
      if (name !== '_') store(name, context);
      return;
    }
    case 'AsPattern': {
      const parts = childrenOf(node);
      const inner = parts.find((part) => PATTERNS.has(part.name));
      if (inner) compilePattern(inner, context, text);
      const name = parts[parts.findIndex((part) => part.name === 'as') + 1];
      if (name?.name === 'VariableName') store(text.slice(name.from, name.to), context);
      return;
    }
    case 'StarPattern': {
      const name = text.slice(node.from, node.to).replace(/^\*\s*/, '');
      if (name !== '_') store(name, context);
      return;
    }
    case 'SequencePattern': {
      const elements = childrenOf(node).filter((part) => PATTERNS.has(part.name));
      if (elements.filter((part) => part.name === 'StarPattern').length > 1) throw new PatternError(node, 'multiple starred names in sequence pattern');
      for (const element of elements) compileSubpattern(element, context, text);
      return;
    }
    case 'MappingPattern':
      return compileMapping(node, context, text);
    case 'ClassPattern':
      return compileClass(node, context, text);
    case 'OrPattern':
      return compileAlternatives(node, context, text);
    default:
      return;
  }
}

/** `case a, *b:`: a sequence pattern without brackets, its elements the clause's patterns. */
function compileOpenSequence(elements: SyntaxNode[], context: Context, text: string): void {
  const span = { from: elements[0].from, to: elements[elements.length - 1].to };
  context.at = span;
  if (elements.filter((part) => part.name === 'StarPattern').length > 1) throw new PatternError(span, 'multiple starred names in sequence pattern');
  for (const element of elements) compileSubpattern(element, context, text);
}

/** A subpattern of a sequence, mapping or class pattern may be irrefutable. */
function compileSubpattern(node: SyntaxNode, context: Context, text: string): void {
  const allow = context.allowIrrefutable;
  context.allowIrrefutable = true;
  compilePattern(node, context, text);
  context.allowIrrefutable = allow;
}

/** `{key: pattern, ..., **rest}`: the keys are values, not patterns; the rest is a name. */
function compileMapping(node: SyntaxNode, context: Context, text: string): void {
  const parts = childrenOf(node);
  let rest: string | undefined;
  parts.forEach((part, index) => {
    if (part.name === '**') {
      const name = parts[index + 1];
      if (name) rest = text.slice(name.from, name.to);
    } else if (PATTERNS.has(part.name) && parts[index - 1]?.name === ':') compileSubpattern(part, context, text);
  });
  if (rest !== undefined && rest !== '_') store(rest, context);
}

/** `C(positional, ..., keyword=pattern, ...)`: a keyword twice is refused before any subpattern is compiled. */
function compileClass(node: SyntaxNode, context: Context, text: string): void {
  const list = childrenOf(node).find((part) => part.name === 'PatternArgList');
  if (!list) return;
  const parts = childrenOf(list);
  const keywords = parts.filter((part) => part.name === 'KeywordPattern');
  const seen = new Set<string>();
  for (const keyword of keywords) {
    const name = keyword.firstChild;
    if (!name) continue;
    const written = text.slice(name.from, name.to);
    // Reported at the repeated keyword's pattern, as CPython does.
    const pattern = childrenOf(keyword).find((part) => PATTERNS.has(part.name)) ?? name;
    if (seen.has(written)) throw new PatternError(pattern, `attribute name repeated in class pattern: ${written}`);
    seen.add(written);
  }
  for (const part of parts) if (PATTERNS.has(part.name)) compileSubpattern(part, context, text);
  for (const keyword of keywords) {
    const pattern = childrenOf(keyword).find((part) => PATTERNS.has(part.name));
    if (pattern) compileSubpattern(pattern, context, text);
  }
}

/** `a | b`: each alternative binds the same names; only the last may be irrefutable. */
function compileAlternatives(node: SyntaxNode, context: Context, text: string): void {
  const alternatives = childrenOf(node).filter((part) => PATTERNS.has(part.name));
  // Lezer's grammar (1.1.19) groups `1 | 2 as y` as `1 | (2 as y)`; Python reads `(1 | 2) as y`:
  // the name after `as` is bound once, after every alternative is compiled.
  const last = alternatives[alternatives.length - 1];
  const lastParts = last?.name === 'AsPattern' ? childrenOf(last) : [];
  const asName = lastParts[lastParts.findIndex((part) => part.name === 'as') + 1];
  const lastInner = lastParts.find((part) => PATTERNS.has(part.name));
  if (asName?.name === 'VariableName' && lastInner) alternatives[alternatives.length - 1] = lastInner;
  const outer = { stores: context.stores, allowIrrefutable: context.allowIrrefutable };
  let control: string[] = [];
  alternatives.forEach((alternative, index) => {
    context.stores = [];
    context.allowIrrefutable = index === alternatives.length - 1 && outer.allowIrrefutable;
    compilePattern(alternative, context, text);
    if (index === 0) control = context.stores;
    else if (context.stores.length !== control.length || control.some((name) => !context.stores.includes(name))) throw new PatternError(context.at, 'alternative patterns bind different names');
  });
  context.stores = outer.stores;
  context.allowIrrefutable = outer.allowIrrefutable;
  for (const name of control) store(name, context);
  if (asName?.name === 'VariableName' && lastInner) store(text.slice(asName.from, asName.to), context);
}

function store(name: string, context: Context): void {
  if (context.stores.includes(name)) throw new PatternError(context.at, `multiple assignments to name '${name}' in pattern`);
  context.stores.push(name);
}

/** `(p)`: a parenthesized pattern without a comma is a group, the pattern itself. */
function groupedPattern(node: SyntaxNode): SyntaxNode | undefined {
  if (node.name !== 'SequencePattern' || node.firstChild?.name !== '(') return undefined;
  const parts = childrenOf(node);
  if (parts.some((part) => part.name === ',')) return undefined;
  const inner = parts.filter((part) => PATTERNS.has(part.name));
  return inner.length === 1 ? inner[0] : undefined;
}

function isWildcard(pattern: SyntaxNode, text: string): boolean {
  const inner = groupedPattern(pattern);
  if (inner) return isWildcard(inner, text);
  return pattern.name === 'CapturePattern' && text.slice(pattern.from, pattern.to) === '_';
}
