/**
 * The order of a call's arguments, which CPython's grammar checks (pegen's invalid_arguments) and
 * lezer's does not: `f(a=1, 2)`, `f(**k, x)`, `f(**k, *a)`, an unparenthesized generator next to
 * another argument, `f(a=x for x in y)`; and the code generator's `f(a=1, a=2)`. Also a class's bases.
 */
import type { SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { insideBrackets, spanOf, splitArguments } from './nodeParts';

type ArgumentKind = 'positional' | 'star' | 'keyword' | 'doubleStar' | 'generator' | 'keywordGenerator';

/**
 * lezer names both `=` and `:=` AssignOp: `f(name := value)` is a positional argument (a named
 * expression), only `f(name=value)` a keyword (codex-lb's `isinstance(name := index["name"], str)`).
 */
function isKeywordEquals(node: SyntaxNode, text: string): boolean {
  return node.name === 'AssignOp' && node.to - node.from === 1 && text.charCodeAt(node.from) === 61 /* = */;
}

function kindOf(piece: SyntaxNode[], text: string): ArgumentKind {
  const generator = piece.some((child) => child.name === 'for');
  if (piece[0].name === '*') return 'star';
  if (piece[0].name === '**') return 'doubleStar';
  if (piece.length > 1 && isKeywordEquals(piece[1], text)) return generator ? 'keywordGenerator' : 'keyword';
  return generator ? 'generator' : 'positional';
}

/**
 * Python's order: positional and `*` arguments, then keywords and `*`, then keywords and `**`.
 * Returns the index of the first argument from `start` that breaks it, and the part it was in.
 */
function validRun(kinds: ArgumentKind[], start: number): { end: number; part: number } {
  let part = 0;
  for (let index = start; index < kinds.length; index++) {
    const kind = kinds[index];
    if (kind === 'positional' || kind === 'generator') {
      if (part > 0) return { end: index, part };
    } else if (kind === 'star') {
      if (part === 2) return { end: index, part };
    } else if (kind === 'doubleStar') part = 2;
    else if (part === 0) part = 1;
  }
  return { end: kinds.length, part };
}

export function callArgumentErrors(argList: SyntaxNode, text: string, ofClass: boolean): CompileError[] {
  if (plainlyOrdered(argList, text)) return [];
  const inside = insideBrackets(argList);
  const pieces = splitArguments(inside);
  if (pieces.length === 0) return [];
  const kinds = pieces.map((piece) => kindOf(piece, text));
  const parserError = argumentOrderError(argList, pieces, kinds, pieces.length - 1 + (inside[inside.length - 1]?.name === ',' ? 1 : 0), ofClass);
  if (parserError) return [parserError];
  return repeatedKeywords(pieces, kinds, text);
}

/**
 * True when the arguments are in Python's order with no generator and no keyword given twice,
 * read with a cursor over the list's children: then callArgumentErrors finds nothing, and most
 * calls are so (making a node object for every child of every call was most of the checks' time).
 */
function plainlyOrdered(argList: SyntaxNode, text: string): boolean {
  // `()`: nothing to order.
  if (argList.to - argList.from === 2) return true;
  const cursor = argList.cursor();
  if (!cursor.firstChild()) return true;
  const order: ArgumentOrder = { part: 0, keywords: undefined, position: 0, first: '', firstFrom: 0, firstTo: 0, second: '' };
  do {
    const name = cursor.name;
    if (name === 'for' || name === 'async') return false;
    if (name === '(' || name === ')' || name === 'Comment') continue;
    if (name === ',') {
      if (!argumentInOrder(order, text)) return false;
      order.position = 0;
      order.second = '';
      continue;
    }
    if (order.position === 0) {
      order.first = name;
      order.firstFrom = cursor.from;
      order.firstTo = cursor.to;
    } else if (order.position === 1) order.second = name === 'AssignOp' && !(cursor.to - cursor.from === 1 && text.charCodeAt(cursor.from) === 61) ? 'NamedExpression' : name;
    order.position++;
  } while (cursor.nextSibling());
  return argumentInOrder(order, text);
}

/** plainlyOrdered's reading so far: the part of the order reached (validRun), the keywords seen, the current argument's first two children. */
interface ArgumentOrder {
  part: number;
  keywords: string[] | undefined;
  position: number;
  first: string;
  firstFrom: number;
  firstTo: number;
  second: string;
}

/** Takes the argument just read (kindOf, validRun, repeatedKeywords); false when it is out of order or a repeated keyword. */
function argumentInOrder(order: ArgumentOrder, text: string): boolean {
  if (order.position === 0) return true;
  const { first, second } = order;
  if (first === '*') return order.part !== 2;
  if (first === '**') {
    order.part = 2;
    return true;
  }
  if (second !== 'AssignOp') return order.part === 0;
  if (order.part === 0) order.part = 1;
  const name = text.slice(order.firstFrom, order.firstTo);
  if (order.keywords?.includes(name)) return false;
  (order.keywords ??= []).push(name);
  return true;
}

function argumentOrderError(argList: SyntaxNode, pieces: SyntaxNode[][], kinds: ArgumentKind[], commas: number, ofClass: boolean): CompileError | undefined {
  const prefix = validRun(kinds, 0);
  if (prefix.end < kinds.length && kinds[prefix.end] === 'star' && prefix.part === 2) {
    const star = pieces[prefix.end][0];
    return syntaxError(CompileStage.Parser, star.from, star.to, 'iterable argument unpacking follows keyword argument unpacking');
  }
  {
    const generator = kinds.findIndex((kind) => kind === 'generator' || kind === 'keywordGenerator');
    if (generator >= 0 && generator <= prefix.end) {
      const piece = pieces[generator];
      // A class's bases are no call: a generator alone there stops CPython's parser at its `for`.
      const loop = piece.find((child) => child.name === 'for' || child.name === 'async');
      if (ofClass && pieces.length === 1 && commas === 0 && loop) return syntaxError(CompileStage.Parser, loop.from, loop.to, 'invalid syntax');
      if (kinds[generator] === 'keywordGenerator') return syntaxError(CompileStage.Parser, piece[0].from, piece[1].to, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      if (pieces.length > 1 || commas > 0) {
        const span = spanOf(piece);
        return syntaxError(CompileStage.Parser, span.from, span.to, 'Generator expression must be parenthesized');
      }
    }
  }
  if (prefix.end === kinds.length) return undefined;
  const misplaced = prefix.end;
  // CPython points at the last token its parser read: the one after the arguments that follow
  // the misplaced positional in a valid order (the closing parenthesis when they all do).
  const after = validRun(kinds, misplaced).end;
  const close = argList.lastChild;
  const at = after < pieces.length ? pieces[after][0] : close;
  if (!at) return undefined;
  const unpacking = kinds.slice(0, misplaced).includes('doubleStar');
  return syntaxError(CompileStage.Parser, at.from, at.to, unpacking ? 'positional argument follows keyword argument unpacking' : 'positional argument follows keyword argument');
}

function repeatedKeywords(pieces: SyntaxNode[][], kinds: ArgumentKind[], text: string): CompileError[] {
  const seen = new Set<string>();
  for (let index = 0; index < pieces.length; index++) {
    if (kinds[index] !== 'keyword') continue;
    const name = text.slice(pieces[index][0].from, pieces[index][0].to);
    if (seen.has(name)) {
      const span = spanOf(pieces[index]);
      return [syntaxError(CompileStage.CodeGeneration, span.from, span.to, `keyword argument repeated: ${name}`)];
    }
    seen.add(name);
  }
  return [];
}

/** Whether an ArgList is a call's (not a class's bases, whose generator rules differ). */
export function isClassBases(argList: SyntaxNode): boolean {
  return argList.parent?.name === 'ClassDefinition';
}

