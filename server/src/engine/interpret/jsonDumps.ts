/**
 * `json.dumps(value)` of literal data with Python's defaults (`ensure_ascii=True`, separators
 * `", "` and `": "`, no sorting), as migrations use it to write JSON into SQL text. Numbers are
 * left out: the evaluator does not tell `1` from `1.0`, which json.dumps prints differently.
 */
import type { Value } from './values';

/** The JSON text Python prints, or undefined when the value is not one the engine can print exactly. */
export function jsonDumps(value: Value): string | undefined {
  switch (value.kind) {
    case 'str':
      return jsonString(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'seq': {
      const items = value.items.map(jsonDumps);
      return items.every((item) => item !== undefined) ? `[${items.join(', ')}]` : undefined;
    }
    case 'dict': {
      const entries: string[] = [];
      for (const entry of value.entries) {
        // Python converts int, float, bool and None keys to strings by rules of their own: not modelled.
        if (entry.key.kind !== 'str') return undefined;
        const text = jsonDumps(entry.value);
        if (text === undefined) return undefined;
        entries.push(`${jsonString(entry.key.value)}: ${text}`);
      }
      return `{${entries.join(', ')}}`;
    }
    default:
      return undefined;
  }
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's ensure_ascii escaping: anything outside space..tilde becomes an escape (UTF-16 units, lowercase hex). */
export function jsonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const code = text.charCodeAt(index);
    if (SHORT_ESCAPES[char]) out += SHORT_ESCAPES[char];
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
