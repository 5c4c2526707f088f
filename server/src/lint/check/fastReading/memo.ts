/**
 * Templates by key, per process (each reading thread keeps its own). A key's template is made the
 * second time the key is met: a history whose statements are all different (most hand-written
 * ones) reads every file the general way and pays nothing for templates it would use once.
 */
import type { Template } from './templates';

const templates = new Map<string, Template | null>();
const sightings = new Map<string, number>();

/** The template kept under `key` (null: none can be made), or 'later' on a first sighting. */
export function templateFor(key: string, make: () => Template | null): Template | null | 'later' {
  const known = templates.get(key);
  if (known !== undefined) return known;
  const seen = (sightings.get(key) ?? 0) + 1;
  if (seen < 2) {
    sightings.set(key, seen);
    return 'later';
  }
  sightings.delete(key);
  const made = make();
  templates.set(key, made);
  return made;
}


/** How many keys have a template or are known to have none (tests: which folders share them). */
export function templatesKept(): number {
  return templates.size;
}
