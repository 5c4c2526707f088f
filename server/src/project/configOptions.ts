/**
 * One view over an environment's options, combining the ini section and `[tool.alembic]` the way
 * Alembic's `Config.get_alembic_option` does: the ini section first (DEFAULT included), then the
 * TOML table. Each answer says where it came from so problems can point at that line.
 */
import type { SourceLocation } from '../common/range';
import type { Problem } from '../common/problem';
import { getIniValue, hasSection, lineRange, type IniFile } from './ini';
import type { PyprojectAlembic } from './pyproject';

export interface OptionValue<T> {
  value: T;
  location: SourceLocation;
}

const TRUTHY_LOOKALIKES = new Set(['true', 'yes', 'on', '1']);

export class ConfigOptions {
  constructor(
    readonly ini: IniFile | undefined,
    readonly section: string,
    readonly toml: PyprojectAlembic | undefined,
    private readonly problems: Problem[],
  ) {}

  /**
   * Interpolated ini value only (Alembic's `get_main_option`, used for path_separator and
   * sqlalchemy.url); a failed interpolation is a problem in `problems` (default: the config's).
   */
  iniString(key: string, problems?: Problem[]): OptionValue<string> | undefined {
    if (!this.ini) return undefined;
    const found = getIniValue(this.ini, this.section, key, problems);
    if (!found) return undefined;
    return { value: found.value, location: this.iniLocation(found.entry.line, found.entry.valueRange) };
  }

  /**
   * String option from ini, else TOML (non-strings in TOML are a problem). A TOML number is taken
   * as its text unless `path`: Alembic hands a path option to os.path, which raises TypeError.
   */
  string(key: string, kind: 'text' | 'path' = 'text'): OptionValue<string> | undefined {
    const fromIni = this.iniString(key);
    if (fromIni) return fromIni;
    const option = this.toml?.options.get(key);
    if (!option || !this.toml) return undefined;
    const location = this.tomlLocation(option.line);
    if (typeof option.value === 'string') return { value: option.value, location };
    if (typeof option.value === 'number' && kind === 'text') return { value: String(option.value), location };
    const found = typeof option.value === 'number' ? `the ${Number.isInteger(option.value) ? 'integer' : 'number'} ${option.value}` : tomlTypeName(option.value);
    this.problem(location, `tool.alembic.${key} must be a string, not ${found}${kind === 'path' ? ' (Alembic fails with TypeError: it is a path)' : ''}.`);
    return undefined;
  }

  /** Ini: exactly "true"; TOML: a boolean (anything else is a problem). */
  boolean(key: string): OptionValue<boolean> | undefined {
    const fromIni = this.iniString(key);
    if (fromIni) {
      if (fromIni.value !== 'true' && TRUTHY_LOOKALIKES.has(fromIni.value.toLowerCase())) {
        // Alembic compares with the exact text "true"; `True` or `yes` silently mean false.
        this.problem(fromIni.location, `Alembic reads ${key} as false: only the exact value 'true' turns it on (found '${fromIni.value}').`, 'invalid-config-value', 'warning');
      }
      return { value: fromIni.value === 'true', location: fromIni.location };
    }
    const option = this.toml?.options.get(key);
    if (!option) return undefined;
    const location = this.tomlLocation(option.line);
    if (typeof option.value === 'boolean') return { value: option.value, location };
    this.problem(location, `boolean value expected for TOML parameter '${key}'`);
    return undefined;
  }

  /** TOML list of strings (version_locations, prepend_sys_path). */
  tomlList(key: string): OptionValue<string[]> | undefined {
    const option = this.toml?.options.get(key);
    if (!option) return undefined;
    const location = this.tomlLocation(option.line);
    if (Array.isArray(option.value) && option.value.every((item) => typeof item === 'string')) {
      return { value: option.value as string[], location };
    }
    if (typeof option.value === 'string') return { value: [option.value], location };
    this.problem(location, `tool.alembic.${key} must be a list of strings.`);
    return undefined;
  }

  hasIniSection(): boolean {
    return this.ini !== undefined && hasSection(this.ini, this.section);
  }

  /** Where a problem about the environment as a whole goes: the section header, else the TOML table. */
  anchor(): SourceLocation {
    const section = this.ini?.sections.get(this.section);
    if (this.ini && section) return { file: this.ini.path, range: lineRange(section.line, 0, this.section.length + 2) };
    if (this.toml) return this.tomlLocation(this.toml.tableLine);
    return { file: this.ini?.path ?? '', range: lineRange(0, 0, 0) };
  }

  problem(location: SourceLocation, message: string, code = 'invalid-config-value', severity: Problem['severity'] = 'error'): void {
    this.problems.push({ code, severity, message, file: location.file, range: location.range, related: [] });
  }

  private iniLocation(line: number, range: SourceLocation['range']): SourceLocation {
    return { file: this.ini!.path, range: line >= 0 ? range : lineRange(0, 0, 0) };
  }

  private tomlLocation(line: number): SourceLocation {
    return { file: this.toml!.path, range: lineRange(line, 0, 0) };
  }
}

function tomlTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' && value !== null ? 'a table' : typeof value;
}
