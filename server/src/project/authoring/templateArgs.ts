/**
 * The names Alembic passes to `script.py.mako` for `revision` and `merge` (without autogenerate):
 * up_revision, down_revision, branch_labels, depends_on, create_date, message, comma and the
 * `config` object; `imports`, `upgrades` and `downgrades` stay undefined, as in Alembic.
 */
import path from 'node:path';
import type { EnvironmentConfig } from '../types';
import { ConfigOptions } from '../configOptions';
import { readConfigSources } from '../environment';
import { AuthoringError } from './authoringError';
import { stringRepr } from '../../common/pythonRepr';
import { PyError, PyFunction, PyList, PyObject, PyTuple, iterate, typeName, type PyValue } from './mako/values';

export interface TemplateInputs {
  revisionId: string;
  downRevisions: readonly string[];
  branchLabel?: string;
  dependsOn?: readonly string[];
  createDate: string;
  message: string;
}

/** Alembic's `tuple_rev_as_scalar`: None, the one item, or the whole sequence. */
function scalarOrSequence(items: readonly string[] | undefined, sequence: (items: string[]) => PyValue): PyValue {
  if (!items || items.length === 0) return null;
  if (items.length === 1) return items[0];
  return sequence([...items]);
}

/** Alembic's `util.format_as_comma`. */
const COMMA = new PyFunction('format_as_comma', (args) => {
  const value = args.positional[0] ?? null;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return iterate(value).map((item) => {
    if (typeof item !== 'string') throw new PyError(`sequence item: expected str instance, ${typeName(item)} found`);
    return item;
  }).join(', ');
});

/** The `config` object: `get_main_option` / `get_section_option` read the ini as Alembic's Config does. */
function configObject(config: EnvironmentConfig): PyObject {
  const sources = readConfigSources(config.configFile);
  const options = new ConfigOptions(config.kind === 'ini' ? sources.ini : undefined, config.kind === 'ini' ? config.name : 'alembic', sources.toml, []);
  const text = (value: PyValue | undefined, what: string): string => {
    if (typeof value !== 'string') throw new PyError(`${what} needs a str name`);
    return value;
  };
  return new PyObject('Config', {
    get_main_option: new PyFunction('get_main_option', (args) => options.iniString(text(args.positional[0], 'get_main_option()'))?.value ?? args.positional[1] ?? null),
    get_alembic_option: new PyFunction('get_alembic_option', (args) => options.string(text(args.positional[0], 'get_alembic_option()'))?.value ?? args.positional[1] ?? null),
    config_file_name: config.configFile,
    config_ini_section: config.name,
  });
}

export function templateArguments(config: EnvironmentConfig, inputs: TemplateInputs): Record<string, PyValue> {
  return {
    up_revision: inputs.revisionId,
    down_revision: scalarOrSequence(inputs.downRevisions, (items) => new PyTuple(items)),
    branch_labels: inputs.branchLabel === undefined ? null : new PyTuple([inputs.branchLabel]),
    // Alembic resolves depends_on into a list, so several print as ['a', 'b'].
    depends_on: scalarOrSequence(inputs.dependsOn, (items) => new PyList(items)),
    create_date: new PyObject('datetime', {}, inputs.createDate),
    comma: COMMA,
    message: inputs.message,
    config: configObject(config),
  };
}

/**
 * `truncate_slug_length` from the ini or pyproject, read as Alembic does: `int(value)`, then
 * `or 40` (so unset and 0 mean 40, a negative number slices from the end). A value `int()`
 * refuses stops Alembic with ValueError; it is refused here too rather than silently ignored.
 */
export function truncateSlugLength(config: EnvironmentConfig): number {
  const sources = readConfigSources(config.configFile);
  const options = new ConfigOptions(config.kind === 'ini' ? sources.ini : undefined, config.kind === 'ini' ? config.name : 'alembic', sources.toml, []);
  const option = options.string('truncate_slug_length');
  if (!option) return 40;
  const raw = options.iniString('truncate_slug_length') ? undefined : options.toml?.options.get('truncate_slug_length')?.value;
  // A TOML number reaches int() as a number, which truncates a float.
  const value = typeof raw === 'number' ? Math.trunc(raw) : pythonInt(option.value);
  if (value === undefined) {
    const where = `${path.basename(option.location.file)} line ${option.location.range.start.line + 1}`;
    throw new AuthoringError(`truncate_slug_length = ${option.value} (${where}) is not an integer; Alembic fails with ValueError: invalid literal for int() with base 10: ${stringRepr(option.value)}`);
  }
  return value === 0 ? 40 : value;
}

/** Python's `int(text)` for decimal text: surrounding whitespace, a sign, `_` between digits. */
function pythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) return undefined;
  return Number(trimmed.replace(/_/g, ''));
}

/** `revision_environment = true`: Alembic runs env.py before rendering (it may add template arguments). */
export function runsRevisionEnvironment(config: EnvironmentConfig): boolean {
  const sources = readConfigSources(config.configFile);
  const options = new ConfigOptions(config.kind === 'ini' ? sources.ini : undefined, config.kind === 'ini' ? config.name : 'alembic', sources.toml, []);
  return options.boolean('revision_environment')?.value === true;
}
