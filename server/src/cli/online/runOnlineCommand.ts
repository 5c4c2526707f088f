/**
 * The CLI side of an online run: find the database (--url, --connection, --sandbox, env.py, the
 * config file), call the engine (engine/online/runOnline.ts), print what Alembic prints (its log
 * lines on stderr, `current` on stdout) and a precise report on failure. Exit codes: 0 success,
 * 1 migration failure (Alembic's `FAILED:`), 2 usage or connection error. Every line written goes
 * through a filter that replaces the connection's password, so none can leak.
 */
import * as path from 'node:path';
import { ALEMBIC_NOT_STARTED } from '../../engine/online/pythonFallback';
import type { ResolvedTarget } from '../../database/target';
import { DatabaseError, redactSecrets } from '../../database/errors';
import { findConnection, type FoundConnection } from '../../database/connectionSource';
import { openSandbox, type Sandbox } from '../../database/sandbox';
import type { DatabaseTarget } from '../../database/session';
import { targetFromConnection } from '../../database/target';
import { loadEnvironmentForCli } from './loadForCli';
import { runOnline, type OnlineFailureCode, type OnlineResult } from '../../engine/online/runOnline';
import type { OnlineCommand } from '../../engine/online/onlinePlan';
import { cmdFormat } from '../../graph/format';
import { CommandFailure, type CliContext, type ParsedArgs } from '../types';
import { readCliConnections } from './connections';
import { formatFailure } from './failureReport';
import { currentRevisions } from './currentRevisions';
import { readRegularTextFile } from '../../common/readRegularFile';

const LOGGER = 'INFO  [alembic.runtime.migration] ';

function milliseconds(args: ParsedArgs, key: string, option: string): number | undefined {
  const text = args.values[key];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CommandFailure(`${option} takes a whole number of milliseconds, not '${text}'`, 2);
  return Number(text);
}

export interface ChosenTarget {
  target: DatabaseTarget;
  found?: FoundConnection;
  sandbox?: Sandbox;
}

export async function chooseTarget(context: CliContext, args: ParsedArgs, envPyFile: string, configUrl: string | undefined): Promise<ChosenTarget> {
  const given = ['url', 'connection', 'sandbox'].filter((key) => args.values[key] !== undefined);
  if (given.length > 1) throw new CommandFailure(`--${given.join(' and --')} cannot be combined: give one database`, 2);
  if (args.values.sandbox !== undefined) {
    const folder = path.resolve(context.cwd, args.values.sandbox);
    const sandbox = await openSandboxOrFail(folder);
    return { target: sandbox.target, sandbox };
  }
  const named = args.values.connection !== undefined ? readCliConnections(context.global.configPath, context.cwd) : undefined;
  let envPyText: string | undefined;
  try {
    envPyText = readRegularTextFile(envPyFile);
  } catch {
    envPyText = undefined;
  }
  const found = findConnection({
    url: args.values.url,
    connectionName: args.values.connection,
    connections: named?.connections,
    connectionsOrigin: named?.file ?? 'pyproject.toml ([tool.alembic-lens.connections.NAME] tables; none found)',
    envPy: envPyText === undefined ? undefined : { file: path.relative(context.cwd, envPyFile) || envPyFile, text: envPyText },
    configUrl: configUrl === undefined ? undefined : { file: path.relative(context.cwd, context.global.configPath) || context.global.configPath, url: configUrl },
    env: context.env,
    xArguments: context.global.xArguments,
  });
  return { target: targetFromConnection(found, context.env), found };
}

export async function openSandboxOrFail(folder: string): Promise<Sandbox> {
  try {
    return await openSandbox(folder);
  } catch (error) {
    throw new CommandFailure(withCode(`cannot open the sandbox database in ${folder}: ${error instanceof Error ? error.message : String(error)}`, 'database-sandbox-unavailable'), 2);
  }
}

/**
 * `showCurrent`: for `current`, the caller prints the version table's rows itself (`history -r
 * current:` walks from them) instead of the lines `alembic current` prints.
 */
