/**
 * The only place that knows which Python parser we use (@lezer/python). Lezer trees never fail:
 * a half-typed file yields a tree with error nodes (`⚠`), so every reader can still extract
 * what is there. Helpers here stay tiny and syntax-only; meaning lives in the readers.
 */
import { Tree, TreeFragment, type SyntaxNode } from '@lezer/common';
import { fastParsePython } from './fast/fastParser';
import { withoutWithParentheses } from './parenthesizedWith';
import { withBlankLastLine } from './trailingBlankLine';
import { withReadableDecorators } from './relaxed/decorators';
import { withReadableStarredSubscripts } from './relaxed/starredSubscripts';
import { withReadableWithTargets } from './relaxed/withTargets';
import { withReadableLambdaSlashes } from './relaxed/lambdaPositionalOnly';
import { withReadableFormatSpecEquals } from './relaxed/formatSpecEquals';
import { withReadableStarredForIterables } from './relaxed/starredForIterables';
import { withReadableDottedMappingKeys } from './relaxed/dottedMappingKeys';
import { withReadableFormFeeds } from './relaxed/formFeedIndentation';
import { withReadableStarredParameterAnnotations } from './relaxed/starredParameterAnnotations';
import { withReadableTupleMatchSubjects } from './relaxed/tupleMatchSubjects';
import { withReadableCrlfStringContinuations } from './relaxed/crlfStringContinuations';
import { withReadablePrintNames } from './relaxed/printNames';
import { withReadableTrailingDotFloats } from './relaxed/trailingDotFloats';

export type { SyntaxNode, Tree };

type PythonParser = typeof import('@lezer/python').parser;
let parser: PythonParser | undefined;

function pythonParser(): PythonParser {
  // Loaded on first use: building the parse tables costs milliseconds at start-up, and a cold
  // index of template-shaped migrations never needs a tree (literalHeader.ts).
  if (parser) return parser;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser = (require('@lezer/python') as typeof import('@lezer/python')).parser;
  withoutForcedReductions(parser);
  return parser;
}

/**
 * @lezer/lr (1.4) counts reductions of one node that keep the same start over 2,000 characters and,
 * past 300 of them, forces the parse out of that node, to keep left-associative trees shallow.
 * A function body of some 370 statements, or a module of a few hundred, is such a node: the
 * statements after the cut became a syntax error in valid Python (canonical/maas's initial
 * migration, 823 `op.execute` calls: `--sql` refused a file Alembic runs). The count lives on the
 * parse object; kept at zero, no cut happens. Python nests expressions by its grammar, and what
 * the engine walks recursively is guarded per statement (a RangeError there makes one statement
 * opaque), so no file is worse off.
 */
function withoutForcedReductions(python: PythonParser): void {
  const parse = Object.getPrototypeOf(python.startParse('')) as object;
  if (Object.prototype.hasOwnProperty.call(parse, 'bigReductionCount')) return;
  Object.defineProperty(parse, 'bigReductionCount', {
    configurable: true,
    get: () => 0,
    set: () => undefined,
  });
}

export function parsePython(text: string): Tree {
  // The engine and the suppression reader parse an open file's text again right after the
  // header reader did: trees are immutable, so the same text gets the same tree.
  for (const entry of openTrees.values()) if (entry.text === text) return entry.tree;
  if (shared?.text === text) return shared.tree;
  const parser = pythonParser();
  // The hand-written parser builds lezer's tree for the Python migrations are written in, far
  // faster; where it does not follow (it says so by returning undefined), lezer parses.
  const fast = fastParsePython(text, parser.nodeSet);
  if (fast === undefined) return lezerParse(text);
  errorFreeTrees.add(fast);
  return fast;
}

/**
 * Trees of the fast parser: it answers only for text it parses without a syntax error (anything
 * else goes to lezer), so looking for error nodes in them is wasted work (a walk of every tree
 * for `check`'s syntax problems and of every statement in the interpreter).
 */
const errorFreeTrees = new WeakSet<Tree>();

