/**
 * Alembic: Select Connection — picks the connection the database actions use (or the embedded
 * database) and stores the name in `alembicLens.activeConnection` (workspace settings when a
 * folder is open). An argument (a name, '' for embedded) skips the pick, for tests and keybindings.
 */
import * as vscode from 'vscode';
import { configuredConnections, EMBEDDED_NAME, requireTrust } from '../connections/activeConnection';
import { describeUrl } from '../connections/urlParts';
import { SETTINGS_SECTION } from '../settings';
import { UserFacingError, type CommandDefinition } from './types';

/** The pick's last item: opens the settings at `alembicLens.connections`. */
export const ADD_CONNECTION = 'Add a Connection...';

/** A connection to choose (`name`, '' for embedded), or the separator and "Add a Connection" (no name). */
interface ConnectionItem extends vscode.QuickPickItem {
  name?: string;
}

export const selectConnection: CommandDefinition = {
  id: 'alembicLens.selectConnection',
  async run(context, argument) {
    requireTrust();
    const { connections, problems } = configuredConnections();
    for (const problem of problems) context.logger.warn(problem);
    let chosen: string | undefined;
    if (typeof argument === 'string') {
      if (argument !== '' && !connections.some((connection) => connection.name === argument)) throw new UserFacingError(`No connection named "${argument}" in alembicLens.connections.`);
      chosen = argument;
    } else {
      const items: ConnectionItem[] = [
        { label: `$(database) ${EMBEDDED_NAME}`, description: 'embedded PostgreSQL (PGlite) per environment, no setup', name: '' },
        ...connections.map((connection) => ({
          label: `$(database) ${connection.name}`,
          description: connection.url ? describeUrl(connection.url) : `URL from $${connection.urlEnv}`,
          detail: [connection.protected ? 'protected' : '', connection.fromWorkspace ? 'defined by the workspace settings' : ''].filter(Boolean).join(' · ') || undefined,
          name: connection.name,
        })),
        // Without it the pick of a fresh workspace holds "embedded" alone, with no hint of where
        // connections come from.
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: `$(add) ${ADD_CONNECTION}`, description: `${SETTINGS_SECTION}.connections in the settings` },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: 'Alembic: Select Connection', placeHolder: 'Database for Upgrade to here, Downgrade, Stamp and the tree markers' });
      if (!picked) return undefined;
      if (picked.name === undefined) {
        await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.connections`);
        return undefined;
      }
      chosen = picked.name;
    }
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('activeConnection', chosen, target);
    context.databases.clear();
    context.logger.info(`Active connection: ${chosen || EMBEDDED_NAME}`);
    return chosen;
  },
};
