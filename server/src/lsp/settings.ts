/**
 * The `alembicLens.*` settings the server honours (`exclude`, `logLevel`, the safety lint's
 * `lint.*` overrides of `[tool.alembic-lens]`), read from
 * `initializationOptions.settings` at start and from `workspace/didChangeConfiguration` later.
 * Values arrive from any editor, so every key is checked: a missing or ill-typed one keeps the
 * current value, it never throws.
 */
import type { RuleSeverity } from '../lint/config';
import { LOG_LEVELS, type ServerLogLevel, type ServerSettings } from '../protocol';

export const SETTINGS_SECTION = 'alembicLens';

/**
 * `alembicLens.lint.*`: the editor's overrides of the pyproject.toml lint settings. The values
 * that mean "not overridden" are the settings' defaults: an empty list, an empty table, 0, "".
 */
export interface EditorLintSettings {
  select: string[];
  ignore: string[];
  severity: Record<string, RuleSeverity>;
  postgresqlVersion: number;
  since: string;
}

export const DEFAULT_EDITOR_LINT: Readonly<EditorLintSettings> = Object.freeze({ select: [], ignore: [], severity: {}, postgresqlVersion: 0, since: '' });

export interface EffectiveSettings {
  exclude: string[];
  logLevel: ServerLogLevel;
  lint: EditorLintSettings;
}

/** The settings one message carries: the protocol's keys, and the lint keys that were present. */
export interface ReceivedSettings extends ServerSettings {
  lint?: Partial<EditorLintSettings>;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<EffectiveSettings> = Object.freeze({ exclude: [], logLevel: 'info', lint: DEFAULT_EDITOR_LINT });

const RULE_SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The valid keys of one settings object (`{ exclude, logLevel, ... }`); others are left out. */
export function validSettings(raw: unknown): ReceivedSettings {
  if (!isRecord(raw)) return {};
  const settings: ReceivedSettings = {};
  if (Array.isArray(raw.exclude) && raw.exclude.every((item) => typeof item === 'string')) settings.exclude = [...raw.exclude];
  if (typeof raw.logLevel === 'string' && (LOG_LEVELS as readonly string[]).includes(raw.logLevel)) settings.logLevel = raw.logLevel as ServerLogLevel;
  const lint = validLintSettings(raw);
  if (Object.keys(lint).length > 0) settings.lint = lint;
  return settings;
}

/**
 * The `lint.*` keys, flat (`"lint.select"`, as the client's initialization options carry them)
 * or nested (`lint: { select }`, as VS Code sends the section on a change). An ill-typed value
 * is left out; an ill-typed entry of `severity` is dropped from it.
 */
function validLintSettings(raw: Record<string, unknown>): Partial<EditorLintSettings> {
  const nested = isRecord(raw.lint) ? raw.lint : {};
  const value = (key: keyof EditorLintSettings): unknown => (`lint.${key}` in raw ? raw[`lint.${key}`] : nested[key]);
  const lint: Partial<EditorLintSettings> = {};
  const codes = (list: unknown): string[] | undefined => (Array.isArray(list) && list.every((item) => typeof item === 'string') ? list.map((item) => item.trim()).filter((item) => item !== '') : undefined);
  const select = codes(value('select'));
  if (select) lint.select = select;
  const ignore = codes(value('ignore'));
  if (ignore) lint.ignore = ignore;
  const severity = value('severity');
  if (isRecord(severity)) {
    lint.severity = {};
    for (const [code, level] of Object.entries(severity)) {
      if (typeof level === 'string' && (RULE_SEVERITIES as readonly string[]).includes(level)) lint.severity[code] = level as RuleSeverity;
    }
  }
  const version = value('postgresqlVersion');
  if (typeof version === 'number' && Number.isInteger(version) && (version === 0 || (version >= 9 && version <= 99))) lint.postgresqlVersion = version;
  const since = value('since');
  if (typeof since === 'string') lint.since = since.trim();
  return lint;
}

/** Whether two lint overrides are the same (a resent section changes nothing, no republish). */
export function sameLintSettings(a: EditorLintSettings, b: EditorLintSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The settings inside a `workspace/didChangeConfiguration` payload: VS Code's client sends
 * `{ settings: { alembicLens: {...} } }` (its `synchronize.configurationSection`); other editors
 * may send the section's keys directly under `settings`.
 */
export function settingsFromConfigurationChange(params: unknown): ReceivedSettings {
  const settings = isRecord(params) ? params.settings : undefined;
  if (!isRecord(settings)) return {};
  return validSettings(isRecord(settings[SETTINGS_SECTION]) ? settings[SETTINGS_SECTION] : settings);
}

export function applySettings(current: EffectiveSettings, update: ReceivedSettings): EffectiveSettings {
  return { exclude: update.exclude ?? current.exclude, logLevel: update.logLevel ?? current.logLevel, lint: { ...current.lint, ...update.lint } };
}

export function sameGlobs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((glob, i) => glob === b[i]);
}
