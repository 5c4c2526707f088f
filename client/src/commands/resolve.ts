/**
 * Turns the different shapes a command argument can take (a tree node, CodeLens arguments, a
 * revision id, nothing at all) into the revision or environment the command acts on.
 */
import * as vscode from 'vscode';
import type { EnvironmentNode, RevisionNode, TreeNode } from '../views/treeModel';
import { UserFacingError, type CommandContext } from './types';

function isNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'key' in value;
}

/** A revision from: a tree node, `{ revisionId, environmentId?, uri? }`, an id string, the active editor, or a quick pick. */
export async function resolveRevision(context: CommandContext, argument: unknown): Promise<RevisionNode | undefined> {
  if (isNode(argument) && argument.kind === 'revision') return argument;
  const roots = await context.tree.load();
  const all = roots.flatMap((root) => root.revisions);
  const wanted = typeof argument === 'string' ? { revisionId: argument } : (argument as { revisionId?: string; environmentId?: string; uri?: string } | undefined);
  if (wanted?.uri) {
    const byFile = context.tree.nodeForFile(vscode.Uri.parse(wanted.uri).fsPath);
    if (byFile) return byFile;
  }
  if (wanted?.revisionId) {
    const found = all.find((node) => node.revision.id === wanted.revisionId && (!wanted.environmentId || node.environment.id === wanted.environmentId));
    if (!found) throw new UserFacingError(`Revision ${wanted.revisionId} is not in the index.`);
    return found;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (argument === undefined && active?.scheme === 'file') {
    const fromEditor = context.tree.nodeForFile(active.fsPath);
    if (fromEditor) return fromEditor;
  }
  if (all.length === 0) throw new UserFacingError('No Alembic revisions are indexed.');
  const picked = await vscode.window.showQuickPick(
    all.map((node) => ({ label: node.revision.id, description: node.revision.message, detail: node.environment.name, node })),
    { placeHolder: 'Revision', matchOnDescription: true },
  );
  return picked?.node;
}

/** An environment with several heads, from a node, `{ environmentId }`, the active editor, or a quick pick. */
export async function resolveEnvironmentToMerge(context: CommandContext, argument: unknown): Promise<EnvironmentNode | undefined> {
  if (isNode(argument)) return argument.kind === 'environment' ? argument : argument.kind === 'revision' ? argument.parent : argument.parent;
  const roots = await context.tree.load();
  const environmentId = (argument as { environmentId?: string } | undefined)?.environmentId;
  if (environmentId) {
    const found = roots.find((root) => root.environment.id === environmentId);
    if (!found) throw new UserFacingError(`Environment ${environmentId} is not in the index.`);
    return found;
  }
  const candidates = roots.filter((root) => root.environment.heads.length > 1);
  if (candidates.length === 0) throw new UserFacingError('No Alembic environment has more than one head: there is nothing to merge.');
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && candidates.find((root) => root.revisions.some((child) => child.revision.file === active.fsPath));
  if (fromEditor || candidates.length === 1) return fromEditor || candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((root) => ({ label: root.environment.name, description: `${root.environment.heads.length} heads`, root })),
    { placeHolder: 'Environment to merge' },
  );
  return picked?.root;
}
