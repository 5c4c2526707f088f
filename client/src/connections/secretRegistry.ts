/**
 * The passwords this extension host has handled. Every line the extension writes to its output
 * channel (its own log, the server's log, the protocol trace, which would otherwise print the
 * `alembic/run` params verbatim) goes through `redact`, so a password cannot reach an output line
 * or a log file. No `vscode` import (unit-tested in plain Node).
 */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret) return;
    this.secrets.add(secret);
    // The forms a password takes in text: as typed, percent-encoded (URLs), JSON-escaped (the trace).
    this.secrets.add(encodeURIComponent(secret));
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret containing another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) if (secret) result = result.split(secret).join('***');
    return result;
  }
}
