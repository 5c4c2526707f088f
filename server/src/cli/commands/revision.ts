/**
 * `revision -m MSG [--head REV] [--splice] [--branch-label L] [--version-path P] [--rev-id ID]
 * [--depends-on REV]...`: writes the file `alembic revision` writes, rendered from the
 * environment's script.py.mako. A refused request prints the reason and exits without writing
 * anything: 1 with `FAILED: <message>` where Alembic refuses it too, 2 where only Alembic Lens does. With `--autogenerate` the real Alembic writes it (autogenerateRevision.ts).
 */
import path from 'node:path';
import { AuthoringError, planNewRevision, writeNewRevision, type NewRevisionRequest } from '../../project/authoring/newRevision';
import { requireUsableGraph } from './graphGuard';
import { newRevisionId } from '../../project/authoring/revisionId';
import { postWriteHookNames } from '../../project/authoring/postWriteHooks';
import { runsRevisionEnvironment } from '../../project/authoring/templateArgs';
import { runAlembicRevision, type RevisionCommandName } from './alembicRevision';
import { CommandFailure, type CliCommand, type CliContext, type OptionSpec } from '../types';
import { CONNECTION_OPTIONS } from '../online/onlineOptions';
import { autogenerateRevision, withCode } from './autogenerateRevision';
import { FLASK_MIGRATE_CODE, flaskMigrateRefusal } from '../../project/flaskMigrate';
import { statusLine } from '../statusLine';

/**
 * Plans, writes and reports a new revision; shared with `merge`. With `python`, a template the
 * renderer refuses is rendered by the real Alembic instead.
 */
export function writeRevisionFor(context: CliContext, command: RevisionCommandName, request: NewRevisionRequest, python?: string): number {
  const { config, graph } = context.loadEnvironment();
  requireUsableGraph(context, graph);
  const revisionId = request.revisionId ?? newRevisionId();
  const viaAlembic = (interpreter: string): number => {
    if (config.flaskMigrate) throw new CommandFailure(withCode(flaskMigrateRefusal(`${command} with --python`, `flask db ${command} -m "${request.message}"`), FLASK_MIGRATE_CODE), 2);
    return runAlembicRevision(context, interpreter, command, request, revisionId);
  };
  if (runsRevisionEnvironment(config)) {
    // env.py may hand the template extra arguments; only the real Alembic can run it.
    if (python) return viaAlembic(python);
    context.stderr('warning: revision_environment = true: Alembic runs env.py before rendering the template; Alembic Lens does not (pass --python PATH to let Alembic write the file)\n');
  }
  try {
    const plan = planNewRevision(config, graph, { ...request, revisionId, cwd: context.cwd });
    writeNewRevision(plan);
    context.stdout(statusLine(`Generating ${path.resolve(plan.file)}`, 'done', context.terminalColumns));
    const hooks = postWriteHookNames(config);
    if (hooks.length) context.stderr(`warning: post_write_hooks (${hooks.join(', ')}) are configured; Alembic Lens does not run them, so run them yourself (or use alembic)\n`);
    return 0;
  } catch (error) {
    if (error instanceof AuthoringError && error.templateLine !== undefined && python) {
      context.stderr(`${error.message}; rendering with Alembic in ${python}\n`);
      return viaAlembic(python);
    }
    // Alembic's own refusals exit 1 and print `FAILED: <message>`, as every command does (docs/cli.md, exit codes).
    if (error instanceof AuthoringError) throw new CommandFailure(error.message, error.alembicFails ? 1 : 2);
    throw error;
  }
}

export const PYTHON_OPTION: OptionSpec = {
  names: ['--python'],
  key: 'python',
  takesValue: true,
  metavar: 'PATH',
  help: "A Python with Alembic installed: a script.py.mako construct the renderer cannot handle is rendered by `PATH -m alembic` instead; required by --autogenerate.",
};

export const revisionCommand: CliCommand = {
  name: 'revision',
  summary: 'Create a new revision file (rendered from the environment\'s script.py.mako).',
  options: [
    { names: ['-m', '--message'], key: 'message', takesValue: true, metavar: 'MESSAGE', help: 'Message string to use with the revision' },
    { names: ['--head'], key: 'head', takesValue: true, metavar: 'HEAD', help: 'Specify head revision or <branchname>@head to base new revision on.' },
    { names: ['--splice'], key: 'splice', help: "Allow a non-head revision as the 'head' to splice onto" },
    { names: ['--branch-label'], key: 'branchLabel', takesValue: true, metavar: 'BRANCH_LABEL', help: 'Specify a branch label to apply to the new revision' },
    { names: ['--version-path'], key: 'versionPath', takesValue: true, metavar: 'VERSION_PATH', help: 'Specify specific path from config for version file' },
    { names: ['--rev-id'], key: 'revId', takesValue: true, metavar: 'REV_ID', help: 'Specify a hardcoded revision id instead of generating one' },
    { names: ['--depends-on'], key: 'dependsOn', takesValue: true, repeatable: true, metavar: 'DEPENDS_ON', help: 'Specify one or more revision identifiers which this revision should depend on.' },
    PYTHON_OPTION,
    {
      names: ['--autogenerate'],
      key: 'autogenerate',
      help: 'Populate revision script with candidate migration operations, based on comparison of database to model (runs the real Alembic in --python against --url, --connection, --sandbox, the configured database, or an embedded one upgraded to head).',
    },
    ...CONNECTION_OPTIONS,
  ],
  positionals: [],
  run(context, args) {
    if (args.flags.autogenerate) return autogenerateRevision(context, args);
    const databaseOption = ['url', 'connection', 'sandbox'].find((key) => args.values[key] !== undefined);
    if (databaseOption) throw new CommandFailure(`--${databaseOption} is only used with --autogenerate`, 2);
    return writeRevisionFor(context, 'revision', {
      message: args.values.message,
      heads: args.values.head === undefined ? undefined : [args.values.head],
      splice: args.flags.splice === true,
      branchLabel: args.values.branchLabel,
      versionPath: args.values.versionPath,
      revisionId: args.values.revId,
      dependsOn: args.lists.dependsOn,
    }, args.values.python);
  },
};
