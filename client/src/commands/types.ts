/** What every command receives: the extension's parts, looked up lazily (the server may not run yet). */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConnectionServices } from '../connections/activeConnection';
import type { Logger } from '../log';
import type { DatabaseStates } from '../online/databaseStates';
import type { RunProgressRouter } from '../online/runProgress';
import type { AlembicRequests } from '../requests';
import type { SqlPreviewProvider } from '../sqlPreview';
import type { RevisionTreeProvider } from '../views/revisionTree';
import type { TreeNode } from '../views/treeModel';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  logger: Logger;
  tree: RevisionTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  previews: SqlPreviewProvider;
  /** Undefined until the language server runs (or in a workspace without Alembic). */
  requests(): AlembicRequests | undefined;
  client(): LanguageClient | undefined;
  /** Asks before anything that writes; replaceable by the end-to-end tests. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** An input box (passwords, a protected connection's name); replaceable by the end-to-end tests. */
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A quick pick (one item, or several with `canPickMany`); undefined when dismissed. Replaceable by the end-to-end tests. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: boolean }): Promise<readonly T[] | undefined>;
  /** Connections, passwords and confirmed hosts (their prompts go through `confirm` and `input`). */
  connections: ConnectionServices;
  databases: DatabaseStates;
  runProgress: RunProgressRouter;
}

export interface CommandDefinition {
  id: string;
  run(context: CommandContext, ...args: unknown[]): unknown;
}

/** Thrown for a condition the user should read (shown as a warning, not as an internal error). */
export class UserFacingError extends Error {}
