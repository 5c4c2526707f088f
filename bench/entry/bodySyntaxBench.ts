/**
 * In-process cost of the syntax check of migration bodies for bench/check-bodies.mjs:
 * `node body-syntax-bench.cjs <root>` prints one JSON line with the cold index time (headers
 * only) and the time of `checkBodySyntax()` over every file (a whole lezer parse of each body:
 * what the language server spends in idle time after its first diagnostics).
 */
import '../../server/src/v8Tuning';
import { performance } from 'node:perf_hooks';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: body-syntax-bench <root>\n');
  process.exit(2);
}
const start = performance.now();
const index = buildWorkspaceIndex([root]);
const indexMs = performance.now() - start;
const before = performance.now();
const change = index.checkBodySyntax();
const syntaxMs = performance.now() - before;
const files = index.environments.reduce((sum, environment) => sum + environment.files.size, 0);
process.stdout.write(`${JSON.stringify({ files, indexMs, syntaxMs, done: change.done, rssMb: process.memoryUsage().rss / 1048576 })}\n`);
