/**
 * A hand-written recursive-descent parser for the Python that migrations are made of, which
 * builds exactly the tree @lezer/python builds (same node types, ranges and nesting, comments
 * placed where lezer places them), about ten times faster: lezer's generated tables scan long
 * action lists for every token of Python's grammar, which made the whole-file parse most of a
 * cold `check`. It covers statements and expressions migrations use; on anything else (a syntax
 * error, a comprehension, a lambda, a decorator, an f-string, ...) it gives up and the caller
 * parses with lezer, so a tree is always lezer's tree. test/unit/python/fastParser.test.ts
 * compares the two on fixtures, generated histories and random mutations.
 *
 * The tree is written as lezer's flat post-order buffer (type, from, to, size per node) and
 * turned into a `Tree` by treeBuild.ts, which stores it exactly as lezer's own `Tree.build` would.
 */
import { Tree, type BufferCursor, type NodeSet } from '@lezer/common';
import { pythonNodeTypes, type PythonNodeTypes } from './nodeTypes';
import { buildPostOrderTree } from './treeBuild';
import { Bail, PREC_AND, PREC_COMPARE, PREC_EXPRESSION, PREC_OR, PREC_POWER, Scanner, Tok } from './scanner';

/** Prefix `-x`, `+x`, `~x`: tighter than any binary operator but `**`. */
const PREC_PREFIX = 10;

let types: PythonNodeTypes | undefined;
/**
 * One buffer for every parse, grown as needed: the tree builder copies what it needs out of it,
 * and a fresh array per file grew by copying, which the garbage collector then paid for. A parse
 * writes from its start and counts its size. Typed: every number is a small integer, and reads
 * and writes need no check of what the array holds.
 */
let reusableBuffer: Int32Array = new Int32Array(1 << 14);
/** Numbers the buffer keeps between parses (4 per node: 262,144 nodes; a 4 KB migration has about a thousand). */
const MAX_KEPT_BUFFER = 1 << 20;

/** `Tree.build`'s reader of a post-order buffer (type, from, to, size per node) up to `index`: tests compare its tree with `buildPostOrderTree`'s. */
class PostOrderCursor implements BufferCursor {
  constructor(
    readonly buffer: Int32Array,
    private index: number,
  ) {}

  get id(): number {
    return this.buffer[this.index - 4];
  }

  get start(): number {
    return this.buffer[this.index - 3];
  }

  get end(): number {
    return this.buffer[this.index - 2];
  }

  get size(): number {
    return this.buffer[this.index - 1];
  }

  get pos(): number {
    return this.index;
  }

  next(): void {
    this.index -= 4;
  }

  fork(): BufferCursor {
    return new PostOrderCursor(this.buffer, this.index);
  }
}

/** The lezer tree of `text`, or undefined where this parser does not follow (the caller uses lezer). */
export function fastParsePython(text: string, nodeSet: NodeSet, onBail?: (why: string) => void): Tree | undefined {
  return fastParseThen(text, nodeSet, onBail, buildPostOrderTree);
}

/** The same tree as `fastParsePython`, built by lezer's own `Tree.build`: tests compare the two builds. */
export function fastParsePythonBuiltByLezer(text: string, nodeSet: NodeSet): Tree | undefined {
  return fastParseThen(text, nodeSet, undefined, buildTreeByLezer);
}

type TreeBuilder = (buffer: Int32Array, size: number, nodeSet: NodeSet, topID: number, length: number) => Tree;

function fastParseThen(text: string, nodeSet: NodeSet, onBail: ((why: string) => void) | undefined, build: TreeBuilder): Tree | undefined {
  types ??= pythonNodeTypes(nodeSet);
  try {
    const parser = new FastParser(text, types, reusableBuffer);
    parser.module();
    // A very large file's buffer is not kept for the rest of the process (migrations need far less).
    if (parser.buffer.length <= MAX_KEPT_BUFFER) reusableBuffer = parser.buffer;
    return build(parser.buffer, parser.size, nodeSet, types.Script, text.length);
  } catch (error) {
    // Nesting deep enough to exhaust the stack (thousands of parentheses) is lezer's to parse: it does not recurse.
    if (error instanceof RangeError) {
      onBail?.('nested too deeply');
      return undefined;
    }
    if (!(error instanceof Bail)) throw error;
    onBail?.(error.why);
    return undefined;
  }
}

