/**
 * A setting read statically from a source file. Shared by the readers that find settings
 * (python/envPy.ts, project/) and the engine that uses them, so it lives at the bottom.
 */
import type { SourceLocation } from './range';

/** A setting read statically: the default, a literal found in the source, or unknown (never guessed). */
export type Known<T> =
  | { state: 'default'; value: T }
  | { state: 'literal'; value: T; location: SourceLocation }
  | { state: 'unknown'; location: SourceLocation; reason: string };
