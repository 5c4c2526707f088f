/**
 * Resolves constants that migration headers import from the project (`cli.EXPAND_BRANCH`,
 * `from .consts import X`): finds the module file in the workspace and reads the name's
 * module-level literal assignment (a string, or a tuple/list of strings). Never imports, never
 * guesses: anything else is unresolved. Module reads are cached per file and text.
 */
import * as nodePath from 'node:path';
import { readRegularTextFile } from '../common/readRegularFile';
import { childrenOf, parsePython, textOf, type SyntaxNode } from '../python/parser';
import { stringLiteralOf } from '../python/headerValue';
import type { ModuleReference } from '../python/headerTypes';

export type ResolvedConstant = { ok: true; values: string[]; file: string } | { ok: false; reason: string };

export class ConstantResolver {
  /** module file → (text, constants) so an unchanged module is parsed once. */
  private readonly modules = new Map<string, { text: string; constants: Map<string, string[] | null> }>();
  /** Every module file a reference resolved to (or looked for), for invalidation. */
  readonly filesUsed = new Set<string>();

  constructor(
    private readonly searchRoots: () => readonly string[],
    private readonly readText: (file: string) => string | undefined,
  ) {}

  resolve(reference: ModuleReference, fromFile: string): ResolvedConstant {
    const moduleFile = this.findModule(reference.module, fromFile);
    if (!moduleFile) return { ok: false, reason: `module '${reference.module}' was not found in the workspace` };
    const constants = this.constantsOf(moduleFile);
    if (!constants) return { ok: false, reason: `cannot read ${moduleFile}` };
    const values = constants.get(reference.name);
    if (values === undefined) return { ok: false, reason: `'${reference.name}' is not assigned at module level in ${moduleFile}` };
    if (values === null) return { ok: false, reason: `'${reference.name}' in ${moduleFile} is not a string literal` };
    return { ok: true, values, file: moduleFile };
  }

  /** Drops cached reads of a file (it changed). Returns true when a reference had used it. */
  invalidate(file: string): boolean {
    this.modules.delete(file);
    return this.filesUsed.has(file);
  }

  private findModule(module: string, fromFile: string): string | undefined {
    const dots = leadingDots(module);
    const parts = module.slice(dots).split('.').filter(Boolean);
    if (dots > 0) {
      let base = nodePath.dirname(fromFile);
      for (let i = 1; i < dots; i++) base = nodePath.dirname(base);
      return this.moduleFileIn(base, parts);
    }
    for (const root of this.candidateRoots(fromFile)) {
      const found = this.moduleFileIn(root, parts);
      if (found) return found;
    }
    return undefined;
  }

  /** The migration's folder and its parents up to the filesystem root, then the search roots. */
  private candidateRoots(fromFile: string): string[] {
    const roots: string[] = [];
    for (let dir = nodePath.dirname(fromFile); ; dir = nodePath.dirname(dir)) {
      roots.push(dir, nodePath.join(dir, 'src'));
      if (nodePath.dirname(dir) === dir) break;
    }
    return [...roots, ...this.searchRoots()];
  }

  private moduleFileIn(base: string, parts: string[]): string | undefined {
    if (parts.length === 0) return this.existing(nodePath.join(base, '__init__.py'));
    const stem = nodePath.join(base, ...parts);
    return this.existing(`${stem}.py`) ?? this.existing(nodePath.join(stem, '__init__.py'));
  }

  private existing(file: string): string | undefined {
    if (this.modules.has(file) || this.readText(file) !== undefined) {
      this.filesUsed.add(file);
      return file;
    }
    return undefined;
  }

  private constantsOf(file: string): Map<string, string[] | null> | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const cached = this.modules.get(file);
    if (cached && cached.text === text) return cached.constants;
    const constants = readModuleConstants(text);
    this.modules.set(file, { text, constants });
    return constants;
  }
}

function leadingDots(module: string): number {
  let count = 0;
  while (module[count] === '.') count++;
  return count;
}

/** Module-level `NAME = "x"` / `NAME = ("a", "b")`; other values are recorded as null (known, not literal). */
export function readModuleConstants(text: string): Map<string, string[] | null> {
  const constants = new Map<string, string[] | null>();
  for (const statement of childrenOf(parsePython(text).topNode)) {
    if (statement.name !== 'AssignStatement') continue;
    const parts = childrenOf(statement);
    const assign = parts.findIndex((part) => part.name === 'AssignOp');
    if (assign < 0) continue;
    const targets = parts.slice(0, assign).filter((part) => part.name === 'VariableName');
    const value = literalStrings(parts.slice(assign + 1), text);
    for (const target of targets) constants.set(textOf(text, target), value);
  }
  return constants;
}

function literalStrings(nodes: SyntaxNode[], text: string): string[] | null {
  const meaningful = nodes.filter((node) => node.name !== ',');
  if (meaningful.length !== 1) return null;
  const node = meaningful[0];
  const single = stringLiteralOf(node, text);
  if (single !== undefined) return [single];
  if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
    const items: string[] = [];
    for (const child of childrenOf(node)) {
      if (child.name === '(' || child.name === ')' || child.name === '[' || child.name === ']' || child.name === ',') continue;
      const value = stringLiteralOf(child, text);
      if (value === undefined) return null;
      items.push(value);
    }
    return items;
  }
  return null;
}

/** Reads a file as text, or undefined when it does not exist or cannot be read. */
export function readFileIfExists(file: string): string | undefined {
  try {
    return readRegularTextFile(file);
  } catch {
    return undefined;
  }
}
