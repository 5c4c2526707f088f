/** Alembic: Copy Revision Id — of a tree item, or of the migration in the active editor. */
import * as vscode from 'vscode';
import { resolveRevision } from './resolve';
import type { CommandDefinition } from './types';

export const copyRevisionId: CommandDefinition = {
  id: 'alembicLens.copyRevisionId',
  async run(context, argument) {
    const node = await resolveRevision(context, argument);
    if (!node) return undefined;
    await vscode.env.clipboard.writeText(node.revision.id);
    vscode.window.setStatusBarMessage(`Copied ${node.revision.id}`, 2000);
    return node.revision.id;
  },
};
