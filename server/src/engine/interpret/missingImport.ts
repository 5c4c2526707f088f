/**
 * `from app.schema import OLD_NAME` at the top of a migration, where the project's own module
 * `app/schema.py` no longer defines OLD_NAME (kekoa-santana/mlb_pitching_ETL renamed a constant the
 * initial migration imports): Python raises ImportError when Alembic loads the file, and every
 * Alembic command over the folder fails, `heads` included. Said only when certain: the module is a
 * workspace file (not an installed package), the name appears nowhere in its text, the module has
 * nothing that defines names out of sight (`import *`, `__getattr__`, `globals()`, `setattr`,
 * `exec`, `sys.modules`), and no submodule of a package bears it.
 */
import * as nodePath from 'node:path';
import type { SyntaxNode } from '../../python/parser';
import { readImport } from '../../python/imports';
import { isSitePackagesFile, readModuleFile, repositoryRootOf, resolveQualifiedName } from '../../project/pythonModules';
import { isDirectory } from '../../project/pathOptions';
import type { InterpreterState } from './state';

/** What may give a module names its text does not spell. */
const HIDDEN_DEFINITIONS = /\bimport\s+\*|__getattr__|\bglobals\s*\(|\bvars\s*\(|\bsetattr\s*\(|\bexec\s*\(|\beval\s*\(|sys\.modules|__dict__|__builtins__/;

export interface MissingImport {
  name: string;
  module: string;
  /** The module's file, as shown to the user: relative to the repository, or else to the migration's folder. */
  shownFile: string;
}

export function missingImportedName(statement: SyntaxNode, state: InterpreterState): MissingImport | undefined {
  const info = readImport(state.source, statement, state.lines);
  if (!info || info.kind !== 'from' || info.module.startsWith('.')) return undefined;
  for (const entry of info.names) {
    if (entry.name === '*') continue;
    // Resolved without noting absent files: a module not found in the workspace is not judged here.
    const resolved = resolveQualifiedName(state.file, `${info.module}.${entry.name}`);
    if (!resolved || resolved.attributes.length !== 1 || isSitePackagesFile(resolved.file)) continue;
    const module = readModuleFile(resolved.file);
    if (!module) continue;
    state.dependencies.set(resolved.file, module.hash);
    if (mayDefine(module.text, entry.name)) continue;
    // `from package import sub` of a folder without __init__.py (a namespace package).
    if (nodePath.basename(resolved.file) === '__init__.py' && isDirectory(nodePath.join(nodePath.dirname(resolved.file), entry.name))) continue;
    const root = repositoryRootOf(state.file);
    const shownFile = nodePath.relative(root ?? nodePath.dirname(state.file), resolved.file);
    return { name: entry.name, module: info.module, shownFile };
  }
  return undefined;
}

function mayDefine(text: string, name: string): boolean {
  if (HIDDEN_DEFINITIONS.test(text)) return true;
  return new RegExp(`(?<![\\w\\u0080-\\uffff])${name.replace(/[$]/g, '\\$&')}(?![\\w\\u0080-\\uffff])`, 'u').test(text);
}
