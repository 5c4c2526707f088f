/**
 * Runs the real Alembic and our CLI on the same environment and command, and compares their
 * offline SQL statement for statement. The real Alembic comes from ALEMBIC_PYTHON (default: the
 * project's venv); a missing interpreter fails the test run loudly instead of skipping it.
 *
 * One normalisation, applied to both outputs alike:
 * - Merge and unmerge steps touch several version rows. Alembic picks which parent row it
 *   UPDATEs (and which it DELETEs or INSERTs) by iterating a Python `set`, so its choice changes
 *   with the interpreter's hash seed (verified with PYTHONHASHSEED=0..5). For such a step, the
 *   version-table statements are replaced by one line listing the rows present after the step;
 *   everything else (migration SQL, comments, transactions, single-row steps) is compared exactly.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { temporaryFolder } from '../support/temporaryFolders';

export const ALEMBIC_PYTHON = process.env.ALEMBIC_PYTHON || '/root/.cache/alembic-lens/venv/bin/python';

export function requireAlembic(): void {
  if (!fs.existsSync(ALEMBIC_PYTHON)) {
    throw new Error(
      `The real Alembic is required for the SQL parity tests: ${ALEMBIC_PYTHON} does not exist. ` +
        'Set ALEMBIC_PYTHON to a Python with alembic==1.20.0 and psycopg2 installed.',
    );
  }
}

/** A private cache directory, so tests neither read nor pollute the user's cache. */
export function isolateCache(): string {
  const dir = temporaryFolder('alembic-lens-cache-');
  process.env.ALEMBIC_LENS_CACHE_DIR = dir;
  return dir;
}

export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export function runAlembic(cwd: string, args: string[]): RunOutput {
  // No __pycache__ folders in the fixtures.
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  const result = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', '-c', 'alembic.ini', ...args], { cwd, encoding: 'utf8', env });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export async function runLens(cwd: string, args: string[]): Promise<RunOutput> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['-c', path.join(cwd, 'alembic.ini'), ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env: process.env,
  });
  return { code, stdout, stderr };
}

/** Alembic's `FAILED: ...` line, if any. */
export function failure(stderr: string): string | undefined {
  return stderr.split('\n').find((line) => line.startsWith('FAILED:'));
}

/** Splits offline output into its pieces (each printed followed by a blank line). */
function pieces(output: string): string[] {
  return output.split(/\n\n/).filter((piece) => piece.trim() !== '');
}

const VERSION_STATEMENT = /^(INSERT INTO|UPDATE|DELETE FROM) (\S+?)(?: \(version_num\)| SET version_num=| WHERE)/;

/** See the module comment: canonical form of multi-row version-table steps. */
export function normalizeOffline(output: string, versionTable = 'alembic_version'): string[] {
  const out: string[] = [];
  const rows = new Set<string>();
  let pending: string[] = [];
  const isVersion = (piece: string) => {
    const match = VERSION_STATEMENT.exec(piece);
    return !!match && match[2].split('.').pop() === versionTable;
  };
  const flush = () => {
    for (const statement of pending) applyVersionStatement(rows, statement);
    if (pending.length > 1) out.push(`-- version rows now: ${[...rows].sort().join(', ')}`);
    else out.push(...pending);
    pending = [];
  };
  for (const piece of pieces(output)) {
    if (isVersion(piece)) {
      pending.push(piece);
      continue;
    }
    flush();
    out.push(piece);
  }
  flush();
  return out;
}

function applyVersionStatement(rows: Set<string>, statement: string): void {
  const values = [...statement.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  if (statement.startsWith('INSERT')) rows.add(values[0]);
  else if (statement.startsWith('DELETE')) rows.delete(values[0]);
  else {
    rows.delete(values[1]);
    rows.add(values[0]);
  }
}

/** The smallest env.py for offline runs: PostgreSQL, literal binds, no target_metadata. */
export const OFFLINE_ENV_PY = 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n';

/** OFFLINE_ENV_PY with Alembic's generic template's named paramstyle (no `%` doubling). */
export const NAMED_OFFLINE_ENV_PY = 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True, dialect_opts={"paramstyle": "named"})\nwith context.begin_transaction():\n    context.run_migrations()\n';

/**
 * An offline env.py: `preamble` (imports, target_metadata) after `from alembic import context`,
 * then `context.configure(url=..., <configure>)` and the run.
 */
export function offlineEnvPy(preamble: readonly string[], configure: string): string {
  return ['from alembic import context', ...preamble, '', `context.configure(url="postgresql://u@h/d", ${configure})`, 'with context.begin_transaction():', '    context.run_migrations()', ''].join('\n');
}

/**
 * The text of one base revision "a1": `imports` (Alembic's `op` and `sa` unless given), the
 * module-level `helpers` (functions, constants) after the header, and the bodies of upgrade() and
 * downgrade() (`pass` when empty), their lines indented here.
 */
export function baseRevision(parts: { imports?: readonly string[]; helpers?: readonly string[]; upgrade: readonly string[]; downgrade?: readonly string[] }): string {
  const body = (lines: readonly string[] | undefined) => (lines && lines.length > 0 ? lines : ['pass']).map((line) => `    ${line}`);
  const helpers = parts.helpers && parts.helpers.length > 0 ? ['', ...parts.helpers] : [];
  return [
    ...(parts.imports ?? ['from alembic import op', 'import sqlalchemy as sa']),
    '',
    'revision = "a1"',
    'down_revision = None',
    ...helpers,
    '',
    '',
    'def upgrade():',
    ...body(parts.upgrade),
    '',
    '',
    'def downgrade():',
    ...body(parts.downgrade),
    '',
  ].join('\n');
}

/** Writes `text` to `file`, making its folders. */
export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Runs `args` with the real Alembic and our CLI in `dir`: both succeed and print the same SQL. Returns ours. */
export async function assertSameAsAlembic(dir: string, args: string[]): Promise<string> {
  const expected = runAlembic(dir, args);
  assert.equal(expected.code, 0, `alembic ${args.join(' ')}: ${expected.stderr}`);
  const actual = await runLens(dir, args);
  assert.equal(actual.code, 0, `alembic-lens ${args.join(' ')}: ${actual.stderr}`);
  assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), args.join(' '));
  return actual.stdout;
}

/**
 * A project of its own with `envPy` (OFFLINE_ENV_PY unless given) and the given files (path relative to the project ->
 * text), with `extraIni` lines in its [alembic] section; returns its folder.
 */
/**
 * `upgrade head --sql` of the project `dir`, whose upgrade() has a statement SQLAlchemy raises on
 * followed by `op.create_table("after", ...)`: Alembic fails with `python` in its stderr, and Lens
 * prints no script (not even the table after) and names `reason`.
 */
export async function assertBothRefuse(dir: string, label: string, python: RegExp, reason: RegExp): Promise<void> {
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0, label);
  assert.match(alembic.stderr, python);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0, label);
  assert.doesNotMatch(lens.stdout, /CREATE TABLE after/);
  assert.match(lens.stderr, reason);
}

export function offlineProject(prefix: string, files: Record<string, string>, extraIni = '', envPy = OFFLINE_ENV_PY): string {
  const dir = temporaryFolder(prefix);
  writeFile(path.join(dir, 'alembic.ini'), `[alembic]\nscript_location = migrations\n${extraIni}`);
  writeFile(path.join(dir, 'migrations', 'env.py'), envPy);
  for (const [file, text] of Object.entries(files)) writeFile(path.join(dir, file), text);
  return dir;
}

