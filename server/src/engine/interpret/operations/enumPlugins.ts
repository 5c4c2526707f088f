/**
 * `op.sync_enum_values(...)` as the alembic-autogenerate-enums plugin registers it (0.1.x, the
 * versions that run on SQLAlchemy 2), when env.py or the migration imports that plugin and
 * neither imports alembic-postgresql-enum, which registers an operation of the same name with
 * other arguments and SQL. Each statement goes through the connection as `sa.text(...)`, which
 * Alembic prints offline as `op.execute()` prints it:
 *
 * - by default, `COMMIT` then `ALTER TYPE schema.name ADD VALUE 'v'` for each value of
 *   `set(new_values) - set(old_values)`. Python iterates that set in an order string hashing
 *   decides per process, so two or more added values stay opaque;
 * - with `should_reverse=True` and `affected_columns`, the type is renamed to `name_old`, created
 *   again with the sorted new values, each column converted through `::text`, and the old type
 *   dropped.
 *
 * Values are interpolated as written (the plugin quotes nothing); a value with a colon (which
 * `text()` would take for a bind parameter), a backslash or a character outside printable ASCII
 * stays opaque.
 */
import { readModuleFile } from '../../../project/pythonModules';
import type { CallArgs } from '../args';
import { findEnvPy } from '../naming/targetMetadata';
import type { InterpreterState } from '../state';
import type { Value } from '../values';

type Execute = (sql: string) => void;

const PLUGIN = /^\s*(?:import|from)\s+alembic_autogenerate_enums\b/m;
const OTHER_PLUGIN = /\balembic_postgresql_enum\b/;
const PLAIN = /^[\x20-\x7e]*$/;

/** Whether `op.<name>` is the alembic-autogenerate-enums operation in this migration's environment. */
function registeredHere(state: InterpreterState): boolean {
  const envPy = findEnvPy(state.file);
  const module = envPy ? readModuleFile(envPy) : undefined;
  if (envPy && module) state.dependencies.set(envPy, module.hash);
  const sources = [state.source, module?.text ?? ''];
  return sources.some((text) => PLUGIN.test(text)) && !sources.some((text) => OTHER_PLUGIN.test(text));
}

/**
 * Runs a plugin operation the engine models; undefined when `name` is not one here (the caller
 * keeps its "registered by a plugin" reason), an opaque value naming what cannot be followed.
 */
export function pluginOperation(name: string, args: CallArgs, state: InterpreterState, execute: Execute): Value | string | undefined {
  if (name !== 'sync_enum_values' || !registeredHere(state)) return undefined;
  const bound = bind(args);
  if (typeof bound === 'string') return bound;
  const { schema, type, oldValues, newValues, affected, reverse } = bound;
  const qualified = `${schema}.${type}`;
  if (reverse && affected) {
    const all = [...new Set(newValues)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((value) => `'${value}'`).join(', ');
    execute(`ALTER TYPE ${qualified} RENAME TO ${type}_old`);
    execute(`CREATE TYPE ${qualified} AS ENUM(${all})`);
    for (const [table, column] of affected) execute(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${qualified} USING ${column}::text::${qualified}`);
    execute(`DROP TYPE ${qualified}_old`);
    return { kind: 'none' };
  }
  const old = new Set(oldValues);
  const added = [...new Set(newValues)].filter((value) => !old.has(value));
  if (added.length > 1) return `op.sync_enum_values adds ${added.length} values in the order of a Python set, which string hashing decides at run time`;
  execute('COMMIT');
  for (const value of added) execute(`ALTER TYPE ${qualified} ADD VALUE '${value}'`);
  return { kind: 'none' };
}

interface Bound {
  schema: string;
  type: string;
  oldValues: string[];
  newValues: string[];
  affected?: [string, string][];
  reverse: boolean;
}

const PARAMETERS = ['schema', 'name', 'old_values', 'new_values', 'affected_columns', 'should_reverse'];

function bind(args: CallArgs): Bound | string {
  if (args.unknownSplat) return `the arguments of op.sync_enum_values are not static: ${args.unknownSplat}`;
  if (args.positional.length > PARAMETERS.length) return 'op.sync_enum_values takes at most six arguments';
  const values = new Map<string, Value>();
  args.positional.forEach((arg, index) => values.set(PARAMETERS[index], arg.value));
  for (const [key, arg] of args.keywords) {
    if (!PARAMETERS.includes(key) || values.has(key)) return `op.sync_enum_values got an unexpected or repeated argument ${key}`;
    values.set(key, arg.value);
  }
  const schema = plainString(values.get('schema'));
  const type = plainString(values.get('name'));
  const oldValues = strings(values.get('old_values'));
  const newValues = strings(values.get('new_values'));
  if (schema === undefined || type === undefined || !oldValues || !newValues) return 'op.sync_enum_values: the schema, name and values are not plain literal strings';
  const reverseValue = values.get('should_reverse') ?? { kind: 'bool', value: false };
  if (reverseValue.kind !== 'bool') return 'op.sync_enum_values: should_reverse is not a literal True or False';
  const affectedValue = values.get('affected_columns') ?? { kind: 'none' };
  let affected: [string, string][] | undefined;
  if (affectedValue.kind !== 'none') {
    if (affectedValue.kind !== 'seq') return 'op.sync_enum_values: affected_columns is not a literal list';
    affected = [];
    for (const item of affectedValue.items) {
      const pair = item.kind === 'seq' ? strings(item) : undefined;
      if (!pair || pair.length !== 2) return 'op.sync_enum_values: affected_columns does not hold (table, column) pairs of literal strings';
      affected.push([pair[0], pair[1]]);
    }
  }
  return { schema, type, oldValues, newValues, affected, reverse: reverseValue.value };
}

function plainString(value: Value | undefined): string | undefined {
  return value?.kind === 'str' && PLAIN.test(value.value) && !/[:\\]/.test(value.value) ? value.value : undefined;
}

function strings(value: Value | undefined): string[] | undefined {
  if (value?.kind !== 'seq') return undefined;
  const out: string[] = [];
  for (const item of value.items) {
    const text = plainString(item);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}
