#!/usr/bin/env node
// `npm run bench`: generates histories of 1,000, 5,000 and 10,000 revisions and measures, in one
// run, Alembic Lens against the real Alembic on the same directories:
//   (a) cold index: `alembic-lens -c ini heads` (a fresh process) and an in-process
//       buildWorkspaceIndex, against `alembic -c ini heads`; peak resident memory;
//   (b) re-index after a one-file change at 5,000 (setOverlay);
//   (c) offline SQL for the whole 5,000 history, cold and warm cache, against `alembic upgrade
//       heads --sql` (and whether the two outputs are identical);
//   (d) the language server figures from bench/lsp.mjs when that script exists;
//   (e) interpreting a migration against parsing it (bench/entry/interpretBench.ts), as a ratio.
// Prints a Markdown report and writes it to bench/results/latest.md.
//
// Needs: the source to build (bundled here with esbuild.mjs's settings) and the real Alembic in
// $ALEMBIC_PYTHON (default /root/.cache/alembic-lens/venv/bin/python).
// Options: --sizes 1000,5000,10000  --reps 5  --alembic-reps 3  --quick  --keep  --out FILE
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generate-history.mjs';
import { describeMachine } from './lib/machine.mjs';
import { median, timeCommand, timeInterleaved } from './lib/measure.mjs';
import { renderReport } from './lib/report.mjs';
import { bundleCli } from './lib/bundleCli.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const options = parseArgs(process.argv.slice(2));
const python = process.env.ALEMBIC_PYTHON || '/root/.cache/alembic-lens/venv/bin/python';
let cli;
const SQL_SIZE = 5000;

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function preflight() {
  const probe = spawnSync(python, ['-c', 'import alembic'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`bench: the real Alembic is missing: ${python} cannot import alembic.\nSet ALEMBIC_PYTHON to a Python with alembic==1.20.0 installed.`);
    process.exit(2);
  }
}

/**
 * Bundles what the bench runs, from the current source and with esbuild.mjs's settings: the CLI
 * (what `node esbuild.mjs` puts in dist/cli.js), bench/entry/indexBench.ts (in-process
 * index measurements) and bench/entry/interpretBench.ts (interpretation against parsing).
 * Bundling here keeps the numbers about the source as it is now, never a stale dist/, and does
 * not depend on the client and server bundles building.
 */
async function bundle(work) {
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['vscode', 'pg-native', 'sql-formatter'] };
  const cliFile = join(work, 'cli.js');
  const entryFile = join(work, 'index-bench.cjs');
  const interpretFile = join(work, 'interpret-bench.cjs');
  try {
    await bundleCli(esbuild, common, repo, work);
    // The CLI compiles a cold history on worker threads from this file next to it, as in dist/.
    await esbuild.build({ ...common, entryPoints: [join(repo, 'server', 'src', 'engine', 'offline', 'compileWorker.ts')], outfile: join(work, 'compileWorker.js') });
    await esbuild.build({ ...common, entryPoints: [join(repo, 'bench', 'entry', 'indexBench.ts')], outfile: entryFile });
    // As in dist/: sql-formatter is a bundle of its own, loaded on first use.
    await esbuild.build({ ...common, external: ['vscode'], entryPoints: [join(repo, 'server', 'src', 'engine', 'offline', 'sqlFormatterEntry.ts')], outfile: join(work, 'sqlFormatter.js') });
    await esbuild.build({ ...common, entryPoints: [join(repo, 'bench', 'entry', 'interpretBench.ts')], outfile: interpretFile });
  } catch (error) {
    console.error(`bench: the build failed (${error.message.split('\n')[0]}); fix it (node esbuild.mjs shows the errors) and run again.`);
    process.exit(2);
  }
  return { cliFile, entryFile, interpretFile };
}

function firstTokens(text) {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((token) => token && /^[\w]+$/.test(token))
    .sort();
}

function runIndexEntry(entry, root, repetitions, withOverlay) {
  const results = [];
  spawnSync(process.execPath, [entry, root], { encoding: 'utf8', maxBuffer: 1 << 26 }); // warm-up, discarded (see timeCommand)
  for (let i = 0; i < repetitions; i++) {
    const args = [entry, root, ...(withOverlay ? ['--overlay'] : [])];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`index bench failed: ${run.stderr.trim().split('\n').slice(-6).join('\n')}`);
    results.push(JSON.parse(run.stdout.trim().split('\n').at(-1)));
  }
  return {
    coldMs: median(results.map((result) => result.coldMs)),
    rssMb: Math.max(...results.map((result) => result.maxRssMb)),
    overlayMs: withOverlay ? median(results.map((result) => result.overlayMs)) : undefined,
    problems: results[0].problems,
    revisions: results[0].revisions,
  };
}

