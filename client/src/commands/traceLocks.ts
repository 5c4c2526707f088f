/**
 * Alembic: Trace Locks (the "Trace locks" CodeLens on upgrade() and downgrade(), the command
 * palette and the tree's context menu): asks the server
 * to run the function on its embedded database (alembic/traceLocks) with a progress notification,
 * then says what it found. The per-line results come back from the server as hovers and inlay
 * hints, which stay until the file changes.
 */
import * as vscode from 'vscode';
import { TraceLocksRequestMethod, type PreviewSqlCommandArgs, type RunProgressParams, type TraceLocksParams, type TraceLocksResult } from '../../../server/src/protocol';
import { resolveRevision } from './resolve';
import { UserFacingError, type CommandContext, type CommandDefinition } from './types';

function isCodeLensArgs(value: unknown): value is PreviewSqlCommandArgs {
  const args = value as Partial<PreviewSqlCommandArgs> | undefined;
  return Boolean(args?.uri && args.revisionId && args.environmentId && (args.direction === 'upgrade' || args.direction === 'downgrade'));
}

/**
 * The lens says which function to trace; from the command palette or the tree, the revision comes
 * from the active editor, the tree node or a pick, and its upgrade() is traced.
 */
async function traceArguments(context: CommandContext, argument: unknown): Promise<PreviewSqlCommandArgs | undefined> {
  if (isCodeLensArgs(argument)) return argument;
  const node = await resolveRevision(context, argument);
  if (!node) return undefined;
  if (!node.revision.file) throw new UserFacingError(`Revision ${node.revision.id} has no file to trace.`);
  return { uri: vscode.Uri.file(node.revision.file).toString(), revisionId: node.revision.id, environmentId: node.environment.id, direction: 'upgrade' };
}

/** One line for the notification: how many lines, errors and contradicted predictions. */
export function traceSummary(result: TraceLocksResult): string {
  const errors = result.lines.filter((line) => line.error);
  const contradicted = result.lines.flatMap((line) => line.predictions).filter((check) => check.verdict === 'contradicted');
  const confirmed = result.lines.flatMap((line) => line.predictions).filter((check) => check.verdict === 'confirmed');
  const parts = [`${result.lines.length} line(s) traced`];
  if (errors.length > 0) parts.push(`error ${errors.map((line) => `${line.error!.code} at line ${line.line + 1}`).join(', ')}`);
  if (confirmed.length > 0) parts.push(`${confirmed.length} rule prediction(s) confirmed`);
  if (contradicted.length > 0) parts.push(`${contradicted.length} contradicted`);
  if (result.untraced.length > 0) parts.push(`${result.untraced.length} step(s) not traced`);
  parts.push(`${result.totalMs} ms`);
  return `Lock trace of ${result.revisionId} ${result.direction}(): ${parts.join(', ')}. Hover a line for details.`;
}

async function traceLocksCommand(context: CommandContext, argument: unknown): Promise<TraceLocksResult | undefined> {
  const args = await traceArguments(context, argument);
  if (!args) return undefined;
  const client = context.client();
  if (!client) throw new UserFacingError('The Alembic Lens language server is not running (no Alembic environment in this workspace?).');
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Alembic: tracing locks of ${args.revisionId} ${args.direction}()` },
    async (progress) => {
      const channel = context.runProgress.open((params: RunProgressParams) => progress.report({ message: params.message }));
      try {
        const params: TraceLocksParams = { environmentId: args.environmentId, revisionId: args.revisionId, uri: args.uri, direction: args.direction, runId: channel.runId };
        return await client.sendRequest<TraceLocksResult>(TraceLocksRequestMethod, params);
      } finally {
        channel.close();
      }
    },
  );
  if (!result.ok) {
    context.logger.warn(`Lock trace of ${args.revisionId} failed: ${result.message ?? ''} (${result.code ?? ''})`);
    void vscode.window.showWarningMessage(`Alembic: the lock trace could not run: ${result.message ?? 'unknown reason'} (${result.code ?? 'lock-trace-failed'})`);
    return result;
  }
  for (const line of result.lines) context.logger.info(`trace ${args.revisionId} line ${line.line + 1}: ${line.summary}`);
  const summary = traceSummary(result);
  if (result.lines.some((line) => line.error)) void vscode.window.showWarningMessage(summary);
  else void vscode.window.showInformationMessage(summary);
  return result;
}

export const traceLocks: CommandDefinition = {
  id: 'alembicLens.traceLocks',
  run: (context, argument) => traceLocksCommand(context, argument),
};
