/**
 * Module-level imports, read from the syntax tree. They let the header reader tell a constant
 * imported from the project (`cli.EXPAND_BRANCH`) from an arbitrary expression.
 */
import type { LineIndex } from '../common/range';
import { childrenOf, textOf, type SyntaxNode } from './parser';
import type { ImportInfo } from './headerTypes';

/** What a local name is bound to by an import. */
export interface ImportBinding {
  /** `module`: the name is a module (`import a.b as m`, or possibly `from a import b`). */
  kind: 'module' | 'name';
  /** Module path; for `kind: 'name'` the module that defines `name`. */
  module: string;
  name?: string;
}

/** Reads one ImportStatement node. Returns undefined for shapes it does not understand. */
export function readImport(source: string, node: SyntaxNode, lines: LineIndex): ImportInfo | undefined {
  const parts = childrenOf(node);
  if (parts.length === 0) return undefined;
  const range = lines.rangeOf(node.from, node.to);
  if (parts[0].name === 'from') {
    let module = '';
    let index = 1;
    for (; index < parts.length && parts[index].name !== 'import'; index++) {
      const part = parts[index];
      // `...` may arrive as one token (Ellipsis); its text still holds every dot.
      module += textOf(source, part);
    }
    const names = readNameList(source, parts.slice(index + 1), lines);
    return { kind: 'from', module, names, range };
  }
  // `import a.b.c as m, z`: one ImportInfo per statement, each dotted path as a name entry.
  const names: ImportInfo['names'] = [];
  let current = '';
  let currentFrom = -1;
  let currentTo = -1;
  let pendingAlias = false;
  const flush = (): void => {
    if (current) names.push({ name: current, range: lines.rangeOf(currentFrom, currentTo) });
    current = '';
    currentFrom = -1;
  };
  for (const part of parts.slice(1)) {
    if (part.name === 'VariableName') {
      if (pendingAlias && names.length > 0) {
        names[names.length - 1].alias = textOf(source, part);
        pendingAlias = false;
        continue;
      }
      if (currentFrom < 0) currentFrom = part.from;
      current += textOf(source, part);
      currentTo = part.to;
    } else if (part.name === '.') {
      current += '.';
    } else if (part.name === 'as') {
      flush();
      pendingAlias = true;
    } else if (part.name === ',') {
      flush();
    }
  }
  flush();
  const module = names.length === 1 ? names[0].name : '';
  return { kind: 'import', module, names, range };
}

function readNameList(source: string, parts: SyntaxNode[], lines: LineIndex): ImportInfo['names'] {
  const names: ImportInfo['names'] = [];
  let expectAlias = false;
  for (const part of parts) {
    if (part.name === 'VariableName') {
      if (expectAlias && names.length > 0) {
        names[names.length - 1].alias = textOf(source, part);
        expectAlias = false;
      } else {
        names.push({ name: textOf(source, part), range: lines.rangeOf(part.from, part.to) });
      }
    } else if (part.name === 'as') {
      expectAlias = true;
    } else if (part.name === '*') {
      names.push({ name: '*', range: lines.rangeOf(part.from, part.to) });
    }
  }
  return names;
}

/** Local name → what it refers to, for every import read so far (later imports win). */
export function bindingsOf(imports: readonly ImportInfo[]): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const info of imports) {
    for (const entry of info.names) {
      if (info.kind === 'import') {
        // `import a.b.c` binds `a` (to module a); `import a.b.c as m` binds `m` to a.b.c.
        if (entry.alias) bindings.set(entry.alias, { kind: 'module', module: entry.name });
        else {
          const head = entry.name.split('.')[0];
          bindings.set(head, { kind: 'module', module: head });
        }
      } else if (entry.name !== '*') {
        bindings.set(entry.alias ?? entry.name, { kind: 'name', module: info.module, name: entry.name });
      }
    }
  }
  return bindings;
}

/** Joins a (possibly relative) module path with a submodule name: `.`+`consts` → `.consts`. */
export function joinModule(module: string, child: string): string {
  if (module === '') return child;
  return module.endsWith('.') ? module + child : `${module}.${child}`;
}
