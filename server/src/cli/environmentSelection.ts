/**
 * Which environments `check` and `coverage` look at. They search a folder (PATH, default the
 * current one) for every Alembic environment; the global `-c CONFIG` and `-n NAME` narrow that
 * search as they narrow every other command (one config file, one ini section). A global option
 * that was given is never ignored: `-c` together with PATH is ambiguous and is refused (exit 2),
 * and `-n` naming a section that holds no environment is an error, not an empty success.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Environment, WorkspaceIndex } from '../project/types';
import { CommandFailure, type CliContext } from './types';

export interface Selection {
  /** The folder the index is built over. */
  root: string;
  /** Only the environments of this config file (PATH naming a file, or `-c`). */
  configFile?: string;
  /** Only the environments of this ini section (`-n`). */
  section?: string;
  /** What was asked for, for messages. */
  described: string;
}

export function selectTarget(context: CliContext, positional: string | undefined, command: string): Selection {
  const { global } = context;
  if (global.configGiven && positional !== undefined) {
    throw new CommandFailure(`${command}: give either PATH or the global -c CONFIG, not both (-c ${global.configPath}, PATH ${positional})`, 2);
  }
  const target = global.configGiven ? global.configPath : nodePath.resolve(context.cwd, positional ?? '.');
  let isFile: boolean;
  try {
    isFile = fs.statSync(target).isFile();
  } catch {
    throw new CommandFailure(global.configGiven ? `config file ${target} does not exist; check the -c option` : `PATH does not exist: ${target}`, 2);
  }
  return {
    root: isFile ? nodePath.dirname(target) : target,
    configFile: isFile ? target : undefined,
    section: global.sectionGiven ? global.section : undefined,
    described: global.sectionGiven ? `${target} [${global.section}]` : target,
  };
}

/** The index's environments that the selection names. */
export function selectedEnvironments(index: WorkspaceIndex, selection: Selection): Environment[] {
  return index.environments.filter(
    (environment) =>
      (!selection.configFile || environment.config.configFile === selection.configFile) &&
      (!selection.section || environment.config.name === selection.section),
  );
}

/** `-n` that matched nothing: the user named a section we did not find, so say so (exit 2). */
export function requireSection(selection: Selection, found: readonly Environment[], command: string): void {
  if (selection.section && found.length === 0) {
    throw new CommandFailure(`${command}: no Alembic environment in section [${selection.section}] under ${selection.configFile ?? selection.root}; check the -n option`, 2);
  }
}
