/**
 * Templates by key, per process (each reading thread keeps its own). A key's template is made the
 * second time the key is met: a history whose statements are all different (most hand-written
 * ones) reads every file the general way and pays nothing for templates it would use once.
 */
import type { Template } from './templates';

/** By context (the file's imports, folder, function, block), then by the masked statement. */
const templates = new Map<string, Map<string, Template | null>>();
const sightings = new Map<string, Map<string, number>>();
/** Set while `withKnownTemplatesOnly` runs: a key without a template is 'later', and not counted. */
let knownOnly = false;

/** The template kept for `statement` in `context` (null: none can be made), or 'later' on a first sighting. */
export function templateFor(context: string, statement: string, make: () => Template | null): Template | null | 'later' {
  let made = templates.get(context);
  if (made === undefined) {
    made = new Map();
    templates.set(context, made);
  }
  const known = made.get(statement);
  if (known !== undefined) return known;
  if (knownOnly) return 'later';
  let seen = sightings.get(context);
  if (seen === undefined) {
    seen = new Map();
    sightings.set(context, seen);
  }
  const times = (seen.get(statement) ?? 0) + 1;
  if (times < 2) {
    seen.set(statement, times);
    return 'later';
  }
  seen.delete(statement);
  const template = make();
  made.set(statement, template);
  return template;
}

/**
 * Runs `read` with the templates made so far only: a key without one answers 'later' and makes
 * no template, nor counts as a sighting (check's second look at a file set aside, readTextsForCheck in ../fileReading.ts).
 */
export function withKnownTemplatesOnly<T>(read: () => T): T {
  knownOnly = true;
  try {
    return read();
  } finally {
    knownOnly = false;
  }
}

/** How many keys have a template or are known to have none (tests: which folders share them). */
export function templatesKept(): number {
  let count = 0;
  for (const made of templates.values()) count += made.size;
  return count;
}
