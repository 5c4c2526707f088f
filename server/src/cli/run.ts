/**
 * The CLI runner: global options, command lookup, the command's own options, then the command.
 * One error wrapper for every command: CommandFailure becomes its message and exit code;
 * anything else is a bug, reported in one line with exit code 70 (never a bare stack trace).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { helpOf, optionHelpLine, parseOptions } from './args';
import { onCacheDirectoryUnusable } from '../engine/cache/cacheDirectory';
import { COMMANDS, findCommand } from './commands/index';
import { loadCliEnvironment } from './environment';
import { recordAnswer } from './answerCache/recordAnswer';
import { traceAnswerCache } from './answerCache/answerRecord';
import { CommandFailure, type CliContext, type GlobalOptions, type LoadedCliEnvironment, type OptionSpec } from './types';
import { setWorkingDirectory } from '../project/pathOptions';
import { setXArguments } from '../common/commandArguments';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Set by the bundled entry (cliMain.ts): where the bundles are and when the run started, so a
   * read command's answer can be stored for the entry to replay (cli/answerCache/). Unset (tests
   * calling runCli, runs from source), nothing is recorded.
   */
  answerCache?: { bundleFolder: string; startedMs: number };
  /**
   * The terminal's width when standard input is a terminal (Alembic asks fd 0 for it), else
   * undefined: Alembic's status lines (`Generating ... done`) are indented and wrapped only then.
   */
  terminalColumns?: number;
}

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { names: ['-c', '--config'], key: 'config', takesValue: true, metavar: 'CONFIG', help: 'Alternate config file; defaults to value of ALEMBIC_CONFIG environment variable, or "alembic.ini"' },
  { names: ['-n', '--name'], key: 'name', takesValue: true, metavar: 'NAME', help: 'Name of section in .ini file to use for Alembic config (default: alembic)' },
  { names: ['-x'], key: 'x', takesValue: true, repeatable: true, metavar: 'X', help: 'Additional arguments consumed by custom env.py scripts and by migrations (env.py is read, never run: a URL it takes from get_x_argument() is found)' },
  { names: ['-q', '--quiet'], key: 'quiet', help: 'Do not log to std output.' },
  { names: ['--no-cache'], key: 'noCache', help: 'Read every migration file again instead of using the persistent index and answer caches (the answer is the same)' },
  { names: ['--raiseerr'], key: 'raiseerr', help: 'Accepted for compatibility with alembic; has no effect' },
];

function mainHelp(): string {
  const lines = [
    'usage: alembic-lens [-h] [-c CONFIG] [-n NAME] [-x X] [-q] <command> ...',
    '',
    'Static Alembic tooling: reads migrations without running them.',
    '',
    'commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(14)}${command.summary}`),
    '',
    'options:',
    `  ${'-h, --help'.padEnd(26)}show this help message and exit`,
    ...GLOBAL_OPTIONS.map(optionHelpLine),
  ];
  return lines.join('\n') + '\n';
}

