/**
 * Passwords in VS Code's SecretStorage, keyed by connection name and host (a connection pointed at
 * another host does not inherit the old host's password). Asked once, with a password input box;
 * an empty answer is remembered as "no password" (trust, ~/.pgpass or PGPASSWORD do the rest).
 */
import type * as vscode from 'vscode';

export interface PasswordPrompt {
  (options: vscode.InputBoxOptions): Promise<string | undefined>;
}

function keyOf(name: string, host: string): string {
  return `alembicLens.password:${name}@${host}`;
}

export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(name: string, host: string): Promise<{ password: string } | undefined> {
    const stored = await this.secrets.get(keyOf(name, host));
    if (stored === undefined) return undefined;
    try {
      const value = JSON.parse(stored) as { password?: unknown };
      return typeof value.password === 'string' ? { password: value.password } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The stored password, or asks for it (undefined: the user cancelled). */
  async getOrAsk(name: string, host: string, display: string, ask: PasswordPrompt): Promise<{ password: string } | undefined> {
    const known = await this.get(name, host);
    if (known) return known;
    const typed = await ask({
      title: `Password for connection "${name}"`,
      prompt: `${display} — kept in VS Code's secret storage. Leave empty for none (trust, ~/.pgpass, PGPASSWORD).`,
      password: true,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return undefined;
    await this.secrets.store(keyOf(name, host), JSON.stringify({ password: typed }));
    return { password: typed };
  }

  forget(name: string, host: string): Thenable<void> {
    return this.secrets.delete(keyOf(name, host));
  }
}