/** True when `tree` is known to hold no error node (false: it may hold some). */
export function isErrorFree(tree: Tree): boolean {
  return errorFreeTrees.has(tree);
}

let shared: { text: string; tree: Tree } | undefined;

/**
 * Runs `read` with one tree of `text` for every reader inside it: `check` reads a file's syntax
 * errors, its operations (the interpreter) and its ignore comments, and each would parse the
 * whole text again. Nothing is kept once `read` returns.
 */
export function withSharedTree<T>(text: string, read: (tree: Tree) => T): T {
  const before = shared;
  const tree = parsePython(text);
  shared = { text, tree };
  try {
    return read(tree);
  } finally {
    shared = before;
  }
}

/** Open files whose last whole-file tree is kept; an editor rarely has more migrations open. */
const OPEN_TREE_LIMIT = 8;
/** Path -> the text last parsed whole for it and its tree, least recently parsed first. */
const openTrees = new Map<string, { text: string; tree: Tree }>();

/**
 * A whole-file parse of an open file (the editor's text): typing changes a few characters, so
 * the tree of the previous text of `path` is reused around the changed range (lezer's
 * incremental parsing), which gives the same tree as a fresh parse at a fraction of the cost.
 */
export function parseOpenFile(path: string, text: string): Tree {
  const previous = openTrees.get(path);
  let tree: Tree;
  if (previous?.text === text) tree = previous.tree;
  else if (previous) tree = reparse(previous, text);
  // A tree kept for incremental reparsing comes from lezer itself: lezer reuses a fragment by the
  // parse context it records on its own trees, which a tree built elsewhere does not carry.
  else tree = lezerParse(text);
  openTrees.delete(path);
  openTrees.set(path, { text, tree });
  if (openTrees.size > OPEN_TREE_LIMIT) openTrees.delete(openTrees.keys().next().value!);
  return tree;
}

/**
 * The tree of `text` built from the previous tree around the changed range. Error recovery can
 * end a node elsewhere than a fresh parse would (about one edit in thousands of random edits
 * that leave a syntax error, never one that parses cleanly), so a tree with an error node is
 * parsed again from scratch: the result is always the fresh parse's tree.
 */
function reparse(previous: { text: string; tree: Tree }, text: string): Tree {
  // A text lezer reads rewritten in place (parenthesizedWith.ts, trailingBlankLine.ts) is parsed whole.
  const prepared = forLezer(text);
  if (prepared !== text || forLezer(previous.text) !== previous.text || isUnreadable(previous.tree)) return lezerParseAs(prepared, text);
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), [changedRange(previous.text, text)]);
  const tree = lezerParseAs(text, text, fragments);
  return containsError(tree.topNode) && !isUnreadable(tree) ? lezerParseAs(text, text) : tree;
}

/** Lezer's tree of `text`, read with the Python 3.9 to 3.11 syntax its grammar lacks rewritten in place. */
function lezerParse(text: string): Tree {
  return lezerParseAs(forLezer(text), text);
}

/**
 * Lezer's tree of `prepared` (`text` as lezer reads it), or, when building it exhausts the stack,
 * an unreadable tree of `text`: lezer's `Tree.build` calls itself once per nested node, down to
 * 2,500 levels, and code nested that deep (thousands of brackets, or a generated chain of
 * operations in a construct the fast parser leaves to lezer) can take more stack than is left.
 */
function lezerParseAs(prepared: string, text: string, fragments?: readonly TreeFragment[]): Tree {
  try {
    const tree = pythonParser().parse(prepared, fragments);
    if (text.includes('print')) printTexts.set(tree, text);
    return tree;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unreadableTree(text);
  }
}

/**
 * The text of each lezer tree whose text holds `print`: a parse error after `print` and an
 * expression gets CPython's legacy message, found in the text (legacyPrintCall.ts).
 */
const printTexts = new WeakMap<Tree, string>();

/** The text `tree` was parsed from, when it is a lezer tree of a text holding `print`, else undefined. */
export function printTextOf(tree: Tree): string | undefined {
  return printTexts.get(tree);
}

/** Text of each tree made for text lezer could not build a tree of. */
const unreadableTexts = new WeakMap<Tree, string>();

