/**
 * The safety lint inside `check`: for each checked environment, the `[tool.alembic-lens]`
 * settings of the nearest pyproject.toml, with `--select`, `--ignore` and `--since` on top, then
 * the linter over the whole history (core: lint/environment.ts, shared with the language server).
 * Usage errors (an unknown code, a `--since` that names no revision) stop with exit code 2.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { LINT_CODES } from '../diagnostics/codes/lint';
import { interpretMigration } from '../engine/interpret/index';
import { engineCache } from '../engine/offline/defaultEngine';
import type { ContentCache } from '../engine/cache/contentCache';
import type { HistoryEntry, MigrationReading, ReadingCache } from '../lint/run';
import { contentHash } from '../common/contentHash';
import type { Environment, WorkspaceIndex } from '../project/types';
import { readLintConfig, withOverrides } from '../lint/config';
import { lintEnvironment } from '../lint/environment';
import { loadSqlParser } from '../lint/sql/parser';
import { CommandFailure, type ParsedArgs } from './types';

export const LINT_OPTIONS = [
  { names: ['--select'], key: 'select', takesValue: true, repeatable: true, metavar: 'CODES', help: 'Run only these lint rules (comma-separated codes, or ALL); replaces [tool.alembic-lens] select' },
  { names: ['--ignore'], key: 'ignore', takesValue: true, repeatable: true, metavar: 'CODES', help: 'Do not run these lint rules (comma-separated codes); added to [tool.alembic-lens] ignore' },
  { names: ['--since'], key: 'since', takesValue: true, metavar: 'REV', help: 'Lint only the revisions after REV (what a pull request adds); replaces [tool.alembic-lens] since' },
];

const KNOWN = new Set(LINT_CODES.map((info) => info.code));

/** The disk cache of lint readings; `check` fills it while reading bodies (checkBodies.ts). */
export function lintReadingCache(env: NodeJS.ProcessEnv): ContentCache<MigrationReading> {
  // Readings depend on the file's content only: kept in the engine's disk cache like check's bodies.
  return engineCache<MigrationReading>(`lint-${lintSourceSignature()}`, env);
}

/** A reading's key: the content hash of the file's decoded text (the index's hash) and its path. */
export function lintReadingKey(textHash: string, file: string): string {
  return `${textHash}:${file}`;
}

export async function lintProblemsOf(
  index: WorkspaceIndex,
  environments: readonly Environment[],
  args: ParsedArgs,
  root: string,
  env: NodeJS.ProcessEnv,
  disk: ContentCache<MigrationReading> = lintReadingCache(env),
): Promise<Problem[]> {
  const select = codesOf(args.lists.select, '--select', true);
  const ignore = codesOf(args.lists.ignore, '--ignore', false);
  // Without the parser every SQL statement would be "unchecked": say so once per statement rather than fail.
  await loadSqlParser();
  // Keyed by the index's content hash of each file (the hash checkBodies.ts stores readings under),
  // so finding a reading neither reads nor hashes the file again.
  const keyOf = (entry: HistoryEntry): string | undefined => {
    if (entry.hash !== undefined) return lintReadingKey(entry.hash, entry.file);
    const text = entry.text;
    return text === undefined ? undefined : lintReadingKey(contentHash(text), entry.file);
  };
  const cache: ReadingCache = {
    get: (entry) => {
      const key = keyOf(entry);
      return key === undefined ? undefined : disk.get(key);
    },
    set: (entry, value) => {
      const key = keyOf(entry);
      if (key !== undefined) disk.set(key, value);
    },
  };
  const problems: Problem[] = [];
  for (const environment of environments) {
    const { config: fileConfig, problems: configProblems } = readLintConfig(nodePath.dirname(environment.config.configFile), root);
    const config = withOverrides(fileConfig, { ...(select ? { select } : {}), ...(ignore ? { ignore } : {}), ...(args.values.since !== undefined ? { since: args.values.since } : {}) });
    const result = lintEnvironment(index, environment, config, interpretMigration, { cache, indexHashes: true });
    if (result.sinceError && args.values.since !== undefined) throw new CommandFailure(`argument --since: ${args.values.since} is not a revision of ${environment.config.configFile}`, 2);
    problems.push(...configProblems.filter((problem) => !problems.some((known) => known.file === problem.file && known.message === problem.message)), ...result.problems);
  }
  disk.flush();
  return problems;
}

/**
 * Run from source, the engine cache's signature covers engine/ and python/ only: a change to the
 * linter's own reading code must not be served readings made before it.
 */
function lintSourceSignature(): string {
  if (!__filename.endsWith('.ts')) return 'v1';
  let newest = 0;
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = nodePath.join(folder, entry.name);
      newest = Math.max(newest, entry.isDirectory() ? (walk(full), 0) : fs.statSync(full).mtimeMs);
    }
  };
  try {
    walk(nodePath.resolve(__dirname, '..', 'lint'));
  } catch {
    return 'unknown';
  }
  return `src${Math.round(newest)}`;
}

function codesOf(values: string[] | undefined, option: string, allowAll: boolean): string[] | undefined {
  if (!values) return undefined;
  const codes = values.flatMap((value) => value.split(',')).map((code) => code.trim()).filter((code) => code !== '');
  const unknown = codes.filter((code) => !KNOWN.has(code) && !(allowAll && code === 'ALL'));
  if (unknown.length > 0) throw new CommandFailure(`argument ${option}: unknown lint code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see docs/rules/README.md)`, 2);
  return codes;
}
