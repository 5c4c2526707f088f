/**
 * `check [PATH] [--format text|json|sarif|github]`: every problem (config, file, graph) in every
 * Alembic environment found under PATH (default: the current folder), for terminals and CI.
 * Exit code 0 when no error-level problem exists, 1 when one does, 2 for usage errors (unknown
 * format, PATH missing) and when no environment is found at all (a CI check that silently
 * checks nothing would pass forever).
 */
import { mostlyTemplateLayout } from '../../lint/check/fastReading/sample';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWorkspaceIndex } from '../../project/workspaceIndex';
import type { Problem } from '../../common/problem';
import type { WorkspaceIndex } from '../../project/types';
import { FORMAT_NAMES, PROBLEM_FORMATTERS, type CheckReport, type EnvironmentSummary } from '../output/index';
import { CommandFailure, type CliCommand, type CliContext, type ParsedArgs } from '../types';
import { bodyProblemsOf } from '../checkBodies';
import { startReadingWorkers, type EarlyReaders } from '../../lint/check/readingPool';
import { loadSqlParser } from '../../lint/sql/parser';
import type { ContentCache } from '../../engine/cache/contentCache';
import type { MigrationReading } from '../../lint/run';
import { CheckLint, LINT_OPTIONS, lintReadingCache } from '../checkLint';
import { TABLE_SIZE_OPTIONS, withSizesFromDatabase } from '../checkTableSizes';
import { requireSection, selectedEnvironments, selectTarget, type Selection } from '../environmentSelection';
import packageJson from '../../../../package.json';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Report every problem in every environment under PATH (text, json, sarif, github).',
  options: [
    { names: ['-f', '--format'], key: 'format', takesValue: true, metavar: 'FORMAT', help: `Output format: ${FORMAT_NAMES.join(', ')} (default: text)` },
    { names: ['--headers-only'], key: 'headersOnly', help: 'Read only the migration headers (faster; no syntax errors below a header, no engine problems)' },
    ...LINT_OPTIONS,
    ...TABLE_SIZE_OPTIONS,
    { names: ['--docs-url'], key: 'docsUrl', takesValue: true, metavar: 'URL', help: 'Base URL of the rule docs (default: $ALEMBIC_LENS_DOCS_URL, else the bundled docs/rules folder)' },
  ],
  positionals: [{ name: 'PATH', help: 'Folder (or alembic.ini / pyproject.toml) to check; default: the current folder', optional: true }],
  run: runCheck,
};

