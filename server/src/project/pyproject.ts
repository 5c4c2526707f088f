/**
 * `[tool.alembic]` of pyproject.toml (Alembic 1.16+), parsed with smol-toml. String values (and the
 * strings inside lists and tables) get Python `%` formatting with `here` = the file's folder, as
 * Alembic's `_get_toml_config_value` does. Problems point at the key's line.
 */
import { parse, TomlError } from 'smol-toml';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { lineRange } from './ini';

export interface TomlOption {
  key: string;
  /** After `%(here)s` substitution; strings, string lists, booleans, numbers or tables as in the file. */
  value: unknown;
  /** Zero-based line of the key (best effort: the first line that starts with the key inside the table). */
  line: number;
}

export interface PyprojectAlembic {
  path: string;
  /** True when the file has a `[tool.alembic]` table. */
  hasAlembicTable: boolean;
  options: Map<string, TomlOption>;
  /** Line of the `[tool.alembic]` header (or 0). */
  tableLine: number;
  problems: Problem[];
}

export function parsePyproject(path: string, text: string): PyprojectAlembic {
  const result: PyprojectAlembic = { path, hasAlembicTable: false, options: new Map(), tableLine: 0, problems: [] };
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? Math.max(0, error.line - 1) : 0;
    const column = error instanceof TomlError ? Math.max(0, error.column - 1) : 0;
    const firstLine = error instanceof Error ? error.message.split('\n')[0] : String(error);
    result.problems.push({ code: 'config-syntax-error', severity: 'error', message: `pyproject.toml is not valid TOML: ${firstLine}`, file: path, range: lineRange(line, column, column + 1), related: [] });
    return result;
  }
  const tool = data.tool;
  const alembic = isTable(tool) ? tool.alembic : undefined;
  if (alembic === undefined) return result;
  const lines = text.split('\n');
  result.tableLine = Math.max(0, lines.findIndex((line) => line.trim().startsWith('[tool.alembic')));
  result.hasAlembicTable = true;
  if (!isTable(alembic)) {
    result.problems.push(configProblem(path, result.tableLine, 'Incorrect TOML format: tool.alembic must be a table.'));
    return result;
  }
  const here = toPosix(nodePath.dirname(nodePath.resolve(path)));
  for (const [key, raw] of Object.entries(alembic)) {
    const line = keyLine(lines, result.tableLine, key);
    const formatted = formatValue(raw, { here });
    if (formatted.error !== undefined) {
      result.problems.push({ ...configProblem(path, line, `Bad %-substitution in tool.alembic.${key}: ${formatted.error}`), code: 'config-interpolation-error' });
      continue;
    }
    result.options.set(key, { key, value: formatted.value, line });
  }
  return result;
}

function configProblem(path: string, line: number, message: string): Problem {
  return { code: 'invalid-config-value', severity: 'error', message, file: path, range: lineRange(line, 0, 0), related: [] };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function keyLine(lines: string[], tableLine: number, key: string): number {
  for (let i = tableLine + 1; i < lines.length; i++) {
    const trimmed = lines[i].trimStart();
    if (trimmed.startsWith('[') && !trimmed.startsWith('[[tool.alembic')) break;
    if (trimmed.startsWith(key) || trimmed.startsWith(`"${key}"`)) return i;
  }
  return tableLine;
}

export function toPosix(path: string): string {
  return path.split(nodePath.sep).join('/');
}

/** Python `value % args` for strings; applied inside lists and tables as Alembic does. */
function formatValue(value: unknown, args: Record<string, string>): { value?: unknown; error?: string } {
  if (typeof value === 'string') return percentFormat(value, args);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const formatted = formatValue(item, args);
      if (formatted.error !== undefined) return formatted;
      out.push(formatted.value);
    }
    return { value: out };
  }
  if (isTable(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const formatted = formatValue(item, args);
      if (formatted.error !== undefined) return formatted;
      out[key] = formatted.value;
    }
    return { value: out };
  }
  return { value };
}

/** `%(name)s` and `%%`; anything else after `%` is an error (Python raises). */
export function percentFormat(text: string, args: Record<string, string>): { value?: string; error?: string } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      out += text[i];
      continue;
    }
    if (text[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    if (text[i + 1] === '(') {
      const close = text.indexOf(')', i);
      if (close < 0 || text[close + 1] !== 's') return { error: `unsupported format at '${text.slice(i)}'` };
      const name = text.slice(i + 2, close);
      if (!(name in args)) return { error: `unknown key '${name}'` };
      out += args[name];
      i = close + 1;
      continue;
    }
    return { error: `unsupported format at '${text.slice(i)}'` };
  }
  return { value: out };
}
