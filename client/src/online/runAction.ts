/**
 * One database action on a revision (Upgrade to here, Downgrade to parent, Stamp, Dry run): find
 * the revision and the active connection, plan against the database, ask where a question is due,
 * run with a cancellable progress notification, write the report to the output channel, show the
 * outcome, open the failing migration at its line, and refresh the tree's markers.
 */
import * as vscode from 'vscode';
import type { RunParams, RunResult } from '../../../server/src/protocol';
import { pythonInterpreter } from '../commands/pythonInterpreter';
import { resolveRevision } from '../commands/resolve';
import { requireServer } from '../commands/wrap';
import { UserFacingError, type CommandContext } from '../commands/types';
import { requireTrust, resolveActiveConnection } from '../connections/activeConnection';
import { actionTarget } from './actionTarget';
import { confirmRun, needsConfirmation, type OnlineAction } from './confirmRun';
import { forgetRefusedPassword } from './refreshStates';

export async function runOnlineAction(context: CommandContext, action: OnlineAction, argument: unknown): Promise<RunResult | undefined> {
  requireTrust();
  const requests = requireServer(context);
  const node = await resolveRevision(context, argument);
  if (!node) return undefined;
  const environment = node.environment;
  // A run executes the migrations on disk: unsaved edits would silently not be what runs.
  const unsaved = vscode.workspace.textDocuments.filter((document) => document.isDirty && environment.revisions.some((revision) => revision.file === document.uri.fsPath));
  if (unsaved.length > 0) {
    throw new UserFacingError(`Save ${unsaved.map((document) => vscode.workspace.asRelativePath(document.uri)).join(', ')} first: a run executes the migrations as they are on disk.`);
  }
  const resolved = await resolveActiveConnection(context.connections, environment, true);
  if (!resolved) return undefined;
  const { command, target, dryRun } = actionTarget(action, node.revision);
  const params: RunParams = { environmentId: environment.id, connection: resolved.target, command, target, dryRun };
  // Steps the engine cannot run statically are handed to the real Alembic in this interpreter
  // (alembicLens.python, else the Python extension's selection); runs need a trusted workspace.
  const interpreter = await pythonInterpreter(vscode.Uri.file(environment.configFile));
  if (interpreter) params.python = interpreter.path;

  const plan = await requests.run({ ...params, planOnly: true });
  if (!plan.ok) {
    await forgetRefusedPassword(context, resolved, plan.summary);
    report(context, plan);
    return plan;
  }
  if (plan.steps.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to do: ${resolved.label} is already at ${plan.rowsBefore.join(', ') || 'base'}.`);
    if (plan.state) context.databases.set(plan.state);
    return plan;
  }
  if (needsConfirmation(action, resolved) && !(await confirmRun(context, action, target, resolved, plan.steps))) return undefined;

  const title = `${dryRun ? 'Dry run: ' : ''}${command} ${target} on ${resolved.label}`;
  context.logger.info(`${title}: ${plan.steps.length} step(s)`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const total = plan.steps.length;
    const subscription = context.runProgress.open((update) => {
      if (update.step) progress.report({ message: `${update.step.index + 1}/${update.step.total}: ${update.message}`, increment: 100 / Math.max(total, update.step.total) });
      context.logger.debug(update.message);
    });
    try {
      return await requests.run({ ...params, runId: subscription.runId }, token);
    } finally {
      subscription.close();
    }
  });
  await forgetRefusedPassword(context, resolved, result.summary);
  if (result.state) context.databases.set(result.state);
  report(context, result);
  if (result.failure?.file && result.failure.line !== undefined) await openAt(result.failure.file, result.failure.line);
  return result;
}

/** Output channel: every line; a notification: the summary (an error with a way to the output). */
function report(context: CommandContext, result: RunResult): void {
  for (const line of result.details) context.logger.info(line);
  context.logger.info(result.summary);
  if (result.ok) {
    void vscode.window.showInformationMessage(result.summary);
  } else {
    void vscode.window.showErrorMessage(`${result.summary}${result.code ? ` [${result.code}]` : ''}`, 'Show Output').then((choice) => choice && context.logger.show());
  }
}

async function openAt(file: string, line: number): Promise<void> {
  const position = new vscode.Position(line, 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: false });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
}
