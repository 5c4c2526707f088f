/**
 * Identifier quoting as SQLAlchemy's PostgreSQL dialect does it: a name is quoted when it is
 * a reserved word, contains an upper-case letter, starts with a digit or `$`, or contains
 * anything besides letters, digits, `_` and `$`. Embedded double quotes are doubled.
 */
import type { RenderState } from './context';

/** PostgreSQL's reserved words as SQLAlchemy's dialect lists them (all lower case). */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column ' +
    'constraint create current_catalog current_date current_role current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign ' +
    'from grant group having in initially intersect into leading limit localtime localtimestamp ' +
    'new not null of off offset old on only or order placing primary references returning select ' +
    'session_user some symmetric table then to trailing true union unique user using variadic ' +
    'when where window with authorization between binary cross current_schema freeze full ilike ' +
    'inner is isnull join left like natural notnull outer over overlaps right similar verbose'
  ).split(' '),
);

const LEGAL = /^[A-Za-z0-9_$]+$/;
const ILLEGAL_INITIAL = /^[0-9$]/;

/** PostgreSQL's NAMEDATALEN - 1: SQLAlchemy refuses longer explicit constraint/index names. */
export const MAX_IDENTIFIER_LENGTH = 63;

export function requiresQuotes(name: string): boolean {
  // Most names are lower-case ASCII letters, digits and `_`, not starting with a digit: then only
  // the reserved words need quotes (the case mapping and the patterns below cost an allocation
  // and two scans per name, for every name of every statement rendered).
  if (isPlainLowerCase(name)) return RESERVED.has(name);
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || ILLEGAL_INITIAL.test(name) || !LEGAL.test(name) || lower !== name;
}

/** `[a-z_][a-z0-9_]*`. */
function isPlainLowerCase(name: string): boolean {
  if (name.length === 0) return false;
  for (let at = 0; at < name.length; at++) {
    const c = name.charCodeAt(at);
    if ((c >= 97 && c <= 122) || c === 95 || (at > 0 && c >= 48 && c <= 57)) continue;
    return false;
  }
  return true;
}

export function quoteIdentifier(name: string, state: RenderState): string {
  if (!requiresQuotes(name)) return name;
  return '"' + state.percents(name.replace(/"/g, '""')) + '"';
}

/** A schema as SQLAlchemy's compiler formats it: one identifier, so `a.b` becomes `"a.b"`. */
export function quoteSchema(schema: string, state: RenderState): string {
  return quoteIdentifier(schema, state);
}

/** `schema.name` for statements SQLAlchemy compiles (CREATE TABLE/INDEX, constraints, DML). */
export function qualifiedName(name: string, schema: string | undefined, state: RenderState): string {
  return schema ? `${quoteSchema(schema, state)}.${quoteIdentifier(name, state)}` : quoteIdentifier(name, state);
}

/**
 * `schema.name` for the statements Alembic builds itself (ALTER TABLE ... ADD/DROP/ALTER
 * COLUMN, RENAME, alter_column's COMMENT ON COLUMN): each dotted part of the schema is quoted
 * on its own, so `a.b` stays `a.b` there while SQLAlchemy prints `"a.b"`. `forceQuote`: the
 * table name was given as `quoted_name(name, True)`.
 */
export function alembicTableName(name: string, schema: string | undefined, state: RenderState, forceQuote?: true): string {
  const table = quoteAsFlagged(name, forceQuote, state);
  if (!schema) return table;
  const dotted = schema
    .split('.')
    .map((part) => quoteIdentifier(part, state))
    .join('.');
  return `${dotted}.${table}`;
}

/**
 * A name given with SQLAlchemy's `quote=` (a quoted_name): True quotes it always, False never (not
 * even a name PostgreSQL would read otherwise), None as any identifier.
 */
export function quoteAsFlagged(name: string, quote: boolean | undefined, state: RenderState): string {
  if (quote === true) return '"' + state.percents(name.replace(/"/g, '""')) + '"';
  return quote === false ? name : quoteIdentifier(name, state);
}

/** Constraint and index names: quoted like any identifier (or as `quote=` says), refused past 63 characters. */
export function quoteObjectName(name: string, state: RenderState, what: string, quote?: boolean): string {
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    state.report(
      'identifier-too-long',
      `The ${what} name '${name}' is ${name.length} characters long; SQLAlchemy refuses names longer than ${MAX_IDENTIFIER_LENGTH} characters on PostgreSQL.`,
      undefined,
      { name, length: name.length },
    );
  }
  return quoteAsFlagged(name, quote, state);
}
