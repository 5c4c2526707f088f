// The Node options of the language server's process: one V8 background thread fewer than the
// cores (at most V8's default of four), and an option this Node starts with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { languageServerExecArgv } from '../../../server/src/common/languageServerProcess';

test('the V8 pool leaves the main thread a core, and is V8 default from 5 cores on', () => {
  assert.deepEqual(languageServerExecArgv(1), ['--v8-pool-size=1']);
  assert.deepEqual(languageServerExecArgv(2), ['--v8-pool-size=1']);
  assert.deepEqual(languageServerExecArgv(3), ['--v8-pool-size=2']);
  assert.deepEqual(languageServerExecArgv(4), ['--v8-pool-size=3']);
  assert.deepEqual(languageServerExecArgv(5), []);
  assert.deepEqual(languageServerExecArgv(64), []);
  assert.deepEqual(languageServerExecArgv(Number.NaN), []);
  assert.deepEqual(languageServerExecArgv(0), []);
});

test('Node starts a program with the option (as the client forks the server)', () => {
  const run = spawnSync(process.execPath, [...languageServerExecArgv(2), '-e', 'process.stdout.write(process.execArgv[0])'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '--v8-pool-size=1');
});
