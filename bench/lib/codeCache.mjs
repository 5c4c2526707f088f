// Makes the CLI main program's V8 code cache (server/src/common/codeCache.ts) beside a bundled
// cli.js: runs `check` once over a small generated history (an autogenerate-shaped one, so the
// index, both readings, the lint and the JSON output are all compiled) with
// ALEMBIC_LENS_WRITE_CODE_CACHE set, which writes the cache at exit. Used by the product build
// (esbuild.mjs) and by every bench that bundles the CLI (bundleCli.mjs), so both time what ships.
// Best effort: without a cache the CLI runs as before, only its start is slower.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateHistory } from '../generate-history.mjs';

export function makeCodeCache(bundleFolder) {
  const folder = resolve(bundleFolder);
  const cache = join(folder, 'cliMain.js.v8cache');
  rmSync(cache, { force: true });
  const work = mkdtempSync(join(tmpdir(), 'alembic-lens-code-cache-'));
  try {
    const history = generateHistory({ revisions: 300, out: join(work, 'history'), seed: 7, locations: 1 });
    const env = { ...process.env, ALEMBIC_LENS_WRITE_CODE_CACHE: cache, ALEMBIC_LENS_CACHE: 'off', ALEMBIC_LENS_ANSWER_CACHE: 'off' };
    const run = spawnSync(process.execPath, [join(folder, 'cli.js'), 'check', '--select', 'ALL', '--format', 'json'], { cwd: history.dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (!existsSync(cache)) process.stderr.write(`code cache not made (the CLI exited ${run.status}): ${run.stderr.slice(0, 500)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cache;
}
