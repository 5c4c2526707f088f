/**
 * `__name__` in a migration: Alembic loads each migration file as a module whose name is the file
 * name with every non-word character replaced by `_` (`005_add_tables.py` →
 * `005_add_tables_py`), and ckan's helpers read the revision number from it. In the project's
 * other modules `__name__` depends on how they were imported, so it stays unknown there.
 */
import * as nodePath from 'node:path';
import type { InterpreterState } from './state';
import { str, type Value } from './values';

const migrations = new WeakSet<InterpreterState>();

/** Marks the state of the migration file being interpreted (not a workspace module's). */
export function markMigration(state: InterpreterState): void {
  migrations.add(state);
}

/** The module name Alembic gives the migration, or undefined for other modules. */
export function moduleNameOf(state: InterpreterState): Value | undefined {
  if (!migrations.has(state)) return undefined;
  return str(nodePath.basename(state.file).replace(/[^\p{L}\p{N}_]/gu, '_'));
}
