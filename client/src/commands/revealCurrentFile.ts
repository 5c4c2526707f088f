/** Alembic: Reveal Current File in Revision Tree — selects the active migration's revision. */
import * as vscode from 'vscode';
import { UserFacingError, type CommandDefinition } from './types';

export const revealCurrentFile: CommandDefinition = {
  id: 'alembicLens.revealCurrentFile',
  async run(context, argument) {
    const uri = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') throw new UserFacingError('Open a migration file to reveal it in the revision tree.');
    await context.tree.load();
    const node = context.tree.nodeForFile(uri.fsPath);
    if (!node) throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} is not a revision of any Alembic environment.`);
    await context.treeView.reveal(node, { select: true, focus: true, expand: true });
    return node.revision.id;
  },
};
