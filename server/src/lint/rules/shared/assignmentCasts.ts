/**
 * Whether `ALTER COLUMN ... TYPE` without `USING` can convert the column: PostgreSQL needs an
 * assignment cast (or a binary-coercible one) from the old type to the new, and fails with 42804
 * ("cannot be cast automatically") otherwise. The table below is what PostgreSQL answered for every
 * pair of these types (ALTER TABLE on PGlite, PostgreSQL 17): numbers convert among themselves,
 * anything converts to a string type (through its text output), the date and time types as listed,
 * json and jsonb both ways, arrays element by element. Types outside the table (enums, domains,
 * extension types) are not judged.
 */
import type { TypeFacts } from '../../actions';

const NUMBERS = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);
const STRINGS = new Set(['text', 'varchar', 'bpchar', 'char']);
const OTHERS = new Set(['bool', 'date', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval', 'uuid', 'json', 'jsonb', 'bytea', 'inet']);

/** The conversions among the other types that PostgreSQL makes without USING. */
const ASSIGNABLE: Readonly<Record<string, readonly string[]>> = {
  date: ['timestamp', 'timestamptz'],
  timestamp: ['date', 'timestamptz', 'time'],
  timestamptz: ['date', 'timestamp', 'time', 'timetz'],
  time: ['timetz', 'interval'],
  timetz: ['time'],
  interval: ['time'],
  json: ['jsonb'],
  jsonb: ['json'],
};

function known(name: string): boolean {
  return NUMBERS.has(name) || STRINGS.has(name) || OTHERS.has(name);
}

/** False when PostgreSQL refuses the change without USING; undefined when a type is not in the table. */
export function convertsWithoutUsing(from: TypeFacts, to: TypeFacts): boolean | undefined {
  if (!known(from.name) || !known(to.name)) return undefined;
  // Anything is written as text into a string column, an array too.
  if (STRINGS.has(to.name) && !to.isArray) return true;
  if (from.isArray !== to.isArray) return false;
  // Arrays convert element by element: any element to a string one (integer[] to text[]).
  if (STRINGS.has(to.name)) return true;
  if (from.name === to.name) return true;
  if (NUMBERS.has(from.name) && NUMBERS.has(to.name)) return true;
  if (STRINGS.has(from.name) && STRINGS.has(to.name)) return true;
  return ASSIGNABLE[from.name]?.includes(to.name) ?? false;
}
