/**
 * The SQL migrations write themselves is mostly the same few data changes under other names
 * (`UPDATE orders_12 SET ref_13 = NULL WHERE ref_13 IS NOT NULL`, thousands of times in a long
 * history), and every text went through the PostgreSQL parser (its WASM, cold in a `check`, is
 * most of the cost). Here such a text is parsed once per shape: each lower-case name that holds
 * a digit is replaced by a placeholder of the same length that also holds one (`z0001`).
 *
 * Why the shape parses exactly as the text does: none of PostgreSQL's keywords holds a digit
 * (its 494 are letters and `_` only), so both names scan as the same kind of token, an
 * identifier, wherever they stand (a string, a comment or a quoted identifier stays one, with
 * other letters inside); same length and ASCII, so every offset and statement boundary is the
 * same; and the raw parser looks at an identifier's kind, and where it compares one's text it
 * compares with words, which hold no digit, so both answer alike. What a name could
 * change is left alone: a run next to other identifier characters (`$`, non-ASCII), one with
 * upper case (folded), one longer than 63 bytes (truncated), one after `\` (an escape in an
 * E'' string) or after `<digit>.` (part of a number: `1.e5`); and a text with UESCAPE (which
 * can make a letter an escape) is not masked at all.
 *
 * Only UPDATE, DELETE and INSERT statements are answered from a shape: their action holds the
 * table's name and the columns it writes, put back from the placeholders. Anything else (other statements, a
 * text that does not parse, a table name with a placeholder inside a longer name) answers
 * undefined, and the caller parses the text itself.
 */
import type { ActionBody } from '../actions';
import { isSqlParserLoaded, parseSql } from './parser';
import { statementToActions } from './toActions';

export interface ShapedStatement {
  start: number;
  end: number;
  actions: ActionBody[];
}

type DmlAction = Extract<ActionBody, { kind: 'dml' }>;

interface Shape {
  statements: { start: number; end: number; action: DmlAction }[];
}

/** Shapes by masked text: null when the shape is not answered (see above). */
const shapes = new Map<string, Shape | null>();
const MAX_SHAPES = 5_000;

const DML_STATEMENTS = new Set(['UpdateStmt', 'DeleteStmt', 'InsertStmt']);

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated. */
const MAX_NAME = 63;

function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code >= 0x80;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `[a-z_][a-z0-9_]*` holding a digit. */
function isMaskable(text: string, from: number, to: number): boolean {
  const first = text.charCodeAt(from);
  if (!((first >= 97 && first <= 122) || first === 95) || to - from > MAX_NAME) return false;
  let digit = false;
  for (let at = from + 1; at < to; at++) {
    const code = text.charCodeAt(at);
    if (isDigit(code)) digit = true;
    else if (!((code >= 97 && code <= 122) || code === 95)) return false;
  }
  if (!digit) return false;
  // After `\` it may be an escape in an E'' string (`\u0041`, `\x4f`); after `<digit>.` it
  // continues a number (`1.e5`): kept as written.
  const before = from >= 1 ? text.charCodeAt(from - 1) : 0;
  return before !== 92 && !(before === 46 && from >= 2 && isDigit(text.charCodeAt(from - 2)));
}

interface Masked {
  text: string;
  /** Placeholder → the name it stands for. */
  names: Map<string, string>;
}

