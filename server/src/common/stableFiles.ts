/**
 * A stretch of synchronous work during which the files asked about are taken not to change:
 * `check`'s cold reading of thousands of migrations asks the file system the same questions for
 * each one (is there an env.py above it? are the modules its naming convention was read from
 * unchanged?), and a stat per question per file was a few percent of the reading. Inside
 * `withStableFiles` an answer is kept for the rest of the stretch; outside it (the language
 * server, where files change between requests) every question goes to the file system.
 */

/** The current stretch: a token (answers checked in this stretch) and the answers by key. */
let current: { answers: Map<string, unknown> } | undefined;

/** Runs `run` as one stretch (or as part of the enclosing one). */
export function withStableFiles<T>(run: () => T): T {
  if (current) return run();
  current = { answers: new Map() };
  try {
    return run();
  } finally {
    current = undefined;
  }
}

/** `compute()`, asked once per key within a stretch; outside one, every time. */
export function stableAnswer<T>(key: string, compute: () => T): T {
  if (!current) return compute();
  if (current.answers.has(key)) return current.answers.get(key) as T;
  const value = compute();
  current.answers.set(key, value);
  return value;
}

/**
 * The current stretch, or undefined outside one: a cache may mark an entry as checked in it and
 * skip checking it again until the stretch ends.
 */
export function stableStretch(): object | undefined {
  return current;
}
