/** Facts about test/fixtures/e2e-workspace that the tests assert against. */
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'alembic-lens.alembic-lens';
export const BASE = '1a2b3c4d5e6f';
export const BRANCHPOINT = '2b3c4d5e6f7a';
export const HEAD_ORDERS = '3c4d5e6f7a8b';
export const HEAD_BACKFILL = '4d5e6f7a8b9c';

const FILES: Record<string, string> = {
  [BASE]: '1a2b3c4d5e6f_create_accounts.py',
  [BRANCHPOINT]: '2b3c4d5e6f7a_add_email.py',
  [HEAD_ORDERS]: '3c4d5e6f7a8b_create_orders.py',
  [HEAD_BACKFILL]: '4d5e6f7a8b9c_backfill_names.py',
};

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the fixture workspace is not open');
  return folder.uri.fsPath;
}

export function versionsDir(): string {
  return path.join(workspaceRoot(), 'migrations', 'versions');
}

export function fileOf(revision: string): vscode.Uri {
  return vscode.Uri.file(path.join(versionsDir(), FILES[revision]));
}

/** Position of the first occurrence of `needle` on the line that starts with `linePrefix`, plus `offset` characters. */
export function positionOf(document: vscode.TextDocument, linePrefix: string, needle: string, offset = 2): vscode.Position {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (text.startsWith(linePrefix) && text.includes(needle)) return new vscode.Position(line, text.indexOf(needle) + offset);
  }
  throw new Error(`no line starting with ${linePrefix} containing ${needle} in ${document.uri.fsPath}`);
}
