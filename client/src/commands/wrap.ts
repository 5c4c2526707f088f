/**
 * The single error wrapper every command goes through: a failure is logged with its stack and
 * shown once, with a way to the output channel, instead of surfacing as an unhandled rejection.
 */
import * as vscode from 'vscode';
import { UserFacingError, type CommandContext, type CommandDefinition } from './types';

export function registerCommands(context: CommandContext, definitions: readonly CommandDefinition[]): vscode.Disposable[] {
  return definitions.map((definition) =>
    vscode.commands.registerCommand(definition.id, async (...args: unknown[]) => {
      try {
        return await definition.run(context, ...args);
      } catch (error) {
        if (error instanceof UserFacingError) {
          void vscode.window.showWarningMessage(error.message);
          return undefined;
        }
        context.logger.error(`Command ${definition.id} failed`, error);
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Alembic Lens: ${message}`, 'Show Output').then((choice) => {
          if (choice) context.logger.show();
        });
        return undefined;
      }
    }),
  );
}

/** The requests object, or a readable error when the server is not running. */
export function requireServer(context: CommandContext) {
  const requests = context.requests();
  if (!requests) throw new UserFacingError('The Alembic Lens language server is not running (no Alembic environment in this workspace?).');
  return requests;
}
