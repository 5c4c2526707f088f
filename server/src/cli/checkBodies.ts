/**
 * The body reading of `check`: for every migration of the checked environments, the problems
 * only its whole text shows (syntax errors below the header, the interpreter's problems), through
 * the core function the language server uses for open files (engine/bodyProblems.ts), so the
 * two report the same codes for the same file.
 *
 * A whole parse and an interpretation cost a millisecond or two per file, against a few
 * microseconds for a header, so the results are kept in the disk cache by content hash: a run
 * over unchanged files reads and hashes them and parses none. A file missing from the cache is
 * read once for both its body problems and the safety lint's reading (lint/check/fileReading.ts),
 * on worker threads when there are many (a cold run over a large history).
 */
import type { Problem } from '../common/problem';
import { withStableFiles } from '../common/stableFiles';
import { contentHash } from '../common/contentHash';
import type { ContentCache } from '../engine/cache/contentCache';
import { engineCache } from '../engine/offline/defaultEngine';
import { startDependencyLog } from '../engine/interpret/dependencyLog';
import { dependenciesUnchanged } from '../project/pythonModules';
import { newBodyProblems } from '../engine/bodyProblems';
import { readTextsForCheck, type FileReading, type FileToRead } from '../lint/check/fileReading';
import { readMigrationText } from '../project/versionFiles';
import { readInWorkers, type EarlyReaders } from '../lint/check/readingPool';
import { mostlyTemplateLayout } from '../lint/check/fastReading/sample';
import type { MigrationReading } from '../lint/run';
import { loadSqlParser } from '../lint/sql/parser';
import type { Environment, MigrationFile, WorkspaceIndex } from '../project/types';
import { lintReadingKey } from './checkLint';

