// `check` reads every migration's whole body, as the editor does for an open file: syntax errors
// below the header and the engine's problems are reported with the same codes and ranges the
// language server publishes (one core function, engine/bodyProblems.ts). Fixtures in
// test/fixtures/check/body, one mistake per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpreterProblems } from '../../../server/src/lsp/engine';
import { temporaryFolder } from '../../support/temporaryFolders';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'check');
const versions = path.join(fixtures, 'body', 'migrations', 'versions');

async function check(args: string[], env: Record<string, string> = { ALEMBIC_LENS_CACHE: 'off' }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: fixtures, env });
  return { code, stdout, stderr };
}

interface JsonProblem {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
}

async function problemsByFile(args: string[] = [], env?: Record<string, string>): Promise<Map<string, string[]>> {
  const result = await check(['body', '--format', 'json', ...args], env);
  const byFile = new Map<string, string[]>();
  for (const problem of JSON.parse(result.stdout).problems as JsonProblem[]) {
    const list = byFile.get(path.basename(problem.file)) ?? [];
    list.push(`${problem.code}@${problem.line}:${problem.column}`);
    byFile.set(path.basename(problem.file), list);
  }
  return byFile;
}

test('a syntax error below the header fails the check with the parser range (exit 1)', async () => {
  const result = await check(['body']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^body\/migrations\/versions\/eeee00000001_syntax_error\.py:17:13: error python-syntax-error: /m);
  assert.doesNotMatch(result.stdout, /No problems found/);
});

test('the engine codes the editor shows are reported by check', async () => {
  const byFile = await problemsByFile();
  assert.deepEqual(byFile.get('eeee00000002_no_upgrade.py'), ['missing-upgrade@1:1']);
  assert.deepEqual(byFile.get('eeee00000003_async_downgrade.py'), ['async-migration-function@21:11']);
  assert.deepEqual(byFile.get('eeee00000004_bogus_option.py'), ['invalid-operation-arguments@18:67']);
  assert.deepEqual(byFile.get('eeee00000005_unknown_operation.py')?.sort(), ['opaque-step@18:5', 'unknown-operation@22:5']);
  // `# alembic-lens: ignore[opaque-step]` silences the engine's problem as it silences the index's.
  assert.equal(byFile.get('eeee00000006_suppressed.py'), undefined);
  // SQLAlchemy refuses a Python bool as server_default whatever the run: an error, not an opaque step.
  assert.deepEqual(byFile.get('eeee00000007_bool_server_default.py'), ['invalid-operation-arguments@19:24']);
  // `op` used at the top of the module: Alembic's heads/history/--sql cannot import the file.
  assert.deepEqual(byFile.get('eeee00000008_bind_at_import.py'), ['operation-at-import@16:17']);
});

test('with the safety lint, the refused server_default is still the error (autogenerate layout, read without a tree)', async () => {
  const byFile = await problemsByFile(['--select', 'ALL']);
  assert.ok(byFile.get('eeee00000007_bool_server_default.py')?.includes('invalid-operation-arguments@19:24'), String(byFile.get('eeee00000007_bool_server_default.py')));
});

test('for every file, check reports exactly what the language server publishes for it when open', async () => {
  const byFile = await problemsByFile();
  const index = buildWorkspaceIndex([path.join(fixtures, 'body')]);
  for (const name of fs.readdirSync(versions)) {
    const file = path.join(versions, name);
    index.setOverlay(file, fs.readFileSync(file, 'utf8'));
    const editor = [...index.problemsFor(file), ...interpreterProblems(index, index.environmentForFile(file), file)]
      .map((problem) => `${problem.code}@${problem.range.start.line + 1}:${problem.range.start.character + 1}`)
      .sort();
    index.setOverlay(file, undefined);
    assert.deepEqual((byFile.get(name) ?? []).sort(), editor, name);
  }
});

test('--headers-only skips the bodies and says so in the summary', async () => {
  const result = await check(['body', '--headers-only']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'No problems found (1 environment, 8 revisions; headers only).\n');
});

test('the disk cache gives the same problems as a fresh reading', async () => {
  const cacheDir = temporaryFolder('check-cache-');
  try {
    const fresh = await problemsByFile();
    const first = await problemsByFile([], { ALEMBIC_LENS_CACHE_DIR: cacheDir });
    assert.ok(fs.readdirSync(cacheDir).some((name) => name.startsWith('check-')), 'the check pack was written');
    const second = await problemsByFile([], { ALEMBIC_LENS_CACHE_DIR: cacheDir });
    assert.deepEqual(first, fresh);
    assert.deepEqual(second, fresh);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
