/**
 * Loads one environment for the engine (offline `--sql` and online runs alike): the config, the
 * revision records cached by file content (a warm run over 5,000 files parses none of them), and
 * the graph, built on first use. On a cold cache with many files, headers are read and migrations
 * compiled on worker threads first. Failures are EnvironmentLoadErrors that front ends turn into
 * their own messages and exit codes.
 */
import * as path from 'node:path';
import type { Problem } from '../../common/problem';
import type { RevisionInput } from '../../graph/types';
import { buildRevisionMap, type RevisionMap } from '../../graph/revisionMap';
import { contentHash } from '../../common/contentHash';
import { lookupRevisionInputs, rememberRevisionInput } from '../cache/revisionInputCache';
import { revisionInputFromHeader, withUnloadableMark } from '../offline/revisionInput';
import { buildEnvironmentFromConfig } from '../../project/singleEnvironment';
import { compileInWorkers } from '../offline/workerPool';
import { defaultCompiler, engineCache } from '../offline/defaultEngine';
import { loadEnvironmentFromConfig } from '../../project/environment';
import { listVersionFiles, readMigrationText } from '../../project/versionFiles';
import { readMigrationHeader } from '../../python/header';
import type { EnvironmentConfig } from '../../project/types';
import type { OfflineEnvironment } from '../offline/offlineSql';

export interface LoadedEngineEnvironment extends OfflineEnvironment {
  config: EnvironmentConfig;
  /**
   * Why migration files were left out (unreadable, a named pipe, NUL bytes, too large): a plan
   * without them would be wrong, so front ends refuse to run or print one.
   */
  fileProblems: Problem[];
}

/**
 * `config`: the configuration could not be used (the problems say where); `missing-revision`: a
 * migration file declares no revision id (Alembic refuses to start; `message` is its wording).
 */
export class EnvironmentLoadError extends Error {
  constructor(
    readonly kind: 'config' | 'missing-revision',
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'EnvironmentLoadError';
  }
}

export async function loadEngineEnvironment(
  configPath: string,
  section: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<LoadedEngineEnvironment> {
  const loaded = loadEnvironmentFromConfig(configPath, section);
  const configErrors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.config || configErrors.length > 0) {
    const problems = configErrors.length > 0 ? configErrors : loaded.problems;
    throw new EnvironmentLoadError('config', `${configPath}: no usable Alembic configuration`, problems);
  }
  const config = loaded.config;
  const cache = engineCache<RevisionInput | null>('revisions', env);
  const listing = listVersionFiles(config);
  const records = lookupRevisionInputs(
    listing.files.map((file) => file.path),
    cache,
  );
  const misses = records.filter((record) => record.hash && record.input === undefined);
  const fromWorkers = misses.length > 0 ? await compileInWorkers(misses.map((record) => record.path), true) : undefined;
  const compiler = defaultCompiler();
  const computed = new Map((fromWorkers ?? []).map((result) => [result.path, result]));
  for (const record of misses) {
    const result = computed.get(record.path);
    if (result && result.hash === record.hash) {
      record.input = result.input;
      if (result.compiled) compiler.remember(record.path, record.hash, result.compiled);
    } else {
      const outcome = readMigrationText(record.path);
      if (outcome.text === undefined) continue;
      record.input = withUnloadableMark(revisionInputFromHeader(readMigrationHeader(record.path, outcome.text)), outcome.problems) ?? null;
    }
    rememberRevisionInput(cache, record);
  }
  cache.flush();
  const inputs: RevisionInput[] = [];
  const fileProblems = listing.problems.filter((problem) => problem.code === 'file-unreadable');
  for (const record of records) {
    if (record.input === undefined) {
      // Rare (a bad file), so it is read once more for the reason.
      fileProblems.push(...readMigrationText(record.path).problems.filter((problem) => problem.severity !== 'information'));
      continue;
    }
    if (!record.input) {
      throw new EnvironmentLoadError(
        'missing-revision',
        `Could not determine revision id from filename ${path.basename(record.path)}. Be sure the 'revision' variable ` +
          "is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
      );
    }
    if (record.input.unloadable) fileProblems.push(record.input.unloadable);
    inputs.push(record.input);
  }
  // Built on first use only: a cached plan needs no graph (see offlineSql's plan cache). Records
  // that name constants imported from the project's modules are completed by the index, which
  // resolves them in the workspace (the cached records hold literal values only).
  let graph: RevisionMap | undefined;
  const needsIndex = inputs.some((input) => input.hasUnresolvedReferences);
  return {
    config,
    get graph() {
      graph ??= needsIndex ? (buildEnvironmentFromConfig(configPath, section, { env }).environment?.graph ?? buildRevisionMap(inputs)) : buildRevisionMap(inputs);
      return graph;
    },
    fileProblems,
    files: new Map(records.map((record) => [record.path, { hash: record.hash }])),
    fingerprint: contentHash(records.map((record) => `${record.path}\0${record.hash}`).join('\n')),
  };
}
