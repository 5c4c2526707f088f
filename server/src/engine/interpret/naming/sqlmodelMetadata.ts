/**
 * The naming convention of `SQLModel.metadata` (the official FastAPI template's
 * `target_metadata`). SQLModel builds that MetaData once, when sqlmodel is imported, with
 * SQLAlchemy's default convention; an application that wants another one changes it in place
 * (`SQLModel.metadata.naming_convention = {...}`) in a module that runs before Alembic reads it.
 * What runs before env.py's `context.configure()` is env.py and every module its imports load, so
 * those modules are followed through the workspace (statically: nothing is imported or run) and:
 *
 * - none of them changes a naming_convention: SQLAlchemy's default;
 * - exactly one does, as a top-level `SQLModel.metadata.naming_convention = <dict>`: that dict;
 * - anything else (a change inside a function, `.update()`, a MetaData swapped in, several
 *   changes, more modules than are followed): unknown, with the reason, so the operations that
 *   need the convention stay opaque rather than guess.
 *
 * Every module followed is recorded as a dependency: a change to any of them (an import added, a
 * convention set) reads the convention again.
 */
import * as nodePath from 'node:path';
import { LineIndex } from '../../../common/range';
import { bindingsOf, joinModule, readImport } from '../../../python/imports';
import { parsePython, type SyntaxNode } from '../../../python/parser';
import { isSitePackagesFile, readModuleFile, resolveQualifiedName } from '../../../project/pythonModules';
import { evaluate } from '../evaluate';
import type { InterpreterState } from '../state';
import { moduleScope } from '../workspaceModules';
import { conventionAssignments, conventionChanges, conventionSetTo, DEFAULT_TEMPLATES, type Convention } from './targetMetadata';

/** The names SQLModel's class is reached by (sqlmodel re-exports it from sqlmodel.main). */
const SQLMODEL_CLASS = /^sqlmodel(?:\.main)?\.SQLModel$/;
/** Modules followed from env.py at most; a larger import graph leaves the convention unknown. */
const MAX_MODULES = 400;
/** SQLModel's MetaData replaced by another one. */
const METADATA_SWAP = /\bSQLModel\s*\.\s*metadata\s*=(?!=)/;

export function isSqlmodelClass(qname: string): boolean {
  return SQLMODEL_CLASS.test(qname);
}

export function isSqlmodelMetadata(qname: string): boolean {
  return qname.endsWith('.metadata') && isSqlmodelClass(qname.slice(0, -'.metadata'.length));
}

/** The convention `SQLModel.metadata` has when env.py (at `envPy`) passes it to Alembic. */
export function sqlmodelConvention(envPy: string, state: InterpreterState): Convention {
  const loaded = modulesLoadedBy(envPy, state);
  if (typeof loaded === 'string') return { kind: 'unknown', reason: loaded };
  const changes: { file: string; count: number }[] = [];
  for (const [file, text] of loaded) {
    if (METADATA_SWAP.test(text)) return { kind: 'unknown', reason: `${nodePath.basename(file)} replaces SQLModel.metadata` };
    const count = conventionChanges(text);
    if (count > 0) changes.push({ file, count });
  }
  if (changes.length === 0) return { kind: 'known', templates: DEFAULT_TEMPLATES, source: "SQLModel.metadata (SQLAlchemy's default; no module env.py loads changes it)" };
  if (changes.length > 1 || changes[0].count > 1) {
    return { kind: 'unknown', reason: `the modules env.py loads change a naming_convention more than once (${changes.map((change) => nodePath.basename(change.file)).join(', ')})` };
  }
  return assignedAtTopLevel(changes[0].file, state);
}

/** `SQLModel.metadata.naming_convention = <dict>` as a top-level statement of `file`. */
function assignedAtTopLevel(file: string, state: InterpreterState): Convention {
  const unknown: Convention = { kind: 'unknown', reason: `${nodePath.basename(file)} changes a naming_convention in a way the engine does not follow` };
  const scope = moduleScope(file, state);
  const assignment = scope ? conventionAssignments(scope).find((candidate) => candidate.targetNode.name === 'MemberExpression' && /^.+\.metadata$/.test(candidate.target)) : undefined;
  if (!scope || !assignment) return unknown;
  // SQLModel.metadata.naming_convention: the object of the object is the class.
  const owner = evaluate(assignment.targetNode.firstChild!.firstChild!, scope.state, scope.frame);
  return owner.kind === 'symbol' && isSqlmodelClass(owner.qname) ? conventionSetTo(assignment.value, scope) : unknown;
}

/**
 * env.py and the workspace modules its imports load, transitively, with their texts (packages'
 * `__init__.py` included, as Python runs them first). An import anywhere in a module counts,
 * inside a function too: whether that function runs is not known. Third-party packages are not
 * followed. A reason instead when there are too many.
 */
function modulesLoadedBy(envPy: string, state: InterpreterState): Map<string, string> | string {
  const loaded = new Map<string, string>();
  const pending = [envPy];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (loaded.has(file)) continue;
    const module = readModuleFile(file);
    if (!module) continue;
    state.dependencies.set(file, module.hash);
    loaded.set(file, module.text);
    if (loaded.size > MAX_MODULES) return `env.py loads more than ${MAX_MODULES} workspace modules; the engine does not follow them all to SQLModel.metadata's naming convention`;
    if (!module.text.includes('import')) continue;
    for (const imported of importedFiles(file, module.text)) if (!loaded.has(imported)) pending.push(imported);
  }
  return loaded;
}

/** The workspace files the import statements of a module load. */
function importedFiles(file: string, text: string): Set<string> {
  const files = new Set<string>();
  const lines = new LineIndex(text);
  const add = (qname: string): void => {
    // Each package on the way runs its __init__.py: `a.b.c` loads a, a.b and a.b.c.
    const dots = /^\.*/.exec(qname)![0];
    const parts = qname.slice(dots.length).split('.').filter((part) => part.length > 0);
    for (let length = dots.length > 0 ? 0 : 1; length <= parts.length; length++) {
      const resolved = resolveQualifiedName(file, dots + parts.slice(0, length).join('.'));
      if (resolved && resolved.attributes.length === 0 && !isSitePackagesFile(resolved.file)) files.add(resolved.file);
    }
  };
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'ImportStatement') {
      const info = readImport(text, node, lines);
      if (!info) return;
      if (info.kind === 'import') for (const entry of info.names) add(entry.name);
      else {
        add(info.module);
        // `from pkg import name` loads pkg.name when it is a submodule.
        for (const binding of bindingsOf([info]).values()) if (binding.name !== undefined) add(joinModule(binding.module, binding.name));
        if (info.names.some((entry) => entry.name === '*')) add(info.module);
      }
      return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
  };
  visit(parsePython(text).topNode);
  return files;
}
