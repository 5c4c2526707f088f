/**
 * Which Alembic configuration options env.py writes when it runs (`config.set_main_option(...)`,
 * `config.set_section_option(...)`). Most env.py files write one option, the URL
 * (`config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])`): the other options a
 * migration reads (ckan's `get_main_option("sqlalchemy_migrate_version")`) still come from the
 * ini. Only when every write names its section and option with string literals is the set known;
 * otherwise (a name computed at run time, `**kwargs`, the method taken as a value) any option may
 * be written and the answer is undefined.
 */
import { childrenOf, parsePython, type SyntaxNode } from '../python/parser';
import { stringLiteralOf } from '../python/headerValue';

const WRITERS = new Set(['set_main_option', 'set_section_option']);

/**
 * The options env.py writes, as `optionKey(section, name)`; `mainSection` is the section
 * `set_main_option` writes to. Undefined when a write cannot be read statically.
 */
export function optionsWrittenByEnvPy(text: string, mainSection: string): ReadonlySet<string> | undefined {
  // A cheap test first: most env.py files write nothing.
  if (!text.includes('set_main_option') && !text.includes('set_section_option')) return new Set();
  const written = new Set<string>();
  let known = true;
  const visit = (node: SyntaxNode): void => {
    if (!known) return;
    if (node.name === 'PropertyName' || node.name === 'VariableName') {
      const name = text.slice(node.from, node.to);
      if (WRITERS.has(name)) {
        const key = writeOf(node, name, text, mainSection);
        if (key === undefined) known = false;
        else written.add(key);
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(parsePython(text).topNode);
  return known ? written : undefined;
}

/** configparser's key of an option: sections as written, option names lower-cased (its optionxform). */
export function optionKey(section: string, name: string): string {
  return `${section}\u0000${name.toLowerCase()}`;
}

/** The option name (lower case) of an optionKey. */
export function optionNameOf(key: string): string {
  return key.slice(key.indexOf('\u0000') + 1);
}

/** The option `config.<method>(...)` writes when `reference` is that method, called with literal names; else undefined. */
function writeOf(reference: SyntaxNode, method: string, text: string, mainSection: string): string | undefined {
  const member = reference.parent;
  if (reference.name !== 'PropertyName' || member?.name !== 'MemberExpression') return undefined;
  const call = member.parent;
  const argList = call?.name === 'CallExpression' && call.firstChild?.from === member.from && call.firstChild.to === member.to ? call.lastChild : null;
  if (argList?.name !== 'ArgList') return undefined;
  const args = argumentsOf(argList, text);
  if (args === undefined) return undefined;
  const literal = (index: number, keyword: string): string | undefined => {
    const node = args.keywords.get(keyword) ?? args.positional[index];
    return node === undefined ? undefined : stringLiteralOf(node, text);
  };
  if (method === 'set_main_option') {
    const name = literal(0, 'name');
    return name === undefined ? undefined : optionKey(mainSection, name);
  }
  const sectionNode = args.keywords.get('section') ?? args.positional[0];
  // `config.set_section_option(config.config_ini_section, ...)`: the main section by its attribute.
  const section = sectionNode?.name === 'MemberExpression' && /\.config_ini_section$/.test(text.slice(sectionNode.from, sectionNode.to)) ? mainSection : literal(0, 'section');
  const name = literal(1, 'name');
  return section === undefined || name === undefined ? undefined : optionKey(section, name);
}

/** A call's arguments by position and keyword; undefined when it splats (`*args`, `**kwargs`). */
function argumentsOf(argList: SyntaxNode, text: string): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode> } | undefined {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const parts = childrenOf(argList).filter((part) => part.name !== '(' && part.name !== ')' && part.name !== 'Comment');
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.name === ',') continue;
    if (part.name === '*' || part.name === '**') return undefined;
    if (part.name === 'VariableName' && parts[index + 1]?.name === 'AssignOp' && parts[index + 2]) {
      keywords.set(text.slice(part.from, part.to), parts[index + 2]);
      index += 2;
      continue;
    }
    positional.push(part);
  }
  return { positional, keywords };
}
