/**
 * Entry of the `alembic-lens` command (bundled to dist/cli.js; from source:
 * `node --import tsx server/src/cli.ts`). All behaviour lives in cli/run.ts.
 */
// First: V8 settings must be in place before the indexing code is optimised.
import './v8Tuning';
import { runCli } from './cli/run';
import { guardOutputStreams } from './cli/standardStreams';

guardOutputStreams(process.stdout, process.stderr, {
  exit: (code) => process.exit(code),
  report: (text) => {
    try {
      process.stderr.write(text);
    } catch {
      // stderr is gone too: the exit code still tells.
    }
  },
});

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`alembic-lens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
