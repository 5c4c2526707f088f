#!/usr/bin/env node
// Online runs, measured in one run against their peers on the same machine and server:
//   - a generated 1,000-revision history (bench/generate-history.mjs, seed 42) applied to an empty
//     database on the local PostgreSQL server: `alembic-lens upgrade heads` against
//     `alembic upgrade heads` with its bytecode cache (warmed by a first run; this machine sets
//     PYTHONDONTWRITEBYTECODE, which is unset for Alembic's runs) and against `psql -f` of the
//     offline SQL (`alembic upgrade heads --sql`), the floor: the server's own work. The three
//     alternate, each on a database created anew before every run (not timed), so a change in
//     the machine's speed weighs on all three;
//   - `current` in a fresh CLI process against `alembic current`, and in process as the language
//     server runs it;
//   - how long the embedded database (PGlite) takes to be ready, the first time on a machine (an
//     empty cache) included.
// Targets (issue 10): >= 2x faster than Alembic with its bytecode cache, within 1.25x of psql -f;
// current < 100 ms; the sandbox ready in < 2 s. Writes bench/results/online.md.
//
// Needs DATABASE_URL (a local server: `source test/db/start-postgres.sh`), ALEMBIC_PYTHON (a
// Python with alembic 1.20 and psycopg2) and psql. Options: --revisions N (1000) --reps N (5)
// --out FILE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHistory } from './generate-history.mjs';
import { describeMachine } from './lib/machine.mjs';
import { timeInterleaved } from './lib/measure.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const revisions = Number(option('--revisions', 1000));
const reps = Number(option('--reps', 5));
const out = resolve(option('--out', join(repo, 'bench', 'results', 'online.md')));
const python = process.env.ALEMBIC_PYTHON || '/work/venv-alembic/bin/python';
const serverUrl = process.env.DATABASE_URL;
const log = (message) => process.stderr.write(`[bench:online] ${message}\n`);

