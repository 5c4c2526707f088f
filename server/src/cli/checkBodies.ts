/**
 * The body reading of `check`: for every migration of the checked environments, the problems
 * only its whole text shows (syntax errors below the header, the interpreter's problems), through
 * the core function the language server uses for open files (engine/bodyProblems.ts), so the
 * two report the same codes for the same file.
 *
 * A whole parse and an interpretation cost about a millisecond or two per file, against a few
 * microseconds for a header, so the results are kept in the disk cache by content hash: a run
 * over unchanged files reads and hashes them and parses none.
 */
import type { Problem } from '../common/problem';
import type { Environment, WorkspaceIndex } from '../project/types';
import { engineCache } from '../engine/offline/defaultEngine';
import { newBodyProblems, rawBodyProblems } from '../engine/bodyProblems';
import { interpretMigration } from '../engine/interpret/index';
import { readMigrationText } from '../project/versionFiles';

export function bodyProblemsOf(index: WorkspaceIndex, environments: readonly Environment[], env: NodeJS.ProcessEnv): Problem[] {
  const cache = engineCache<Problem[]>('check', env);
  const found: Problem[] = [];
  for (const environment of environments) {
    for (const [file, migration] of environment.files) {
      const key = `${migration.hash}:${file}`;
      let raw = cache.get(key);
      if (raw === undefined) {
        // Decoded as the index decoded it for the header (BOM, encodings), so ranges agree.
        const text = readMigrationText(file).text;
        if (text === undefined) continue; // unreadable now: the index reports why
        raw = rawBodyProblems(file, text, migration.header.parsedWholeFile, (path, source) => interpretMigration(path, source).problems);
        cache.set(key, raw);
      }
      for (const problem of newBodyProblems(raw, index.problemsFor(file))) found.push(problem);
    }
  }
  cache.flush();
  return found;
}
