/**
 * The `-x` arguments of the command being run, as Alembic's `context.get_x_argument()` returns
 * them: the CLI sets them from its `-x` options; the language server runs as `alembic` would
 * without any, so a migration sees an empty list (or dictionary), as it does under a plain
 * `alembic upgrade`. A result computed from them records the pseudo-dependency below, so a cached
 * one is computed again when they change. Plain values only: no VS Code, no I/O.
 */
import { contentHash } from './contentHash';

let current: readonly string[] = [];

export function setXArguments(values: readonly string[]): void {
  current = [...values];
}

export function xArguments(): readonly string[] {
  return current;
}

const DEPENDENCY_PATH = 'x-arguments:';

/** The dependency a result read from the `-x` arguments records: [path, hash of the values now]. */
export function xArgumentsDependency(): [string, string] {
  return [DEPENDENCY_PATH, contentHash(JSON.stringify(current))];
}

/** For a dependency path: its hash now, or undefined when it is not the `-x` arguments' path. */
export function xArgumentsDependencyHash(path: string): string | undefined {
  return path === DEPENDENCY_PATH ? xArgumentsDependency()[1] : undefined;
}
