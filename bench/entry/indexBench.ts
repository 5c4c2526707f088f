/**
 * In-process index measurements for bench/run.mjs (bundled by it with esbuild):
 * `node index-bench.cjs <root> [--overlay]` prints one JSON line with the cold
 * buildWorkspaceIndex time (discover, read, parse, graph, problems), the problem count, the
 * peak resident memory and, with --overlay, the median time to re-index after one file changes.
 */
// As in the language server and the CLI (server/src/v8Tuning.ts).
import '../../server/src/v8Tuning';
import { performance } from 'node:perf_hooks';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';

const OVERLAY_ROUNDS = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function main(): void {
  const root = process.argv[2];
  if (!root) {
    process.stderr.write('usage: index-bench <root> [--overlay]\n');
    process.exit(2);
  }
  const start = performance.now();
  const index = buildWorkspaceIndex([root]);
  const problems = index.allProblems().length;
  const coldMs = performance.now() - start;
  const revisions = index.environments.reduce((sum, environment) => sum + environment.graph.revisions().length, 0);

  let overlayMs: number | undefined;
  if (process.argv.includes('--overlay')) {
    const environment = index.environments[0];
    const files = [...environment.files.keys()].sort();
    const file = files[files.length >> 1];
    const original = index.textOf(file) ?? '';
    const times: number[] = [];
    for (let round = 0; round < OVERLAY_ROUNDS; round++) {
      // An edit a user makes while typing: the docstring's first line changes.
      const edited = original.replace('"""', `"""edited ${round}: `);
      const t0 = performance.now();
      index.setOverlay(file, edited);
      index.problemsFor(file);
      times.push(performance.now() - t0);
    }
    overlayMs = median(times);
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ coldMs, revisions, problems, overlayMs, maxRssMb })}\n`);
}

main();
