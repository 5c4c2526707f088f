/**
 * Environment variables as a migration (or its env.py) reads them: the engine takes the
 * environment of its own process, which is what `alembic` run from the same shell sees (the CLI),
 * or the editor's environment (the language server). A result computed from one is recorded as
 * depending on it, under the pseudo-path `env:NAME`, so a cached result is computed again when the
 * variable changes, as a file dependency is when the file changes.
 */
import { contentHash } from '../common/contentHash';

const PREFIX = 'env:';

/** The dependency path standing for the variable `name`. */
export function environmentDependencyPath(name: string): string {
  return PREFIX + name;
}

/** The variable's value, or undefined when it is not set. */
export function environmentValue(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(process.env, name) ? process.env[name] : undefined;
}

/** For a dependency path: the hash of the variable's current value (`absent` when unset), or undefined when the path is a file's. */
export function environmentDependencyHash(path: string, absent: string): string | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const value = environmentValue(path.slice(PREFIX.length));
  return value === undefined ? absent : contentHash(value);
}
