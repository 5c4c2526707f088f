/**
 * Python expressions as templates write them (`repr(x)`, `a if c else b`, `"%s_x" % name`,
 * `config.get_main_option("databases")`): parsed into a small tree and evaluated over the
 * template's names. Anything outside this subset is a PyError, never a guess.
 */
import { tokenize, type Token } from './tokens';
import { attributeOf, binaryOperation, compare, subscript } from './operations';
import { PyError, PyFunction, PyList, PyTuple, UNDEFINED, truthy, type PyValue } from './values';

export type Expr =
  | { kind: 'constant'; value: PyValue }
  | { kind: 'name'; name: string }
  | { kind: 'attribute'; target: Expr; name: string }
  | { kind: 'call'; target: Expr; positional: Expr[]; keywords: [string, Expr][] }
  | { kind: 'subscript'; target: Expr; index: Expr }
  | { kind: 'slice'; target: Expr; lower?: Expr; upper?: Expr }
  | { kind: 'binary'; operator: string; left: Expr; right: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'boolean'; operator: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'compare'; operators: string[]; operands: Expr[] }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'list'; items: Expr[] };

/** Looks a name up in the template's scopes; undefined when no scope has it. */
export type Lookup = (name: string) => PyValue | undefined;

export class ExpressionParser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  static parse(source: string): Expr {
    const parser = new ExpressionParser(tokenize(source));
    const expression = parser.expressionList();
    parser.expectEnd();
    return expression;
  }

  peek(): Token {
    return this.tokens[this.position];
  }

  isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  isName(text: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === text;
  }

  take(): Token {
    return this.tokens[this.position++];
  }

  expectOp(text: string): void {
    if (!this.isOp(text)) throw new PyError(`invalid syntax: expected '${text}' at ${describe(this.peek())}`);
    this.position += 1;
  }

  expectEnd(): void {
    if (this.peek().kind !== 'end') throw new PyError(`invalid syntax at ${describe(this.peek())}`);
  }

  /** `a, b` (a tuple) or one expression. */
  expressionList(): Expr {
    const first = this.expression();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.take();
      if (this.atListEnd()) break;
      items.push(this.expression());
    }
    return { kind: 'tuple', items };
  }

  private atListEnd(): boolean {
    const token = this.peek();
    return token.kind === 'end' || (token.kind === 'op' && [')', ']', ':', '='].includes(token.text));
  }

  expression(): Expr {
    if (this.isName('lambda')) throw new PyError('lambda is not supported');
    const value = this.orTest();
    if (!this.isName('if')) return value;
    this.take();
    const test = this.orTest();
    if (!this.isName('else')) throw new PyError("invalid syntax: expected 'else'");
    this.take();
    return { kind: 'conditional', test, then: value, otherwise: this.expression() };
  }

  private orTest(): Expr {
    let left = this.andTest();
    while (this.isName('or')) {
      this.take();
      left = { kind: 'boolean', operator: 'or', left, right: this.andTest() };
    }
    return left;
  }

  private andTest(): Expr {
    let left = this.notTest();
    while (this.isName('and')) {
      this.take();
      left = { kind: 'boolean', operator: 'and', left, right: this.notTest() };
    }
    return left;
  }

  private notTest(): Expr {
    if (this.isName('not')) {
      this.take();
      return { kind: 'not', operand: this.notTest() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const first = this.arithmetic();
    const operators: string[] = [];
    const operands = [first];
    for (;;) {
      const token = this.peek();
      let operator: string | undefined;
      if (token.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(token.text)) operator = token.text;
      else if (this.isName('in')) operator = 'in';
      else if (this.isName('is')) operator = 'is';
      else if (this.isName('not') && this.tokens[this.position + 1]?.kind === 'name' && (this.tokens[this.position + 1] as { text: string }).text === 'in') {
        this.take();
        operator = 'not in';
      }
      if (!operator) break;
      this.take();
      if (operator === 'is' && this.isName('not')) {
        this.take();
        operator = 'is not';
      }
      operators.push(operator);
      operands.push(this.arithmetic());
    }
    return operators.length ? { kind: 'compare', operators, operands } : first;
  }

  private arithmetic(): Expr {
    let left = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const operator = (this.take() as { text: string }).text;
      left = { kind: 'binary', operator, left, right: this.term() };
    }
    return left;
  }

  private term(): Expr {
    let left = this.factor();
    while (this.isOp('*') || this.isOp('%') || this.isOp('/') || this.isOp('//')) {
      const operator = (this.take() as { text: string }).text;
      left = { kind: 'binary', operator, left, right: this.factor() };
    }
    return left;
  }

  private factor(): Expr {
    if (this.isOp('-')) {
      this.take();
      return { kind: 'negate', operand: this.factor() };
    }
    if (this.isOp('+')) {
      this.take();
      return this.factor();
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let target = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.take();
        const name = this.take();
        if (name.kind !== 'name') throw new PyError('invalid syntax after .');
        target = { kind: 'attribute', target, name: name.text };
      } else if (this.isOp('(')) {
        this.take();
        target = this.callArguments(target);
      } else if (this.isOp('[')) {
        this.take();
        target = this.subscriptOf(target);
      } else return target;
    }
  }

  private callArguments(target: Expr): Expr {
    const positional: Expr[] = [];
    const keywords: [string, Expr][] = [];
    while (!this.isOp(')')) {
      if (this.isOp('*') || this.isOp('**')) throw new PyError('*args and **kwargs in calls are not supported');
      const token = this.peek();
      const next = this.tokens[this.position + 1];
      if (token.kind === 'name' && next?.kind === 'op' && next.text === '=') {
        this.position += 2;
        keywords.push([token.text, this.expression()]);
      } else {
        if (keywords.length) throw new PyError('positional argument follows keyword argument');
        positional.push(this.expression());
      }
      if (!this.isOp(',')) break;
      this.take();
    }
    this.expectOp(')');
    return { kind: 'call', target, positional, keywords };
  }

  private subscriptOf(target: Expr): Expr {
    let lower: Expr | undefined;
    if (!this.isOp(':')) {
      lower = this.expression();
      if (this.isOp(']')) {
        this.take();
        return { kind: 'subscript', target, index: lower };
      }
    }
    this.expectOp(':');
    const upper = this.isOp(']') ? undefined : this.expression();
    this.expectOp(']');
    return { kind: 'slice', target, lower, upper };
  }

  private atom(): Expr {
    const token = this.take();
    if (token.kind === 'number') return { kind: 'constant', value: token.value };
    if (token.kind === 'string') return { kind: 'constant', value: token.value };
    if (token.kind === 'name') {
      if (token.text === 'None') return { kind: 'constant', value: null };
      if (token.text === 'True') return { kind: 'constant', value: true };
      if (token.text === 'False') return { kind: 'constant', value: false };
      if (['if', 'else', 'for', 'in', 'and', 'or', 'not', 'is', 'lambda', 'import', 'from', 'yield', 'await'].includes(token.text)) {
        throw new PyError(`invalid syntax at '${token.text}'`);
      }
      return { kind: 'name', name: token.text };
    }
    if (token.kind === 'op' && token.text === '(') {
      if (this.isOp(')')) {
        this.take();
        return { kind: 'tuple', items: [] };
      }
      const inner = this.expressionList();
      if (this.isName('for')) throw new PyError('generator expressions are not supported');
      this.expectOp(')');
      return inner;
    }
    if (token.kind === 'op' && token.text === '[') {
      const items: Expr[] = [];
      while (!this.isOp(']')) {
        items.push(this.expression());
        if (this.isName('for')) throw new PyError('list comprehensions are not supported');
        if (!this.isOp(',')) break;
        this.take();
      }
      this.expectOp(']');
      return { kind: 'list', items };
    }
    if (token.kind === 'op' && token.text === '{') throw new PyError('dict and set literals are not supported');
    throw new PyError(`invalid syntax at ${describe(token)}`);
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'name' || token.kind === 'op') return `'${token.text}'`;
  if (token.kind === 'number') return `'${token.value}'`;
  return 'a string';
}

