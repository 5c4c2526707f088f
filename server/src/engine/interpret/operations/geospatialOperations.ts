/**
 * GeoAlchemy2's Alembic operations (`geoalchemy2.alembic_helpers`, GeoAlchemy2 f35da77), which
 * autogenerate writes when env.py uses that module's `render_item` and `writer`. They exist only
 * where something imports the module; the engine takes them as registered when env.py or the
 * migration imports it, and otherwise leaves them opaque as any plugin operation. On PostgreSQL
 * each one runs one of Alembic's own operations (recorded with Alembic 1.20):
 *
 * - `create_geospatial_table(name, *columns, **kw)` is `op.create_table(...)`, GeoAlchemy2's
 *   table events adding the spatial indexes as for create_table. Alembic's CreateTableOp keeps
 *   `comment`, `info`, `prefixes` and `if_not_exists` apart from `**kw`, and GeoAlchemy2 passes on
 *   only `schema` and `**kw`: they are dropped (no COMMENT ON TABLE, no IF NOT EXISTS);
 * - `drop_geospatial_table(name, schema=None, **kw)` is `op.drop_table(...)` without `comment`,
 *   `info` and `prefixes` (`if_exists` is kept);
 * - `create_geospatial_index(name, table, columns, schema=None, unique=False, **kw)` is
 *   `op.create_index(...)` without `if_not_exists`, likewise dropped;
 * - `drop_geospatial_index(name, table_name, column_name, schema=None, unique=False, **kw)` is
 *   `op.drop_index(name, table_name, schema=...)` without `if_exists`;
 * - `add_geospatial_column(table, column, schema=None)` calls the dialect's `add_column()` only:
 *   the column is not put on a table, so no spatial index, foreign key, index, unique constraint
 *   or comment follows it. A GeoAlchemy2 column with none of those is `op.add_column(...)`
 *   without its spatial index; any other column stays opaque;
 * - `drop_geospatial_column(table, column, schema=None, **kw)` is `op.drop_column(...)` without
 *   `if_exists`;
 * - `create_geospatial_constraints` / `drop_geospatial_constraints` do nothing on PostgreSQL.
 *
 * The batch forms (`batch_op.add_geospatial_column`, ...) are not modelled.
 */
import { readModuleFile } from '../../../project/pythonModules';
import type { Step } from '../../ops';
import type { Arg, CallArgs } from '../args';
import { findEnvPy } from '../naming/targetMetadata';
import { isSpatialType } from '../sqlalchemy/libraryTypes';
import type { InterpreterState } from '../state';
import { NONE, type Value } from '../values';

type Call = (name: string, args: CallArgs) => Value;

const HELPERS_IMPORT = /^\s*(?:import\s+geoalchemy2\.alembic_helpers\b|from\s+geoalchemy2\.alembic_helpers\s+import\b|from\s+geoalchemy2\s+import\s+(?:\([^)]*|[^\n]*)\balembic_helpers\b)/m;

/** Whether env.py or the migration imports geoalchemy2.alembic_helpers, which registers the operations. */
function registeredHere(state: InterpreterState): boolean {
  const envPy = findEnvPy(state.file);
  const module = envPy ? readModuleFile(envPy) : undefined;
  if (envPy && module) state.dependencies.set(envPy, module.hash);
  return HELPERS_IMPORT.test(state.source) || HELPERS_IMPORT.test(module?.text ?? '');
}

/** The call's arguments with the parameters after the leading `keep` positional ones passed by keyword, as Alembic's own operation takes them. */
function byKeyword(args: CallArgs, keep: number, names: string[]): CallArgs | string {
  const keywords = new Map<string, Arg>(args.keywords);
  for (const [index, arg] of args.positional.slice(keep).entries()) {
    const name = names[index];
    if (name === undefined) return 'too many positional arguments';
    if (keywords.has(name)) return `multiple values for argument '${name}'`;
    keywords.set(name, arg);
  }
  return { ...args, positional: args.positional.slice(0, keep), keywords };
}

