/**
 * `op.get_context().config.get_main_option(name, default)` and `context.config...`: the value the
 * migration's alembic.ini gives (project/migrationConfig.ts), as `alembic` run with that file
 * would read it. The ini and env.py become dependencies of the interpretation, so a cached result
 * is rebuilt when either changes. When no ini can be tied to the migration, or env.py sets the
 * option (or options of computed names) at run time, the value stays opaque with that reason.
 *
 * A helper from another module asks on behalf of the migration that called it: the configuration
 * is the migration's, not the one above the helper's file.
 */
import { getIniValue, hasSection, rawEntry } from '../../project/ini';
import { configOfMigration, writtenAtRunTime } from '../../project/migrationConfig';
import type { CallArgs } from './args';
import type { InterpreterState } from './state';
import { NONE, opaque, str, type Value } from './values';

/** For a helper's module state during a call: the migration the call came from. */
const askingMigration = new WeakMap<InterpreterState, string>();

export function migrationFileOf(state: InterpreterState): string {
  return askingMigration.get(state) ?? state.file;
}

/** Runs `call` with `home` answering configuration questions for `migrationFile`. */
export function onBehalfOf<T>(home: InterpreterState, migrationFile: string, call: () => T): T {
  const saved = askingMigration.get(home);
  askingMigration.set(home, migrationFile);
  try {
    return call();
  } finally {
    if (saved === undefined) askingMigration.delete(home);
    else askingMigration.set(home, saved);
  }
}

/** A method of the Alembic `Config` object; opaque for the ones the engine does not model. */
export function configMethod(name: string, args: CallArgs, state: InterpreterState, text: string): Value {
  const literal = (index: number, keyword: string): Value | undefined => args.keywords.get(keyword)?.value ?? args.positional[index]?.value;
  let section: Value | undefined;
  let key: Value | undefined;
  let fallback: Value | undefined;
  if (name === 'get_main_option') {
    key = literal(0, 'name');
    fallback = literal(1, 'default');
  } else if (name === 'get_section_option') {
    section = literal(0, 'section');
    key = literal(1, 'name');
    fallback = literal(2, 'default');
  } else {
    return opaque(`depends on the Alembic configuration (${text})`);
  }
  if (key?.kind !== 'str' || (section !== undefined && section.kind !== 'str')) return opaque(`depends on the Alembic configuration (${text} of a name known only at run time)`);
  const config = configOfMigration(migrationFileOf(state));
  for (const dependency of config.dependencies) state.dependencies.set(dependency.path, dependency.hash);
  if (config.kind === 'unknown') return opaque(`depends on the Alembic configuration (${text}): ${config.reason}`);
  const sectionName = section?.kind === 'str' ? section.value : config.section;
  // Alembic raises for a section the file lacks, and for a value whose interpolation fails.
  if (writtenAtRunTime(config, sectionName, key.value)) return opaque(`depends on the Alembic configuration (${text}): env.py sets ${key.value} at run time`);
  if (!hasSection(config.ini, sectionName)) return opaque(`depends on the Alembic configuration (${text}): alembic.ini has no [${sectionName}] section`);
  const found = getIniValue(config.ini, sectionName, key.value);
  if (!found && rawEntry(config.ini, sectionName, key.value)) return opaque(`depends on the Alembic configuration (${text}): the value cannot be interpolated`);
  return found ? str(found.value) : (fallback ?? NONE);
}
