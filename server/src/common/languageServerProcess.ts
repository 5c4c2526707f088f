/**
 * Node options for the language server's process, which the client starts (client/src/server.ts).
 *
 * `--v8-pool-size`: V8 runs garbage collection and WebAssembly compilation on a pool of
 * background threads, four by default whatever the machine. On a machine with fewer cores than
 * that plus the main thread, those threads take the main thread's core: on 2 cores a first lock
 * trace (PostgreSQL in WebAssembly on the main thread) spent about a fifth of its time waiting for
 * its core (wall time 1 s above the main thread's CPU time), and one background thread took
 * 15% off its median (bench/trace.mjs, 7 runs each, alternated). One thread fewer than the
 * cores, at most V8's default: nothing changes on 5 cores or more. Not a V8 flag (the code cache
 * does not depend on it), and every Node that VS Code runs (Electron's, a remote server's) knows it.
 */

/** V8's own pool size (node's `--v8-pool-size` default). */
const V8_DEFAULT_POOL_SIZE = 4;

export function languageServerExecArgv(cores: number): string[] {
  if (!Number.isFinite(cores) || cores < 1) return [];
  const pool = Math.min(V8_DEFAULT_POOL_SIZE, Math.max(1, Math.floor(cores) - 1));
  return pool < V8_DEFAULT_POOL_SIZE ? [`--v8-pool-size=${pool}`] : [];
}