/** The text with its maskable names replaced, or undefined when it has none or the placeholders could clash. */
export function maskNames(sql: string): Masked | undefined {
  // `U&'...' UESCAPE 'z'` makes a letter an escape: `z0001` would then read as one.
  if (/uescape/i.test(sql)) return undefined;
  const placeholders = new Map<string, string>();
  const names = new Map<string, string>();
  const kept = new Set<string>();
  let out = '';
  let copied = 0;
  let at = 0;
  while (at < sql.length) {
    if (!isIdentifierChar(sql.charCodeAt(at))) {
      at++;
      continue;
    }
    const from = at;
    while (at < sql.length && isIdentifierChar(sql.charCodeAt(at))) at++;
    const run = sql.slice(from, at);
    if (!isMaskable(sql, from, at)) {
      kept.add(run);
      continue;
    }
    let placeholder = placeholders.get(run);
    if (placeholder === undefined) {
      const number = String(placeholders.size);
      if (number.length > run.length - 1) return undefined;
      placeholder = 'z' + number.padStart(run.length - 1, '0');
      placeholders.set(run, placeholder);
      names.set(placeholder, run);
    }
    out += sql.slice(copied, from) + placeholder;
    copied = at;
  }
  if (names.size === 0) return undefined;
  // A placeholder equal to a name kept as written would be put back where it was not masked.
  for (const placeholder of names.keys()) if (kept.has(placeholder)) return undefined;
  return { text: out + sql.slice(copied), names };
}

function shapeOf(text: string): Shape | null {
  const parsed = parseSql(text);
  if (!parsed?.ok || parsed.statements.length === 0) return null;
  const statements: Shape['statements'] = [];
  for (const statement of parsed.statements) {
    const kind = Object.keys(statement.node)[0];
    if (!DML_STATEMENTS.has(kind)) return null;
    const actions = statementToActions(statement.node);
    if (actions.length !== 1 || actions[0].kind !== 'dml') return null;
    statements.push({ start: statement.start, end: statement.end, action: actions[0] });
  }
  return { statements };
}

/** A dotted table name with its placeholders put back; undefined when one may sit inside a longer name. */
function unmasked(table: string, masked: Masked): string | undefined {
  const parts = table.split('.');
  for (let index = 0; index < parts.length; index++) {
    const name = masked.names.get(parts[index]);
    if (name !== undefined) {
      parts[index] = name;
      continue;
    }
    // A quoted name of 63 bytes or more is truncated, and could end in part of a placeholder.
    if (parts[index].length * 3 >= MAX_NAME && Buffer.byteLength(parts[index], 'utf8') >= MAX_NAME) return undefined;
    for (const placeholder of masked.names.keys()) if (parts[index].includes(placeholder)) return undefined;
  }
  return parts.join('.');
}

/**
 * The statements of `sql` (bind parameters already masked) with their actions, when every one is
 * an UPDATE, DELETE or INSERT read from its shape; undefined otherwise (parse `sql` itself).
 */
export function shapedDml(sql: string): ShapedStatement[] | undefined {
  // Without the parser there is no shape to remember (the caller says why nothing was checked).
  if (!isSqlParserLoaded()) return undefined;
  const masked = maskNames(sql);
  if (!masked) return undefined;
  let shape = shapes.get(masked.text);
  if (shape === undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shape = shapeOf(masked.text);
    shapes.set(masked.text, shape);
  }
  if (!shape) return undefined;
  const statements: ShapedStatement[] = [];
  for (const { start, end, action } of shape.statements) {
    const table = unmasked(action.table, masked);
    if (table === undefined) return undefined;
    const valuesNames = action.valuesNames?.map((name) => unmasked(name, masked));
    if (valuesNames?.includes(undefined)) return undefined;
    const columns = action.columns?.map((name) => unmasked(name, masked));
    if (columns?.includes(undefined)) return undefined;
    const pinnedColumns = action.pinnedColumns?.map((name) => unmasked(name, masked));
    if (pinnedColumns?.includes(undefined)) return undefined;
    statements.push({
      start,
      end,
      actions: [
        {
          kind: 'dml',
          statement: action.statement,
          table,
          hasWhere: action.hasWhere,
          ...(valuesNames ? { valuesNames: valuesNames as string[] } : {}),
          ...(columns ? { columns: columns as string[] } : {}),
          ...(pinnedColumns ? { pinnedColumns: pinnedColumns as string[] } : {}),
        },
      ],
    });
  }
  return statements;
}
