/**
 * Seeded random mutations of source text for the fuzz-style tests: deterministic (the same seed
 * gives the same cases on every machine), so a failure names a case that can be replayed.
 */

/** Small deterministic PRNG (mulberry32): a float in [0, 1) per call. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments that stress a Python reader: quotes, brackets, continuations, header names, bad code points. */
export const PYTHON_INSERTIONS = ['"', "'", '"""', '(', ')', '[', ']', ',', '\n', '\\', '#', ':', '=', '\t', '\u0000', '\ud800', 'def ', 'revision = ', '@', '    '];

/** One to four random edits: deletions, insertions from `insertions`, truncation, random code units. */
export function mutate(text: string, next: () => number, insertions: readonly string[] = PYTHON_INSERTIONS, within = text.length): string {
  let out = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let step = 0; step < steps; step++) {
    const at = Math.floor(next() * (Math.min(within, out.length) + 1));
    const kind = next();
    if (kind < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 20));
    else if (kind < 0.8) out = out.slice(0, at) + insertions[Math.floor(next() * insertions.length)] + out.slice(at);
    else if (kind < 0.9) out = out.slice(0, at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(next() * 0xffff)) + out.slice(at);
  }
  return out;
}