/**
 * The tree of a file too deeply nested to build lezer's tree of: one error node spanning the
 * whole text, so that every reader sees a file it cannot read (the engine refuses it), and
 * syntaxProblems reports why (compileChecks/unreadable.ts).
 */
function unreadableTree(text: string): Tree {
  const python = pythonParser();
  const tree = new Tree(python.topNode, [new Tree(python.nodeSet.types[0], [], [], text.length)], [0], text.length);
  unreadableTexts.set(tree, text);
  return tree;
}

/** The text of `tree` when it is an unreadable tree (unreadableTree), else undefined. */
export function unreadableText(tree: Tree): string | undefined {
  return unreadableTexts.get(tree);
}

export function isUnreadable(tree: Tree): boolean {
  return unreadableTexts.has(tree);
}

/** The text lezer parses: the same length, with what its grammar reads unlike Python rewritten. */
export function forLezer(text: string): string {
  const modern = withReadableTupleMatchSubjects(withReadableStarredParameterAnnotations(withReadableFormFeeds(withReadableDottedMappingKeys(withReadableStarredForIterables(withReadableFormatSpecEquals(withReadableLambdaSlashes(withReadablePrintNames(withReadableTrailingDotFloats(withReadableCrlfStringContinuations(text))))))))));
  return withBlankLastLine(withReadableStarredSubscripts(withReadableDecorators(withReadableWithTargets(withoutWithParentheses(modern)))));
}

/** Forgets the kept trees (tests use it to compare against fresh parses). */
export function forgetOpenTrees(): void {
  openTrees.clear();
}

/** The one range that differs between two texts: everything but their common prefix and suffix. */
export function changedRange(before: string, after: string): { fromA: number; toA: number; fromB: number; toB: number } {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { fromA: prefix, toA: before.length - suffix, fromB: prefix, toB: after.length - suffix };
}

export function textOf(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to);
}

/** Direct children of a node, in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

/**
 * A parse error, except the empty one lezer's Python grammar (1.1.19) leaves after a bare
 * `yield` (`yield` alone as a statement or in `x = yield`, valid Python it does not accept): a
 * context manager written with `try: yield finally: ...` (keep's migrations) is not broken.
 */
export function isParseError(node: SyntaxNode): boolean {
  return node.type.isError && !isBareYieldGap(node) && !isEmptyClassPatternGap(node) && !isStarredComprehensionTargetGap(node);
}

// A generator written as a call's only argument (`list(t for t, *_ in p)`) is the call's ArgList itself.
const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'SetComprehensionExpression', 'DictionaryComprehensionExpression', 'ComprehensionExpression', 'ArgList']);

/**
 * The error lezer's grammar makes of the `*` of a starred target in a comprehension's `for`
 * (`{t for t, *_ in pairs}`, valid Python: Aether's migration): an error node holding just that
 * `*`, whose nearest keyword before it is the `for`.
 */
export function isStarredComprehensionTargetGap(node: SyntaxNode): boolean {
  if (!node.type.isError || !node.parent || !COMPREHENSIONS.has(node.parent.name) || node.firstChild?.name !== '*' || node.firstChild.nextSibling !== null || node.to - node.from !== 1) return false;
  for (let before = node.prevSibling; before; before = before.prevSibling) {
    if (before.name === 'for') return true;
    if (before.name === 'in' || before.name === 'if') return false;
  }
  return false;
}

/**
 * The empty error lezer's grammar (1.1.19) leaves in a class pattern of no arguments (`case str():`,
 * `case Point():`, valid since Python 3.10): its pattern argument list needs at least one
 * pattern, so it parses an empty literal pattern holding an empty error between the parentheses.
 * A second one in the same case (`case str() | bytes():`) is recovered otherwise: an error node
 * holding just the closing parenthesis, right after the opening one.
 */
