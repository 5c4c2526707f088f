/**
 * A reader of `alembic.ini` that follows Python's `configparser.ConfigParser` (the defaults
 * Alembic uses: `=`/`:` delimiters, `#`/`;` full-line comments, indented continuation lines,
 * lower-cased keys, a DEFAULT section, strict duplicate checks, BasicInterpolation) and keeps the
 * line of every key so problems point at it. Where Python would raise, this records a problem
 * and keeps reading.
 */
import type { Problem } from '../common/problem';
import type { SourceRange } from '../common/range';

export interface IniEntry {
  /** Lower-cased key (configparser's optionxform). */
  key: string;
  /** Value as written, continuation lines joined with `\n`, before interpolation. */
  raw: string;
  /** Zero-based line of `key = value`. */
  line: number;
  /** Last line of the value (continuations). */
  endLine: number;
  /** Range of the key on its line. */
  keyRange: SourceRange;
  /** Range of the value text on the first line (continuations make it run to endLine). */
  valueRange: SourceRange;
}

export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

export interface IniFile {
  path: string;
  /** Sections in file order; DEFAULT is kept apart. */
  sections: Map<string, IniSection>;
  defaults: IniSection;
  problems: Problem[];
}

export interface IniValue {
  value: string;
  entry: IniEntry;
}

const DEFAULT_SECTION = 'DEFAULT';
const MAX_INTERPOLATION_DEPTH = 10;

/** `defaults` are constructor defaults (Alembic passes `here`); file DEFAULT entries override them. */
export function parseIni(path: string, text: string, defaults: Record<string, string> = {}): IniFile {
  const defaultSection: IniSection = { name: DEFAULT_SECTION, line: -1, entries: new Map() };
  for (const [key, value] of Object.entries(defaults)) {
    defaultSection.entries.set(key.toLowerCase(), syntheticEntry(key.toLowerCase(), value));
  }
  const ini: IniFile = { path, sections: new Map(), defaults: defaultSection, problems: [] };
  const lines = text.split('\n');
  let current: IniSection | undefined;
  let currentEntry: IniEntry | undefined;
  let pendingBlank = 0;
  let indentLevel = 0;
  const seenSections = new Set<string>();
  const problem = (line: number, message: string, from = 0, to = lines[line]?.length ?? 0): void => {
    ini.problems.push({ code: 'config-syntax-error', severity: 'error', message, file: path, range: lineRange(line, from, to), related: [] });
  };
  // configparser stops at the first line before any section header (MissingSectionHeaderError):
  // that line is the one problem said of them (a text file given as the config file was one
  // problem per line); reading goes on for the sections after them, which the editor still shows.
  let headerlessSaid = false;
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const stripped = line.trim();
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || isComment) {
      // Blank lines inside a value are kept (empty_lines_in_values); comment lines are not.
      if (!isComment && currentEntry) pendingBlank++;
      return;
    }
    const indent = line.length - line.trimStart().length;
    if (current && currentEntry && indent > indentLevel) {
      currentEntry.raw += '\n'.repeat(pendingBlank + 1) + stripped;
      currentEntry.endLine = index;
      pendingBlank = 0;
      return;
    }
    pendingBlank = 0;
    indentLevel = indent;
    if (stripped.startsWith('[') && stripped.endsWith(']') && stripped.length > 2) {
      const name = stripped.slice(1, -1);
      currentEntry = undefined;
      if (name === DEFAULT_SECTION) {
        current = defaultSection;
        return;
      }
      if (seenSections.has(name)) problem(index, `While reading ${path} [line ${index + 1}]: section '${name}' already exists`);
      seenSections.add(name);
      current = ini.sections.get(name) ?? { name, line: index, entries: new Map() };
      ini.sections.set(name, current);
      return;
    }
    if (!current) {
      if (!headerlessSaid) problem(index, `File contains no section headers: ${path}, line ${index + 1}`);
      headerlessSaid = true;
      return;
    }
    const delimiter = firstDelimiter(line);
    const key = delimiter < 0 ? '' : line.slice(0, delimiter).trim().toLowerCase();
    if (delimiter < 0 || key === '') {
      currentEntry = undefined;
      problem(index, `Source contains parsing errors: ${path} [line ${index + 1}]: ${JSON.stringify(line)}`);
      return;
    }
    if (current.entries.has(key) && current.entries.get(key)!.line >= 0 && current !== defaultSection) {
      problem(index, `While reading ${path} [line ${index + 1}]: option '${key}' in section '${current.name}' already exists`);
    }
    const keyStart = line.length - line.trimStart().length;
    const valueText = line.slice(delimiter + 1);
    const valueStart = delimiter + 1 + (valueText.length - valueText.trimStart().length);
    const value = valueText.trim();
    currentEntry = {
      key,
      raw: value,
      line: index,
      endLine: index,
      keyRange: lineRange(index, keyStart, keyStart + line.slice(keyStart, delimiter).trimEnd().length),
      valueRange: lineRange(index, valueStart, valueStart + value.length),
    };
    current.entries.set(key, currentEntry);
  });
  return ini;
}

