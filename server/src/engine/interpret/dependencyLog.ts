/**
 * Every workspace module (and absent path, and environment variable) the interpretations of a
 * stretch of work read, with the hash each had: `check` keeps body problems and lint readings by
 * each file's content alone, so it records what they rested on beside them and trusts them again
 * only while all of it is unchanged (an env.py or a models module edited, a module created where
 * one was missing). Templates and general readings both come through interpretMigration, which
 * logs here while a log is open; worker threads send theirs with their batches.
 */
import type { ModuleDependency } from '../../project/pythonModules';

let open: Map<string, string> | undefined;

/** Starts logging on this thread; returns what was logged when `stop` is called. */
export function startDependencyLog(): { stop(): Map<string, string> } {
  const log = new Map<string, string>();
  const previous = open;
  open = log;
  return {
    stop: () => {
      open = previous;
      if (previous) for (const [path, hash] of log) previous.set(path, hash);
      return log;
    },
  };
}

export function logDependencies(dependencies: readonly ModuleDependency[] | Iterable<[string, string]>): void {
  if (!open) return;
  for (const entry of dependencies) {
    if (Array.isArray(entry)) open.set(entry[0], entry[1]);
    else open.set((entry as ModuleDependency).path, (entry as ModuleDependency).hash);
  }
}
