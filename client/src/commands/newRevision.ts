/**
 * Alembic: New Revision... : the message, then (with several heads) which head to build on, and
 * the server writes the file `alembic revision -m MESSAGE --head HEAD` writes. From a branch node
 * the branch's head is used; from a revision that is not a head, a branch is spliced from it.
 */
import * as vscode from 'vscode';
import type { CommandDefinition } from './types';
import { pythonInterpreter } from './pythonInterpreter';
import { askHead, askMessage, createAndOpen, environmentToAuthor } from './revisionAuthoring';
import type { TreeNode } from '../views/treeModel';

/** The head a tree node implies, when it implies one. */
function headFromNode(argument: unknown): { head: string; splice: boolean } | undefined {
  const node = argument as TreeNode | undefined;
  if (node?.kind === 'branch' && node.group.heads.length === 1) return { head: node.group.heads[0], splice: false };
  if (node?.kind === 'revision') return { head: node.revision.id, splice: !node.revision.markers.head };
  return undefined;
}

export const newRevision: CommandDefinition = {
  id: 'alembicLens.newRevision',
  async run(context, argument) {
    const environment = await environmentToAuthor(context, argument);
    if (!environment) return undefined;
    const message = await askMessage(context, `New revision in "${environment.environment.name}": message`);
    if (message === undefined) return undefined;
    const fromNode = headFromNode(argument);
    const head = fromNode?.head ?? (await askHead(context, environment.environment));
    if (head === undefined) return undefined;
    // A template beyond the built-in renderer is rendered by Alembic in the user's interpreter (trusted workspaces only).
    const interpreter = vscode.workspace.isTrusted ? await pythonInterpreter(vscode.Uri.file(environment.environment.configFile)) : undefined;
    return createAndOpen(context, { environmentId: environment.environment.id, message, heads: [head], splice: fromNode?.splice, python: interpreter?.path }, 'The revision');
  },
};
