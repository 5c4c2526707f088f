/**
 * What a live run sends for a value in a JSON or JSONB column: SQLAlchemy's JSON type binds
 * `json.dumps(value)` (Python's defaults: `ensure_ascii`, separators `", "` and `": "`), and
 * PostgreSQL reads that text as the column's type. The online engine sends the same text as a
 * string literal in the statement, so `json` columns store the very characters Alembic's run
 * stores. `--sql` has no such rendering (SQLAlchemy's CompileError), so this is for live runs only.
 */
import { isDecimalLiteral, isTemporalLiteral, type Literal } from '../ops';
import { jsonString } from '../interpret/jsonDumps';
import { pythonNumberText } from '../../common/pythonFloat';

const JSON_TYPES = new Set(['JSON', 'JSONB']);

export function isJsonType(name: string): boolean {
  return JSON_TYPES.has(name);
}

/**
 * `json.dumps(value)`, or undefined where it is not known exactly: a date or datetime (Python
 * raises TypeError), NaN or infinity, a dict whose keys JavaScript would reorder (integer-like
 * keys come first in a JavaScript object; Python keeps the order they were written in).
 */
export function boundJsonText(value: Literal): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? pythonNumberText(value) : undefined;
  if (isTemporalLiteral(value) || isDecimalLiteral(value)) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(boundJsonText);
    return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  const entries: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (/^(0|[1-9]\d*)$/.test(key)) return undefined;
    const text = boundJsonText(item);
    if (text === undefined) return undefined;
    entries.push(`${jsonString(key)}: ${text}`);
  }
  return `{${entries.join(', ')}}`;
}
