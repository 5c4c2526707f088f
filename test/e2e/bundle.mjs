// Bundles the end-to-end suite (test/e2e/suite/index.ts) to dist-test/e2e/index.js for the
// extension host. Shared by run.mjs (VS Code server + Chromium) and electron.ts (@vscode/test-electron).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteOut = path.join(repoRoot, 'dist-test', 'e2e', 'index.js');

export async function bundleSuite() {
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: suiteOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return suiteOut;
}
