/**
 * The status bar item of the active connection and the current revision of the active editor's
 * environment in that database (`$(database) dev: 1a2b3c4d`). Clicking it picks another
 * connection. Hidden in untrusted workspaces, where nothing connects.
 */
import * as vscode from 'vscode';
import type { DatabaseState } from '../../../server/src/protocol';
import { shortId } from './statusBar';

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('alembicLens.connection', vscode.StatusBarAlignment.Left, 49);
  /** What the item shows now (read by the end-to-end tests). */
  text = '';

  constructor() {
    this.item.name = 'Alembic Lens: database';
    this.item.command = { command: 'alembicLens.selectConnection', title: 'Select Connection' };
  }

  render(connection: string, state: DatabaseState | undefined, enabled: boolean): void {
    if (!enabled || !vscode.workspace.isTrusted) {
      this.text = '';
      this.item.hide();
      return;
    }
    const revision = !state ? '' : !state.ok ? ': $(warning) unknown' : state.current.length === 0 ? ': base' : `: ${state.current.map(shortId).join(', ')}`;
    this.text = `$(database) ${connection}${revision}`;
    this.item.text = this.text;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**Alembic** connection \`${connection}\`${state?.display ? ` (${state.display})` : ''}`,
        '',
        !state ? 'Not read yet: run **Alembic: Refresh Database State**' : state.ok ? `Current: ${state.current.map((id) => `\`${id}\``).join(', ') || 'none (base)'}` : `Could not read: ${state.message ?? 'unknown'}`,
        '',
        'Click to select another connection',
      ].join('\n'),
    );
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
