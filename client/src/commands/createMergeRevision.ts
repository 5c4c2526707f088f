/**
 * Alembic: Create Merge Revision — asks first, then has the server compute the merge file
 * (down_revision = the heads) and creates it through a WorkspaceEdit, so it can be undone.
 */
import * as vscode from 'vscode';
import { resolveEnvironmentToMerge } from './resolve';
import { requireServer } from './wrap';
import { UserFacingError, type CommandDefinition } from './types';

export const createMergeRevision: CommandDefinition = {
  id: 'alembicLens.createMergeRevision',
  async run(context, argument) {
    const requests = requireServer(context);
    const environment = await resolveEnvironmentToMerge(context, argument);
    if (!environment) return undefined;
    const explicitHeads = (argument as { heads?: string[] } | undefined)?.heads;
    const heads = explicitHeads?.length ? explicitHeads : environment.environment.heads;
    if (heads.length < 2) throw new UserFacingError(`Environment "${environment.environment.name}" has a single head: there is nothing to merge.`);
    const confirmed = await context.confirm(
      `Create a merge revision for ${heads.length} heads?`,
      `Environment "${environment.environment.name}": a new migration file with down_revision = (${heads.join(', ')}).`,
      'Create Merge Revision',
    );
    if (!confirmed) return undefined;
    const result = await requests.createMergeRevision({ environmentId: environment.environment.id, heads, apply: false });
    const uri = vscode.Uri.file(result.file);
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(result.content) });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${result.file}`);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty) await document.save();
    await vscode.window.showTextDocument(document, { preview: false });
    context.logger.info(`Created merge revision ${result.revisionId} in ${result.file}`);
    context.tree.refresh();
    return { file: result.file, revisionId: result.revisionId };
  },
};
