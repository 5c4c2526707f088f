/**
 * Alembic: Create Merge Revision — asks first, then has the server compute the merge file
 * (down_revision = the heads) and creates it through a WorkspaceEdit, so it can be undone.
 */
import * as vscode from 'vscode';
import type { CreateMergeCommandArgs } from '../../../server/src/protocol';
import { resolveEnvironmentToMerge } from './resolve';
import { requireServer } from './wrap';
import { UserFacingError, type CommandContext, type CommandDefinition } from './types';

interface MergeTarget {
  environmentId: string;
  name: string;
  heads: string[];
}

function isCommandArgs(value: unknown): value is CreateMergeCommandArgs {
  const args = value as CreateMergeCommandArgs | undefined;
  return typeof args?.environmentId === 'string' && Array.isArray(args.heads) && args.heads.length > 1;
}

/** CodeLens / quick-fix arguments name everything already; otherwise the tree (or a pick) decides. */
async function mergeTarget(context: CommandContext, argument: unknown): Promise<MergeTarget | undefined> {
  if (isCommandArgs(argument)) {
    const known = context.tree.environmentNodes().find((root) => root.environment.id === argument.environmentId);
    return { environmentId: argument.environmentId, name: known?.environment.name ?? argument.environmentId, heads: argument.heads };
  }
  const environment = await resolveEnvironmentToMerge(context, argument);
  if (!environment) return undefined;
  return { environmentId: environment.environment.id, name: environment.environment.name, heads: environment.environment.heads };
}

export const createMergeRevision: CommandDefinition = {
  id: 'alembicLens.createMergeRevision',
  async run(context, argument) {
    const requests = requireServer(context);
    const target = await mergeTarget(context, argument);
    if (!target) return undefined;
    if (target.heads.length < 2) throw new UserFacingError(`Environment "${target.name}" has a single head: there is nothing to merge.`);
    const confirmed = await context.confirm(
      `Create a merge revision for ${target.heads.length} heads?`,
      `Environment "${target.name}": a new migration file with down_revision = (${target.heads.join(', ')}).`,
      'Create Merge Revision',
    );
    if (!confirmed) return undefined;
    const result = await requests.createMergeRevision({ environmentId: target.environmentId, heads: target.heads, apply: false });
    if (result === null) {
      // The server refuses when the merge cannot be planned or the environment's script.py.mako cannot
      // be rendered; it logs the reason, and a half-written file would be worse than none.
      throw new UserFacingError(`Alembic Lens could not create the merge revision for ${target.name}: the output channel "Alembic Lens" says why.`);
    }
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
