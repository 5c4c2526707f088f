/**
 * Copies every string inside a plain data object so that it owns its characters.
 *
 * Why: V8 represents `text.slice(a, b)` (13 characters or more) as a view that keeps the whole
 * source string alive. A migration header holds a dozen such slices (the message, the create
 * date, the annotation), so without this every indexed file's full text stayed in memory (36 MB
 * for 10,000 files) and was copied by every garbage collection. Concatenating onto a one-character
 * string and slicing it off makes V8 flatten the result into a fresh, exactly sized string.
 */
export function ownString(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/** Replaces, in place, every string reachable through plain objects and arrays (keys in `skip` excepted). */
export function ownStrings<T>(value: T, skip: ReadonlySet<string> = NO_KEYS): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'string') value[i] = ownString(item);
      else if (item !== null && typeof item === 'object') ownStrings(item, skip);
    }
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (skip.has(key)) continue;
    const item = record[key];
    if (typeof item === 'string') record[key] = ownString(item);
    else if (item !== null && typeof item === 'object') ownStrings(item, skip);
  }
  return value;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Owned strings for values that repeat across files (type annotations: every migration of a
 * history spells `Union[str, Sequence[str], None]` the same way), one copy per distinct value.
 * Bounded: past the limit, values are owned one by one as usual.
 */
export class StringPool {
  private readonly pooled = new Map<string, string>();

  constructor(private readonly limit = 4096) {}

  own(value: string): string {
    let owned = this.pooled.get(value);
    if (owned === undefined) {
      owned = ownString(value);
      if (this.pooled.size < this.limit) this.pooled.set(owned, owned);
    }
    return owned;
  }
}

/** The pool for header annotations (shared by both header readers). */
export const ANNOTATIONS = new StringPool();
