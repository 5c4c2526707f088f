/**
 * `alembic-lens upgrade TARGET --sql`: prints what `alembic upgrade TARGET --sql` prints. The
 * shared runner below also serves `downgrade` and `stamp`. Without `--sql` these commands would
 * run migrations against a database, which the online engine does not do yet: exit 2.
 */
import * as path from 'node:path';
import type { RevisionInput } from '../../graph/types';
import { buildRevisionMap, type RevisionMap } from '../../graph/revisionMap';
import { contentHash } from '../../common/contentHash';
import { lookupRevisionInputs, rememberRevisionInput } from '../../engine/cache/revisionInputCache';
import { revisionInputFromHeader } from '../../engine/offline/revisionInput';
import { buildEnvironmentFromConfig } from '../../project/singleEnvironment';
import { compileInWorkers } from '../../engine/offline/workerPool';
import { defaultCompiler, engineCache } from '../../engine/offline/defaultEngine';
import { loadEnvironmentFromConfig } from '../../project/environment';
import { listVersionFiles, readMigrationText } from '../../project/versionFiles';
import { readMigrationHeader } from '../../python/header';
import { formatProblem } from '../environment';
import { CommandFailure } from '../types';
import { formatStatement } from '../../engine/offline/formatSql';
import { offlineSql, type CachedPlan, type OfflineCommand, type OfflineEnvironment } from '../../engine/offline/offlineSql';
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

export async function runOfflineCommand(command: OfflineCommand, context: CliContext, args: ParsedArgs, revisions: string[]): Promise<number> {
  if (!args.flags.sql) {
    context.stderr(
      `alembic-lens ${command}: only offline mode is implemented; add --sql to print the SQL ` +
        `(running migrations against a database is not available yet).\n`,
    );
    return 2;
  }
  const environment = await loadOfflineEnvironment(context);
  const result = offlineSql(
    environment,
    { command, arguments: revisions, allowOpaque: !!args.flags.allowOpaque },
    defaultCompiler(),
    { formatStatement: args.flags.format ? formatStatement : undefined },
    engineCache<CachedPlan>('plans', context.env as NodeJS.ProcessEnv, 8),
  );
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

/**
 * The CLI's environment loading (cli/environment.ts) with the revision records cached by file
 * content: a warm run over 5,000 files parses none of them. On a cold cache with many files, the
 * headers are read and the migrations compiled on worker threads first. Same failures, same exit
 * codes as the shared loader.
 */
async function loadOfflineEnvironment(context: CliContext): Promise<OfflineEnvironment> {
  const { global, cwd } = context;
  const loaded = loadEnvironmentFromConfig(global.configPath, global.sectionGiven ? global.section : undefined);
  const configErrors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.config || configErrors.length > 0) {
    const messages = (configErrors.length > 0 ? configErrors : loaded.problems).map((p) => formatProblem(p, cwd));
    if (messages.length === 0) messages.push(`${global.configPath}: no usable Alembic configuration`);
    throw new CommandFailure(messages.join('\n'), 2);
  }
  const cache = engineCache<RevisionInput | null>('revisions', context.env as NodeJS.ProcessEnv);
  const records = lookupRevisionInputs(
    listVersionFiles(loaded.config).files.map((file) => file.path),
    cache,
  );
  const misses = records.filter((record) => record.hash && record.input === undefined);
  const fromWorkers = misses.length > 0 ? await compileInWorkers(misses.map((record) => record.path), true) : undefined;
  const compiler = defaultCompiler();
  const computed = new Map((fromWorkers ?? []).map((result) => [result.path, result]));
  for (const record of misses) {
    const result = computed.get(record.path);
    if (result && result.hash === record.hash) {
      record.input = result.input;
      if (result.compiled) compiler.remember(record.hash, result.compiled);
    } else {
      const outcome = readMigrationText(record.path);
      if (outcome.text === undefined) continue;
      record.input = revisionInputFromHeader(readMigrationHeader(record.path, outcome.text), outcome.text) ?? null;
    }
    rememberRevisionInput(cache, record);
  }
  cache.flush();
  const inputs: RevisionInput[] = [];
  for (const record of records) {
    if (record.input === undefined) continue;
    if (!record.input) {
      throw new CommandFailure(
        `Could not determine revision id from filename ${path.basename(record.path)}. Be sure the 'revision' variable ` +
          "is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
        1,
      );
    }
    inputs.push(record.input);
  }
  // Built on first use only: a cached plan needs no graph (see offlineSql's plan cache). Records
  // that name constants imported from the project's modules are completed by the index, which
  // resolves them in the workspace (the cached records hold literal values only).
  let graph: RevisionMap | undefined;
  const needsIndex = inputs.some((input) => input.hasUnresolvedReferences);
  return {
    config: loaded.config,
    get graph() {
      graph ??= needsIndex
        ? (buildEnvironmentFromConfig(global.configPath, global.sectionGiven ? global.section : undefined).environment?.graph ?? buildRevisionMap(inputs))
        : buildRevisionMap(inputs);
      return graph;
    },
    files: new Map(records.map((record) => [record.path, { hash: record.hash }])),
    fingerprint: contentHash(records.map((record) => `${record.path}\0${record.hash}`).join('\n')),
  };
}

export const upgradeCommand: CliCommand = {
  name: 'upgrade',
  summary: 'Upgrade to a later version (offline: print the SQL with --sql).',
  options: OFFLINE_OPTIONS,
  positionals: [{ name: 'revision', help: 'Revision target, or START:END with --sql (START defaults to base).' }],
  run: (context, args) => runOfflineCommand('upgrade', context, args, args.positionals.slice(0, 1)),
};
