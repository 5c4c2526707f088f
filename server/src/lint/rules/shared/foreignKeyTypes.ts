/**
 * Whether PostgreSQL can implement a foreign key from a column of one type to a key of another:
 * it needs an equality operator of the key index's operator family for the pair, or an implicit
 * cast from the referencing type to the key's. Measured on PostgreSQL 15 for every pair below
 * (CREATE TABLE ... REFERENCES): integers among themselves, floats among themselves, the string
 * types, and date / timestamp / timestamptz work both ways; an integer or numeric column may
 * reference a numeric or float key (implicit widening) but not the other way; anything else
 * (uuid and varchar, numeric to an integer key) fails with 42804, "foreign key constraint ...
 * cannot be implemented". Types outside these are not judged.
 */
import type { TypeFacts } from '../../actions';

const FAMILIES: readonly (readonly string[])[] = [
  ['int2', 'int4', 'int8'],
  ['float4', 'float8'],
  ['text', 'varchar', 'bpchar'],
  ['date', 'timestamp', 'timestamptz'],
  ['time', 'timetz'],
  ['uuid'],
  ['bool'],
  ['bytea'],
  ['jsonb'],
  ['inet'],
  ['interval'],
];

/** Implicit casts between families that let a referencing type meet a key's equality operator. */
const WIDENS_TO: Readonly<Record<string, readonly string[]>> = {
  int2: ['numeric', 'float4', 'float8'],
  int4: ['numeric', 'float4', 'float8'],
  int8: ['numeric', 'float4', 'float8'],
  numeric: ['float4', 'float8'],
};

const ALIASES: Readonly<Record<string, string>> = { serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8', smallserial: 'int2', serial2: 'int2', char: 'bpchar' };

function familyOf(name: string): readonly string[] | undefined {
  if (name === 'numeric') return ['numeric'];
  return FAMILIES.find((family) => family.includes(name));
}

/** False when the key cannot be implemented; undefined when a type is not judged (arrays, enums, domains, ...). */
export function foreignKeyTypesMatch(referencing: TypeFacts, key: TypeFacts): boolean | undefined {
  if (referencing.isArray || key.isArray) return undefined;
  const from = ALIASES[referencing.name] ?? referencing.name;
  const to = ALIASES[key.name] ?? key.name;
  const family = familyOf(from);
  if (!family || !familyOf(to)) return undefined;
  return family.includes(to) || (WIDENS_TO[from]?.includes(to) ?? false);
}
