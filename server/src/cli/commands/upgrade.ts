/**
 * `alembic-lens upgrade TARGET`: with `--sql`, prints what `alembic upgrade TARGET --sql` prints;
 * without it, runs the migrations against the database (cli/online/runOnlineCommand.ts). The
 * shared runner below also serves `downgrade` and `stamp`. Loading the environment (caches,
 * worker threads) lives in engine/environment/, shared with the online engine.
 */
import { otherDialectOfEnvironment } from '../../lint/dialect';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCompiler, engineCache } from '../../engine/offline/defaultEngine';
import { loadEnvironmentForCli } from '../online/loadForCli';
import { runOnlineCommand } from '../online/runOnlineCommand';
import { RUN_OPTIONS } from '../online/onlineOptions';
import { formatStatement } from '../../engine/offline/formatSql';
import { offlineSql, type CachedPlan, type OfflineCommand } from '../../engine/offline/offlineSql';
import type { CliCommand, CliContext, OptionSpec, ParsedArgs } from '../types';
import { readRegularTextFile } from '../../common/readRegularFile';

export const OFFLINE_OPTIONS: OptionSpec[] = [
  { names: ['--sql'], key: 'sql', help: "Don't emit SQL to the database; dump to standard output instead (offline mode)." },
  {
    names: ['--allow-opaque'],
    key: 'allowOpaque',
    help: 'Print steps the engine cannot render as SQL comments in place instead of failing (a step Alembic fails on too is still refused).',
  },
  { names: ['--format'], key: 'format', help: 'Pretty-print each statement (sql-formatter, PostgreSQL dialect).' },
  { names: ['--tag'], key: 'tag', takesValue: true, metavar: 'TAG', help: "Accepted for Alembic compatibility; env.py is not run, so it has no effect." },
];

/** Online options refused with --sql (offline mode has no database). */
const ONLINE_ONLY_KEYS = RUN_OPTIONS.map((option) => option.key).concat('purge');

function optionName(key: string): string {
  return RUN_OPTIONS.find((option) => option.key === key)?.names[0] ?? `--${key}`;
}

export async function runOfflineCommand(command: OfflineCommand, context: CliContext, args: ParsedArgs, revisions: string[]): Promise<number> {
  if (!args.flags.sql) return runOnlineCommand(command, context, args, revisions);
  const onlineOnly = ONLINE_ONLY_KEYS.filter((key) => args.values[key] !== undefined || args.flags[key]);
  // `--purge` is Alembic's own option, and Alembic's own refusal (a CommandError) is what it prints.
  if (onlineOnly.length === 1 && onlineOnly[0] === 'purge') {
    context.stderr("FAILED: Can't use --purge with --sql mode\n");
    return 1;
  }
  if (onlineOnly.length > 0) {
    context.stderr(`alembic-lens ${command}: ${onlineOnly.map(optionName).join(', ')} cannot be used with --sql\n`);
    return 2;
  }
  const environment = await loadEnvironmentForCli(context);
  const result = offlineSql(
    environment,
    { command, arguments: revisions, allowOpaque: !!args.flags.allowOpaque },
    defaultCompiler(),
    { formatStatement: args.flags.format ? formatStatement : undefined },
    engineCache<CachedPlan>('plans', context.env as NodeJS.ProcessEnv, 8),
  );
  for (const warning of result.warnings) context.stderr(`WARNING: ${warning}\n`);
  // The engine prints PostgreSQL's SQL; Alembic's for another database differs (types, quoting, batch mode).
  const otherDatabase = otherDialectOfEnvironment(environment.config.sqlalchemyUrl, envPyTextOf(environment.config.envPy.file))?.dialect;
  if (otherDatabase) context.stderr(`WARNING: sqlalchemy.url names ${otherDatabase}, and Alembic Lens prints the SQL Alembic prints for PostgreSQL, which differs from what it prints for ${otherDatabase}\n`);
  if (result.ok) {
    const files = environment.config.envPy.offlineOutput;
    if (files?.kind !== 'files') {
      context.stdout(result.text);
      return 0;
    }
    // env.py's output_buffer (the multidb template's `<database>.sql`): Alembic writes the script
    // there, relative to the directory the command runs in; what migrations print() goes to
    // standard output, once per run (one run per file).
    for (const file of files.files) {
      fs.writeFileSync(path.resolve(context.cwd, file), result.apart?.script ?? result.text);
      if (result.apart) context.stdout(result.apart.printed);
      context.stderr(`Wrote ${file} (env.py's output_buffer, line ${files.line}), as Alembic writes it\n`);
    }
    return 0;
  }
  if (result.reason === 'plan') {
    context.stderr(`FAILED: ${result.message}\n`);
    return 1;
  }
  // A step inside a loop the engine unrolled fails once per item: listed once, with the count.
  const counts = new Map<string, number>();
  for (const o of result.opaque) {
    const line = `  ${path.relative(context.cwd, o.file) || o.file}:${o.line}: ${o.atImport ? 'import' : `${o.direction}()`} of ${o.revision}: ${o.reason}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const lines = [...counts].map(([line, count]) => (count > 1 ? `${line} (${count} times)` : line));
  if (result.reason === 'raises') {
    context.stderr(`FAILED: Alembic fails here too, so no script is printed (--allow-opaque comments out only steps the engine cannot follow):\n${lines.join('\n')}\n`);
    return 1;
  }
  context.stderr(
    `FAILED: ${counts.size} step(s) cannot be rendered statically, so the SQL would be incomplete:\n` +
      `${lines.join('\n')}\n` +
      'Rerun with --allow-opaque to print them as SQL comments in place.\n',
  );
  return 1;
}

export const upgradeCommand: CliCommand = {
  name: 'upgrade',
  summary: 'Upgrade to a later version (with --sql: print the SQL instead).',
  options: [...OFFLINE_OPTIONS, ...RUN_OPTIONS],
  positionals: [{ name: 'revision', help: 'Revision target, or START:END with --sql (START defaults to base).' }],
  run: (context, args) => runOfflineCommand('upgrade', context, args, args.positionals.slice(0, 1)),
};

/** env.py's text, for what it says of sqlalchemy.url; undefined when there is none or it cannot be read. */
function envPyTextOf(file: string | undefined): string | undefined {
  try {
    return file === undefined ? undefined : readRegularTextFile(file);
  } catch {
    return undefined;
  }
}
