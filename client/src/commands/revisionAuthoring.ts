/**
 * What New Revision, Merge Heads and Autogenerate Revision share: which environment (a tree node,
 * the active editor's, or a pick when there are several), the message box, which head to build
 * on, and what happens with the server's answer (open the file with the cursor in `upgrade()`,
 * or say why nothing was written).
 */
import * as vscode from 'vscode';
import type { CreateRevisionParams, CreateRevisionResult, TreeEnvironment, TreeRevision } from '../../../server/src/protocol';
import { shortId } from '../views/headsSummary';
import type { EnvironmentNode, TreeNode } from '../views/treeModel';
import { requireServer } from './wrap';
import { UserFacingError, type CommandContext } from './types';

function isNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'key' in value;
}

/** The environment from a tree node, `{ environmentId }`, the active editor, or a pick (when there are several). */
export async function environmentToAuthor(context: CommandContext, argument: unknown): Promise<EnvironmentNode | undefined> {
  if (isNode(argument)) {
    if (argument.kind === 'environment') return argument;
    if (argument.kind === 'branch' || argument.kind === 'revision') return argument.parent;
  }
  const roots = await context.tree.load();
  if (roots.length === 0) throw new UserFacingError('No Alembic environment is indexed in this workspace.');
  const environmentId = (argument as { environmentId?: string } | undefined)?.environmentId;
  if (environmentId) {
    const found = roots.find((root) => root.environment.id === environmentId);
    if (!found) throw new UserFacingError(`Environment ${environmentId} is not in the index.`);
    return found;
  }
  if (roots.length === 1) return roots[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active?.scheme === 'file' ? roots.find((root) => root.revisions.some((node) => node.revision.file === active.fsPath) || active.fsPath.startsWith(root.environment.scriptLocation)) : undefined;
  const picked = await context.pick(
    roots.map((root) => ({ label: root.environment.name, description: vscode.workspace.asRelativePath(root.environment.configFile), picked: root === fromEditor, root })),
    { placeHolder: 'Which Alembic environment?' },
  );
  return picked?.[0].root;
}

/** Mirrors the server's slug rule closely enough to say so while typing; the server decides. */
export function messageProblem(message: string): string | undefined {
  if (message.trim() === '') return 'A message is needed: it becomes the docstring and the file name.';
  if (!/\w/u.test(message)) return 'The message gives an empty file name (it needs a letter, digit or underscore).';
  return undefined;
}

export async function askMessage(context: CommandContext, prompt: string, value = ''): Promise<string | undefined> {
  return context.input({ prompt, placeHolder: 'add orders table', value, validateInput: messageProblem, ignoreFocusOut: true });
}

function headItem(environment: TreeEnvironment, id: string) {
  const revision: TreeRevision | undefined = environment.revisions.find((candidate) => candidate.id === id);
  const labels = revision ? revision.branches : [];
  return {
    label: labels.length ? labels.join(', ') : shortId(id),
    description: labels.length ? `head ${id}` : 'head (no branch label)',
    detail: revision?.message || undefined,
    id,
  };
}

/** Which head to build on: asked only when there are several (a labelled one shows its label). */
export async function askHead(context: CommandContext, environment: TreeEnvironment): Promise<string | undefined> {
  if (environment.heads.length <= 1) return environment.heads[0] ?? 'base';
  const picked = await context.pick(
    environment.heads.map((id) => headItem(environment, id)),
    { placeHolder: `${environment.heads.length} heads: which one does the new revision build on?` },
  );
  return picked?.[0].id;
}

/** Heads to merge (all preselected); at least two. */
export async function askHeadsToMerge(context: CommandContext, environment: TreeEnvironment): Promise<string[] | undefined> {
  if (environment.heads.length < 2) throw new UserFacingError(`Environment "${environment.name}" has a single head: there is nothing to merge.`);
  if (environment.heads.length === 2) return [...environment.heads];
  const picked = await context.pick(
    environment.heads.map((id) => ({ ...headItem(environment, id), picked: true })),
    { placeHolder: 'Heads to merge', canPickMany: true },
  );
  if (!picked) return undefined;
  if (picked.length < 2) throw new UserFacingError('Pick at least two heads to merge.');
  return picked.map((item) => item.id);
}

/** Sends the request, then opens the new file with the cursor on the first statement of upgrade(). */
export async function createAndOpen(context: CommandContext, params: CreateRevisionParams, what: string): Promise<{ file: string; revisionId: string } | undefined> {
  const requests = requireServer(context);
  const result: CreateRevisionResult = await requests.createRevision(params);
  for (const line of result.log) context.logger.info(line);
  if (!result.ok) {
    const refusal = `${what} was not created: ${result.message} (${result.code})`;
    context.logger.warn(refusal);
    throw new UserFacingError(refusal);
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(result.file));
  const position = new vscode.Position(result.cursor.line, result.cursor.character);
  await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(position, position) });
  context.logger.info(`Created ${result.revisionId} in ${result.file}`);
  context.tree.refresh();
  return { file: result.file, revisionId: result.revisionId };
}
