#!/usr/bin/env node
// What the safety lint costs, and what the same check costs with Alembic and squawk:
//
//   node bench/lint.mjs [--revisions N] [--runs R] [--edits E] [--out FILE]
//
// Generates a history (bench/generate-history.mjs, seed 42), bundles the CLI and an in-process
// entry (bench/entry/lintBench.ts) from the current source, with libpg-query's WASM beside them,
// then times: `check --select ALL` end to end without cache and with a warm cache (the report
// written to a file; the cold one also read through a pipe by this process); in-process
// the cold lint, the warm lint and the re-lint after an edit to one migration; and, when
// ALEMBIC_PYTHON (or /work/venv-alembic) has Alembic, `alembic upgrade heads --sql | squawk`
// on the same history. Writes a Markdown section to bench/results/lint.md.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generate-history.mjs';
import { median, timeCommand, timeInterleaved } from './lib/measure.mjs';
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
const edits = Number(option('--edits', '100'));
const out = resolve(option('--out', join(repo, 'bench', 'results', 'lint.md')));
const python = process.env.ALEMBIC_PYTHON ?? (existsSync('/work/venv-alembic/bin/python') ? '/work/venv-alembic/bin/python' : undefined);
const squawk = process.env.ALEMBIC_LENS_SQUAWK ?? join(repo, '.cache', 'squawk', 'node_modules', '.bin', 'squawk'); // test/setup/squawk.sh

