/**
 * Entry of the `alembic-lens` command (bundled to dist/cli.js; from source:
 * `node --import tsx server/src/cli.ts`). Kept small on purpose: it answers a repeated read
 * command (`heads`, `history`, ...) over unchanged files from the answer cache
 * (cli/answerCache/) after stat-ing them, and only otherwise loads the main program
 * (cliMain.ts, dist/cliMain.js), whose loading costs more than such an answer.
 */
// First: the main program's code cache was made under these V8 settings (common/codeCache.ts).
import './v8Tuning';
import * as nodePath from 'node:path';
import { requireWithCodeCache } from './common/codeCache';
import { replayAnswer } from './cli/answerCache/replayAnswer';
import { traceAnswerCache } from './cli/answerCache/answerRecord';
import { guardProcessOutput } from './cli/standardStreams';

// Taken before anything else: a file changed after this moment must not be recorded as read.
(globalThis as { alembicLensStartedMs?: number }).alembicLensStartedMs = Date.now();

const bundled = __filename.endsWith('.js');
const replay = bundled ? replayAnswer({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env }, __dirname) : { miss: 'running from source' };
traceAnswerCache(process.env, (text) => process.stderr.write(text), 'record' in replay ? 'replayed' : `miss (${replay.miss})`);
if ('record' in replay) {
  const answer = replay.record;
  // The main program's rules for a closed pipe or a full disk (standardStreams.ts).
  guardProcessOutput();
  process.stdout.write(answer.stdout);
  process.exitCode = answer.exitCode;
} else {
  // A computed path, so that the bundler leaves the main program in its own file; bundled, it is
  // loaded with the code cache the build made beside it.
  const mainProgram = bundled ? nodePath.join(__dirname, 'cliMain.js') : './cliMain';
  if (bundled) requireWithCodeCache(mainProgram);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  else require(mainProgram);
}
