/**
 * The linter's settings, read from `[tool.alembic-lens]` of pyproject.toml with the conventions
 * ruff users know: `select` and `ignore` lists of codes, per-rule `severity`, plus the target
 * `postgresql-version` and `since` (a revision up to which nothing is linted: old history is
 * history). The CLI and the language server both call `readLintConfig`, so they agree; command
 * line options are applied on top with `withOverrides`. Bad values are located problems, never
 * exceptions; a bad value is ignored and the default kept.
 */
import { LINT_CODES } from '../diagnostics/codes/lint';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parse } from 'smol-toml';
import type { Problem, Severity } from '../common/problem';
import { rangeFrom, positionOf, type SourceRange } from '../common/range';

export type RuleSeverity = Severity | 'off';

export interface LintConfig {
  /** Codes to run; undefined means every rule that is on by default. `ALL` selects every rule. */
  select?: string[];
  ignore: string[];
  severity: Record<string, RuleSeverity>;
  postgresqlVersion: number;
  /** Revision (id or unique prefix) up to which, inclusive, nothing is linted. */
  since?: string;
  /** The pyproject.toml the settings came from, if any. */
  file?: string;
  /**
   * `transaction_per_migration` as env.py sets it (not a pyproject setting): how long a lock is
   * held. Undefined when env.py's value is not a literal.
   */
  transactionPerMigration?: boolean;
  /**
   * Whether env.py sets lock_timeout or statement_timeout for every migration (not a pyproject
   * setting either): then no migration needs to set it itself.
   */
  timeoutInEnvPy?: boolean;
  /**
   * Whether env.py leaves the connection uncommitted after run_migrations() (no `.commit()` of its
   * own after it, no transaction it began itself, env.py read): then what follows a migration's
   * `op.get_bind().commit()` is rolled back when the connection closes (transaction-control). Not a
   * pyproject setting.
   */
  bindCommitLosesRest?: boolean;
  /**
   * env.py begins the transaction the migrations run in itself (`connection.begin()`,
   * `engine.begin()`): Alembic's `autocommit_block()` then fails with an AssertionError when it
   * runs (transaction-control), so no advice or quick fix may offer it. Where env.py does so. Not a
   * pyproject setting.
   */
  externalTransaction?: { file: string; line: number };
  /**
   * env.py's connection commits every statement on its own (isolation_level AUTOCOMMIT): no
   * statement runs in a transaction (everyStatementCommitted.ts). Where env.py says so (line 0:
   * alembic.ini's option). Not a pyproject setting.
   */
  autocommitIsolation?: { file: string; line: number };
}

export const DEFAULT_POSTGRESQL_VERSION = 14;

export function defaultLintConfig(): LintConfig {
  return { ignore: [], severity: {}, postgresqlVersion: DEFAULT_POSTGRESQL_VERSION };
}

const SEVERITIES: Record<string, RuleSeverity> = { error: 'error', warning: 'warning', warn: 'warning', information: 'information', info: 'information', hint: 'hint', off: 'off' };

/** Reads `[tool.alembic-lens]` from the nearest pyproject.toml at or above `folder` (up to `stopAt`). */
export function readLintConfig(folder: string, stopAt?: string): { config: LintConfig; problems: Problem[] } {
  let current = nodePath.resolve(folder);
  for (;;) {
    const candidate = nodePath.join(current, 'pyproject.toml');
    let text: string | undefined;
    try {
      text = fs.readFileSync(candidate, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined && /^\s*\[\s*tool\s*\.\s*"?alembic-lens"?\s*[\].]/m.test(text)) return parseLintConfig(candidate, text);
    const parent = nodePath.dirname(current);
    if (parent === current || (stopAt !== undefined && nodePath.resolve(stopAt) === current)) return { config: defaultLintConfig(), problems: [] };
    current = parent;
  }
}

export function parseLintConfig(file: string, text: string): { config: LintConfig; problems: Problem[] } {
  const config: LintConfig = { ...defaultLintConfig(), file };
  const problems: Problem[] = [];
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch {
    return { config, problems }; // the index reports TOML syntax errors of pyproject.toml
  }
  const tool = data.tool as Record<string, unknown> | undefined;
  const section = tool?.['alembic-lens'];
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { config, problems };
  const lines = text.split('\n');
  const problem = (key: string, message: string, entry?: string): void => {
    const line = settingLine(lines, key, entry);
    problems.push({
      code: 'invalid-config-value',
      severity: 'error',
      message: `[tool.alembic-lens] ${key}: ${message}`,
      file,
      range: rangeFrom(positionOf(line, 0), positionOf(line, lines[line]?.length ?? 0)),
      related: [],
    });
  };
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    switch (key) {
      case 'select':
      case 'ignore': {
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
          problem(key, 'must be a list of rule codes, e.g. ["drop-column"]');
          break;
        }
        // A code that is no lint rule would switch the lint off (select) or do nothing (ignore): say so, as --select does.
        const unknown = (value as string[]).filter((code) => !LINT_CODE_NAMES.has(code) && !(key === 'select' && code === 'ALL'));
        if (unknown.length > 0) problem(key, `${unknown.map((code) => JSON.stringify(code)).join(', ')} ${unknown.length > 1 ? 'are not lint rule codes' : 'is not a lint rule code'} (see docs/rules/README.md)`);
        const known = (value as string[]).filter((code) => !unknown.includes(code));
        if (key === 'select') config.select = known;
        else config.ignore = known;
        break;
      }
      case 'severity': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          problem(key, 'must be a table of code = "error" | "warning" | "information" | "hint" | "off"');
          break;
        }
        for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
          const severity = typeof level === 'string' ? SEVERITIES[level.toLowerCase()] : undefined;
          if (!LINT_CODE_NAMES.has(code)) problem(key, `${code} is not a lint rule code (see docs/rules/README.md)`, code);
          else if (severity) config.severity[code] = severity;
          else problem(key, `${code} = ${JSON.stringify(level)} is not one of "error", "warning", "information", "hint", "off"`, code);
        }
        break;
      }
      case 'postgresql-version': {
        const version = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
        if (Number.isInteger(version) && version >= 9 && version <= 99) config.postgresqlVersion = version;
        else problem(key, `${JSON.stringify(value)} is not a PostgreSQL major version such as 14`);
        break;
      }
      case 'since': {
        if (typeof value === 'string' && value.trim() !== '') config.since = value.trim();
        else problem(key, 'must be a revision id');
        break;
      }
      case 'connections':
        // `[tool.alembic-lens.connections.NAME]`: the online commands' connections (database/connectionSource.ts).
        break;
      default:
        // Other tools' keys may share the table in the future; unknown keys are named, not fatal.
        problem(key, 'is not a setting of the linter (select, ignore, severity, postgresql-version, since)');
    }
  }
  return { config, problems };
}