/**
 * Alembic run two ways. Without a bytecode cache (PYTHONDONTWRITEBYTECODE=1 and no __pycache__
 * beside the migrations, as on the first run after a checkout, and as this machine's own
 * environment runs Python): every migration is compiled on every run, the counterpart of a cold
 * index, which reads and parses every file. With its bytecode cache (Python's default: compiled
 * migrations cached after the first run; here under a cache prefix of its own, so the first way
 * never sees those files): the counterpart of a warm start.
 */
function alembicSpecs(args, repetitions, work) {
  const command = { command: python, args: ['-m', 'alembic', ...args], repetitions, warmup: 1 };
  const noCache = { ...command, env: { PYTHONDONTWRITEBYTECODE: '1' }, unsetEnv: ['PYTHONPYCACHEPREFIX'] };
  const withCache = { ...command, env: { PYTHONPYCACHEPREFIX: join(work, 'python-bytecode') }, unsetEnv: ['PYTHONDONTWRITEBYTECODE'] };
  return { noCache, withCache };
}

function measureSize(size, history, entry, work) {
  log(`${size}: alembic-lens heads x${options.reps} and alembic heads x${options.alembicReps} (with and without its bytecode cache), alternating`);
  // --no-cache: a cold index every run (the untimed first run would otherwise fill the index cache;
  // repeated runs with it are bench/index-cache.mjs's).
  const oursSpec = { command: process.execPath, args: [cli, '-c', history.iniPath, '--no-cache', 'heads'], repetitions: options.reps, warmup: 1 };
  const alembic = alembicSpecs(['-c', history.iniPath, 'heads'], options.alembicReps, work);
  const specs = [oursSpec, alembic.noCache, alembic.withCache];
  // Node reads the certificate file NODE_EXTRA_CA_CERTS names at every start; where the machine
  // sets it, the CLI is also timed without it (see extraCaCertsCost).
  if (process.env.NODE_EXTRA_CA_CERTS) specs.push({ ...oursSpec, unsetEnv: ['NODE_EXTRA_CA_CERTS'] });
  const [ours, theirs, theirsWithBytecode, oursWithoutExtraCerts] = timeInterleaved(specs);
  log(`${size}: in-process index x${options.reps}`);
  const inProcess = runIndexEntry(entry, history.dir, options.reps, size === SQL_SIZE);
  const sameHeads = JSON.stringify(firstTokens(ours.stdout)) === JSON.stringify(firstTokens(theirs.stdout));
  return { size, megabytes: history.bytes / 1024 / 1024, ours, oursWithoutExtraCerts, inProcess, theirs, theirsWithBytecode, sameHeads };
}

/**
 * What NODE_EXTRA_CA_CERTS costs every Node process on this machine: `node -e ''` with the
 * variable as set and without it (undefined when it is not set). No alembic-lens command makes
 * a TLS connection, so on a machine without the variable every CLI figure is this much lower.
 */
function extraCaCertsCost() {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const empty = { command: process.execPath, args: ['-e', ''], repetitions: 9, warmup: 1 };
  const [withCerts, withoutCerts] = timeInterleaved([empty, { ...empty, unsetEnv: ['NODE_EXTRA_CA_CERTS'] }]);
  return { withMs: withCerts.ms, withoutMs: withoutCerts.ms };
}

function measureOfflineSql(history, work) {
  const args = [cli, '-c', history.iniPath, 'upgrade', 'heads', '--sql'];
  const cacheDir = join(work, 'sql-cache');
  const env = { ALEMBIC_LENS_CACHE_DIR: cacheDir };
  const probe = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  if (probe.status !== 0) {
    const reason = (probe.stderr || probe.stdout || '').trim().split('\n')[0] || `exit code ${probe.status}`;
    log(`offline SQL skipped: ${reason}`);
    return { available: false, reason };
  }
  log(`${SQL_SIZE}: alembic-lens upgrade heads --sql, cold x${options.reps}`);
  const clearCache = () => rmSync(cacheDir, { recursive: true, force: true });
  const cold = timeCommand(process.execPath, args, { repetitions: options.reps, env, before: clearCache });
  log(`${SQL_SIZE}: alembic-lens upgrade heads --sql, warm x${options.reps}`);
  spawnSync(process.execPath, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const warm = timeCommand(process.execPath, args, { repetitions: options.reps, env });
  log(`${SQL_SIZE}: alembic upgrade heads --sql x${options.sqlReps} (with and without its bytecode cache), alternating`);
  const alembic = alembicSpecs(['-c', history.iniPath, 'upgrade', 'heads', '--sql'], options.sqlReps, work);
  const seeded = (spec) => ({ ...spec, env: { ...spec.env, PYTHONHASHSEED: '0' } });
  const [theirs, theirsWithBytecode] = timeInterleaved([seeded(alembic.noCache), seeded(alembic.withCache)]);
  const identical = warm.stdout === theirs.stdout && cold.stdout === theirs.stdout;
  // Alembic picks which parent row of a merge to UPDATE (and which to DELETE) by iterating a
  // Python set when other heads exist, so its own output varies with PYTHONHASHSEED. Compare
  // the rest exactly.
  const withoutVersionRows = (text) => text.split('\n').filter((line) => !line.includes('alembic_version')).join('\n');
  const sameSchemaSql = withoutVersionRows(cold.stdout) === withoutVersionRows(theirs.stdout) && withoutVersionRows(warm.stdout) === withoutVersionRows(theirs.stdout);
  const differing = cold.stdout === theirs.stdout ? warm.stdout : cold.stdout;
  return { available: true, cold, warm, theirs, theirsWithBytecode, identical, sameSchemaSql, bytes: theirs.stdout.length, difference: identical ? undefined : firstDifference(theirs.stdout, differing) };
}

/** The first line where two outputs differ, for the report (so a mismatch is diagnosable). */
function firstDifference(expected, actual) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const clip = (text) => (text === undefined ? '(end of output)' : text.length > 160 ? `${text.slice(0, 160)}...` : text);
  return { line: line + 1, alembic: clip(a[line]), ours: clip(b[line]) };
}

