// Repeated runs with the persistent caches (issue 13): `alembic-lens heads` (answer replayed by
// the answer cache) and `alembic-lens upgrade heads --sql` with warm caches against Alembic with
// its bytecode cache, and for reference `heads` with the index cache alone
// (ALEMBIC_LENS_ANSWER_CACHE=off) and `alembic-lens --no-cache heads` (a cold index), all
// alternating in one run so a change in the machine's speed weighs on every command alike.
//
//   ALEMBIC_PYTHON=/work/venv-alembic/bin/python node bench/index-cache.mjs [--revisions 5000] [--reps 7] [--alembic-reps 3] [--out FILE]
//
// Builds dist/ first (node esbuild.mjs). Report: stdout and bench/results/index-cache.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './lib/machine.mjs';
import { timeInterleaved } from './lib/measure.mjs';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.env.ALEMBIC_PYTHON || '/work/venv-alembic/bin/python';
const options = { revisions: 5000, reps: 7, alembicReps: 3, out: join(repository, 'bench', 'results', 'index-cache.md') };
for (let i = 2; i < process.argv.length; i += 2) {
  const [name, value] = [process.argv[i], process.argv[i + 1]];
  if (name === '--revisions') options.revisions = Number(value);
  else if (name === '--reps') options.reps = Number(value);
  else if (name === '--alembic-reps') options.alembicReps = Number(value);
  else if (name === '--out') options.out = resolve(value);
  else throw new Error(`unknown option ${name}`);
}