/** Alembic's default config: -c, else $ALEMBIC_CONFIG, else alembic.ini (pyproject.toml when only that exists). */
export function resolveConfigPath(given: string | undefined, io: CliIo): string {
  if (given) return nodePath.resolve(io.cwd, given);
  if (io.env.ALEMBIC_CONFIG) return nodePath.resolve(io.cwd, io.env.ALEMBIC_CONFIG);
  const ini = nodePath.resolve(io.cwd, 'alembic.ini');
  const toml = nodePath.resolve(io.cwd, 'pyproject.toml');
  return !fs.existsSync(ini) && fs.existsSync(toml) ? toml : ini;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const usageError = (message: string, usage = 'usage: alembic-lens [-h] [-c CONFIG] [-n NAME] <command> ...', prog = 'alembic-lens'): number => {
    io.stderr(`${usage}\n${prog}: error: ${message}\n`);
    return 2;
  };
  const globals = parseOptions(argv, GLOBAL_OPTIONS, [], true);
  if ('error' in globals) return usageError(globals.error);
  if (globals.help || globals.rest.length === 0) {
    if (globals.help) {
      io.stdout(mainHelp());
      return 0;
    }
    return usageError('a command is required');
  }
  const [name, ...rest] = globals.rest;
  const command = findCommand(name);
  if (!command) {
    return usageError(`argument <command>: invalid choice: '${name}' (choose from ${COMMANDS.map((c) => `'${c.name}'`).join(', ')})`);
  }
  const parsed = parseOptions(rest, command.options, command.positionals);
  if ('error' in parsed) return usageError(parsed.error, helpOf(command).split('\n')[0], `alembic-lens ${command.name}`);
  if (parsed.help) {
    io.stdout(helpOf(command));
    return 0;
  }
  const global: GlobalOptions = {
    configPath: resolveConfigPath(globals.args.values.config, io),
    configGiven: globals.args.values.config !== undefined,
    section: globals.args.values.name ?? 'alembic',
    sectionGiven: globals.args.values.name !== undefined,
    xArguments: globals.args.lists.x ?? [],
    noCache: globals.args.flags.noCache === true,
  };
  // What `context.get_x_argument()` returns to the migrations this command interprets.
  setXArguments(global.xArguments);
  const quiet = globals.args.flags.quiet === true;
  let loaded: LoadedCliEnvironment | undefined;
  const context: CliContext = {
    global,
    cwd: io.cwd,
    env: io.env,
    stdout: (text) => {
      if (!quiet) io.stdout(text);
    },
    stderr: (text) => io.stderr(text),
    loadEnvironment: () => (loaded ??= loadCliEnvironment(global, io.cwd, io.env as NodeJS.ProcessEnv)),
    ...(io.terminalColumns !== undefined ? { terminalColumns: io.terminalColumns } : {}),
  };
  // Once per folder per run: the commands still work, only without the disk cache.
  onCacheDirectoryUnusable((directory, reason) =>
    io.stderr(
      `alembic-lens: warning: the cache folder ${directory} cannot be used (${reason}); continuing without the disk cache. ` +
        'Set ALEMBIC_LENS_CACHE_DIR to a writable folder, or ALEMBIC_LENS_CACHE=off.\n',
    ),
  );
  const recording = io.answerCache && command.answersFromFilesOnly?.(parsed.args) === true && global.noCache !== true ? io.answerCache : undefined;
  let printed = '';
  let complained = false;
  if (recording) {
    const { stdout, stderr } = context;
    context.stdout = (text) => {
      printed += quiet ? '' : text;
      stdout(text);
    };
    context.stderr = (text) => {
      complained = true;
      stderr(text);
    };
  }
  // Relative script locations are read from here, as Alembic reads them (project/pathOptions.ts).
  setWorkingDirectory(io.cwd);
  try {
    const exitCode = await command.run(context, parsed.args);
    // Only a clean answer is stored: whatever went to standard error may depend on more than the files.
    const inputs = loaded?.inputs;
    if (recording) {
      const notRecorded =
        exitCode !== 0 || complained
          ? 'the command failed or wrote to standard error'
          : !inputs
            ? 'the answer depends on more than the files it can watch'
            : recordAnswer({ question: { argv, cwd: io.cwd, env: io.env }, bundleFolder: recording.bundleFolder, startedMs: recording.startedMs, inputs, stdout: printed, exitCode });
      traceAnswerCache(io.env, io.stderr, notRecorded === undefined ? 'recorded' : `not recorded (${notRecorded})`);
    }
    return exitCode;
  } catch (error) {
    if (error instanceof CommandFailure) {
      io.stderr(error.exitCode === 1 ? `FAILED: ${error.message}\n` : `alembic-lens: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`alembic-lens: internal error in '${command.name}': ${message}\n`);
    return 70;
  } finally {
    setWorkingDirectory(undefined);
  }
}