function without(args: CallArgs, names: string[]): CallArgs {
  const keywords = new Map<string, Arg>(args.keywords);
  for (const name of names) keywords.delete(name);
  return { ...args, keywords };
}

/**
 * Runs `op.<name>` when it is one of GeoAlchemy2's registered operations: the value, a reason the
 * step stays opaque, or undefined when it is not one here (the caller keeps the plugin reason).
 */
export function geospatialOperation(name: string, args: CallArgs, state: InterpreterState, call: Call): Value | string | undefined {
  if (!name.includes('geospatial') || !registeredHere(state)) return undefined;
  if (args.unknownSplat) return `the arguments of op.${name} are not static: ${args.unknownSplat}`;
  // `dropped`: keywords GeoAlchemy2's operation object keeps and never passes on to Alembic's.
  const forward = (target: string, keep: number, names: string[], dropped: string[]): Value | string => {
    const rearranged = byKeyword(args, keep, names);
    if (typeof rearranged === 'string') return `op.${name}(): ${rearranged}`;
    return call(target, without(rearranged, dropped));
  };
  switch (name) {
    case 'create_geospatial_table':
      return forward('create_table', args.positional.length, [], ['comment', 'info', 'prefixes', 'if_not_exists']);
    case 'drop_geospatial_table':
      return forward('drop_table', 1, ['schema'], ['comment', 'info', 'prefixes']);
    case 'create_geospatial_index':
      return forward('create_index', 3, ['schema', 'unique'], ['if_not_exists']);
    case 'drop_geospatial_index':
      return forward('drop_index', 1, ['table_name', 'column_name', 'schema', 'unique'], ['if_exists', 'column_name', 'unique']);
    case 'drop_geospatial_column':
      return forward('drop_column', 2, ['schema'], ['if_exists']);
    case 'add_geospatial_column':
      return addGeospatialColumn(args, state, call);
    case 'create_geospatial_constraints':
    case 'drop_geospatial_constraints':
      return NONE;
    default:
      return undefined;
  }
}

/** `add_geospatial_column`: `op.add_column` of a bare GeoAlchemy2 column, without the spatial index. */
function addGeospatialColumn(args: CallArgs, state: InterpreterState, call: Call): Value | string {
  const extra = [...args.keywords.keys()].find((keyword) => !['table_name', 'column', 'schema'].includes(keyword));
  if (extra) return `op.add_geospatial_column() got an unexpected keyword argument '${extra}'`;
  const rearranged = byKeyword(args, 2, ['schema']);
  if (typeof rearranged === 'string') return `op.add_geospatial_column(): ${rearranged}`;
  const before = state.pendingSteps.length;
  const result = call('add_column', rearranged);
  const added: Step | undefined = state.pendingSteps.length === before + 1 ? state.pendingSteps[before] : undefined;
  if (added?.kind !== 'operation' || added.operation.kind !== 'addColumn') return result;
  const column = added.operation.column;
  const extras = [
    column.foreignKeys.length > 0 && 'a foreign key',
    column.unique && 'unique=True',
    column.index && 'index=True',
    column.primaryKey && 'primary_key=True',
    column.comment !== undefined && 'a comment',
  ].filter((item): item is string => typeof item === 'string');
  if (!isSpatialType(column.type) || extras.length > 0) {
    state.pendingSteps.splice(before, 1);
    const what = isSpatialType(column.type) ? extras.join(', ') : 'a column that is not a GeoAlchemy2 Geometry or Geography';
    return `op.add_geospatial_column() of ${what}: GeoAlchemy2 adds the bare column only, which the engine does not model`;
  }
  // No spatial index: the column is never put on a table, so GeoAlchemy2's events do not see it.
  column.type = { ...column.type!, kwargs: { ...column.type!.kwargs, spatialIndex: false } };
  return result;
}