function buildTreeByLezer(buffer: Int32Array, size: number, nodeSet: NodeSet, topID: number, length: number): Tree {
  return Tree.build({ buffer: new PostOrderCursor(buffer, size), nodeSet, topID, length });
}

class FastParser {
  private readonly s: Scanner;
  /** End of the last token taken (a node ends there). */
  private lastEnd = 0;
  /** How much of `buffer` this parse has written (what lies beyond is an earlier parse's). */
  size = 0;

  constructor(
    text: string,
    private readonly t: PythonNodeTypes,
    public buffer: Int32Array,
  ) {
    this.s = new Scanner(text);
  }

  // ---- the buffer -------------------------------------------------------------------------

  /** Appends one node. */
  private put(type: number, from: number, to: number, size: number): void {
    const at = this.size;
    if (at + 4 > this.buffer.length) this.grow();
    const buffer = this.buffer;
    buffer[at] = type;
    buffer[at + 1] = from;
    buffer[at + 2] = to;
    buffer[at + 3] = size;
    this.size = at + 4;
  }

  private grow(): void {
    const larger = new Int32Array(this.buffer.length * 2);
    larger.set(this.buffer.subarray(0, this.size));
    this.buffer = larger;
  }

  /** Places comments that start before `limit` in the node being built now. */
  private flush(limit: number): void {
    const s = this.s;
    const comments = s.comments;
    while (s.commentsTaken < comments.length && comments[s.commentsTaken] < limit) {
      this.put(this.t.Comment, comments[s.commentsTaken], comments[s.commentsTaken + 1], 4);
      s.commentsTaken += 2;
    }
  }

  /** Where a node that starts at the current token begins in the buffer (comments before it stay outside). */
  private mark(): number {
    const s = this.s;
    if (s.commentsTaken < s.comments.length) this.flush(s.start);
    return this.size;
  }

  private close(type: number, mark: number, from: number): void {
    this.put(type, from, this.lastEnd, this.size - mark + 4);
  }

  /** Takes the current token, as a leaf of `type` (or as an anonymous token when type is -1). */
  private take(type: number): void {
    const s = this.s;
    if (s.commentsTaken < s.comments.length) this.flush(s.start);
    if (type >= 0) {
      // `put`, written out: every token comes here.
      const at = this.size;
      if (at + 4 > this.buffer.length) this.grow();
      const buffer = this.buffer;
      buffer[at] = type;
      buffer[at + 1] = s.start;
      buffer[at + 2] = s.end;
      buffer[at + 3] = 4;
      this.size = at + 4;
    }
    this.lastEnd = s.end;
    s.advance();
  }

  /** The current token's type (a method, so the compiler does not narrow it across `take`). */
  private tok(): Tok {
    return this.s.type;
  }

  private isOp(op: string): boolean {
    return this.s.type === Tok.Op && this.s.value === op;
  }

  private isKeyword(word: string): boolean {
    return this.s.type === Tok.Keyword && this.s.value === word;
  }

  private expectOp(op: string, type: number): void {
    if (!this.isOp(op)) throw new Bail(`expected ${op} at ${this.s.start}`);
    this.take(type);
  }

  private expectKeyword(word: string, type: number): void {
    if (!this.isKeyword(word)) throw new Bail(`expected ${word} at ${this.s.start}`);
    this.take(type);
  }

  private variableName(): void {
    if (this.s.type !== Tok.Name) throw new Bail(`expected a name at ${this.s.start}`);
    this.take(this.t.VariableName);
  }

