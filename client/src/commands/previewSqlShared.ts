/** Opens the read-only SQL preview of a revision in one direction (shared by both preview commands). */
import * as vscode from 'vscode';
import type { MigrationDirection, PreviewSqlCommandArgs } from '../../../server/src/protocol';
import { previewUri, type PreviewTarget } from '../sqlPreview';
import { resolveRevision } from './resolve';
import { requireServer, } from './wrap';
import type { CommandContext } from './types';

function isCodeLensArgs(value: unknown): value is PreviewSqlCommandArgs {
  return typeof value === 'object' && value !== null && 'direction' in value && 'revisionId' in value;
}

export async function openSqlPreview(context: CommandContext, argument: unknown, direction: MigrationDirection): Promise<string | undefined> {
  requireServer(context);
  let target: PreviewTarget;
  if (isCodeLensArgs(argument)) {
    // CodeLens arguments say which direction they mean; the command id only picks the default.
    target = { uri: argument.uri, revisionId: argument.revisionId, environmentId: argument.environmentId, direction: argument.direction ?? direction };
  } else {
    const node = await resolveRevision(context, argument);
    if (!node) return undefined;
    target = {
      uri: node.revision.file ? vscode.Uri.file(node.revision.file).toString() : undefined,
      revisionId: node.revision.id,
      environmentId: node.environment.id,
      direction,
    };
  }
  const uri = previewUri(target);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'sql');
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return uri.toString();
}
