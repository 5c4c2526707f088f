/** Alembic: Open Revision File — opens a revision's file at its `revision = ...` line. */
import * as vscode from 'vscode';
import { resolveRevision } from './resolve';
import { UserFacingError, type CommandDefinition } from './types';

export const openRevision: CommandDefinition = {
  id: 'alembicLens.openRevision',
  async run(context, argument) {
    const node = await resolveRevision(context, argument);
    if (!node) return undefined;
    const { file, line, id } = node.revision;
    if (!file) throw new UserFacingError(`Revision ${id} has no file.`);
    const position = new vscode.Position(line, 0);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), {
      selection: new vscode.Range(position, position),
      preview: true,
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return file;
  },
};
