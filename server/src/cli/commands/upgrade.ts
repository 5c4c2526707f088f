/**
 * `alembic-lens upgrade TARGET --sql`: prints what `alembic upgrade TARGET --sql` prints. The
 * shared runner below also serves `downgrade` and `stamp`. Without `--sql` these commands would
 * run migrations against a database, which the online engine does not do yet: exit 2.
 */
import * as path from 'node:path';
import { defaultCompiler } from '../../engine/offline/defaultEngine';
import { formatStatement } from '../../engine/offline/formatSql';
import { offlineSql, type OfflineCommand } from '../../engine/offline/offlineSql';
import type { CliCommand, CliContext, OptionSpec, ParsedArgs } from '../types';

export const OFFLINE_OPTIONS: OptionSpec[] = [
  { names: ['--sql'], key: 'sql', help: "Don't emit SQL to the database; dump to standard output instead (offline mode)." },
  {
    names: ['--allow-opaque'],
    key: 'allowOpaque',
    help: 'Print steps the engine cannot render as SQL comments in place instead of failing.',
  },
  { names: ['--format'], key: 'format', help: 'Pretty-print each statement (sql-formatter, PostgreSQL dialect).' },
  { names: ['--tag'], key: 'tag', takesValue: true, metavar: 'TAG', help: "Accepted for Alembic compatibility; env.py is not run, so it has no effect." },
];

export function runOfflineCommand(command: OfflineCommand, context: CliContext, args: ParsedArgs, revisions: string[]): number {
  if (!args.flags.sql) {
    context.stderr(
      `alembic-lens ${command}: only offline mode is implemented; add --sql to print the SQL ` +
        `(running migrations against a database is not available yet).\n`,
    );
    return 2;
  }
  const environment = context.loadEnvironment();
  const result = offlineSql(environment, { command, arguments: revisions, allowOpaque: !!args.flags.allowOpaque }, defaultCompiler(), {
    formatStatement: args.flags.format ? formatStatement : undefined,
  });
  for (const warning of result.warnings) context.stderr(`WARNING: ${warning}\n`);
  if (result.ok) {
    context.stdout(result.text);
    return 0;
  }
  if (result.reason === 'plan') {
    context.stderr(`FAILED: ${result.message}\n`);
    return 1;
  }
  const lines = result.opaque.map(
    (o) => `  ${path.relative(context.cwd, o.file) || o.file}:${o.line}: ${o.direction}() of ${o.revision}: ${o.reason}`,
  );
  context.stderr(
    `FAILED: ${result.opaque.length} step(s) cannot be rendered statically, so the SQL would be incomplete:\n` +
      `${lines.join('\n')}\n` +
      'Rerun with --allow-opaque to print them as SQL comments in place.\n',
  );
  return 1;
}

export const upgradeCommand: CliCommand = {
  name: 'upgrade',
  summary: 'Upgrade to a later version (offline: print the SQL with --sql).',
  options: OFFLINE_OPTIONS,
  positionals: [{ name: 'revision', help: 'Revision target, or START:END with --sql (START defaults to base).' }],
  run: (context, args) => runOfflineCommand('upgrade', context, args, args.positionals.slice(0, 1)),
};
