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
export function timeCommand(command, args, options = {}) {
  return timeInterleaved([{ command, args, ...options }])[0];
}

/**
 * Times several commands in alternation (a, b, a, b, ... until each has had its repetitions),
 * after every command's discarded runs: a change in the machine's speed during the run then
 * weighs on each command alike, which keeps the ratio between them honest. Each spec is
 * { command, args, repetitions = 3, warmup = 0, cwd, env, unsetEnv, before, allowFailure }; returns one
 * timeCommand result per spec, in order.
 */
export function timeInterleaved(specs) {
  const states = specs.map((spec) => ({ spec: { repetitions: 3, warmup: 0, ...spec }, times: [], rssKb: undefined, last: undefined }));
  // Discarded runs first (as hyperfine's --warmup): the files are then in the OS page cache for
  // every timed run, whichever tool ran before, so runs measure the tool and not the disk.
  for (const { spec } of states) {
    for (let i = 0; i < spec.warmup; i++) spawnSync(spec.command, spec.args, { cwd: spec.cwd, env: environmentOf(spec), encoding: 'utf8', maxBuffer: 1 << 30 });
  }
  while (states.some((state) => state.times.length < state.spec.repetitions)) {
    for (const state of states) if (state.times.length < state.spec.repetitions) runOnce(state);
  }
  return states.map(({ times, rssKb, last }) => ({ ms: median(times), runs: times, rssMb: rssKb === undefined ? undefined : rssKb / 1024, stdout: last.stdout, status: last.status }));
}

/** This process's environment with the spec's `env` added and its `unsetEnv` names removed. */
function environmentOf(spec) {
  const environment = { ...process.env, ...spec.env };
  for (const name of spec.unsetEnv ?? []) delete environment[name];
  return environment;
}

function runOnce(state) {
  const { command, args, cwd, before, allowFailure = false } = state.spec;
  before?.();
  const wrapped = haveTime ? [TIME_BINARY, ['-f', '__RSS_KB__=%M', command, ...args]] : [command, args];
  const start = performance.now();
  const run = spawnSync(wrapped[0], wrapped[1], { cwd, env: environmentOf(state.spec), encoding: 'utf8', maxBuffer: 1 << 30 });
  state.times.push(performance.now() - start);
  state.last = run;
  const match = /__RSS_KB__=(\d+)/.exec(run.stderr ?? '');
  if (match) state.rssKb = Math.max(state.rssKb ?? 0, Number(match[1]));
  if (run.status !== 0 && !allowFailure) {
    const stderr = (run.stderr ?? '').replace(/__RSS_KB__=\d+\n?/, '').trim().split('\n').slice(-8).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}):\n${stderr || run.error?.message || ''}`);
  }
}
