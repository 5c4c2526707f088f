/**
 * Hosts the user agreed to connect to for connections that the workspace's own settings define
 * (a cloned repository must not be able to point the editor, and a password, at a host of its
 * choosing). Remembered in globalState, per host and port.
 */
import type * as vscode from 'vscode';

const KEY = 'alembicLens.confirmedHosts';

export class HostConfirmations {
  constructor(private readonly state: vscode.Memento) {}

  isConfirmed(host: string): boolean {
    return this.state.get<string[]>(KEY, []).includes(host);
  }

  async remember(host: string): Promise<void> {
    const hosts = this.state.get<string[]>(KEY, []);
    if (!hosts.includes(host)) await this.state.update(KEY, [...hosts, host]);
  }
}
