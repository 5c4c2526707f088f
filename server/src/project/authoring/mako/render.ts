/**
 * Renders a Mako template (the subset migration templates use) with Alembic's template
 * arguments. Control lines become a small tree (`if`/`elif`/`else`, `for`); `<%! %>` and `<% %>`
 * blocks run simple statements (imports of known modules, assignments). Whatever is outside
 * the subset raises a TemplateError with the template line, so no file is ever written from a
 * guess.
 */
import { ExpressionParser, evaluate, type Expr, type Lookup } from './expression';
import { lexTemplate, type MakoNode } from './lexer';
import { BUILTINS, MODULES } from './builtins';
import { TemplateError } from './templateError';
import { PyError, PyFunction, PyObject, iterate, str, truthy, typeName, type PyValue } from './values';

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; expression: Expr; filters: string[]; line: number }
  | { kind: 'if'; branches: { test?: Expr; body: Block[] }[] }
  | { kind: 'for'; targets: string[]; iterable: Expr; body: Block[]; line: number }
  | { kind: 'code'; statements: Statement[] };

type Statement =
  | { kind: 'import'; module: string; as: string; line: number }
  | { kind: 'from'; module: string; name: string; as: string; line: number }
  | { kind: 'assign'; target: string; value: Expr; line: number };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function withLine<T>(line: number, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof PyError) throw new TemplateError(line, error.message);
    throw error;
  }
}

/** A parsed template, ready to render many times. Throws TemplateError for syntax it cannot handle. */
export class MakoTemplate {
  private readonly body: Block[];
  private readonly moduleStatements: Statement[] = [];

  constructor(source: string) {
    const nodes = lexTemplate(source);
    let index = 0;
    const parseBlocks = (closers: string[]): [Block[], MakoNode | undefined] => {
      const blocks: Block[] = [];
      while (index < nodes.length) {
        const node = nodes[index++];
        if (node.kind === 'text') blocks.push({ kind: 'text', text: node.text });
        else if (node.kind === 'expression') {
          blocks.push({ kind: 'expression', expression: withLine(node.line, () => ExpressionParser.parse(node.code)), filters: node.filters, line: node.line });
        } else if (node.kind === 'code') {
          const statements = parseStatements(node.code, node.line);
          if (node.module) this.moduleStatements.push(...statements);
          else blocks.push({ kind: 'code', statements });
        } else if (closers.includes(node.isEnd ? `end${node.keyword}` : node.keyword)) return [blocks, node];
        else if (node.isEnd || node.keyword === 'elif' || node.keyword === 'else') throw new TemplateError(node.line, `'% ${node.text}' without a matching opening control line`);
        else if (node.keyword === 'if') blocks.push(parseIf(node));
        else if (node.keyword === 'for') blocks.push(parseFor(node));
        else throw new TemplateError(node.line, `'% ${node.keyword}' control lines are not supported by Alembic Lens's template renderer`);
      }
      return [blocks, undefined];
    };
    const parseIf = (opening: Extract<MakoNode, { kind: 'control' }>): Block => {
      const branches: { test?: Expr; body: Block[] }[] = [];
      let current = opening;
      for (;;) {
        const test = current.keyword === 'else' ? undefined : conditionOf(current);
        if (current.keyword === 'else' && !/^else\s*:\s*$/.test(current.text)) throw new TemplateError(current.line, `invalid syntax: '% ${current.text}'`);
        const [body, closer] = parseBlocks(['elif', 'else', 'endif']);
        branches.push({ test, body });
        if (!closer) throw new TemplateError(opening.line, "'% if' without '% endif'");
        if (closer.kind !== 'control' || closer.isEnd) return { kind: 'if', branches };
        if (branches.some((branch) => branch.test === undefined)) throw new TemplateError(closer.line, `'% ${closer.keyword}' after '% else'`);
        current = closer;
      }
    };
    const parseFor = (opening: Extract<MakoNode, { kind: 'control' }>): Block => {
      const header = /^for\s+([\w\s,()]+?)\s+in\s+(.*):\s*$/s.exec(opening.text);
      if (!header) throw new TemplateError(opening.line, `invalid syntax: '% ${opening.text}'`);
      const targets = header[1].replace(/[()]/g, '').split(',').map((name) => name.trim()).filter((name) => name !== '');
      if (!targets.every((name) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name))) throw new TemplateError(opening.line, `invalid loop target '${header[1]}'`);
      const iterable = withLine(opening.line, () => ExpressionParser.parse(header[2]));
      const [body, closer] = parseBlocks(['endfor']);
      if (!closer) throw new TemplateError(opening.line, "'% for' without '% endfor'");
      return { kind: 'for', targets, iterable, body, line: opening.line };
    };
    const [body, stray] = parseBlocks([]);
    if (stray) throw new TemplateError((stray as { line: number }).line, 'unexpected control line');
    this.body = body;
  }

  /** The text Mako would produce for these template arguments. Throws TemplateError. */
  render(args: Record<string, PyValue>): string {
    const moduleScope = new Map<string, PyValue>();
    const locals = new Map<string, PyValue>();
    const context = new PyObject('Context', {
      get: new PyFunction('get', (call) => {
        const key = call.positional[0];
        if (typeof key !== 'string') throw new PyError('context.get() needs a str key');
        return key in args ? args[key] : (call.positional[1] ?? null);
      }),
      keys: new PyFunction('keys', () => {
        throw new PyError('context.keys() is not supported');
      }),
    });
    const lookup: Lookup = (name) => {
      if (locals.has(name)) return locals.get(name);
      if (moduleScope.has(name)) return moduleScope.get(name);
      if (name in args) return args[name];
      if (name === 'context') return context;
      return BUILTINS[name];
    };
    runStatements(this.moduleStatements, moduleScope, lookup);
    let output = '';
    const run = (blocks: Block[]): void => {
      for (const block of blocks) {
        if (block.kind === 'text') output += block.text;
        else if (block.kind === 'expression') output += withLine(block.line, () => filtered(evaluate(block.expression, lookup), block.filters, lookup));
        else if (block.kind === 'code') runStatements(block.statements, locals, lookup);
        else if (block.kind === 'if') {
          const chosen = block.branches.find((branch) => branch.test === undefined || truthy(evaluate(branch.test, lookup)));
          if (chosen) run(chosen.body);
        } else {
          const items = withLine(block.line, () => iterate(evaluate(block.iterable, lookup)));
          for (const item of items) {
            withLine(block.line, () => bindTargets(block.targets, item, locals));
            run(block.body);
          }
        }
      }
    };
    run(this.body);
    return output;
  }
}

