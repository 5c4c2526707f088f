/**
 * The engine's environment loader (engine/environment/) with its failures turned into the CLI's:
 * a configuration it cannot use exits 2 with file and line, a migration without a revision id
 * exits 1 with Alembic's message, and so does an env.py Alembic cannot load (envPyPresence.ts).
 * Shared by the `--sql` commands and the online ones.
 */
import { EnvironmentLoadError, loadEngineEnvironment, type LoadedEngineEnvironment } from '../../engine/environment/loadEnvironment';
import { configFailure } from '../environment';
import { badFileWarning } from '../badFiles';
import { CommandFailure, type CliContext } from '../types';
import { envPyUnloadable } from './envPyPresence';

export async function loadEnvironmentForCli(context: CliContext): Promise<LoadedEngineEnvironment> {
  const { global, cwd } = context;
  try {
    const environment = await loadEngineEnvironment(global.configPath, global.sectionGiven ? global.section : undefined, context.env as NodeJS.ProcessEnv);
    // A plan without a migration that could not be read would be wrong SQL (or a wrong run).
    if (environment.fileProblems.length > 0) {
      for (const problem of environment.fileProblems) context.stderr(badFileWarning(problem, cwd));
      throw new CommandFailure(`${environment.fileProblems.length} migration file(s) could not be read; Alembic cannot load this history either. Fix them and run again.`, 1);
    }
    // Alembic loads env.py before anything else, and stops without it: no SQL, no plan.
    const unloadable = envPyUnloadable(environment.config.scriptLocation);
    if (unloadable !== undefined) throw new CommandFailure(unloadable, 1);
    return environment;
  } catch (error) {
    if (!(error instanceof EnvironmentLoadError)) throw error;
    if (error.kind === 'missing-revision') throw new CommandFailure(error.message, 1);
    throw configFailure(error.problems, global, cwd);
  }
}
