// The benchmark's timing helpers (bench/lib/measure.mjs): alternating runs, discarded warm-up
// runs, medians, and a failing command reported instead of timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { median, timeCommand, timeInterleaved } from '../../../bench/lib/measure.mjs';
import { temporaryFolder } from '../../support/temporaryFolders';

/** A command that appends `name` to `log` (one line per run) and prints it. */
function appender(log: string, name: string) {
  return { command: process.execPath, args: ['-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${name}\\n'); process.stdout.write('${name}')`] };
}

test('commands alternate after every warm-up run, each to its own repetitions', () => {
  const dir = temporaryFolder('bench-measure-');
  try {
    const log = path.join(dir, 'runs.log');
    const [a, b] = timeInterleaved([
      { ...appender(log, 'a'), repetitions: 3, warmup: 1 },
      { ...appender(log, 'b'), repetitions: 2, warmup: 1 },
    ]);
    assert.deepEqual(fs.readFileSync(log, 'utf8').trim().split('\n'), ['a', 'b', 'a', 'b', 'a', 'b', 'a']);
    assert.equal(a.runs.length, 3);
    assert.equal(b.runs.length, 2);
    assert.equal(a.stdout, 'a');
    assert.equal(b.stdout, 'b');
    assert.equal(a.ms, median(a.runs));
    assert.ok(a.runs.every((ms) => ms > 0));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing command throws with its standard error rather than giving a time', () => {
  assert.throws(() => timeCommand(process.execPath, ['-e', 'console.error("broken on purpose"); process.exit(3)'], { repetitions: 1 }), /exit 3[\s\S]*broken on purpose/);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('unsetEnv removes inherited variables from the command\'s environment; env adds them', () => {
  process.env.BENCH_MEASURE_PROBE = 'inherited';
  try {
    const print = { command: process.execPath, args: ['-e', 'process.stdout.write(String(process.env.BENCH_MEASURE_PROBE))'], repetitions: 1 };
    const [kept, removed, added] = timeInterleaved([print, { ...print, unsetEnv: ['BENCH_MEASURE_PROBE'] }, { ...print, env: { BENCH_MEASURE_PROBE: 'given' } }]);
    assert.equal(kept.stdout, 'inherited');
    assert.equal(removed.stdout, 'undefined');
    assert.equal(added.stdout, 'given');
  } finally {
    delete process.env.BENCH_MEASURE_PROBE;
  }
});