function conditionOf(node: Extract<MakoNode, { kind: 'control' }>): Expr {
  const match = /^(?:if|elif)\s+(.*?):\s*$/s.exec(node.text);
  if (!match) throw new TemplateError(node.line, `invalid syntax: '% ${node.text}'`);
  return withLine(node.line, () => ExpressionParser.parse(match[1]));
}

function bindTargets(targets: string[], item: PyValue, scope: Map<string, PyValue>): void {
  if (targets.length === 1) {
    scope.set(targets[0], item);
    return;
  }
  const values = iterate(item);
  if (values.length !== targets.length) throw new PyError(`cannot unpack ${values.length} values into ${targets.length} names`);
  targets.forEach((target, index) => scope.set(target, values[index]));
}

/** Mako's filters: `str` first unless `n` is given, then each named one left to right. */
function filtered(value: PyValue, filters: string[], lookup: Lookup): string {
  let result: PyValue = filters.includes('n') ? value : str(value);
  for (const name of filters) {
    if (name === 'n') continue;
    if (name === 'str') result = str(result);
    else if (name === 'trim') result = str(result).trim();
    else if (name === 'h') result = str(result).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
    else {
      const filter = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) ? lookup(name) : undefined;
      if (!(filter instanceof PyFunction)) throw new PyError(`the filter '${name}' is not supported`);
      result = filter.call({ positional: [result], keywords: {} });
    }
  }
  if (typeof result !== 'string') throw new PyError(`an expression's filters produced ${typeName(result)}, not str`);
  return result;
}

function dedent(code: string): string[] {
  const lines = code.split(/\r?\n/);
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common));
}

function parseStatements(code: string, firstLine: number): Statement[] {
  const statements: Statement[] = [];
  dedent(code).forEach((text, offset) => {
    const line = firstLine + offset;
    const source = text.replace(/#.*$/, '').trimEnd();
    if (source.trim() === '' || source.trim() === 'pass') return;
    if (/^\s/.test(source)) throw new TemplateError(line, 'indented Python blocks are not supported by Alembic Lens\'s template renderer');
    let match = /^import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(source);
    if (match) {
      statements.push({ kind: 'import', module: match[1], as: match[2] ?? match[1], line });
      return;
    }
    match = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(source);
    if (match) {
      for (const part of match[2].replace(/[()]/g, '').split(',')) {
        const names = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (!names) throw new TemplateError(line, `invalid syntax: '${source}'`);
        statements.push({ kind: 'from', module: match[1], name: names[1], as: names[2] ?? names[1], line });
      }
      return;
    }
    match = /^([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)\s*(.+)$/su.exec(source);
    if (match) {
      const valueSource = match[2];
      statements.push({ kind: 'assign', target: match[1], value: withLine(line, () => ExpressionParser.parse(valueSource)), line });
      return;
    }
    throw new TemplateError(line, `the Python statement '${source.trim()}' is not supported by Alembic Lens's template renderer`);
  });
  return statements;
}

function runStatements(statements: Statement[], scope: Map<string, PyValue>, lookup: Lookup): void {
  for (const statement of statements) {
    withLine(statement.line, () => {
      if (statement.kind === 'assign') scope.set(statement.target, evaluate(statement.value, lookup));
      else {
        const module = MODULES[statement.module];
        if (!module) throw new PyError(`importing '${statement.module}' is not supported by Alembic Lens's template renderer`);
        if (statement.kind === 'import') {
          if (statement.module.includes('.')) throw new PyError(`importing '${statement.module}' is not supported`);
          scope.set(statement.as, module);
        } else {
          if (!(statement.name in module.attributes)) throw new PyError(`cannot import name '${statement.name}' from '${statement.module}' (or it is not supported)`);
          scope.set(statement.as, module.attributes[statement.name]);
        }
      }
    });
  }
}
