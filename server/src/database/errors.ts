/**
 * Failures of the database layer (finding, parsing and opening a connection). Each carries a
 * stable code (registered in diagnostics/codes/online.ts, with docs/rules/<code>.md) so front
 * ends can tell them apart, and a message that never holds a password:
 * messages are built from redacted URLs, and `redactSecrets` scrubs text that comes from
 * elsewhere (a driver's error) before it is shown.
 */
export type DatabaseErrorCode =
  | 'database-url-invalid'
  | 'database-not-postgresql'
  | 'database-url-not-found'
  | 'database-connection-unknown'
  | 'database-connect-failed'
  | 'database-connection-protected'
  | 'database-sandbox-unavailable';

export class DatabaseError extends Error {
  constructor(
    readonly errorCode: DatabaseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Replaces every occurrence of each secret (as written and percent-encoded) with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join('***');
  }
  return result;
}
