/**
 * The engine's environment loader (engine/environment/) with its failures turned into the CLI's:
 * a configuration it cannot use exits 2 with file and line, a migration without a revision id
 * exits 1 with Alembic's message. Shared by the `--sql` commands and the online ones.
 */
import { EnvironmentLoadError, loadEngineEnvironment, type LoadedEngineEnvironment } from '../../engine/environment/loadEnvironment';
import { formatProblem } from '../environment';
import { CommandFailure, type CliContext } from '../types';

export async function loadEnvironmentForCli(context: CliContext): Promise<LoadedEngineEnvironment> {
  const { global, cwd } = context;
  try {
    return await loadEngineEnvironment(global.configPath, global.sectionGiven ? global.section : undefined, context.env as NodeJS.ProcessEnv);
  } catch (error) {
    if (!(error instanceof EnvironmentLoadError)) throw error;
    if (error.kind === 'missing-revision') throw new CommandFailure(error.message, 1);
    const messages = error.problems.map((problem) => formatProblem(problem, cwd));
    throw new CommandFailure((messages.length > 0 ? messages : [error.message]).join('\n'), 2);
  }
}