export function evaluate(expression: Expr, lookup: Lookup): PyValue {
  switch (expression.kind) {
    case 'constant':
      return expression.value;
    case 'name': {
      const value = lookup(expression.name);
      // Mako hands a template name Alembic does not pass as UNDEFINED (falsy, unprintable).
      return value === undefined ? UNDEFINED : value;
    }
    case 'attribute':
      return attributeOf(evaluate(expression.target, lookup), expression.name);
    case 'call': {
      const callee = evaluate(expression.target, lookup);
      if (!(callee instanceof PyFunction)) throw new PyError(describeNotCallable(expression.target, callee));
      const keywords: Record<string, PyValue> = {};
      for (const [name, value] of expression.keywords) keywords[name] = evaluate(value, lookup);
      return callee.call({ positional: expression.positional.map((argument) => evaluate(argument, lookup)), keywords });
    }
    case 'subscript':
      return subscript(evaluate(expression.target, lookup), evaluate(expression.index, lookup));
    case 'slice': {
      const target = evaluate(expression.target, lookup);
      const bound = (e?: Expr): number | undefined => (e ? Number(evaluate(e, lookup)) : undefined);
      const lower = bound(expression.lower);
      const upper = bound(expression.upper);
      if (typeof target === 'string') return [...target].slice(lower, upper).join('');
      if (target instanceof PyTuple) return new PyTuple(target.items.slice(lower, upper));
      if (target instanceof PyList) return new PyList(target.items.slice(lower, upper));
      throw new PyError('only str, tuple and list can be sliced here');
    }
    case 'binary':
      return binaryOperation(expression.operator, evaluate(expression.left, lookup), evaluate(expression.right, lookup));
    case 'negate': {
      const value = evaluate(expression.operand, lookup);
      if (typeof value !== 'number') throw new PyError('bad operand type for unary -');
      return -value;
    }
    case 'boolean': {
      const left = evaluate(expression.left, lookup);
      if (expression.operator === 'and') return truthy(left) ? evaluate(expression.right, lookup) : left;
      return truthy(left) ? left : evaluate(expression.right, lookup);
    }
    case 'not':
      return !truthy(evaluate(expression.operand, lookup));
    case 'compare': {
      let left = evaluate(expression.operands[0], lookup);
      for (let index = 0; index < expression.operators.length; index += 1) {
        const right = evaluate(expression.operands[index + 1], lookup);
        if (!compare(expression.operators[index], left, right)) return false;
        left = right;
      }
      return true;
    }
    case 'conditional':
      return truthy(evaluate(expression.test, lookup)) ? evaluate(expression.then, lookup) : evaluate(expression.otherwise, lookup);
    case 'tuple':
      return new PyTuple(expression.items.map((item) => evaluate(item, lookup)));
    case 'list':
      return new PyList(expression.items.map((item) => evaluate(item, lookup)));
  }
}

function describeNotCallable(target: Expr, value: PyValue): string {
  if (value === UNDEFINED && target.kind === 'name') return `name '${target.name}' is not defined`;
  return 'this value is not callable';
}
