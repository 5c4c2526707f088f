/**
 * Splits a Mako template into text, `${}` expressions, `%` control lines and `<% %>` blocks,
 * scanning in the order Mako's own lexer tries its rules (so the same characters become the
 * same nodes): `##` comments, `<%doc>`, `%%` escapes and trailing-backslash continuations leave
 * no output, and a control line takes its line break with it. Unsupported tags (`<%def>`,
 * `<%include>`, ...) are errors naming the line.
 */
import { TemplateError } from './templateError';

export type MakoNode =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; code: string; filters: string[]; line: number }
  | { kind: 'control'; keyword: string; isEnd: boolean; text: string; line: number }
  | { kind: 'code'; code: string; module: boolean; line: number };

const CONTROL_LINE = /[\t ]*(%(?!%)|##)[\t ]*((?:\\\r?\n|[^\r\n])*)(?:\r?\n|$)/y;
const PERCENT = /(\s*)%%(%*)/y;
const TAG_START = /<%([\w.:]+)((?:\s+\w+|\s*=\s*|"[^"]*?"|'[^']*?'|\s*,\s*)*)\s*(\/)?>/iy;
const TAG_END = /<\/%[\t ]*([^\t ]+?)[\t ]*>/y;

export function lexTemplate(source: string): MakoNode[] {
  return new Lexer(source).run();
}

class Lexer {
  private position = 0;
  private readonly nodes: MakoNode[] = [];
  constructor(private readonly text: string) {}

  private lineAt(position: number): number {
    let line = 1;
    for (let index = 0; index < position; index += 1) if (this.text.charCodeAt(index) === 10) line += 1;
    return line;
  }

  private sticky(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (match) this.position = pattern.lastIndex;
    return match;
  }

  private addText(text: string): void {
    if (!text) return;
    const last = this.nodes[this.nodes.length - 1];
    if (last?.kind === 'text') last.text += text;
    else this.nodes.push({ kind: 'text', text });
  }

  private atLineStart(): boolean {
    return this.position === 0 || this.text[this.position - 1] === '\n';
  }

  run(): MakoNode[] {
    while (this.position < this.text.length) {
      if (this.expression() || this.controlLine() || this.docComment() || this.tagStart() || this.tagEnd() || this.pythonBlock() || this.percent()) continue;
      this.plainText();
    }
    return this.nodes;
  }

  private expression(): boolean {
    if (!this.text.startsWith('${', this.position)) return false;
    const line = this.lineAt(this.position);
    this.position += 2;
    const [code, end] = this.until(['|', '}'], true, line, '${');
    let filters: string[] = [];
    if (end === '|') {
      const [escapes] = this.until(['}'], true, line, '${');
      filters = escapes.split(',').map((filter) => filter.trim()).filter((filter) => filter !== '');
    }
    this.nodes.push({ kind: 'expression', code, filters, line });
    return true;
  }

  private controlLine(): boolean {
    if (!this.atLineStart()) return false;
    const start = this.position;
    const match = this.sticky(CONTROL_LINE);
    if (!match) return false;
    if (match[1] === '##') return true;
    const line = this.lineAt(start);
    const text = match[2];
    const parts = /^(end)?(\w+)\s*(.*)/s.exec(text);
    if (!parts) throw new TemplateError(line, `invalid control line: '${text}'`);
    this.nodes.push({ kind: 'control', keyword: parts[2], isEnd: parts[1] !== undefined, text, line });
    return true;
  }

  private docComment(): boolean {
    if (!this.text.startsWith('<%doc>', this.position)) return false;
    const end = this.text.indexOf('</%doc>', this.position);
    if (end < 0) throw new TemplateError(this.lineAt(this.position), 'unclosed <%doc> tag');
    this.position = end + '</%doc>'.length;
    return true;
  }

  private tagStart(): boolean {
    const line = this.lineAt(this.position);
    const match = this.sticky(TAG_START);
    if (!match) return false;
    if (match[1] !== 'text') throw new TemplateError(line, `the <%${match[1]}> tag is not supported by Alembic Lens's template renderer`);
    if (match[3]) return true;
    const end = this.text.indexOf('</%text>', this.position);
    if (end < 0) throw new TemplateError(line, 'unclosed <%text> tag');
    this.addText(this.text.slice(this.position, end));
    this.position = end + '</%text>'.length;
    return true;
  }

  private tagEnd(): boolean {
    const line = this.lineAt(this.position);
    const match = this.sticky(TAG_END);
    if (!match) return false;
    throw new TemplateError(line, `closing tag without opening tag: </%${match[1]}>`);
  }

  private pythonBlock(): boolean {
    if (!this.text.startsWith('<%', this.position)) return false;
    const line = this.lineAt(this.position);
    const module = this.text[this.position + 2] === '!';
    this.position += module ? 3 : 2;
    const [code] = this.until(['%>'], false, line, module ? '<%!' : '<%');
    this.nodes.push({ kind: 'code', code, module, line });
    return true;
  }

  private percent(): boolean {
    if (!this.atLineStart()) return false;
    const match = this.sticky(PERCENT);
    if (!match) return false;
    this.addText(`${match[1]}%${match[2]}`);
    return true;
  }

  /** Text up to the next construct; a backslash before a line break removes both. */
  private plainText(): void {
    const start = this.position;
    let at = this.position;
    while (at < this.text.length) {
      if (at > start && this.text[at - 1] === '\n' && /^[ \t]*(%|##)/.test(this.text.slice(at, at + 200))) break;
      if (this.text.startsWith('${', at) || this.text.startsWith('<%', at) || this.text.startsWith('</%', at)) break;
      const escaped = /^\\\r?\n/.exec(this.text.slice(at, at + 3));
      if (escaped) {
        this.addText(this.text.slice(start, at));
        this.position = at + escaped[0].length;
        return;
      }
      at += 1;
    }
    this.addText(this.text.slice(start, at));
    this.position = at;
  }

  /**
   * Python source up to one of `ends` (outside strings and comments; with `nesting`, also
   * outside brackets), as Mako's parse_until_text reads it. Returns the source and the end found.
   */
  private until(ends: string[], nesting: boolean, line: number, opener: string): [string, string] {
    const start = this.position;
    let depth = 0;
    let at = this.position;
    while (at < this.text.length) {
      const char = this.text[at];
      if (char === '#') {
        const newline = this.text.indexOf('\n', at);
        if (newline >= 0) {
          at = newline + 1;
          continue;
        }
      }
      if (char === '"' || char === "'") {
        const quote = this.text.startsWith(char.repeat(3), at) ? char.repeat(3) : char;
        let close = at + quote.length;
        while (close < this.text.length && !this.text.startsWith(quote, close)) close += this.text[close] === '\\' ? 2 : 1;
        if (close < this.text.length) {
          at = close + quote.length;
          continue;
        }
      }
      const end = ends.find((candidate) => this.text.startsWith(candidate, at));
      if (end !== undefined && !(nesting && depth > 0)) {
        this.position = at + end.length;
        return [this.text.slice(start, at), end];
      }
      if ('([{'.includes(char)) depth += 1;
      else if (')]}'.includes(char)) depth -= 1;
      at += 1;
    }
    throw new TemplateError(line, `expected ${ends.map((end) => `'${end}'`).join(' or ')} to close '${opener}'`);
  }
}
