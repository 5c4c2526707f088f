/** The current `alembicLens.*` settings, re-read when the configuration changes. */
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION, type AlembicLensSettings } from './settings';

export class SettingsStore implements vscode.Disposable {
  current: AlembicLensSettings = SettingsStore.read();
  private readonly emitter = new vscode.EventEmitter<AlembicLensSettings>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
    this.current = SettingsStore.read();
    this.emitter.fire(this.current);
  });

  private static read(): AlembicLensSettings {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    return readSettings((key) => configuration.get(key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
