/**
 * The CLI's command contract. Each command is one file under cli/commands/ exporting a
 * `CliCommand`, listed once in cli/commands/index.ts. The runner (cli/run.ts) parses the global
 * options (`-c/--config`, `-n/--name`, placed before the command as Alembic takes them), then
 * the command's own options from its `options` table, then calls `run`.
 *
 * Exit codes: 0 ok, 1 a failure Alembic would report as `FAILED: <message>` (unknown
 * revision, ...), 2 usage and configuration errors. Commands never throw for expected
 * failures: they print and return the code (use `CommandFailure` to bail out from deep inside).
 */
import type { RevisionMap } from '../graph/revisionMap';
import type { EnvironmentConfig } from '../project/types';
import type { Problem } from '../common/problem';
import type { EnvironmentInputs } from '../project/singleEnvironment';

export interface OptionSpec {
  /** Every spelling, e.g. ['-v', '--verbose']. */
  names: string[];
  /** Key in ParsedArgs.flags (no value) or ParsedArgs.values (takes a value). */
  key: string;
  takesValue?: boolean;
  /** May be given several times (values collected in ParsedArgs.lists). */
  repeatable?: boolean;
  /** Placeholder shown in help, e.g. 'RANGE'. */
  metavar?: string;
  help: string;
}

export interface PositionalSpec {
  name: string;
  help: string;
  optional?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

export interface ParsedArgs {
  flags: Record<string, boolean>;
  values: Record<string, string>;
  lists: Record<string, string[]>;
  positionals: string[];
}

export interface GlobalOptions {
  /** Absolute path of the config file (`-c`, else $ALEMBIC_CONFIG, else ./alembic.ini). */
  configPath: string;
  /** True when `-c` was given explicitly (not $ALEMBIC_CONFIG or the default). */
  configGiven: boolean;
  /** Ini section (`-n`), default `alembic`. */
  section: string;
  /** True when `-n` was given explicitly. */
  sectionGiven: boolean;
  /** `-x` values in order, as `context.get_x_argument()` returns them. */
  xArguments: string[];
  /** `--no-cache`: bypass the persistent index cache (project/indexCache). */
  noCache?: boolean;
}

/** What a command gets: global options, output streams and lazy access to the environment. */
export interface CliContext {
  global: GlobalOptions;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Loads the configured environment and its revision graph (memoised). Config errors are
   * printed and turned into a CommandFailure with exit code 2 by the runner.
   */
  loadEnvironment(): LoadedCliEnvironment;
  /** The terminal's width when standard input is a terminal (CliIo.terminalColumns). */
  terminalColumns?: number;
}

export interface LoadedCliEnvironment {
  config: EnvironmentConfig;
  graph: RevisionMap;
  /** Config, file and graph problems (the graph's issues located in their files). */
  problems: Problem[];
  /** Everything the graph was computed from, when known exactly (the answer cache needs it). */
  inputs?: EnvironmentInputs;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  options: OptionSpec[];
  positionals: PositionalSpec[];
  run(context: CliContext, args: ParsedArgs): number | Promise<number>;
  /**
   * True when, with these arguments, the output depends on the environment's files alone (no
   * database, no clock, no other file): the runner may then store it in the answer cache
   * (cli/answerCache/), which replays it while those files keep their stamps.
   */
  answersFromFilesOnly?(args: ParsedArgs): boolean;
}

/** Thrown by a command (or the environment loader) to stop with a message and exit code. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
