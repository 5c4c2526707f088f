/**
 * The keys of a named connection, shared by the editor's `alembicLens.connections` setting and
 * the CLI's `[tool.alembic-lens.connections.NAME]` tables so that one connection can be written
 * the same way in both. Settings files are JSON, where camelCase is the custom, and pyproject is
 * TOML, where snake_case is: each key is accepted in both spellings in both places (the editor
 * first had only `urlEnv`, the CLI only `password_env`). Timeouts take the same values in both.
 */

/** Each key, with the spellings accepted for it (the first is the one documented for settings). */
export const CONNECTION_KEY_SPELLINGS = {
  url: ['url'],
  urlEnv: ['urlEnv', 'url_env'],
  passwordEnv: ['passwordEnv', 'password_env'],
  protected: ['protected'],
  lockTimeout: ['lockTimeout', 'lock_timeout'],
  statementTimeout: ['statementTimeout', 'statement_timeout'],
} as const;

export type ConnectionKey = keyof typeof CONNECTION_KEY_SPELLINGS;

/** The value of `key` in `raw` under whichever spelling is present (the first one when both are). */
export function connectionValue(raw: Readonly<Record<string, unknown>>, key: ConnectionKey): unknown {
  for (const spelling of CONNECTION_KEY_SPELLINGS[key]) if (raw[spelling] !== undefined) return raw[spelling];
  return undefined;
}

/** A trimmed non-empty string value of `key`, else undefined. */
export function connectionText(raw: Readonly<Record<string, unknown>>, key: ConnectionKey): string | undefined {
  const value = connectionValue(raw, key);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A timeout: a number of milliseconds, or text such as `250`, `500ms`, `5s`, `2min`, `1h`. */
export function timeoutMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$/.exec(value);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match[2] ?? 'ms']!;
  return Math.round(Number(match[1]) * unit);
}
