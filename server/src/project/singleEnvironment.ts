/**
 * One environment read straight from its config file, for the CLI (`alembic-lens -c alembic.ini
 * -n name heads`): the same reading as the workspace index (imported constants resolved,
 * file-name parents and docstring drift detected, graph issues at exact ranges), without
 * discovery; unchanged files' headers come from the persistent index cache (indexCache/).
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { Environment } from './types';
import { configFilePaths, loadEnvironmentFromConfig } from './environment';
import { EnvironmentState, type FileSource } from './environmentState';
import { listVersionFiles, readMigrationText } from './versionFiles';
import { ConstantResolver, readFileIfExists } from './references';
import { withReadAhead } from './readAhead';
import { IndexCache } from './indexCache/indexCache';

/**
 * Everything the environment's graph was computed from, when that is known exactly: the migration
 * files and the other paths whose presence or content decided the answer (config files, present
 * or not, the script folder, env.py, the versions folders).
 */
export interface EnvironmentInputs {
  paths: string[];
}

export interface LoadedEnvironmentIndex {
  /** Undefined when the configuration is unusable (see `problems`). */
  environment?: Environment;
  /** Config problems when there is no environment; otherwise every problem of the environment. */
  problems: Problem[];
  /**
   * Set when every migration file was cacheable (its facts depend on its own text alone) and no
   * folder was found by a package search: then these inputs are all the answer depends on.
   */
  inputs?: EnvironmentInputs;
}

export interface BuildOptions {
  /** Use the persistent header cache (indexCache/); `--no-cache` turns it off. Default true. */
  cache?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function buildEnvironmentFromConfig(configPath: string, section?: string, options: BuildOptions = {}): LoadedEnvironmentIndex {
  const loaded = loadEnvironmentFromConfig(configPath, section);
  if (!loaded.config) return { problems: loaded.problems };
  const configDir = nodePath.dirname(nodePath.resolve(configPath));
  const resolver = new ConstantResolver(() => [configDir], readFileIfExists);
  const direct: FileSource = { read: readMigrationText, isOverlay: () => false };
  const environment = new EnvironmentState(loaded.config, loaded.problems, [], resolver);
  const listing = listVersionFiles(loaded.config);
  const cache = options.cache === false ? undefined : IndexCache.open(loaded.config.versionLocations, { env: options.env });
  const paths = listing.files.map((file) => file.path);
  // Only the files the cache cannot vouch for are read (ahead, on another thread, when many).
  const toRead = cache ? cache.prepare(paths) : paths;
  const source = cache ? cache.source(direct) : direct;
  withReadAhead(source, toRead, (reading) => environment.setListing(listing.files, listing.problems, reading));
  const allCacheable = cache?.allCacheable(paths) === true;
  cache?.flush();
  environment.rebuild();
  const config = loaded.config;
  const configFiles = configFilePaths(configPath);
  const inputs: EnvironmentInputs | undefined =
    allCacheable && !config.foundThroughPackage
      ? { paths: [configFiles.iniPath, configFiles.tomlPath, config.scriptLocation, nodePath.join(config.scriptLocation, 'env.py'), ...config.versionLocations, ...listing.folders, ...paths] }
      : undefined;
  return { environment, problems: environment.problems, inputs };
}

