/**
 * The `alembicLens.*` settings the server honours (`exclude`, `logLevel`), read from
 * `initializationOptions.settings` at start and from `workspace/didChangeConfiguration` later.
 * Values arrive from any editor, so every key is checked: a missing or ill-typed one keeps the
 * current value, it never throws.
 */
import { LOG_LEVELS, type ServerLogLevel, type ServerSettings } from '../protocol';

export const SETTINGS_SECTION = 'alembicLens';

export interface EffectiveSettings {
  exclude: string[];
  logLevel: ServerLogLevel;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<EffectiveSettings> = Object.freeze({ exclude: [], logLevel: 'info' });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The valid keys of one settings object (`{ exclude, logLevel, ... }`); others are left out. */
export function validSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return {};
  const settings: ServerSettings = {};
  if (Array.isArray(raw.exclude) && raw.exclude.every((item) => typeof item === 'string')) settings.exclude = [...raw.exclude];
  if (typeof raw.logLevel === 'string' && (LOG_LEVELS as readonly string[]).includes(raw.logLevel)) settings.logLevel = raw.logLevel as ServerLogLevel;
  return settings;
}

/**
 * The settings inside a `workspace/didChangeConfiguration` payload: VS Code's client sends
 * `{ settings: { alembicLens: {...} } }` (its `synchronize.configurationSection`); other editors
 * may send the section's keys directly under `settings`.
 */
export function settingsFromConfigurationChange(params: unknown): ServerSettings {
  const settings = isRecord(params) ? params.settings : undefined;
  if (!isRecord(settings)) return {};
  return validSettings(isRecord(settings[SETTINGS_SECTION]) ? settings[SETTINGS_SECTION] : settings);
}

export function applySettings(current: EffectiveSettings, update: ServerSettings): EffectiveSettings {
  return { exclude: update.exclude ?? current.exclude, logLevel: update.logLevel ?? current.logLevel };
}

export function sameGlobs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((glob, i) => glob === b[i]);
}
