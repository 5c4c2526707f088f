/**
 * `alembic-lens drift`: the configured database (the usual sources: --url, --connection, env.py,
 * sqlalchemy.url) against an embedded database upgraded to the revisions its version table names.
 * Prints every object that exists in one and not the other, or differs. Exit 0 without drift, 1
 * with drift or when the migrations cannot be run, 2 for usage and connection errors. The
 * configured database is only read.
 */
import * as path from 'node:path';
import { DatabaseError, redactSecrets } from '../../database/errors';
import { runDrift } from '../../engine/online/drift';
import { CommandFailure, type CliContext, type ParsedArgs } from '../types';
import { loadEnvironmentForCli } from './loadForCli';
import { chooseTarget, codeLine, withCode, type ChosenTarget } from './runOnlineCommand';
import { formatDifferences } from './catalogDifferences';
import { openTemporarySandbox } from './temporarySandbox';

export async function runDriftCommand(context: CliContext, args: ParsedArgs): Promise<number> {
  const environment = await loadEnvironmentForCli(context);
  if (args.values.sandbox !== undefined) throw new CommandFailure('drift compares a configured database with a fresh embedded one: --sandbox does not apply', 2);
  let chosen: ChosenTarget;
  try {
    chosen = await chooseTarget(context, args, path.join(environment.config.scriptLocation, 'env.py'), environment.config.sqlalchemyUrl);
  } catch (error) {
    if (error instanceof DatabaseError) throw new CommandFailure(withCode(error.message, error.errorCode), 2);
    throw error;
  }
  const out = (text: string) => context.stdout(redactSecrets(text, chosen.target.secrets));
  const err = (text: string) => context.stderr(redactSecrets(text, chosen.target.secrets));
  const reference = await openTemporarySandbox();
  let result;
  try {
    result = await runDrift({
      environment: { ...environment, config: environment.config, graph: environment.graph, configFile: context.global.configPath },
      target: chosen.target,
      reference: reference.target,
      env: context.env as NodeJS.ProcessEnv,
    });
  } finally {
    await reference.close();
  }
  for (const warning of result.warnings) err(`WARNING: ${warning}\n`);
  const relative = (file: string) => path.relative(context.cwd, file) || file;
  if (!result.ok) {
    switch (result.reason) {
      case 'connection':
        throw new CommandFailure(`${redactSecrets(result.message, chosen.target.secrets)}\n${codeLine(result.code)}`, 2);
      // The expected schema could not be worked out: exit 2, as `diff` reports trouble, so a CI job
      // can tell "not checked" from "drift" (1).
      case 'plan':
        err(`FAILED: ${result.message}\n${codeLine(result.code)}\n`);
        return 2;
      case 'opaque':
        err(
          `FAILED: ${result.opaque.length} step(s) cannot be run statically, so the expected schema is unknown:\n` +
            result.opaque.map((o) => `  ${relative(o.file)}:${o.line}: ${o.direction}() of ${o.revision}: ${o.reason}`).join('\n') +
            `\n${codeLine(result.code)}\n`,
        );
        return 2;
      case 'migration': {
        const statement = result.failure.statement;
        const where = statement.file ? ` at ${relative(statement.file)}:${statement.line}` : '';
        err(`FAILED: the migrations fail on an empty database${where}: ${result.failure.sqlState ? `(${result.failure.sqlState}) ` : ''}${result.failure.message}\n  statement: ${statement.sql}\n${codeLine(result.code)}\n`);
        return 2;
      }
    }
  }
  const at = result.rows.length ? result.rows.join(', ') : 'base (empty version table)';
  if (result.differences.length === 0) {
    out(`no drift: ${chosen.target.display} matches its migrations at ${at}\n`);
    return 0;
  }
  out(`drift: ${chosen.target.display} differs from its migrations at ${at} in ${result.differences.length} object(s):\n`);
  const lines = formatDifferences(result.differences, { onlyLeft: 'only in the database', onlyRight: 'only in the migrations', changed: 'differs', left: 'database', right: 'migrations' }, '  ');
  out(lines.join('\n') + '\n');
  return 1;
}