export async function bodyProblemsOf(
  index: WorkspaceIndex,
  environments: readonly Environment[],
  env: NodeJS.ProcessEnv,
  /** The lint's reading cache, filled from the same reading of each file; undefined: no lint. */
  lintReadings?: ContentCache<MigrationReading>,
  /** Reading workers started while the index was built; used if the reading needs workers, else ended. */
  early?: EarlyReaders,
  /** The lint that runs while the files are read (checkLint.ts); undefined: none. */
  lint?: ReadingFollower,
  /** Texts the index read, by file: a file found here is not read from the disk again (taken out once read). */
  indexTexts?: Map<string, string>,
): Promise<Problem[]> {
  const cache = engineCache<Problem[]>('check', env);
  // What the kept results rest on besides each file's text (env.py, models, modules found missing):
  // while any of it differs, no kept result is trusted and every file is read again.
  const manifests = engineCache<[string, string][]>('dependencies', env);
  const manifestKey = environments.map((environment) => environment.config.id).sort().join('\n');
  const manifest = manifests.get(manifestKey);
  const trusted = manifest !== undefined && dependenciesUnchanged(manifest.map(([path, hash]) => ({ path, hash })));
  const log = startDependencyLog();
  const missing = new Map<string, FileToRead>();
  // With neither cache on disk (caching off, or a first run) nothing can be found in them: every
  // file is read, and a file's hash, not known yet, is taken from the text its reading was made
  // from instead of a read and hash of its own (a serial pass over every file before the reading).
  const nothingKept = !trusted || (!cache.hasPack() && (lintReadings === undefined || !lintReadings.hasPack()));
  const migrationsOf = new Map<string, MigrationFile[]>();
  for (const environment of environments) {
    for (const [file, migration] of environment.files) {
      if (nothingKept) {
        missing.set(file, { file, parsedWholeFile: migration.header.parsedWholeFile });
        const known = migrationsOf.get(file);
        if (known) known.push(migration);
        else migrationsOf.set(file, [migration]);
        continue;
      }
      // The index's hash is the content hash of the decoded text, the key part both caches use;
      // taken from the text the index read when it kept it (not a second read of the file).
      const known = migration.hashIfKnown?.() === undefined ? indexTexts?.get(file) : undefined;
      if (known !== undefined) migration.adoptHash?.(contentHash(known));
      const lintMissing = lintReadings !== undefined && lintReadings.get(lintReadingKey(migration.hash, file)) === undefined;
      if (cache.get(bodyKey(migration.hash, file)) === undefined || lintMissing) missing.set(file, { file, parsedWholeFile: migration.header.parsedWholeFile });
    }
  }
  if (missing.size > 0) {
    // A reading made without the SQL parser is not kept (it would say "not checked" forever).
    await loadSqlParser();
    const targets = inLintOrder([...missing.values()], lint?.order());
    lint?.willRead(targets.map((target) => target.file));
    // Each result is kept as it arrives, so the lint can replay the history while the rest is read.
    const arrived = (_at: number, reading: FileReading | undefined): void => {
      if (!reading) return;
      for (const migration of migrationsOf.get(reading.file) ?? []) migration.adoptHash?.(reading.textHash);
      store(reading, cache, lintReadings);
      lint?.arrived(reading.file, reading.text);
    };
    const hooks = { arrived, between: () => lint?.advance() };
    // A history in autogenerate's layout is read from templates, on the main thread alone.
    const mainThreadOnly = mostlyTemplateLayout(targets) && env.ALEMBIC_LENS_WORKERS === undefined;
    if (mainThreadOnly) early?.stop();
    const inWorkers = mainThreadOnly ? undefined : await readInWorkers(targets, env, early, hooks);
    // Workers read the files themselves.
    if (inWorkers) indexTexts?.clear();
    // On this thread alone (fileReading.ts sets aside files stopped by first sightings).
    if (!inWorkers) withStableFiles(() => readTextsForCheck(targets, (target) => textFor(target, indexTexts), arrived));
  } else early?.stop();
  const found: Problem[] = [];
  for (const environment of environments) {
    for (const [file, migration] of environment.files) {
      const raw = cache.get(bodyKey(migration.hash, file));
      // undefined: unreadable now (the index reports why); most files have no body problem at all.
      if (raw === undefined || raw.length === 0) continue;
      for (const problem of newBodyProblems(raw, index.problemsFor(file))) found.push(problem);
    }
  }
  cache.flush();
  const read = log.stop();
  if (!trusted || read.size > 0) {
    const merged = new Map(trusted ? manifest : []);
    for (const [path, hash] of read) merged.set(path, hash);
    manifests.set(manifestKey, [...merged]);
    manifests.flush();
  }
  return found;
}

/**
 * What follows the reading (the lint, checkLint.ts): the files in the order it needs them, told
 * which will be read and when each has arrived, and given the main thread between batches.
 */
export interface ReadingFollower {
  order(): readonly string[];
  willRead(files: readonly string[]): void;
  arrived(file: string, text: string): void;
  advance(): void;
}

/** The targets in the lint's order (the history, base first), the ones it does not name after them. */
function inLintOrder(targets: FileToRead[], order: readonly string[] | undefined): FileToRead[] {
  if (!order) return targets;
  const byFile = new Map(targets.map((target) => [target.file, target]));
  const ordered: FileToRead[] = [];
  for (const file of order) {
    const target = byFile.get(file);
    if (target === undefined) continue;
    ordered.push(target);
    byFile.delete(file);
  }
  for (const target of byFile.values()) ordered.push(target);
  return ordered;
}

/** The text the index read (taken out: read once), else the file read now; undefined when unreadable (the index reports why). */
function textFor(target: FileToRead, indexTexts: Map<string, string> | undefined): string | undefined {
  const text = indexTexts?.get(target.file);
  if (text === undefined) return readMigrationText(target.file).text;
  indexTexts!.delete(target.file);
  return text;
}

function bodyKey(hash: string, file: string): string {
  return `${hash}:${file}`;
}

function store(reading: FileReading, cache: ContentCache<Problem[]>, lintReadings: ContentCache<MigrationReading> | undefined): void {
  cache.set(bodyKey(reading.textHash, reading.file), reading.body);
  if (lintReadings && reading.reading) lintReadings.set(lintReadingKey(reading.textHash, reading.file), reading.reading);
}