function isEmptyClassPatternGap(node: SyntaxNode): boolean {
  if (node.parent?.name === 'PatternArgList' && node.prevSibling?.name === '(' && node.nextSibling === null && node.firstChild?.name === ')' && node.firstChild.nextSibling === null && node.to - node.from === 1) return true;
  const literal = node.parent;
  if (node.from !== node.to || literal?.name !== 'LiteralPattern' || literal.from !== literal.to) return false;
  const list = literal.parent;
  if (list?.name !== 'PatternArgList') return false;
  const open = list.firstChild;
  const close = list.lastChild;
  return open?.name === '(' && close?.name === ')' && open.nextSibling?.name === 'LiteralPattern' && open.nextSibling.nextSibling?.name === ')';
}

function isBareYieldGap(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (node.from !== node.to || !parent || (parent.name !== 'YieldStatement' && parent.name !== 'YieldExpression')) return false;
  // Nothing in the yield but its keyword (and comments): `yield from` with nothing after stays an error.
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (!child.type.isError && child.name !== 'Comment' && child.name !== 'yield') return false;
  }
  return true;
}

/** True when the node or anything inside it is a parse error (isParseError). */
export function containsError(node: SyntaxNode): boolean {
  if (isParseError(node)) return true;
  let top = node;
  while (top.parent) top = top.parent;
  if (top.tree && errorFreeTrees.has(top.tree)) return false;
  const cursor = node.cursor();
  if (!cursor.firstChild()) return false;
  for (;;) {
    if (cursor.type.isError && isParseError(cursor.node)) return true;
    if (cursor.firstChild()) continue;
    while (!cursor.nextSibling()) {
      if (!cursor.parent() || cursor.from >= node.to || (cursor.from === node.from && cursor.to === node.to)) return false;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/**
 * Decodes one Python string literal token (`'x'`, `"""doc"""`, `r"\d"`, `u'x'`, `b'x'`).
 * Returns undefined for f-strings (their value depends on evaluation), malformed tokens, an escape
 * CPython refuses (`'\x4'`, past U+10FFFF: the file does not compile) and a
 * str holding a named escape (`'\N{BULLET}'`): the character comes from Python's Unicode name
 * table, which Node does not have, and the escape kept verbatim printed SQL Python does not.
 * `keepNamedEscapes`: such an escape stays as written instead (a docstring's message, shown
 * to people: the text as written says more than no message at all).
 */
export function decodeStringLiteral(token: string, keepNamedEscapes = false): string | undefined {
  // Python reads source files with universal newlines: a line break written as CRLF (or a lone CR)
  // inside a triple-quoted literal is "\n" in its value (foi-flow's migrations are saved so).
  const raw = token.includes('\r') ? token.replace(/\r\n?/g, '\n') : token;
  let index = 0;
  let isRaw = false;
  let isBytes = false;
  // String prefix letters, either case (`| 32` lower-cases an ASCII letter; quotes stay quotes).
  for (;;) {
    const letter = raw.charCodeAt(index) | 32;
    if (letter === 102 /* f */) return undefined;
    if (letter === 114 /* r */) isRaw = true;
    else if (letter === 98 /* b */) isBytes = true;
    else if (letter !== 117 /* u */) break;
    index++;
  }
  const quote = raw[index];
  if (quote !== '"' && quote !== "'") return undefined;
  const tripleQuote = quote === '"' ? '"""' : "'''";
  const triple = raw.startsWith(tripleQuote, index);
  const delimiter = triple ? tripleQuote : quote;
  const bodyStart = index + delimiter.length;
  if (raw.length < bodyStart + delimiter.length || !raw.endsWith(delimiter)) return undefined;
  const body = raw.slice(bodyStart, raw.length - delimiter.length);
  if (isRaw || !body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i === body.length - 1) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === 'N' && !isBytes && !keepNamedEscapes) return undefined;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
    } else if (next === 'x' || (!isBytes && (next === 'u' || next === 'U'))) {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      const code = hex.length === width && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : -1;
      // Truncated (`'\x4'`) or past U+10FFFF: CPython refuses to compile the file.
      if (code < 0 || code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += width;
    } else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else {
      // Python keeps unknown escapes verbatim (with the backslash).
      out += '\\' + next;
    }
  }
  return out;
}
