/**
 * Decides whether a workspace uses Alembic before the extension does anything noticeable.
 * One activation event is broad (any pyproject.toml), so this check is what keeps the extension
 * silent in other workspaces: a pyproject.toml counts only with a `tool.alembic` table. It looks at the folder roots first (a few stat
 * calls, the common case) and only then searches, with a small result bound. Local files are read
 * with Node's fs: `workspace.fs` goes through the workbench and costs a round trip per call.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { declaresToolAlembic } from './toolAlembic';

// Plain globs joined into one `{a,b}` group below (VS Code globs do not nest braces).
const SEARCH_EXCLUDE = ['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache'].map((folder) => `**/${folder}/**`);

export type Detection = { found: true; reason: string } | { found: false };

/** `exclude`: the `alembicLens.exclude` globs, added to the folders a search always skips. */
export async function detectAlembicWorkspace(exclude: readonly string[] = []): Promise<Detection> {
  const skip = `{${[...SEARCH_EXCLUDE, ...exclude].join(',')}}`;
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    if (await exists(vscode.Uri.joinPath(folder.uri, 'alembic.ini'))) return { found: true, reason: `${folder.name}/alembic.ini` };
    const pyproject = vscode.Uri.joinPath(folder.uri, 'pyproject.toml');
    if (await hasToolAlembic(pyproject)) return { found: true, reason: `${folder.name}/pyproject.toml [tool.alembic]` };
  }
  if (folders.length === 0) return detectFromOpenDocuments();
  const ini = await find('**/alembic.ini', skip, 1);
  if (ini.length > 0) return { found: true, reason: vscode.workspace.asRelativePath(ini[0]) };
  for (const pyproject of await find('**/pyproject.toml', skip, 20)) {
    if (await hasToolAlembic(pyproject)) return { found: true, reason: `${vscode.workspace.asRelativePath(pyproject)} [tool.alembic]` };
  }
  // An Alembic environment configured under another ini name still has the template Alembic generates.
  const mako = await find('**/script.py.mako', skip, 1);
  if (mako.length > 0) return { found: true, reason: vscode.workspace.asRelativePath(mako[0]) };
  return detectFromOpenDocuments();
}

/** A Python file opened on its own counts when it sits in a version location (`<env>/versions/x.py` next to `<env>/env.py`). */
async function detectFromOpenDocuments(): Promise<Detection> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme !== 'file' || document.languageId !== 'python') continue;
    if (await isInVersionLocation(document.uri)) return { found: true, reason: document.uri.fsPath };
  }
  return { found: false };
}

export async function isInVersionLocation(file: vscode.Uri): Promise<boolean> {
  const versions = vscode.Uri.joinPath(file, '..');
  return exists(vscode.Uri.joinPath(versions, '..', 'env.py'));
}

async function hasToolAlembic(uri: vscode.Uri): Promise<boolean> {
  try {
    const text = uri.scheme === 'file' ? await fs.readFile(uri.fsPath, 'utf8') : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return declaresToolAlembic(text);
  } catch {
    return false;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    if (uri.scheme === 'file') await fs.access(uri.fsPath);
    else await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A search that never throws (a bad user glob must not break activation). */
async function find(include: string, exclude: string, maxResults: number): Promise<vscode.Uri[]> {
  try {
    return await vscode.workspace.findFiles(include, exclude, maxResults);
  } catch {
    return [];
  }
}
