// Timing helpers for the benchmark: run a command several times, keep the median wall time and
// the peak resident memory (from /usr/bin/time when present, which reports the child's max RSS).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const TIME_BINARY = '/usr/bin/time';
const haveTime = existsSync(TIME_BINARY);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs `command args` `repetitions` times; returns { ms (median wall), rssMb (max over runs,
 * or undefined), runs, stdout (of the last run), status }. Throws with the child's stderr when a
 * run fails, so a broken command never turns into a fast-looking number.
 */
export function timeCommand(command, args, { repetitions = 3, warmup = 0, cwd, env, before, allowFailure = false } = {}) {
  const times = [];
  let rssKb;
  let last;
  // Discarded runs first (as hyperfine's --warmup): the files are then in the OS page cache for
  // every timed run, whichever tool ran before, so runs measure the tool and not the disk.
  for (let i = 0; i < warmup; i++) spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  for (let i = 0; i < repetitions; i++) {
    before?.();
    const wrapped = haveTime ? [TIME_BINARY, ['-f', '__RSS_KB__=%M', command, ...args]] : [command, args];
    const start = performance.now();
    last = spawnSync(wrapped[0], wrapped[1], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - start);
    const match = /__RSS_KB__=(\d+)/.exec(last.stderr ?? '');
    if (match) rssKb = Math.max(rssKb ?? 0, Number(match[1]));
    if (last.status !== 0 && !allowFailure) {
      const stderr = (last.stderr ?? '').replace(/__RSS_KB__=\d+\n?/, '').trim().split('\n').slice(-8).join('\n');
      throw new Error(`${command} ${args.join(' ')} failed (exit ${last.status}):\n${stderr || last.error?.message || ''}`);
    }
  }
  return { ms: median(times), runs: times, rssMb: rssKb === undefined ? undefined : rssKb / 1024, stdout: last.stdout, status: last.status };
}
