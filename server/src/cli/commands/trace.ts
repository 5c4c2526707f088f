/**
 * `alembic-lens trace REV [--downgrade] [--format text|json]`: the locks each statement of a
 * migration really takes, measured on an embedded PostgreSQL kept in memory (core:
 * lint/trace/lockTrace.ts). Nothing is written anywhere: the database lives as long as the command.
 */
import { openMemoryDatabase } from '../../database/memoryDatabase';
import { defaultCompiler } from '../../engine/offline/defaultEngine';
import { singleUseDatabase } from '../../lint/trace/freshDatabase';
import { formatTrace, traceRevision } from '../../lint/trace/lockTrace';
import { loadEnvironmentForCli } from '../online/loadForCli';
import { CommandFailure, type CliCommand, type CliContext, type ParsedArgs } from '../types';

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: 'Run a migration on an embedded database in a rolled-back transaction and show the locks each statement takes.',
  options: [
    { names: ['--downgrade'], key: 'downgrade', help: "Trace the revision's downgrade() (after applying the revision) instead of its upgrade()" },
    { names: ['-f', '--format'], key: 'format', takesValue: true, metavar: 'FORMAT', help: 'text (default) or json' },
  ],
  positionals: [{ name: 'revision', help: 'The revision whose upgrade() (or downgrade()) to trace' }],
  run: runTrace,
};

async function runTrace(context: CliContext, args: ParsedArgs): Promise<number> {
  const format = args.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CommandFailure(`argument --format: invalid choice: '${format}' (choose from 'text', 'json')`, 2);
  const revision = args.positionals[0];
  if (!revision) throw new CommandFailure('the following arguments are required: revision', 2);
  // The database opens (files read, WebAssembly compiled off the main thread, then PostgreSQL
  // started between the index's awaits) while the environment loads and the script renders.
  const opening = openMemoryDatabase(context.env as NodeJS.ProcessEnv);
  // An open that fails is reported by the trace, as a database that could not be prepared.
  const session = opening.then((database) => database.session);
  try {
    const environment = await loadEnvironmentForCli(context);
    const result = await traceRevision({
      environment,
      compiler: defaultCompiler(context.env as NodeJS.ProcessEnv),
      revision,
      direction: args.flags.downgrade ? 'downgrade' : 'upgrade',
      database: singleUseDatabase(session),
    });
    if (!result.ok) {
      context.stderr(`FAILED: ${result.message}\n`);
      return 1;
    }
    // The command line counts lines from 1, as the text output and `check` do (the editor's request keeps LSP's 0).
    const json = () => ({ ...result, statements: result.statements.map((statement) => ({ ...statement, line: statement.line + 1 })), untraced: result.untraced.map((step) => ({ ...step, line: step.line + 1 })) });
    context.stdout(format === 'json' ? `${JSON.stringify(json(), null, 2)}\n` : formatTrace(result));
    return result.statements.some((statement) => statement.error) ? 1 : 0;
  } finally {
    await opening.then((database) => database.close()).catch(() => undefined);
  }
}