const work = mkdtempSync(join(tmpdir(), 'alembic-lens-lint-bench-'));
try {
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['vscode', 'pg-native', 'sql-formatter', '@electric-sql/pglite', '@electric-sql/pglite-socket'] };
  const cli = join(work, 'cli.js');
  const entry = join(work, 'lint-bench.cjs');
  await bundleCli(esbuild, common, repo, work);
  // check reads cold bodies on worker threads; the worker script sits next to the CLI, as in dist/.
  await esbuild.build({ ...common, entryPoints: [join(repo, 'server', 'src', 'lint', 'check', 'readingWorker.ts')], outfile: join(work, 'readingWorker.js') });
  await esbuild.build({ ...common, entryPoints: [join(repo, 'bench', 'entry', 'lintBench.ts')], outfile: entry });
  copyFileSync(join(repo, 'node_modules', 'libpg-query', 'wasm', 'libpg-query.wasm'), join(work, 'libpg-query.wasm'));
  const history = generateHistory({ revisions, out: join(work, 'history'), seed: 42, locations: 3 });
  const cacheDir = join(work, 'cache');
  mkdirSync(cacheDir);
  const base = { cwd: history.dir, repetitions: runs, allowFailure: true };
  // The cold check and the peer pipeline alternate (check, pipeline, check, ...), so a change in
  // the machine's load weighs on both and their ratio stays honest. The peer runs with Python's
  // bytecode cache (this machine sets PYTHONDONTWRITEBYTECODE for every process; it is unset
  // here, and the discarded first run fills the cache), as a developer's second run would.
  // The report goes to a file, as a CI job keeps it (the pipeline's goes to /dev/null). Exit 1
  // only says the report has errors; any other failure stops the bench.
  const report = join(work, 'report.json');
  const checkToFile = (env) => ({
    command: 'bash',
    args: ['-c', `"${process.execPath}" "${cli}" check --select ALL --format json > "${report}"; test $? -le 1`],
    ...base,
    allowFailure: false,
    env,
  });
  const checkSpec = checkToFile({ ALEMBIC_LENS_CACHE: 'off' });
  // The same command with its 19 MB report read through a pipe by this process (how the rows
  // before 5 December 22:48 were measured: the reading and decoding counted in the time).
  const pipedSpec = { command: process.execPath, args: [cli, 'check', '--select', 'ALL', '--format', 'json'], ...base, env: { ALEMBIC_LENS_CACHE: 'off' } };
  const peerSpec =
    python && existsSync(squawk)
      ? {
          command: 'bash',
          args: ['-c', `set -o pipefail; "${python}" -m alembic upgrade heads --sql 2>/dev/null | "${squawk}" --reporter json --assume-in-transaction --stdin-filepath upgrade.sql > /dev/null; test $? -le 1`],
          ...base,
          warmup: 1,
          // The pipeline's own exit says whether it worked (squawk exits 1 on findings): a failing
          // Alembic (`upgrade head` on a history with two heads did) must stop the bench.
          allowFailure: false,
          env: { PYTHONPYCACHEPREFIX: join(work, 'python-bytecode') },
          unsetEnv: ['PYTHONDONTWRITEBYTECODE'],
        }
      : undefined;
  const [cold, piped, alembicSquawk] = timeInterleaved(peerSpec ? [checkSpec, pipedSpec, peerSpec] : [checkSpec, pipedSpec]);
  const warm = timeInterleaved([{ ...checkToFile({ ALEMBIC_LENS_CACHE_DIR: cacheDir }), warmup: 1 }])[0];
  const headers = timeCommand(process.execPath, [cli, 'check', '--headers-only'], { ...base, warmup: 1 });
  const inProcess = [];
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, [entry, history.dir, String(edits)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`lint-bench failed: ${result.stderr}`);
    inProcess.push(JSON.parse(result.stdout));
  }
  const machine = describeMachine(python ?? 'python3');
  const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);
  const runsOf = (result) => result.runs.map(ms).join(', ');
  const pick = (key) => median(inProcess.map((result) => result[key]));
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows = [
    `| \`check --select ALL\`, no cache (index, bodies, lint), report to a file | ${ms(cold.ms)} | ${runsOf(cold)} |`,
    `| the same, report read through a pipe by the benchmark (the measure before 5 December 22:48) | ${ms(piped.ms)} | ${runsOf(piped)} |`,
    `| \`check --select ALL\`, warm disk cache, report to a file | ${ms(warm.ms)} | ${runsOf(warm)} |`,
    `| \`check --headers-only\` (no bodies, no lint) | ${ms(headers.ms)} | ${runsOf(headers)} |`,
    `| in-process: loading the PostgreSQL parser (WASM) | ${ms(pick('parserMs'))} | ${inProcess.map((r) => ms(r.parserMs)).join(', ')} |`,
    `| in-process: lint of the whole history, cold (interpret, render, parse, replay) | ${ms(pick('coldMs'))} | ${inProcess.map((r) => ms(r.coldMs)).join(', ')} |`,
    `| in-process: lint of the whole history, every reading cached (replay only) | ${ms(pick('warmMs'))} | ${inProcess.map((r) => ms(r.warmMs)).join(', ')} |`,
    `| in-process: re-lint after an edit to one migration (median / 90th percentile / max of ${edits}) | ${ms(pick('editMedianMs'))} / ${ms(pick('editP90Ms'))} / ${ms(pick('editMaxMs'))} | |`,
  ];
  if (alembicSquawk) {
    rows.push(`| \`alembic upgrade heads --sql \\| squawk\`, bytecode cache warm, alternating with the cold check | ${ms(alembicSquawk.ms)} | ${runsOf(alembicSquawk)} |`);
    rows.push(`| ratio: pipeline / cold check (same run) | ${(alembicSquawk.ms / cold.ms).toFixed(2)}x | |`);
  }
  const text = [
    `## Safety lint (${revisions.toLocaleString('en-US')} revisions, ${(history.bytes / 1048576).toFixed(1)} MB, ${inProcess[0].findings} findings)`,
    '',
    `Run ${now} UTC with \`node bench/lint.mjs --revisions ${revisions} --runs ${runs}\` on ${machine.cpu} (${machine.cores} cores), ` +
      `${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.toFixed(1)} at start; median of ${runs} runs.`,
    '',
    '| measure | median | runs |',
    '|---|---:|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(out, text);
  process.stdout.write(text);
} finally {
  rmSync(work, { recursive: true, force: true });
}
