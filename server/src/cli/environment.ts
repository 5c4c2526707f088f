/**
 * Loads the environment a CLI command works on through the index's single-environment reader
 * (project/singleEnvironment.ts: config, migration files, imported constants, graph), and turns
 * what makes Alembic refuse to start into CommandFailures: config errors (exit 2, with file and
 * line) and a migration file without a revision id (exit 1, Alembic's message).
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { buildEnvironmentFromConfig } from '../project/singleEnvironment';
import { CommandFailure, type GlobalOptions, type LoadedCliEnvironment } from './types';

export function formatProblem(problem: Problem, cwd: string): string {
  const file = problem.file ? shownPath(problem.file, cwd) : '';
  const where = file ? `${file}:${problem.range.start.line + 1}: ` : '';
  return `${where}${problem.message}`;
}

/** A path relative to `cwd` when it lies inside it, else as given (`/dev/null`, not `../../dev/null`). */
export function shownPath(file: string, cwd: string): string {
  const relative = nodePath.relative(cwd, file);
  return relative === '' || relative === '..' || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative) ? file : relative;
}

/**
 * The exit-2 failure for a configuration the CLI cannot use. A config file that cannot be read
 * is most often the wrong folder or a wrong -c: the message says how to point at the right one.
 */
export function configFailure(problems: readonly Problem[], global: GlobalOptions, cwd: string): CommandFailure {
  const errors = problems.filter((p) => p.severity === 'error');
  const messages = (errors.length > 0 ? errors : problems).map((p) =>
    p.code === 'config-unreadable'
      ? `${p.message} Run alembic-lens in the folder that holds alembic.ini, or pass -c PATH (or set ALEMBIC_CONFIG).`
      : formatProblem(p, cwd),
  );
  if (messages.length === 0) messages.push(`${global.configPath}: no usable Alembic configuration`);
  return new CommandFailure(messages.join('\n'), 2);
}

export function loadCliEnvironment(global: GlobalOptions, cwd: string, env: NodeJS.ProcessEnv = process.env): LoadedCliEnvironment {
  // The index cache follows the same variables as the engine's (ALEMBIC_LENS_CACHE[_DIR], XDG_CACHE_HOME).
  const loaded = buildEnvironmentFromConfig(global.configPath, global.sectionGiven ? global.section : undefined, { cache: global.noCache !== true, env });
  const environment = loaded.environment;
  if (!environment) throw configFailure(loaded.problems, global, cwd);
  // sqlalchemy.url is read by env.py alone: Alembic's graph commands never interpolate it.
  const configErrors = loaded.problems.filter((p) => p.severity === 'error' && p.file === environment.config.configFile && !isUrlInterpolation(p));
  if (configErrors.length > 0) throw configFailure(configErrors, global, cwd);
  const noRevision = loaded.problems.find((p) => p.code === 'missing-revision');
  if (noRevision) {
    // Alembic's own refusal (script/base.py), so the CLI fails the same way.
    throw new CommandFailure(
      `Could not determine revision id from filename ${nodePath.basename(noRevision.file)}. Be sure the 'revision' variable ` +
        "is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
      1,
    );
  }
  return { config: environment.config, graph: environment.graph, problems: [...loaded.problems], inputs: loaded.inputs };
}

function isUrlInterpolation(problem: Problem): boolean {
  const key = (problem.data as { key?: unknown } | undefined)?.key;
  return problem.code === 'config-interpolation-error' && typeof key === 'string' && key.toLowerCase() === 'sqlalchemy.url';
}
