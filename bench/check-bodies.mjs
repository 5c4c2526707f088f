#!/usr/bin/env node
// What reading every migration's body costs `alembic-lens check` (syntax errors below the header
// and the engine's problems, engine/bodyProblems.ts), against a check of the headers only:
//
//   node bench/check-bodies.mjs [--revisions N] [--runs R] [--out FILE]
//
// Generates a history (bench/generate-history.mjs, seed 42, three version folders), bundles the
// CLI from the current source, then times in alternation (so a drift in the machine's speed
// weighs on each alike): `check --headers-only`, `check` with the disk cache off (every body
// parsed and interpreted) and `check` with a warm cache (unchanged files: read and hashed only).
// It also times, in-process, the index's syntax check of every body alone (what the language
// server spends in idle time). Writes a Markdown section to bench/results/check-bodies.md.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generate-history.mjs';
import { median, timeInterleaved } from './lib/measure.mjs';
import { describeMachine } from './lib/machine.mjs';
import { bundleCli } from './lib/bundleCli.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
};
const revisions = Number(option('--revisions', '5000'));
const runs = Number(option('--runs', '3'));
const out = resolve(option('--out', join(repo, 'bench', 'results', 'check-bodies.md')));

const work = mkdtempSync(join(tmpdir(), 'alembic-lens-check-bench-'));
try {
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['vscode', 'pg-native', 'sql-formatter'] };
  const cli = join(work, 'cli.js');
  const entry = join(work, 'body-syntax-bench.cjs');
  await bundleCli(esbuild, common, repo, work);
  // check reads cold bodies on worker threads; the worker script sits next to the CLI, as in dist/.
  await esbuild.build({ ...common, entryPoints: [join(repo, 'server', 'src', 'lint', 'check', 'readingWorker.ts')], outfile: join(work, 'readingWorker.js') });
  // The safety lint's PostgreSQL parser (check runs the lint too) loads its WASM from next to the bundle.
  copyFileSync(join(repo, 'node_modules', 'libpg-query', 'wasm', 'libpg-query.wasm'), join(work, 'libpg-query.wasm'));
  await esbuild.build({ ...common, entryPoints: [join(repo, 'bench', 'entry', 'bodySyntaxBench.ts')], outfile: entry });
  const history = generateHistory({ revisions, out: join(work, 'history'), seed: 42, locations: 3 });
  const cacheDir = join(work, 'cache');
  mkdirSync(cacheDir);
  // check exits 1 when it finds an error; the generated history has none, so any failure is real.
  const base = { command: process.execPath, cwd: history.dir, repetitions: runs };
  const [headers, cold, warm] = timeInterleaved([
    { ...base, args: [cli, 'check', '--headers-only'], warmup: 1, env: { ALEMBIC_LENS_CACHE: 'off' } },
    { ...base, args: [cli, 'check'], env: { ALEMBIC_LENS_CACHE: 'off' } },
    { ...base, args: [cli, 'check'], warmup: 1, env: { ALEMBIC_LENS_CACHE_DIR: cacheDir } },
  ]);
  const inProcess = [];
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, [entry, history.dir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`body-syntax-bench failed: ${result.stderr}`);
    inProcess.push(JSON.parse(result.stdout));
  }
  const machine = describeMachine(process.env.ALEMBIC_PYTHON ?? 'python3');
  const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);
  const runsOf = (result) => result.runs.map(ms).join(', ');
  const syntaxMs = median(inProcess.map((result) => result.syntaxMs));
  const indexMs = median(inProcess.map((result) => result.indexMs));
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const text = [
    `## \`check\`: reading migration bodies (${revisions.toLocaleString('en-US')} revisions, ${(history.bytes / 1048576).toFixed(1)} MB)`,
    '',
    `Run ${now} UTC with \`node bench/check-bodies.mjs --revisions ${revisions} --runs ${runs}\` on ${machine.cpu} (${machine.cores} cores), ` +
      `${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.toFixed(1)} at start; median of ${runs} runs, the three CLI runs alternating.`,
    '',
    '| measure | median | runs |',
    '|---|---:|---|',
    `| \`check --headers-only\` (headers only, as before bodies were read) | ${ms(headers.ms)} | ${runsOf(headers)} |`,
    `| \`check\`, no cache (every body parsed and interpreted) | ${ms(cold.ms)} | ${runsOf(cold)} |`,
    `| \`check\`, warm cache (unchanged files: read and hashed) | ${ms(warm.ms)} | ${runsOf(warm)} |`,
    `| in-process: cold index (headers) | ${ms(indexMs)} | ${inProcess.map((result) => ms(result.indexMs)).join(', ')} |`,
    `| in-process: syntax check of every body (\`checkBodySyntax\`, the language server's idle-time pass) | ${ms(syntaxMs)} | ${inProcess.map((result) => ms(result.syntaxMs)).join(', ')} |`,
    '',
    `The whole parse of a body costs ${(syntaxMs / revisions).toFixed(2)} ms per file here, against ${(indexMs / revisions).toFixed(3)} ms for its header; ` +
      `reading the bodies (parse and interpretation, one tree per file) makes a check without cache ${(cold.ms / headers.ms).toFixed(1)} times slower than a check of the headers, ` +
      `a warm cache ${(warm.ms / headers.ms).toFixed(2)} times. Hence \`heads\`/\`history\` read headers only, the language server parses the bodies in idle slices after ` +
      'its first diagnostics, and `check` caches what it found per file content.',
    '',
  ].join('\n');
  writeFileSync(out, text);
  process.stdout.write(text);
} finally {
  rmSync(work, { recursive: true, force: true });
}