  // ---- statements -------------------------------------------------------------------------

  module(): void {
    const s = this.s;
    if (s.type !== Tok.Eof && s.lineIndent !== 0) throw new Bail('indented first line');
    while (s.type !== Tok.Eof) {
      if (s.lineIndent !== 0) throw new Bail('unexpected indentation');
      this.statement(0);
    }
    this.flush(Infinity);
  }

  /** A statement at indentation `indent`, its newline included. */
  private statement(indent: number): void {
    const s = this.s;
    if (s.type === Tok.Keyword) {
      switch (s.value) {
        case 'def':
          return this.functionDefinition(indent);
        case 'if':
          return this.ifStatement(indent);
        case 'for':
          return this.forStatement(indent);
        case 'while':
          return this.whileStatement(indent);
        case 'with':
          return this.withStatement(indent);
        case 'try':
          return this.tryStatement(indent);
        case 'class':
          return this.classDefinition(indent);
      }
    }
    this.simpleStatement();
  }

  private simpleStatement(): void {
    this.smallStatement();
    const s = this.s;
    if (s.type === Tok.Newline) this.take(-1);
    else if (s.type !== Tok.Eof) throw new Bail(`expected the end of the statement at ${s.start}`);
  }

  private smallStatement(): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    if (s.type === Tok.Name && (s.value === 'match' || s.value === 'type' || s.value === 'case')) throw new Bail('soft keyword');
    if (s.type === Tok.Keyword) {
      switch (s.value) {
        case 'pass':
          this.take(t.pass);
          return this.close(t.PassStatement, mark, from);
        case 'break':
          this.take(t.break);
          return this.close(t.BreakStatement, mark, from);
        case 'continue':
          this.take(t.continue);
          return this.close(t.ContinueStatement, mark, from);
        case 'return':
          this.take(t.return);
          if (!this.atStatementEnd()) this.expressions(false);
          return this.close(t.ReturnStatement, mark, from);
        case 'raise':
          this.take(t.raise);
          if (!this.atStatementEnd()) {
            this.test();
            if (this.isKeyword('from')) {
              this.take(t.from);
              this.test();
            }
          }
          return this.close(t.RaiseStatement, mark, from);
        case 'assert':
          this.take(t.assert);
          this.testList();
          return this.close(t.AssertStatement, mark, from);
        case 'del':
          this.take(t.del);
          this.commaSeparated(() => this.binary(PREC_EXPRESSION));
          return this.close(t.DeleteStatement, mark, from);
        case 'global':
        case 'nonlocal':
          this.take(s.value === 'global' ? t.global : t.nonlocal);
          this.commaSeparated(() => this.variableName());
          return this.close(t.ScopeStatement, mark, from);
        case 'import':
        case 'from':
          return this.importStatement(mark, from);
        case 'None':
        case 'True':
        case 'False':
          break;
        default:
          throw new Bail(`statement keyword ${s.value}`);
      }
    }
    this.expressions(true);
    if (this.isOp(':')) {
      const typeMark = this.mark();
      const typeFrom = s.start;
      this.take(t[':']);
      this.test();
      this.close(t.TypeDef, typeMark, typeFrom);
      if (!this.isOp('=')) return this.close(t.AssignStatement, mark, from);
    }
    if (this.isOp('=')) {
      while (this.isOp('=')) {
        this.take(t['AssignStatement=']);
        if (this.isKeyword('yield')) throw new Bail('yield');
        this.expressions(true);
      }
      return this.close(t.AssignStatement, mark, from);
    }
    if (s.type === Tok.Op && s.update) {
      this.take(t.UpdateOp);
      if (this.isKeyword('yield')) throw new Bail('yield');
      this.testList();
      return this.close(t.UpdateStatement, mark, from);
    }
    this.close(t.ExpressionStatement, mark, from);
  }

  private atStatementEnd(): boolean {
    const type = this.s.type;
    return type === Tok.Newline || type === Tok.Eof || this.isOp(';');
  }

  private importStatement(mark: number, from: number): void {
    const t = this.t;
    if (this.isKeyword('import')) {
      this.take(t.import);
      this.importedNames();
    } else {
      this.take(t.from);
      let dots = 0;
      while (this.isOp('.')) {
        this.take(t['.']);
        dots++;
      }
      if (this.isOp('...')) throw new Bail('relative import with ...');
      if (dots === 0 || this.s.type === Tok.Name) this.dottedName();
      this.expectKeyword('import', t.import);
      if (this.isOp('*')) {
        this.take(t['*']);
      } else if (this.isOp('(')) {
        this.take(t['(']);
        this.importedNames();
        this.expectOp(')', t[')']);
      } else {
        this.importedNames();
      }
    }
    this.close(t.ImportStatement, mark, from);
  }

  private importedNames(): void {
    this.commaSeparated(() => {
      this.dottedName();
      if (this.isKeyword('as')) {
        this.take(this.t.as);
        this.variableName();
      }
    });
  }

  private dottedName(): void {
    this.variableName();
    while (this.isOp('.')) {
      this.take(this.t['.']);
      this.variableName();
    }
  }

  /** `commaSep<item>`: items with commas between and an optional trailing comma, up to a token that cannot start one. */
  private commaSeparated(item: () => void): void {
    item();
    while (this.isOp(',')) {
      this.take(this.t[',']);
      if (!this.startsExpression()) return;
      item();
    }
  }

  /** Whether the current token can start a test (after a trailing comma, the list may end). */
  private startsExpression(): boolean {
    const s = this.s;
    switch (s.type) {
      case Tok.Name:
      case Tok.Number:
      case Tok.String:
        return true;
      case Tok.Keyword:
        return s.value === 'None' || s.value === 'True' || s.value === 'False' || s.value === 'not' || s.value === 'lambda' || s.value === 'await' || s.value === 'yield';
      case Tok.Op:
        return s.value === '(' || s.value === '[' || s.value === '{' || s.value === '-' || s.value === '+' || s.value === '~' || s.value === '*' || s.value === '**' || s.value === '...';
      default:
        return false;
    }
  }

  /** `expressions`: tests or `*expression`s, comma-separated, as a statement holds them (no tuple node). */
  private expressions(allowStar: boolean): void {
    // commaSeparated, written out: every expression statement and assignment comes here.
    for (;;) {
      if (allowStar && this.isOp('*')) {
        this.take(this.t['*']);
        this.binary(PREC_EXPRESSION);
      } else {
        this.test();
      }
      if (!this.isOp(',')) return;
      this.take(this.t[',']);
      if (!this.startsExpression()) return;
    }
  }

  private testList(): void {
    this.commaSeparated(() => this.test());
  }

  /** `Body`: `:` and a statement on the same line, or a newline and an indented block. */
  private body(indent: number): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    this.expectOp(':', t[':']);
    if (s.type !== Tok.Newline) {
      this.simpleStatement();
      return this.close(t.Body, mark, from);
    }
    this.take(-1);
    if (this.tok() === Tok.Eof || s.lineIndent <= indent) throw new Bail('expected an indented block');
    const inner = s.lineIndent;
    for (;;) {
      this.statement(inner);
      if (this.tok() === Tok.Eof || s.lineIndent < inner) break;
      if (s.lineIndent > inner) throw new Bail('unexpected indentation');
    }
    this.close(t.Body, mark, from);
  }

  /** Whether the current token opens a clause of the compound statement at `indent` (`else:`, `except`, ...). */
  private continues(indent: number, word: string): boolean {
    return this.s.type !== Tok.Eof && this.s.lineIndent === indent && this.isKeyword(word);
  }

  private functionDefinition(indent: number): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    this.take(t.def);
    this.variableName();
    if (this.isOp('[')) throw new Bail('type parameters');
    const paramsFrom = s.start;
    const paramsMark = this.mark();
    this.expectOp('(', t['(']);
    if (!this.isOp(')')) this.commaSeparatedParams(() => this.parameter());
    this.expectOp(')', t[')']);
    this.close(t.ParamList, paramsMark, paramsFrom);
    if (this.isOp('->')) {
      const typeFrom = s.start;
      const typeMark = this.mark();
      this.take(-1);
      this.test();
      this.close(t.ReturnTypeDef, typeMark, typeFrom);
    }
    this.body(indent);
    this.close(t.FunctionDefinition, mark, from);
  }

  private commaSeparatedParams(item: () => void): void {
    item();
    while (this.isOp(',')) {
      this.take(this.t[',']);
      if (this.isOp(')')) return;
      item();
    }
  }

  private parameter(): void {
    const t = this.t;
    if (this.isOp('*') || this.isOp('**')) {
      const double = this.isOp('**');
      this.take(double ? t['**'] : t['*']);
      if (double || this.s.type === Tok.Name) {
        this.variableName();
        this.optionalTypeDef();
      }
      return;
    }
    this.variableName();
    this.optionalTypeDef();
    if (this.isOp('=')) {
      this.take(t.AssignParam);
      this.test();
    }
  }

  private optionalTypeDef(): void {
    if (!this.isOp(':')) return;
    const from = this.s.start;
    const mark = this.mark();
    this.take(this.t[':']);
    this.test();
    this.close(this.t.TypeDef, mark, from);
  }

  private classDefinition(indent: number): void {
    const from = this.s.start;
    const mark = this.mark();
    this.take(this.t.class);
    this.variableName();
    if (this.isOp('[')) throw new Bail('type parameters');
    if (this.isOp('(')) this.argList();
    this.body(indent);
    this.close(this.t.ClassDefinition, mark, from);
  }

  private ifStatement(indent: number): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t.if);
    this.testNamed();
    this.body(indent);
    while (this.continues(indent, 'elif')) {
      this.take(t.elif);
      this.testNamed();
      this.body(indent);
    }
    this.elseClause(indent);
    this.close(t.IfStatement, mark, from);
  }

  private elseClause(indent: number): void {
    if (!this.continues(indent, 'else')) return;
    this.take(this.t.else);
    this.body(indent);
  }

  private whileStatement(indent: number): void {
    const from = this.s.start;
    const mark = this.mark();
    this.take(this.t.while);
    this.testNamed();
    this.body(indent);
    this.elseClause(indent);
    this.close(this.t.WhileStatement, mark, from);
  }

  private forStatement(indent: number): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t.for);
    this.commaSeparated(() => {
      if (this.isOp('*')) this.take(t['*']);
      this.binary(PREC_EXPRESSION);
    });
    this.expectKeyword('in', t.in);
    this.testList();
    this.body(indent);
    this.elseClause(indent);
    this.close(t.ForStatement, mark, from);
  }

  private withStatement(indent: number): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t.with);
    // `with (a(), b() as x):` groups context managers (Python 3.10); lezer reads it through
    // parenthesizedWith.ts, so that every tree of such a statement is the same.
    if (this.isOp('(')) throw new Bail('parenthesized with');
    this.commaSeparated(() => {
      this.test();
      if (this.isKeyword('as')) {
        this.take(t.as);
        this.variableName();
      }
    });
    this.body(indent);
    this.close(t.WithStatement, mark, from);
  }

  private tryStatement(indent: number): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t.try);
    this.body(indent);
    while (this.continues(indent, 'except')) {
      this.take(t.except);
      if (this.isOp('*')) throw new Bail('except*');
      if (!this.isOp(':')) {
        this.test();
        // `except A, e:` is Python 2 (python2Syntax.ts reports it on lezer's tree): not an error-free tree.
        if (this.isOp(',')) throw new Bail('except with a comma');
        if (this.isKeyword('as')) {
          this.take(t.as);
          this.variableName();
        }
      }
      this.body(indent);
    }
    this.elseClause(indent);
    if (this.continues(indent, 'finally')) {
      this.take(t.finally);
      this.body(indent);
    }
    this.close(t.TryStatement, mark, from);
  }

  // ---- expressions ------------------------------------------------------------------------

  private testNamed(): void {
    this.test();
    if (this.isOp(':=')) throw new Bail('named expression');
  }

  /** `test`: a conditional expression or what it is made of (lambdas are not followed). */
  private test(): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    const type = s.type;
    if (type === Tok.Name || type === Tok.String || type === Tok.Number) {
      // Most operands are a name, a string or a number, which start no prefix operator: straight
      // to the atom and its calls, and into the operator chain only when an operator follows.
      this.postfix(from, mark);
      if (s.type === Tok.Op ? s.prec !== 0 : s.type === Tok.Keyword) this.binaryRest(PREC_OR, from, mark);
    } else {
      if (this.isKeyword('lambda')) throw new Bail('lambda');
      this.unary(true, from, mark);
      this.binaryRest(PREC_OR, from, mark);
    }
    if (s.type !== Tok.Keyword || s.value !== 'if') return;
    this.take(t.if);
    this.binary(PREC_OR, true);
    this.expectKeyword('else', t.else);
    this.test();
    this.close(t.ConditionalExpression, mark, from);
  }

  /**
   * Binary expressions of at least precedence `min` (lezer's `testInner` from PREC_OR, `expression`
   * from PREC_EXPRESSION). `allowNot`: the operand may be `not ...` (where lezer's grammar has a
   * `testInner`: a test, the operands of `and`, `or` and comparisons).
   */
  private binary(min: number, allowNot = false): void {
    const from = this.s.start;
    const mark = this.mark();
    this.unary(allowNot, from, mark);
    this.binaryRest(min, from, mark);
  }

  /** The operators and right operands that follow a left operand which starts at `from` (buffer `mark`). */
  private binaryRest(min: number, from: number, mark: number): void {
    const s = this.s;
    const t = this.t;
    for (;;) {
      if (s.type === Tok.Keyword) {
        const word = s.value;
        const prec = word === 'or' ? PREC_OR : word === 'and' ? PREC_AND : word === 'in' || word === 'is' || word === 'not' ? PREC_COMPARE : 0;
        if (prec === 0 || prec < min) return;
        if (word === 'or' || word === 'and') {
          this.take(word === 'or' ? t.or : t.and);
        } else if (word === 'in') {
          this.take(t.in);
        } else if (word === 'is') {
          this.take(t.is);
          if (this.isKeyword('not')) this.take(t.not);
        } else {
          this.take(t.not);
          this.expectKeyword('in', t.in);
        }
        this.binary(prec + 1, true);
        this.close(t.BinaryTest, mark, from);
        continue;
      }
      if (s.type !== Tok.Op) return;
      const prec = s.prec;
      if (prec === 0 || prec < min) return;
      if (prec === PREC_COMPARE) {
        this.take(t.CompareOp);
        this.binary(PREC_COMPARE + 1, true);
        this.close(t.BinaryTest, mark, from);
        continue;
      }
      this.operatorNode(s.value);
      // `**` is right-associative: its right operand may hold another `**`.
      this.binary(prec === PREC_POWER ? prec : prec + 1);
      this.close(t.BinaryExpression, mark, from);
    }
  }

  /** The operator node of a binary expression (`*`, `**` and `@` carry their token as a child). */
  private operatorNode(op: string): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    switch (op) {
      case '|':
        return this.take(t.BitOr);
      case '^':
        return this.take(t.BitXor);
      case '&':
        return this.take(t.BitAnd);
      case '<<':
      case '>>':
        return this.take(t.BitShift);
      case '+':
      case '-':
        return this.take(t.ArithPlus);
      case '/':
      case '%':
      case '//':
        return this.take(t.ArithTimes);
    }
    const mark = this.mark();
    this.take(op === '**' ? t['**'] : op === '*' ? t['*'] : t['@']);
    this.close(op === '**' ? t.ArithPower : t.ArithTimes, mark, from);
  }

  /** A prefix operator and its operand, or a postfix expression, starting at `from` (buffer `mark`). */
  private unary(allowNot: boolean, from: number, mark: number): void {
    const s = this.s;
    const t = this.t;
    if (allowNot && this.isKeyword('not')) {
      // lezer's `not` has no precedence of its own: it takes the whole test to its right
      // (`a and not b or c` is `a and not (b or c)` there), and so does this.
      this.take(t.not);
      this.binary(PREC_OR, true);
      return this.close(t.UnaryTest, mark, from);
    }
    if (s.type === Tok.Op && (s.value === '-' || s.value === '+' || s.value === '~')) {
      this.take(s.value === '~' ? t.BitNot : t.ArithPrefix);
      this.binary(PREC_PREFIX);
      return this.close(t.UnaryExpression, mark, from);
    }
    if (s.type === Tok.Keyword && (s.value === 'not' || s.value === 'await' || s.value === 'yield' || s.value === 'lambda')) throw new Bail(s.value);
    this.postfix(from, mark);
  }

  /** An atom and its calls, attributes and subscripts, starting at `from` (buffer `mark`). */
  private postfix(from: number, mark: number): void {
    const s = this.s;
    const t = this.t;
    // A name, the commonest atom, is taken here rather than through `atom`.
    if (s.type === Tok.Name) this.take(t.VariableName);
    else this.atom();
    for (;;) {
      if (s.type !== Tok.Op) return;
      if (s.value === '.') {
        this.take(t['.']);
        if (this.tok() !== Tok.Name && this.tok() !== Tok.Keyword) throw new Bail('expected a property name');
        this.take(t.PropertyName);
        this.close(t.MemberExpression, mark, from);
      } else if (s.value === '(') {
        this.argList();
        this.close(t.CallExpression, mark, from);
      } else if (s.value === '[') {
        this.take(t['[']);
        this.commaSeparated(() => this.testNamed());
        if (this.isOp(':')) throw new Bail('slice');
        this.expectOp(']', t[']']);
        this.close(t.MemberExpression, mark, from);
      } else {
        return;
      }
    }
  }

  private argList(): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    this.take(t['(']);
    // commaSeparatedParams(argument), written out: calls are the commonest node of a migration.
    if (!this.isOp(')')) {
      for (;;) {
        this.argument();
        if (!this.isOp(',')) break;
        this.take(t[',']);
        if (this.isOp(')')) break;
      }
    }
    this.expectOp(')', t[')']);
    this.close(t.ArgList, mark, from);
  }

  private argument(): void {
    const s = this.s;
    const t = this.t;
    if (s.type === Tok.Op && (s.value === '*' || s.value === '**')) {
      this.take(s.value === '**' ? t['**'] : t['*']);
      return this.test();
    }
    const argumentMark = this.mark();
    this.test();
    if (this.isOp('=')) {
      // `name=value`: the name is already in the buffer as the VariableName lezer makes of it.
      if (this.size - argumentMark !== 4 || this.buffer[argumentMark] !== t.VariableName) throw new Bail('keyword argument');
      this.take(t.AssignArgument);
      this.test();
    }
    if (s.type === Tok.Op ? s.value === ':=' : s.type === Tok.Keyword && (s.value === 'for' || s.value === 'async')) throw new Bail('generator argument');
  }

  private atom(): void {
    const s = this.s;
    const t = this.t;
    switch (s.type) {
      case Tok.Name:
        return this.take(t.VariableName);
      case Tok.Number:
        return this.take(t.Number);
      case Tok.String:
        return this.strings();
      case Tok.Keyword:
        if (s.value === 'None') return this.take(t.None);
        if (s.value === 'True' || s.value === 'False') return this.take(t.Boolean);
        throw new Bail(`keyword ${s.value} in an expression`);
      case Tok.Op:
        switch (s.value) {
          case '(':
            return this.parenthesized();
          case '[':
            return this.array();
          case '{':
            return this.braces();
          case '...':
            return this.take(t.Ellipsis);
        }
    }
    throw new Bail(`unexpected token at ${s.start}`);
  }

  /** One string, or adjacent strings as a ContinuedString. */
  private strings(): void {
    const s = this.s;
    const from = s.start;
    const mark = this.mark();
    this.string();
    if (s.type !== Tok.String) return;
    while (s.type === Tok.String) this.string();
    this.close(this.t.ContinuedString, mark, from);
  }

  private string(): void {
    const s = this.s;
    const t = this.t;
    this.flush(s.start);
    const mark = this.size;
    const escapes = s.escapes;
    const escapesEnd = s.escapeCount * 2;
    for (let i = 0; i < escapesEnd; i += 2) this.put(t.Escape, escapes[i], escapes[i + 1], 4);
    this.put(t.String, s.start, s.end, this.size - mark + 4);
    this.lastEnd = s.end;
    s.advance();
  }

  private parenthesized(): void {
    const s = this.s;
    const t = this.t;
    const from = s.start;
    const mark = this.mark();
    this.take(t['(']);
    if (this.isOp(')')) {
      this.take(t[')']);
      return this.close(t.TupleExpression, mark, from);
    }
    if (this.isKeyword('yield')) throw new Bail('yield');
    this.tupleItem();
    let tuple = false;
    while (this.isOp(',')) {
      tuple = true;
      this.take(t[',']);
      if (this.isOp(')')) break;
      this.tupleItem();
    }
    if (this.isKeyword('for') || this.isKeyword('async')) throw new Bail('comprehension');
    if (!tuple && this.isOp('*')) throw new Bail('starred expression in parentheses');
    this.expectOp(')', t[')']);
    this.close(tuple ? t.TupleExpression : t.ParenthesizedExpression, mark, from);
  }

  private tupleItem(): void {
    if (this.isOp('*')) throw new Bail('starred item');
    this.testNamed();
  }

  private array(): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t['[']);
    // commaSeparated, written out: lists of names are frequent in migrations.
    while (!this.isOp(']')) {
      if (this.isOp('*')) {
        this.take(t['*']);
        this.binary(PREC_EXPRESSION);
      } else {
        this.testNamed();
      }
      if (this.isKeyword('for') || this.isKeyword('async')) throw new Bail('comprehension');
      if (!this.isOp(',')) break;
      this.take(t[',']);
      if (!this.startsExpression()) break;
    }
    this.expectOp(']', t[']']);
    this.close(t.ArrayExpression, mark, from);
  }

  private braces(): void {
    const t = this.t;
    const from = this.s.start;
    const mark = this.mark();
    this.take(t['{']);
    if (this.isOp('}')) {
      this.take(t['}']);
      return this.close(t.DictionaryExpression, mark, from);
    }
    let dictionary: boolean | undefined;
    this.commaSeparated(() => {
      if (this.isOp('**')) {
        if (dictionary === false) throw new Bail('** in a set');
        dictionary = true;
        this.take(t['**']);
        this.binary(PREC_EXPRESSION);
      } else if (this.isOp('*')) {
        throw new Bail('starred item');
      } else {
        this.test();
        const pair = this.isOp(':');
        if (dictionary !== undefined && dictionary !== pair) throw new Bail('mixed dictionary and set');
        dictionary = pair;
        if (pair) {
          this.take(t[':']);
          this.test();
        }
      }
      if (this.isKeyword('for') || this.isKeyword('async')) throw new Bail('comprehension');
    });
    this.expectOp('}', t['}']);
    this.close(dictionary ? t.DictionaryExpression : t.SetExpression, mark, from);
  }
}