function must(result, what) {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${(result.stderr ?? '').split('\n').slice(-10).join('\n')}`);
  return result;
}

function databaseUrl(name, driver = '') {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString().replace(/^postgres(ql)?:/, `postgresql${driver}:`);
}

function psql(sql) {
  must(spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', sql], { encoding: 'utf8' }), `psql -c ${sql}`);
}

function recreate(name) {
  psql(`DROP DATABASE IF EXISTS "${name}"`);
  psql(`CREATE DATABASE "${name}"`);
}

function dump(name) {
  const pgDump = process.env.PG_BIN ? join(process.env.PG_BIN, 'pg_dump') : 'pg_dump';
  const result = must(spawnSync(pgDump, ['--no-owner', '--no-privileges', '-d', databaseUrl(name)], { encoding: 'utf8', maxBuffer: 1 << 30 }), 'pg_dump');
  return result.stdout.split('\n').filter((line) => !line.startsWith('--') && !/^\\(un)?restrict/.test(line)).join('\n');
}

const format = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

async function main() {
  if (!serverUrl) throw new Error('DATABASE_URL is not set: `source test/db/start-postgres.sh` first');
  must(spawnSync(python, ['-c', 'import alembic, psycopg2'], { encoding: 'utf8' }), `${python} with alembic and psycopg2`);
  log('building dist/ (node esbuild.mjs)');
  must(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' }), 'node esbuild.mjs');
  const cli = join(repo, 'dist', 'cli.js');
  const work = mkdtempSync(join(os.tmpdir(), 'bench-online-'));
  try {
    const history = generateHistory({ revisions, out: join(work, 'history'), seed: 42, locations: 3 });
    const ini = join(history.dir, 'alembic.ini');
    // Alembic reads the URL from the ini (the generated env.py uses sqlalchemy.url).
    writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${databaseUrl('bench_alembic', '+psycopg2')}`));
    const alembicEnv = { unsetEnv: ['PYTHONDONTWRITEBYTECODE'] };
    const sqlFile = join(work, 'upgrade.sql');
    const offline = must(spawnSync(python, ['-m', 'alembic', '-c', ini, 'upgrade', 'heads', '--sql'], { encoding: 'utf8', maxBuffer: 1 << 30 }), 'alembic upgrade heads --sql');
    writeFileSync(sqlFile, offline.stdout);
    const lensArgs = [cli, '-c', ini, 'upgrade', 'heads', '--url', databaseUrl('bench_lens')];
    const alembicArgs = ['-m', 'alembic', '-c', ini, 'upgrade', 'heads'];
    const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl('bench_psql'), '-f', sqlFile];

    log('warming: one run of each (Alembic writes its bytecode cache, Alembic Lens its compile cache)');
    for (const [name, command, commandArgs, env] of [
      ['bench_lens', process.execPath, lensArgs, process.env],
      ['bench_alembic', python, alembicArgs, { ...process.env, PYTHONDONTWRITEBYTECODE: '' }],
      ['bench_psql', 'psql', psqlArgs, process.env],
    ]) {
      recreate(name);
      const environment = { ...env };
      if (command === python) delete environment.PYTHONDONTWRITEBYTECODE;
      must(spawnSync(command, commandArgs, { encoding: 'utf8', env: environment, maxBuffer: 1 << 30 }), `${command} ${commandArgs.join(' ')}`);
    }
    const same = dump('bench_lens') === dump('bench_alembic');

    log(`timing ${reps} alternating runs of each`);
    const [lens, alembic, floor] = timeInterleaved([
      { command: process.execPath, args: lensArgs, repetitions: reps, before: () => recreate('bench_lens') },
      { command: python, args: alembicArgs, repetitions: reps, before: () => recreate('bench_alembic'), ...alembicEnv },
      { command: 'psql', args: psqlArgs, repetitions: reps, before: () => recreate('bench_psql') },
    ]);

    log('timing current');
    const [lensCurrent, alembicCurrent] = timeInterleaved([
      { command: process.execPath, args: [cli, '-c', ini, 'current', '--url', databaseUrl('bench_lens')], repetitions: 10, warmup: 1 },
      { command: python, args: ['-m', 'alembic', '-c', ini, 'current'], repetitions: 10, warmup: 1, ...alembicEnv },
    ]);
    log('in process: current as the language server runs it; the embedded database');
    const inProcess = JSON.parse(
      must(
        spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bench', 'entry', 'onlineInProcess.ts'), ini, databaseUrl('bench_lens'), '20'], { cwd: repo, encoding: 'utf8' }),
        'bench/entry/onlineInProcess.ts',
      ).stdout.trim(),
    );

    const machine = describeMachine(python);
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const verdict = (ok) => (ok ? 'met' : '**missed**');
    const lines = [
      '# Online benchmark',
      '',
      `Run ${date} UTC with \`node bench/online.mjs\` (median of ${reps} alternating runs each, after one warm-up run of each; a database created anew before every run, not timed).`,
      '',
      '| machine | |',
      '|---|---|',
      `| CPU | ${machine.cpu} (${machine.cores} cores) |`,
      `| memory | ${machine.memoryGb} GB |`,
      `| OS | ${machine.os} |`,
      `| Node | ${machine.node} |`,
      `| Alembic | ${machine.alembic} (SQLAlchemy ${machine.sqlalchemy}, Python ${machine.python}, psycopg2) |`,
      `| PostgreSQL | ${spawnSync('psql', ['-X', '-At', '-d', serverUrl, '-c', 'SHOW server_version'], { encoding: 'utf8' }).stdout.trim()} on 127.0.0.1 (test/db/start-postgres.sh: fsync off) |`,
      `| load average at start | ${machine.loadAverage.toFixed(1)} (the machine is shared) |`,
      '',
      `## ${revisions.toLocaleString('en-US')} revisions applied to an empty database (\`upgrade heads\`)`,
      '',
      `History: \`bench/generate-history.mjs --revisions ${revisions} --seed 42\` (${(history.bytes / 1e6).toFixed(1)} MB, ${offline.stdout.split(';').length - 1} statements in the offline SQL, branches, merges, two heads).`,
      '',
      '| tool | median | runs | ratio to Alembic Lens |',
      '|---|---:|---|---:|',
      `| alembic-lens upgrade heads | ${format(lens.ms)} | ${lens.runs.map(format).join(', ')} | 1.00 |`,
      `| alembic upgrade heads (bytecode cache) | ${format(alembic.ms)} | ${alembic.runs.map(format).join(', ')} | ${(alembic.ms / lens.ms).toFixed(2)}× slower |`,
      `| psql -f of the offline SQL (floor) | ${format(floor.ms)} | ${floor.runs.map(format).join(', ')} | ${(floor.ms / lens.ms).toFixed(2)} |`,
      '',
      `The two databases are identical afterwards (pg_dump of schema and data): ${same ? 'yes' : '**no**'}.`,
      '',
      '## current',
      '',
      '| | median |',
      '|---|---:|',
      `| alembic-lens current (a fresh CLI process: Node start-up, index of ${revisions} revisions, query) | ${format(lensCurrent.ms)} |`,
      `| alembic current (bytecode cache) | ${format(alembicCurrent.ms)} |`,
      `| current in process, as the language server runs it (connect, read the version table, close) | ${format(inProcess.currentMs)} |`,
      '',
      '## Embedded database (PGlite) ready',
      '',
      '| | time |',
      '|---|---:|',
      `| first sandbox on a machine (an empty cache; data from: ${inProcess.sandboxFirstEverSeeds.join(', ')}; median of ${inProcess.sandboxFirstEverRuns.map(format).join(', ')}) | ${format(inProcess.sandboxFirstEverMs)} |`,
      `| a further new sandbox | ${format(inProcess.sandboxNewMs)} |`,
      `| an existing sandbox folder | ${format(inProcess.sandboxExistingMs)} |`,
      '',
      '## Targets',
      '',
      '| target | measured | |',
      '|---|---:|---|',
      `| ≥ 2× faster than Alembic with its bytecode cache | ${(alembic.ms / lens.ms).toFixed(2)}× | ${verdict(alembic.ms / lens.ms >= 2)} |`,
      `| within 1.25× of psql -f | ${(lens.ms / floor.ms).toFixed(2)}× | ${verdict(lens.ms / floor.ms <= 1.25)} |`,
      `| current < 100 ms (in process) | ${format(inProcess.currentMs)} | ${verdict(inProcess.currentMs < 100)} |`,
      `| sandbox ready < 2 s (the first on a machine) | ${format(inProcess.sandboxFirstEverMs)} | ${verdict(inProcess.sandboxFirstEverMs < 2000)} |`,
      '',
    ];
    writeFileSync(out, lines.join('\n'));
    process.stdout.write(lines.join('\n'));
    for (const name of ['bench_lens', 'bench_alembic', 'bench_psql']) psql(`DROP DATABASE IF EXISTS "${name}"`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench/online.mjs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
