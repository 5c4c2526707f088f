/**
 * `alembic-lens roundtrip [RANGE]`: upgrade, downgrade and upgrade again every revision of the
 * range on an embedded database (`--sandbox PATH`, or a temporary one), comparing catalog
 * snapshots. One line per revision on stdout; the differences under it. Exit 0 when every
 * revision round-trips cleanly, 1 otherwise, 2 for usage and connection errors.
 */
import * as path from 'node:path';
import type { Sandbox } from '../../database/sandbox';
import { isClean, runRoundtrip, type RevisionRoundtrip } from '../../engine/online/roundtrip';
import { CommandFailure, type CliContext, type ParsedArgs } from '../types';
import { loadEnvironmentForCli } from './loadForCli';
import { codeLine, openSandboxOrFail } from './runOnlineCommand';
import { formatDifferences } from './catalogDifferences';
import { openTemporarySandbox } from './temporarySandbox';

function describe(result: RevisionRoundtrip, relative: (file: string) => string): string[] {
  const title = `${result.revision}${result.doc ? ` ${result.doc}` : ''}`;
  if (isClean(result)) return [`ok       ${title}`];
  const lines: string[] = [];
  if (result.failure) {
    const { phase, failure, code } = result.failure;
    const where = failure.statement.file ? ` at ${relative(failure.statement.file)}:${failure.statement.line}` : '';
    lines.push(
      `FAILED   ${title}`,
      `  the ${phase} failed${where}: ${failure.sqlState ? `(${failure.sqlState}) ` : ''}${failure.message}`,
      `  statement: ${failure.statement.sql}`,
      `  ${codeLine(code)}`,
    );
  } else lines.push(`DIFFERS  ${title}`);
  return [
    ...lines,
    ...formatDifferences(result.afterDowngrade, { onlyLeft: 'not restored by the downgrade', onlyRight: 'left behind by the downgrade', changed: 'changed by upgrade + downgrade', left: 'before', right: 'after' }, '  '),
    ...formatDifferences(result.afterSecondUpgrade, { onlyLeft: 'missing after the second upgrade', onlyRight: 'only after the second upgrade', changed: 'second upgrade differs', left: 'first', right: 'second' }, '  '),
  ];
}

export async function runRoundtripCommand(context: CliContext, args: ParsedArgs): Promise<number> {
  const environment = await loadEnvironmentForCli(context);
  let sandbox: Sandbox;
  if (args.values.sandbox !== undefined) sandbox = await openSandboxOrFail(path.resolve(context.cwd, args.values.sandbox));
  else sandbox = await openTemporarySandbox();
  const relative = (file: string) => path.relative(context.cwd, file) || file;
  let result;
  try {
    result = await runRoundtrip({
      environment: { ...environment, config: environment.config, graph: environment.graph, configFile: context.global.configPath },
      target: sandbox.target,
      range: args.positionals[0],
      env: context.env as NodeJS.ProcessEnv,
      onRevision: (revision) => context.stdout(describe(revision, relative).join('\n') + '\n'),
    });
  } finally {
    await sandbox.close();
  }
  for (const warning of result.warnings) context.stderr(`WARNING: ${warning}\n`);
  if (!result.ok) {
    if (result.reason === 'opaque') {
      context.stderr(
        `FAILED: ${result.opaque.length} step(s) cannot be run statically:\n` +
          result.opaque.map((o) => `  ${relative(o.file)}:${o.line}: ${o.direction}() of ${o.revision}: ${o.reason}`).join('\n') +
          `\nNothing was run.\n${codeLine(result.code)}\n`,
      );
      return 1;
    }
    if (result.reason === 'plan') {
      context.stderr(`FAILED: ${result.message}\n${codeLine(result.code)}\n`);
      return 1;
    }
    throw new CommandFailure(`${result.message}\n${codeLine(result.code)}`, 2);
  }
  const clean = result.revisions.filter(isClean).length;
  const failed = result.revisions.filter((revision) => revision.failure).length;
  const differing = result.revisions.length - clean - failed;
  context.stderr(`alembic-lens: roundtrip of ${result.revisions.length} revision(s): ${clean} clean, ${differing} with differences, ${failed} failed\n`);
  return clean === result.revisions.length ? 0 : 1;
}
