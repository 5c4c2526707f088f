/**
 * The CLI's main program (bundled to dist/cliMain.js), loaded by the entry (cli.ts) when the
 * answer cache has no answer. All behaviour lives in cli/run.ts.
 */
// First: V8 settings must be in place before the indexing code is optimised.
import './v8Tuning';
import { runCli } from './cli/run';
import { guardProcessOutput } from './cli/standardStreams';
import { writeOutput } from './cli/largeOutput';

guardProcessOutput();

// From the bundle, read commands' answers are recorded for the entry to replay (cli/answerCache/).
const bundled = __filename.endsWith('.js');
const startedMs = (globalThis as { alembicLensStartedMs?: number }).alembicLensStartedMs ?? Date.now();

runCli(process.argv.slice(2), {
  stdout: (text) => writeOutput(process.stdout, text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  answerCache: bundled ? { bundleFolder: __dirname, startedMs } : undefined,
  ...terminalColumns(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`alembic-lens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);

/** Alembic asks standard input's terminal for its width; Node knows the width of an output terminal. */
function terminalColumns(): { terminalColumns?: number } {
  if (!process.stdin.isTTY) return {};
  const columns = process.stdout.columns ?? process.stderr.columns;
  return columns && columns > 0 ? { terminalColumns: columns } : {};
}