export async function runOnlineCommand(command: OnlineCommand | 'current', context: CliContext, args: ParsedArgs, targets: string[], showCurrent?: (rows: readonly string[]) => number): Promise<number> {
  const environment = await loadEnvironmentForCli(context);
  let chosen: ChosenTarget;
  try {
    chosen = await chooseTarget(context, args, path.join(environment.config.scriptLocation, 'env.py'), environment.config.sqlalchemyUrl);
  } catch (error) {
    if (error instanceof DatabaseError) throw new CommandFailure(withCode(error.message, error.errorCode), 2);
    throw error;
  }
  const secrets = chosen.target.secrets;
  const out = (text: string) => context.stdout(redactSecrets(text, secrets));
  const err = (text: string) => context.stderr(redactSecrets(text, secrets));
  // Query options of the URL that pg is not given (docs/online.md "Where the database comes from").
  const ignored = (chosen.target as Partial<ResolvedTarget>).ignoredOptions ?? [];
  if (ignored.length > 0) err(`WARNING: the database URL's ${ignored.length > 1 ? 'options' : 'option'} ${ignored.map((option) => `'${option}'`).join(', ')} ${ignored.length > 1 ? 'are' : 'is'} not used by Alembic Lens (not passed on to the connection)\n`);
  const named = chosen.found?.named;
  if (named?.protected && command !== 'current' && !args.flags.dryRun && args.values.confirm !== named.name) {
    await chosen.sandbox?.close();
    throw new CommandFailure(withCode(`connection '${named.name}' is protected: add --confirm ${named.name} to ${command} it`, 'database-connection-protected'), 2);
  }
  const abort = new AbortController();
  const onInterrupt = () => {
    err('alembic-lens: interrupted; cancelling the running statement\n');
    abort.abort();
  };
  process.on('SIGINT', onInterrupt);
  let result: OnlineResult;
  try {
    result = await runOnline({
      environment: { ...environment, config: environment.config, graph: environment.graph, configFile: context.global.configPath, section: context.global.sectionGiven ? context.global.section : undefined },
      target: chosen.target,
      command,
      targets,
      purge: !!args.flags.purge,
      dryRun: !!args.flags.dryRun,
      lockTimeoutMs: milliseconds(args, 'lockTimeout', '--lock-timeout') ?? numberOrUndefined(named?.lockTimeout),
      statementTimeoutMs: milliseconds(args, 'statementTimeout', '--statement-timeout') ?? numberOrUndefined(named?.statementTimeout),
      lockWaitMs: milliseconds(args, 'lockWait', '--lock-wait') ?? 60000,
      python: args.values.python,
      ...(chosen.sandbox || args.values.url !== undefined || args.values.connection !== undefined ? { chosenHere: { url: chosen.sandbox ? undefined : chosen.found?.url } } : {}),
      xArguments: context.global.xArguments,
      cwd: context.cwd,
      env: context.env as NodeJS.ProcessEnv,
      signal: abort.signal,
      log: (line) => err(`${LOGGER}${line}\n`),
      notice: (line) => err(`alembic-lens: ${line}\n`),
      alembicOutput: (text, stream) => (stream === 'stdout' ? out(text) : err(text)),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    await chosen.sandbox?.close();
  }
  for (const warning of result.warnings) err(`WARNING: ${warning}\n`);
  if (result.ok) {
    if (command === 'current' && showCurrent) return showCurrent(result.rowsAfter);
    if (command === 'current') {
      // Alembic's verbose header, with the URL's password masked (the embedded database has no URL).
      if (args.flags.verbose) out(`Current revision(s) for ${(chosen.target as Partial<ResolvedTarget>).redactedUrl ?? chosen.target.display}:\n`);
      // Alembic's --check-heads compares the version table's rows with the script's heads, before printing.
      if (args.flags.checkHeads) {
        const heads = new Set(environment.graph.heads);
        const rows = new Set(result.rowsAfter);
        if (rows.size !== heads.size || [...rows].some((row) => !heads.has(row))) throw new CommandFailure('Database is not on all head revisions', 1);
      }
      for (const line of currentRevisions(environment.graph, result.rowsAfter).map((revision) => cmdFormat(revision, !!args.flags.verbose))) out(`${line}\n`);
    } else if (args.flags.dryRun) {
      err(`alembic-lens: dry run: ${result.report?.stepsRun.length ?? 0} step(s) ran and were rolled back; the version table is unchanged (${result.rowsAfter.join(', ') || 'empty'})\n`);
    }
    return 0;
  }
  const exitCode = printFailure(result, context, err, !!args.flags.dryRun);
  err(`${codeLine(result.code)}\n`);
  return exitCode;
}

/** What to do about steps that cannot be run statically: hand them to Alembic, unless Alembic fails on them too. */
export function opaqueAdvice(opaque: readonly { alembicFails?: true }[], dryRun = false): string {
  if (opaque.every((step) => step.alembicFails)) return 'Alembic fails on these steps too, so handing the run to it (--python) would not help: fix the migrations.';
  // Alembic has no dry run, so --python cannot take one over.
  if (dryRun) return 'A dry run is never handed to Alembic, which has no dry run (--python does not change that): preview the SQL with --sql, or run without --dry-run (with --python PATH to hand the run to Alembic).';
  const failing = opaque.filter((step) => step.alembicFails).length;
  return `Rerun with --python PATH (a Python with Alembic installed) to hand the run to Alembic${failing > 0 ? ` (it fails on the ${failing} step(s) marked, too)` : ''}.`;
}

/** The stable code of a failure, with its page (docs/rules/<code>.md), on a line of its own. */
export function codeLine(code: OnlineFailureCode): string {
  return `error code: ${code} (docs/rules/${code}.md)`;
}

export function withCode(message: string, code: OnlineFailureCode): string {
  return `${message}\n${codeLine(code)}`;
}

function numberOrUndefined(value: string | number | undefined): number | undefined {
  return typeof value === 'number' ? value : value === undefined ? undefined : Number(value);
}

function printFailure(result: Exclude<OnlineResult, { ok: true }>, context: CliContext, err: (text: string) => void, dryRun: boolean): number {
  const relative = (file: string) => path.relative(context.cwd, file) || file;
  switch (result.reason) {
    case 'connection':
    case 'lock':
      err(`alembic-lens: ${result.message}\n`);
      return 2;
    case 'plan':
      // Alembic logs a CommandError before printing it (util.err), once env.py's fileConfig has set
      // the loggers up: after the context's lines, as here.
      if (result.code === 'plan-failed') err(`ERROR [alembic.util.messaging] ${result.message}\n`);
      err(`FAILED: ${result.message}\n`);
      return 1;
    case 'opaque':
      err(
        `FAILED: ${result.opaque.length} step(s) cannot be run statically:\n` +
          result.opaque.map((o) => `  ${relative(o.file)}:${o.line}: ${o.atImport ? 'import' : `${o.direction}()`} of ${o.revision}: ${o.reason}${o.alembicFails ? ' (Alembic fails here too)' : ''}`).join('\n') +
          `\nNothing was run. ${opaqueAdvice(result.opaque, dryRun)}\n`,
      );
      return 1;
    case 'dry-run-autocommit':
      err(
        `FAILED: a dry run cannot include autocommit_block() or a COMMIT written in the migration, whose statements commit on their own:\n` +
          result.blocks.map((o) => `  ${relative(o.file)}:${o.line}: ${o.direction}() of ${o.revision}`).join('\n') +
          '\nNothing was run.\n',
      );
      return 1;
    case 'alembic':
      err(`FAILED: ${result.exitCode === ALEMBIC_NOT_STARTED ? 'Alembic could not be started (above), so nothing was run' : `Alembic exited with code ${result.exitCode}`}; the version table now holds: ${result.rowsAfter.join(', ') || '(no rows)'}\n`);
      return 1;
    case 'migration':
      err(formatFailure(result.report, result.rowsAfter, relative, result.versionTableExists));
      return result.report.failure?.connectionLost && result.report.stepsRun.length === 0 && !result.report.failure.statement.revision ? 2 : 1;
  }
}
