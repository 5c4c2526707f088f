/**
 * The same end-to-end suite under @vscode/test-electron, for machines that can download a desktop
 * VS Code (these cannot: use test/e2e/run.mjs there). Screenshots are skipped on this path.
 *
 * usage: node esbuild.mjs && node --import tsx test/e2e/electron.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
// @ts-expect-error: a plain .mjs module shared with run.mjs, without type declarations.
import { bundleSuite, repoRoot } from './bundle.mjs';
import { temporaryFolder } from '../support/temporaryFolders';

async function main(): Promise<void> {
  const suite: string = await bundleSuite();
  const root: string = repoRoot;
  const tmp = temporaryFolder('alembic-lens-e2e-electron-');
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'e2e-workspace'), workspace, { recursive: true });
  const resultFile = path.join(tmp, 'result.json');
  const configFile = path.join(path.dirname(suite), 'e2e-config.json');
  fs.writeFileSync(configFile, JSON.stringify({ resultFile, grep: process.env.ALEMBIC_LENS_E2E_GREP }));
  let exitCode = 0;
  try {
    exitCode = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { ALEMBIC_LENS_E2E_CONFIG: configFile },
    });
  } catch (error) {
    console.error(error);
    exitCode = 1;
  }
  const summary = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { passed: number; failed: number }) : undefined;
  console.log(`${summary?.passed ?? 0} passed, ${(summary?.failed ?? 0) + (summary ? 0 : 1)} failed`);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(exitCode !== 0 || !summary || summary.failed > 0 ? 1 : 0);
}

void main();