/** configparser's option regex: the key ends at the first `=` or `:`. */
function firstDelimiter(line: string): number {
  for (let i = 0; i < line.length; i++) if (line[i] === '=' || line[i] === ':') return i;
  return -1;
}

function syntheticEntry(key: string, value: string): IniEntry {
  return { key, raw: value, line: -1, endLine: -1, keyRange: lineRange(0, 0, 0), valueRange: lineRange(0, 0, 0) };
}

export function lineRange(line: number, from: number, to: number): SourceRange {
  return { start: { line, character: from }, end: { line, character: to } };
}

export function hasSection(ini: IniFile, section: string): boolean {
  return section === DEFAULT_SECTION || ini.sections.has(section);
}

/** Raw entry of `key` in `section`, falling back to DEFAULT (like configparser). */
export function rawEntry(ini: IniFile, section: string, key: string): IniEntry | undefined {
  const lower = key.toLowerCase();
  return ini.sections.get(section)?.entries.get(lower) ?? ini.defaults.entries.get(lower);
}

/**
 * Interpolated value (BasicInterpolation: `%(name)s` from the same section or DEFAULT, `%%` → `%`).
 * Returns undefined when the key is absent; records a problem (and returns undefined) when
 * interpolation fails, exactly where Python would raise.
 */
export function getIniValue(ini: IniFile, section: string, key: string, problems: Problem[] = ini.problems): IniValue | undefined {
  if (!hasSection(ini, section)) return undefined;
  const entry = rawEntry(ini, section, key);
  if (!entry) return undefined;
  const result = interpolate(ini, section, entry.raw, 1);
  if (typeof result !== 'string') {
    problems.push({
      code: 'config-interpolation-error',
      severity: 'error',
      message: `Bad interpolation in '${entry.key}' of section [${section}]: ${result.error}`,
      file: ini.path,
      range: entry.line >= 0 ? entry.valueRange : lineRange(0, 0, 0),
      related: [],
      data: { section, key: entry.key, ...(result.missing !== undefined ? { missing: result.missing } : {}) },
    });
    return undefined;
  }
  return { value: result, entry };
}

/** `missing`: the option a `%(name)s` names that neither the section nor DEFAULT has. */
function interpolate(ini: IniFile, section: string, value: string, depth: number): string | { error: string; missing?: string } {
  if (depth > MAX_INTERPOLATION_DEPTH) return { error: 'interpolation is nested too deeply (recursive reference?)' };
  let out = '';
  let rest = value;
  while (rest) {
    const percent = rest.indexOf('%');
    if (percent < 0) return out + rest;
    out += rest.slice(0, percent);
    rest = rest.slice(percent);
    const next = rest[1];
    if (next === '%') {
      out += '%';
      rest = rest.slice(2);
    } else if (next === '(') {
      const close = rest.indexOf(')');
      if (close < 3 || rest[close + 1] !== 's') return { error: `bad interpolation variable reference '${rest}'` };
      const name = rest.slice(2, close).toLowerCase();
      rest = rest.slice(close + 2);
      const referenced = rawEntry(ini, section, name);
      if (!referenced) return { error: `no option '${name}' to substitute`, missing: name };
      if (referenced.raw.includes('%')) {
        const nested = interpolate(ini, section, referenced.raw, depth + 1);
        if (typeof nested !== 'string') return nested;
        out += nested;
      } else out += referenced.raw;
    } else {
      return { error: `'%' must be followed by '%' or '(', found: '${rest}'` };
    }
  }
  return out;
}