/**
 * Command line (or editor setting) overrides on top of the file's settings: `select`, `since`
 * and `postgresqlVersion` replace the file's, `ignore` adds to it, `severity` entries replace
 * the file's entries for the same codes.
 */
export function withOverrides(config: LintConfig, overrides: Partial<Pick<LintConfig, 'select' | 'ignore' | 'since' | 'postgresqlVersion' | 'severity'>>): LintConfig {
  return {
    ...config,
    ...(overrides.select ? { select: overrides.select } : {}),
    ignore: [...config.ignore, ...(overrides.ignore ?? [])],
    severity: { ...config.severity, ...(overrides.severity ?? {}) },
    ...(overrides.since !== undefined ? { since: overrides.since } : {}),
    ...(overrides.postgresqlVersion !== undefined ? { postgresqlVersion: overrides.postgresqlVersion } : {}),
  };
}

/**
 * Whether env.py's text sets lock_timeout or statement_timeout for the migrations' connection:
 * the setting's name inside a string on a line that is not a comment. That covers the ways
 * projects do it: `connection.execute(text("SET lock_timeout = 4000"))` before
 * `context.configure`, `connect_args={"options": "-c lock_timeout=5000"}`, asyncpg's
 * `server_settings={"lock_timeout": "5s"}`. A value of 0 (no timeout) is not a timeout.
 */
export function envPySetsTimeout(text: string): boolean {
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    const match = /["'][^"'\n]*\b(?:lock_timeout|statement_timeout)\b\s*(?:["']\s*:\s*["']?|=|\bto\b)?\s*([^"'\s,)}]*)/i.exec(line);
    if (match && match[1] !== '0') return true;
  }
  return false;
}

/** The lint's codes (rules and runner codes): what select, ignore and severity may name. */
const LINT_CODE_NAMES = new Set(LINT_CODES.map((info) => info.code));

/**
 * The zero-based line of `key` in `[tool.alembic-lens]` (not another tool's table that has a key of
 * the same name), or of `entry` in its `[tool.alembic-lens.<key>]` sub-table or inline table; the
 * section's header when not found.
 */
function settingLine(lines: readonly string[], key: string, entry?: string): number {
  const header = (line: string): string | undefined => /^\s*\[\s*([^\]]+?)\s*\]/.exec(line)?.[1].replace(/\s+/g, '').replace(/"/g, '');
  const assigns = (line: string, name: string): boolean => new RegExp(`^\\s*"?${name.replace(/[-.]/g, '\\$&')}"?\\s*=`).test(line);
  let section: string | undefined;
  let sectionLine = 0;
  let found: number | undefined;
  for (let at = 0; at < lines.length; at++) {
    const name = header(lines[at]);
    if (name !== undefined) {
      section = name;
      if (name === 'tool.alembic-lens') sectionLine = at;
      continue;
    }
    if (section === 'tool.alembic-lens' && assigns(lines[at], key)) {
      // `severity = { code = "..." }`: the entry is on this line.
      if (entry === undefined || lines[at].includes(entry)) return at;
      found ??= at;
    }
    if (entry !== undefined && section === `tool.alembic-lens.${key}` && assigns(lines[at], entry)) return at;
  }
  return found ?? sectionLine;
}

/** The range of `key`'s line in the `[tool.alembic-lens]` table of `file` (its first line when unreadable). */
export function settingRange(file: string, key: string): SourceRange {
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    // Unreadable now: the first line.
  }
  const line = settingLine(lines, key);
  return rangeFrom(positionOf(line, 0), positionOf(line, lines[line]?.length ?? 0));
}
