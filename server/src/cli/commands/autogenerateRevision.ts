/**
 * `revision --autogenerate -m MSG --python PATH [--url URL | --connection NAME | --sandbox PATH]`:
 * the request is checked like a plain `revision` (empty slug, unknown head, existing id: exit 2,
 * nothing run), then the real Alembic compares the application's models with the database
 * (project/authoring/alembicAutogenerate.ts). The database is the one named, else the one the
 * project configures, else an embedded one; an embedded database is upgraded to head first,
 * since Alembic only autogenerates against an up-to-date database.
 */
import path from 'node:path';
import { DatabaseError, redactSecrets } from '../../database/errors';
import { urlVariableOfEnvPy } from '../../database/envPyUrl';
import { runOnline } from '../../engine/online/runOnline';
import { runAutogenerate, urlOfSettings } from '../../project/authoring/alembicAutogenerate';
import { AuthoringError, planNewRevision } from '../../project/authoring/newRevision';
import { newRevisionId } from '../../project/authoring/revisionId';
import { FLASK_MIGRATE_CODE, flaskMigrateRefusal } from '../../project/flaskMigrate';
import { chooseTarget, type ChosenTarget } from '../online/runOnlineCommand';
import { loadEnvironmentForCli } from '../online/loadForCli';
import { openTemporarySandbox } from '../online/temporarySandbox';
import { CommandFailure, type CliContext, type ParsedArgs } from '../types';
import { requireUsableGraph } from './graphGuard';

const NO_PYTHON =
  'autogenerate runs the real Alembic, which imports your env.py and models: pass --python PATH, a Python with Alembic and your application installed (e.g. .venv/bin/python)';

export function withCode(message: string, code: string): string {
  return `${message}\nerror code: ${code} (docs/rules/${code}.md)`;
}

/** The database: as named; else the project's own (env.py, config); else a fresh embedded one. */
async function databaseFor(context: CliContext, args: ParsedArgs, envPy: string, configUrl: string | undefined): Promise<ChosenTarget> {
  try {
    return await chooseTarget(context, args, envPy, configUrl);
  } catch (error) {
    const nothingNamed = args.values.url === undefined && args.values.connection === undefined && args.values.sandbox === undefined;
    if (nothingNamed && error instanceof DatabaseError && error.errorCode === 'database-url-not-found') {
      context.stderr('alembic-lens: no database configured: autogenerating against an embedded PostgreSQL upgraded to head\n');
      const sandbox = await openTemporarySandbox();
      return { target: sandbox.target, sandbox };
    }
    if (error instanceof DatabaseError) throw new CommandFailure(withCode(error.message, error.errorCode), 2);
    throw error;
  }
}

export async function autogenerateRevision(context: CliContext, args: ParsedArgs): Promise<number> {
  const python = args.values.python;
  if (!python) throw new CommandFailure(withCode(NO_PYTHON, 'autogenerate-no-python'), 2);
  const environment = await loadEnvironmentForCli(context);
  requireUsableGraph(context, environment.graph);
  if (environment.config.flaskMigrate) throw new CommandFailure(withCode(flaskMigrateRefusal('revision --autogenerate', `flask db migrate -m "${args.values.message}"`), FLASK_MIGRATE_CODE), 2);
  const revisionId = args.values.revId ?? newRevisionId();
  const head = args.values.head;
  try {
    // Refuse what Alembic would refuse (or write and then fail to load) before anything runs.
    planNewRevision(environment.config, environment.graph, {
      message: args.values.message,
      heads: head === undefined ? undefined : [head],
      splice: args.flags.splice === true,
      branchLabel: args.values.branchLabel,
      versionPath: args.values.versionPath,
      revisionId,
      dependsOn: args.lists.dependsOn,
      cwd: context.cwd,
    });
  } catch (error) {
    // The template is Alembic's business here: it renders the file itself.
    if (!(error instanceof AuthoringError) || error.code !== 'revision-template-failed') {
      if (error instanceof AuthoringError) throw new CommandFailure(error.alembicFails ? error.message : withCode(error.message, error.code), error.alembicFails ? 1 : 2);
      throw error;
    }
  }

  const chosen = await databaseFor(context, args, path.join(environment.config.scriptLocation, 'env.py'), environment.config.sqlalchemyUrl);
  const secrets = chosen.target.secrets;
  const err = (text: string) => context.stderr(redactSecrets(text, secrets));
  try {
    let databaseUrl = chosen.found?.url;
    if (chosen.sandbox) {
      const upgraded = await runOnline({
        environment: { ...environment, configFile: context.global.configPath, section: context.global.sectionGiven ? context.global.section : undefined },
        target: chosen.target,
        command: 'upgrade',
        targets: ['heads'],
        lockWaitMs: 60000,
        cwd: context.cwd,
        env: context.env as NodeJS.ProcessEnv,
        log: (line) => err(`INFO  [alembic.runtime.migration] ${line}\n`),
      });
      if (!upgraded.ok) {
        const why = 'message' in upgraded ? upgraded.message : upgraded.reason;
        throw new CommandFailure(withCode(`the embedded database could not be upgraded to head before autogenerate: ${why}`, upgraded.code), 2);
      }
      databaseUrl = urlOfSettings(chosen.target.settings);
    } else if (chosen.found?.password !== undefined) {
      // A named connection's password lives outside its URL: Alembic needs it inside.
      databaseUrl = urlOfSettings(chosen.target.settings, chosen.found.url);
    }
    const outcome = await runAutogenerate({
      python,
      configFile: context.global.configPath,
      section: context.global.sectionGiven ? context.global.section : undefined,
      xArguments: context.global.xArguments,
      message: args.values.message ?? '',
      revisionId,
      head,
      splice: args.flags.splice === true,
      branchLabel: args.values.branchLabel,
      versionPath: args.values.versionPath,
      dependsOn: args.lists.dependsOn,
      databaseUrl,
      pickDriver: chosen.sandbox !== undefined,
      // env.py may set sqlalchemy.url from a variable, which would replace the URL chosen here.
      urlVariable: databaseUrl === undefined ? undefined : urlVariableOfEnvPy(path.join(environment.config.scriptLocation, 'env.py')),
      cwd: context.cwd,
      env: context.env as NodeJS.ProcessEnv,
      onOutput: (text, stream) => (stream === 'stdout' ? context.stdout(redactSecrets(text, secrets)) : err(text)),
    });
    if (outcome.exitCode !== 0) throw new CommandFailure(withCode(`Alembic autogenerate (${python}) failed: ${redactSecrets(outcome.failure ?? 'unknown error', secrets)}`, 'autogenerate-failed'), 2);
    return 0;
  } finally {
    await chosen.sandbox?.close();
  }
}