/** Interpretation against parsing of the same text, in one process (the script repeats internally). */
function measureInterpretation(file) {
  log('interpretation against parsing');
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  if (run.status !== 0) return { available: false, reason: `interpret bench failed (exit ${run.status}): ${(run.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
  return { available: true, ...JSON.parse(run.stdout.trim().split('\n').at(-1)) };
}

function measureLsp(histories) {
  const script = join(repo, 'bench', 'lsp.mjs');
  if (!existsSync(script)) return { available: false, reason: 'bench/lsp.mjs does not exist yet' };
  const history = histories.get(SQL_SIZE) ?? [...histories.values()].at(-1);
  log(`language server: node bench/lsp.mjs --workspace (${history.revisions} revisions)`);
  const run = spawnSync(process.execPath, [script, '--workspace', history.dir], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) return { available: false, reason: `bench/lsp.mjs failed (exit ${run.status}): ${(run.stderr || '').trim().split('\n').slice(-3).join(' ')}` };
  try {
    // The script prints one JSON object (pretty-printed) on stdout.
    const text = run.stdout.slice(run.stdout.indexOf('{'), run.stdout.lastIndexOf('}') + 1);
    return { available: true, result: JSON.parse(text) };
  } catch {
    return { available: true, output: run.stdout.trim() };
  }
}

async function main() {
  preflight();
  const work = mkdtempSync(join(os.tmpdir(), 'alembic-lens-bench-'));
  try {
    const built = await bundle(work);
    cli = built.cliFile;
    const entry = built.entryFile;
    const machine = describeMachine(python);
    machine.extraCaCerts = extraCaCertsCost();
    const histories = new Map();
    for (const size of options.sizes) {
      log(`generating ${size} revisions`);
      histories.set(size, generateHistory({ revisions: size, out: join(work, `history-${size}`), seed: 42, locations: 3 }));
    }
    const sizes = [];
    for (const size of options.sizes) sizes.push(measureSize(size, histories.get(size), entry, work));
    const sql = histories.has(SQL_SIZE) ? measureOfflineSql(histories.get(SQL_SIZE), work) : { available: false, reason: `no ${SQL_SIZE} history in --sizes` };
    const lsp = measureLsp(histories);
    const interpretation = measureInterpretation(built.interpretFile);
    const report = renderReport({ machine, sizes, sql, lsp, interpretation, options, date: new Date().toISOString().slice(0, 16).replace('T', ' ') });
    process.stdout.write(report);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, report);
    log(`written to ${options.out}`);
  } finally {
    if (options.keep) log(`histories kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function parseArgs(argv) {
  const parsed = { sizes: [1000, 5000, 10000], reps: 5, alembicReps: 3, sqlReps: 2, keep: false, out: join(repo, 'bench', 'results', 'latest.md') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--sizes') parsed.sizes = next().split(',').map(Number);
    else if (arg === '--reps') parsed.reps = Number(next());
    else if (arg === '--alembic-reps') parsed.alembicReps = parsed.sqlReps = Number(next());
    else if (arg === '--quick') Object.assign(parsed, { reps: 3, alembicReps: 1, sqlReps: 1 });
    else if (arg === '--keep') parsed.keep = true;
    else if (arg === '--out') parsed.out = resolve(next());
    else {
      console.error(`bench: unknown option ${arg}`);
      process.exit(2);
    }
  }
  return parsed;
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