function must(command, args, cwd = repository) {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

const log = (line) => process.stderr.write(`${line}\n`);
if (spawnSync(python, ['-c', 'import alembic'], { encoding: 'utf8' }).status !== 0) {
  log(`bench: ${python} cannot import alembic; set ALEMBIC_PYTHON to a Python with alembic==1.20.0.`);
  process.exit(2);
}
log('building dist/');
must(process.execPath, ['esbuild.mjs']);
const cli = join(repository, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'alembic-lens-index-cache-bench-'));
try {
  const history = join(work, 'history');
  log(`generating ${options.revisions} revisions`);
  must(process.execPath, [join(repository, 'bench', 'generate-history.mjs'), '--revisions', String(options.revisions), '--out', history]);
  const ini = join(history, 'alembic.ini');
  // Our caches in the temp folder; Alembic's bytecode under a prefix of its own, filled by the warm-up run.
  const ours = (args) => ({ command: process.execPath, args: [cli, '-c', ini, ...args], repetitions: options.reps, warmup: 1, env: { ALEMBIC_LENS_CACHE_DIR: join(work, 'cache') } });
  const alembic = (args) => ({
    command: python,
    args: ['-m', 'alembic', '-c', ini, ...args],
    repetitions: options.alembicReps,
    warmup: 1,
    // A fixed hash seed: Alembic orders some things by iterating Python sets (see the comparison below).
    env: { PYTHONPYCACHEPREFIX: join(work, 'python-bytecode'), PYTHONHASHSEED: '0' },
    unsetEnv: ['PYTHONDONTWRITEBYTECODE'],
  });
  // The answer cache records only over files older than 3 s (cli/answerCache/answerRecord.ts):
  // wait that long after generating, as for any repository not written in the last seconds.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  log('heads: warm caches, index cache alone, --no-cache, alembic with bytecode cache (alternating)');
  const indexCacheAlone = (args) => ({ ...ours(args), env: { ...ours(args).env, ALEMBIC_LENS_ANSWER_CACHE: 'off' } });
  const [warmHeads, indexHeads, coldHeads, alembicHeads, nodeStart] = timeInterleaved([
    ours(['heads']),
    indexCacheAlone(['heads']),
    ours(['--no-cache', 'heads']),
    alembic(['heads']),
    { command: process.execPath, args: ['-e', ''], repetitions: options.reps, warmup: 1 },
  ]);
  log('upgrade heads --sql: warm caches, alembic with bytecode cache (alternating)');
  const [warmSql, alembicSql] = timeInterleaved([ours(['upgrade', 'heads', '--sql']), alembic(['upgrade', 'heads', '--sql'])]);
  const sameHeads = normalise(warmHeads.stdout) === normalise(alembicHeads.stdout) && warmHeads.stdout === coldHeads.stdout && indexHeads.stdout === coldHeads.stdout;
  // The timed warm runs must have been replays: one more run says so.
  const traced = spawnSync(process.execPath, [cli, '-c', ini, 'heads'], { encoding: 'utf8', env: { ...process.env, ...ours([]).env, ALEMBIC_LENS_ANSWER_TRACE: '1' } });
  const replayed = traced.stderr.includes('answer cache: replayed');
  const sameSql = warmSql.stdout === alembicSql.stdout;
  // Alembic picks which parent row of a merge to UPDATE by iterating a Python set (docs/cli.md):
  // the rest must be identical.
  const withoutVersionRows = (text) => text.split('\n').filter((line) => !line.includes('alembic_version')).join('\n');
  const sameSchemaSql = withoutVersionRows(warmSql.stdout) === withoutVersionRows(alembicSql.stdout);
  const machine = describeMachine(python);
  const ms = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);
  const ratio = (a, b) => `${(b / a).toFixed(1)}×`;
  const runs = (result) => result.runs.map((value) => Math.round(value)).join(', ');
  const report = [
    `# Repeated runs with the index cache (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, load average ${machine.loadAverage.toFixed(2)} at the end, ${machine.os}, Node ${machine.node}, Python ${machine.python}, alembic ${machine.alembic}, SQLAlchemy ${machine.sqlalchemy}.`,
    `History: ${options.revisions} generated revisions (bench/generate-history.mjs). Medians of ${options.reps} runs (Alembic: ${options.alembicReps}), alternating, after one untimed run of each command.`,
    '',
    '| measure | Alembic Lens | alembic 1.20 (bytecode cache) | ratio | target |',
    '|---|---:|---:|---:|---|',
    `| repeated \`heads\` (warm caches: the answer replayed${replayed ? '' : ' — NOT REPLAYED on the check run'}) | ${ms(warmHeads.ms)} | ${ms(alembicHeads.ms)} | ${ratio(warmHeads.ms, alembicHeads.ms)} | ≥ 10× |`,
    `| repeated \`heads\`, index cache alone (\`ALEMBIC_LENS_ANSWER_CACHE=off\`) | ${ms(indexHeads.ms)} | ${ms(alembicHeads.ms)} | ${ratio(indexHeads.ms, alembicHeads.ms)} | |`,
    `| \`--no-cache heads\` (cold index, for reference) | ${ms(coldHeads.ms)} | ${ms(alembicHeads.ms)} | ${ratio(coldHeads.ms, alembicHeads.ms)} | |`,
    `| repeated \`upgrade heads --sql\` (warm caches) | ${ms(warmSql.ms)} | ${ms(alembicSql.ms)} | ${ratio(warmSql.ms, alembicSql.ms)} | ≥ 20× |`,
    `| \`node -e ''\` (Node's start alone) | ${ms(nodeStart.ms)} | | | |`,
    '',
    `Same heads as Alembic and as --no-cache: ${sameHeads ? 'yes' : 'NO'}. Same SQL as Alembic: ${sameSql ? 'yes, byte for byte' : sameSchemaSql ? 'the same apart from alembic_version rows (the merge-row choice Alembic makes by set order)' : 'NO'}.`,
    '',
    'Runs (ms): warm heads ' + runs(warmHeads) + '; index cache alone ' + runs(indexHeads) + '; --no-cache heads ' + runs(coldHeads) + '; alembic heads ' + runs(alembicHeads) + '; warm --sql ' + runs(warmSql) + '; alembic --sql ' + runs(alembicSql) + '.',
    '',
  ].join('\n');
  process.stdout.write(report);
  writeFileSync(options.out, report);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The same heads with the same labels; Alembic prints a head's labels in set order and heads in any order. */
function normalise(text) {
  const sortLabels = (line) => line.replace(/\(([^)]*)\)/, (_, labels) => `(${labels.split(', ').sort().join(', ')})`);
  return text.trim().split('\n').map(sortLabels).sort().join('\n');
}
