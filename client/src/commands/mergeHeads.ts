/**
 * Alembic: Merge Heads... : which heads (all of them preselected; asked when there are more than
 * two), the message, and the server writes the file `alembic merge -m MESSAGE HEADS` writes,
 * rendered from the environment's script.py.mako (by the real Alembic in the configured
 * interpreter when the renderer refuses the template or env.py must run).
 */
import * as vscode from 'vscode';
import { pythonInterpreter } from './pythonInterpreter';
import type { CommandDefinition } from './types';
import { askHeadsToMerge, askMessage, createAndOpen, environmentToAuthor } from './revisionAuthoring';

export const mergeHeads: CommandDefinition = {
  id: 'alembicLens.mergeHeads',
  async run(context, argument) {
    const environment = await environmentToAuthor(context, argument);
    if (!environment) return undefined;
    const heads = await askHeadsToMerge(context, environment.environment);
    if (!heads) return undefined;
    const message = await askMessage(context, `Merge ${heads.length} heads: message`, 'merge heads');
    if (message === undefined) return undefined;
    // As for New Revision: with an interpreter (trusted workspaces only), a template the renderer
    // refuses, or revision_environment = true, is handed to the real `alembic merge`.
    const interpreter = vscode.workspace.isTrusted ? await pythonInterpreter(vscode.Uri.file(environment.environment.configFile)) : undefined;
    return createAndOpen(context, { environmentId: environment.environment.id, message, heads, python: interpreter?.path }, 'The merge revision');
  },
};
