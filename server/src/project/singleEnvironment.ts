/**
 * One environment read straight from its config file, for the CLI (`alembic-lens -c alembic.ini
 * -n name heads`): the same reading as the workspace index (imported constants resolved,
 * file-name parents and docstring drift detected, graph issues at exact ranges), without
 * discovery or caching.
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { Environment } from './types';
import { loadEnvironmentFromConfig } from './environment';
import { EnvironmentState, type FileSource } from './environmentState';
import { listVersionFiles, readMigrationText } from './versionFiles';
import { ConstantResolver, readFileIfExists } from './references';
import { withReadAhead } from './readAhead';

export interface LoadedEnvironmentIndex {
  /** Undefined when the configuration is unusable (see `problems`). */
  environment?: Environment;
  /** Config problems when there is no environment; otherwise every problem of the environment. */
  problems: Problem[];
}

export function buildEnvironmentFromConfig(configPath: string, section?: string): LoadedEnvironmentIndex {
  const loaded = loadEnvironmentFromConfig(configPath, section);
  if (!loaded.config) return { problems: loaded.problems };
  const configDir = nodePath.dirname(nodePath.resolve(configPath));
  const resolver = new ConstantResolver(() => [configDir], readFileIfExists);
  const source: FileSource = { read: readMigrationText, isOverlay: () => false };
  const environment = new EnvironmentState(loaded.config, loaded.problems, [], resolver);
  const listing = listVersionFiles(loaded.config);
  withReadAhead(source, listing.files.map((file) => file.path), (reading) => environment.setListing(listing.files, listing.problems, reading));
  environment.rebuild();
  return { environment, problems: environment.problems };
}
