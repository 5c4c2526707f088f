/**
 * The one typed mirror of package.json `contributes.configuration` (keys `alembicLens.*`).
 * `SETTING_DEFAULTS` holds the defaults, `AlembicLensSettings` the types; test/unit/settings.test.ts
 * checks that both agree with package.json key for key, so the schema and the code cannot drift.
 * This module imports nothing from `vscode` so the unit test can load it in plain Node.
 */
import { LOG_LEVELS as PROTOCOL_LOG_LEVELS, type ServerLogLevel } from '../../server/src/protocol';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The levels are declared once, in the protocol both sides share. */
export type LogLevel = ServerLogLevel;
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface AlembicLensSettings {
  'trace.server': TraceLevel;
  logLevel: LogLevel;
  exclude: string[];
  'docstringMismatch.severity': SeveritySetting;
  /** Safety lint overrides of `[tool.alembic-lens]` (server/src/lsp/settings.ts reads them); empty / 0: not overridden. */
  'lint.select': string[];
  'lint.ignore': string[];
  'lint.severity': Record<string, SeveritySetting>;
  'lint.postgresqlVersion': number;
  'lint.since': string;
  'codeLens.enabled': boolean;
  'statusBar.enabled': boolean;
  /** Named databases; each entry is read by connections/connectionSettings.ts. */
  connections: Record<string, unknown>;
  /** A name of `connections`; empty: the embedded database. */
  activeConnection: string;
  /** A Python with Alembic installed (machine scope: a workspace cannot choose what runs). */
  python: string;
}

export type SettingKey = keyof AlembicLensSettings;

/** The section every key lives under. */
export const SETTINGS_SECTION = 'alembicLens';

export const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];
export const LOG_LEVELS: readonly LogLevel[] = PROTOCOL_LOG_LEVELS;
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export const SETTING_DEFAULTS: Readonly<AlembicLensSettings> = Object.freeze({
  'trace.server': 'off',
  logLevel: 'info',
  exclude: ['**/node_modules/**', '**/.git/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'],
  'docstringMismatch.severity': 'information',
  'lint.select': [],
  'lint.ignore': [],
  'lint.severity': {},
  'lint.postgresqlVersion': 0,
  'lint.since': '',
  'codeLens.enabled': true,
  'statusBar.enabled': true,
  connections: {},
  activeConnection: '',
  python: '',
});

/** The JSON-schema type of each key, as package.json declares it (checked by the unit test). */
export const SETTING_TYPES: Readonly<Record<SettingKey, 'string' | 'boolean' | 'number' | 'array' | 'object'>> = Object.freeze({
  'trace.server': 'string',
  logLevel: 'string',
  exclude: 'array',
  'docstringMismatch.severity': 'string',
  'lint.select': 'array',
  'lint.ignore': 'array',
  'lint.severity': 'object',
  'lint.postgresqlVersion': 'number',
  'lint.since': 'string',
  'codeLens.enabled': 'boolean',
  'statusBar.enabled': 'boolean',
  connections: 'object',
  activeConnection: 'string',
  python: 'string',
});

/**
 * Keys whose value a workspace's own settings must not decide: VS Code ignores a workspace value of
 * a `machine` setting, so opening a repository cannot pick the interpreter that runs.
 */
export const MACHINE_SCOPED: readonly SettingKey[] = ['python'];

/** Allowed values of the enum-typed keys. */
export const SETTING_ENUMS: Readonly<Partial<Record<SettingKey, readonly string[]>>> = Object.freeze({
  'trace.server': TRACE_LEVELS,
  logLevel: LOG_LEVELS,
  'docstringMismatch.severity': SEVERITY_SETTINGS,
});

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

/** Reads every key through `get` (a `WorkspaceConfiguration.get` in the extension), falling back to the default on a wrong type. */
export function readSettings(get: (key: string) => unknown): AlembicLensSettings {
  const result: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = get(key);
    result[key] = isValid(key, value) ? value : SETTING_DEFAULTS[key];
  }
  return result as unknown as AlembicLensSettings;
}

function isValid(key: SettingKey, value: unknown): boolean {
  const type = SETTING_TYPES[key];
  if (type === 'array') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  if (typeof value !== type) return false;
  const allowed = SETTING_ENUMS[key];
  return !allowed || allowed.includes(value as string);
}