async function runCheck(context: CliContext, args: ParsedArgs): Promise<number> {
  const format = args.values.format ?? 'text';
  const formatter = PROBLEM_FORMATTERS[format];
  if (!formatter) throw new CommandFailure(`argument --format: invalid choice: '${format}' (choose from ${FORMAT_NAMES.map((name) => `'${name}'`).join(', ')})`, 2);
  if (args.positionals.length > 1) throw new CommandFailure(`unrecognized arguments: ${args.positionals.slice(1).join(' ')}`, 2);
  const selection = selectTarget(context, args.positionals[0], 'check');
  const { root } = selection;

  const lintReadings = args.flags.headersOnly ? undefined : lintReadingCache(context.env as NodeJS.ProcessEnv);
  // With no lint readings on disk (cache off, or a first run) every body is read: the reading
  // workers a large history uses start as soon as its files are listed, and read while the index
  // is built (ended if unused).
  const readsEveryBody = lintReadings !== undefined && !lintReadings.hasPack();
  let early: EarlyReaders | undefined;
  const indexTexts = new Map<string, string>();
  let index: WorkspaceIndex;
  let environments: WorkspaceIndex['environments'];
  try {
    // A history in autogenerate's layout is read on the main thread alone (fastReading/sample.ts):
    // no worker is started for it (one started and ended cost the index a core's share).
    const listed = (files: readonly string[]): void => {
      if (context.env.ALEMBIC_LENS_WORKERS === undefined && mostlyTemplateLayout(files.map((file) => ({ file })))) {
        early?.stop();
        return;
      }
      early ??= startReadingWorkers(context.env as NodeJS.ProcessEnv);
      early?.headStart(files);
    };
    // The bodies are read from the texts the index read (one read of each file, not two).
    // A config file named explicitly is read whatever its name (`check conf/prod.ini`, `-c prod.ini check`).
    const configFiles = selection.configFile ? [selection.configFile] : [];
    // Kept on a warm run too: the lint reads each file's suppression comments, and the files were
    // just read (reading them again cost 170 ms of a warm check of 5,000 files).
    const onRead = lintReadings ? (file: string, text: string) => void indexTexts.set(file, text) : undefined;
    index = buildWorkspaceIndex([root], { ...(readsEveryBody ? { onListed: listed } : {}), ...(onRead ? { onRead } : {}), configFiles });
    environments = selectedEnvironments(index, selection);
    requireSection(selection, environments, 'check');
    if (environments.length === 0 && index.workspaceProblems.length === 0) {
      throw new CommandFailure(`no Alembic environment (alembic.ini or pyproject.toml [tool.alembic]) found under ${selection.described}`, 2);
    }
  } catch (error) {
    early?.stop();
    throw error;
  }
  const report: CheckReport = {
    root,
    baseDir: context.cwd,
    environments: environments.map(summarize),
    // With --url / --connection, lock findings state the real size of their table (read-only).
    problems: await withSizesFromDatabase(context, args, reportedOnce([...problemsOf(index, environments, selection), ...(lintReadings ? await bodyAndLintProblems(index, environments, args, context, root, lintReadings, early, indexTexts) : [])], environments)),
    toolVersion: packageJson.version,
    docsBaseUrl: args.values.docsUrl ?? context.env.ALEMBIC_LENS_DOCS_URL ?? bundledDocsUrl(),
    bodiesRead: !args.flags.headersOnly,
  };
  const output = formatter(report);
  for (const part of typeof output === 'string' ? [output] : output) context.stdout(part);
  return report.problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

/**
 * One reading of each body serves the body problems and the safety lint (the lint's readings are
 * filled as the bodies are read), and the lint replays the history while the rest is read.
 */
async function bodyAndLintProblems(
  index: WorkspaceIndex,
  environments: WorkspaceIndex['environments'],
  args: ParsedArgs,
  context: CliContext,
  root: string,
  lintReadings: ContentCache<MigrationReading>,
  early: EarlyReaders | undefined,
  indexTexts: Map<string, string>,
): Promise<Problem[]> {
  let lint: CheckLint;
  try {
    lint = new CheckLint(index, environments, args, root, lintReadings, indexTexts);
  } catch (error) {
    early?.stop();
    throw error;
  }
  // Without the parser every SQL statement would be "unchecked": loaded before anything is linted.
  await loadSqlParser();
  const body = await bodyProblemsOf(index, environments, context.env as NodeJS.ProcessEnv, lintReadings, early, lint, indexTexts);
  return [...body, ...lint.problems()];
}

/**
 * Two config sections that name one script location (renku-data-services' `[alembic]` and
 * `[common]`) are two environments over the same files, each read and linted: a problem both
 * report is reported once.
 */
function reportedOnce(problems: Problem[], environments: WorkspaceIndex['environments']): Problem[] {
  const files = new Set<string>();
  let shared = false;
  for (const environment of environments) {
    for (const file of environment.files.keys()) {
      if (files.has(file)) shared = true;
      files.add(file);
    }
  }
  if (!shared) return problems;
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const { start, end } = problem.range;
    const key = `${problem.code}\0${problem.file}\0${start.line}:${start.character}-${end.line}:${end.character}\0${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function problemsOf(index: WorkspaceIndex, environments: WorkspaceIndex['environments'], selection: Selection): Problem[] {
  if (!selection.configFile && !selection.section) return index.allProblems();
  // Only the chosen config or section: its environments' problems and workspace problems in that file.
  const workspace = selection.configFile ? index.workspaceProblems.filter((problem) => problem.file === selection.configFile) : [];
  return [...workspace, ...environments.flatMap((environment) => environment.problems)];
}

function summarize(environment: WorkspaceIndex['environments'][number]): EnvironmentSummary {
  return {
    id: environment.config.id,
    name: environment.config.name,
    configFile: environment.config.configFile,
    revisions: environment.graph.revisions().length,
    heads: [...environment.graph.heads],
  };
}

/** The `file://` URI of the docs/rules folder shipped with this build (found upwards from here). */
function bundledDocsUrl(): string {
  let folder = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = nodePath.join(folder, 'docs', 'rules');
    if (fs.existsSync(candidate)) return pathToFileURL(candidate).href;
    const parent = nodePath.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return pathToFileURL(nodePath.resolve(__dirname, '..', 'docs', 'rules')).href;
}
