/**
 * `alembic-lens trace REV [--sandbox PATH] [--format text|json]`: the locks each statement of a
 * migration really takes, measured on an embedded PostgreSQL (core: lint/trace/lockTrace.ts).
 */
import * as path from 'node:path';
import { openSession } from '../../database/session';
import { defaultCompiler } from '../../engine/offline/defaultEngine';
import { formatTrace, traceRevision } from '../../lint/trace/lockTrace';
import { loadSqlParser } from '../../lint/sql/parser';
import { loadEnvironmentForCli } from '../online/loadForCli';
import { openSandboxOrFail } from '../online/runOnlineCommand';
import { openTemporarySandbox } from '../online/temporarySandbox';
import { CommandFailure, type CliCommand, type CliContext, type ParsedArgs } from '../types';

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: 'Run a migration on an embedded database in a rolled-back transaction and show the locks each statement takes.',
  options: [
    { names: ['--sandbox'], key: 'sandbox', takesValue: true, metavar: 'PATH', help: 'The embedded database folder to use (default: a temporary one, removed after); it must be empty or a fresh one' },
    { names: ['-f', '--format'], key: 'format', takesValue: true, metavar: 'FORMAT', help: 'text (default) or json' },
  ],
  positionals: [{ name: 'revision', help: 'The revision whose upgrade() to trace' }],
  run: runTrace,
};

async function runTrace(context: CliContext, args: ParsedArgs): Promise<number> {
  const format = args.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CommandFailure(`argument --format: invalid choice: '${format}' (choose from 'text', 'json')`, 2);
  const revision = args.positionals[0];
  if (!revision) throw new CommandFailure('the following arguments are required: revision', 2);
  const environment = await loadEnvironmentForCli(context);
  await loadSqlParser();
  const sandbox = args.values.sandbox !== undefined ? await openSandboxOrFail(path.resolve(context.cwd, args.values.sandbox)) : await openTemporarySandbox();
  try {
    const session = await openSession(sandbox.target);
    try {
      const result = await traceRevision({ environment, compiler: defaultCompiler(context.env as NodeJS.ProcessEnv), revision, session });
      if (!result.ok) {
        context.stderr(`FAILED: ${result.message}\n`);
        return 1;
      }
      context.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatTrace(result));
      return result.statements.some((statement) => statement.error) ? 1 : 0;
    } finally {
      await session.close();
    }
  } finally {
    await sandbox.close();
  }
}
