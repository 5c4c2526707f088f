/**
 * SQLAlchemy's `quote=` / `quote_schema=` (and `quoted_name(name, quote)`): the name becomes a
 * quoted_name, quoted always when the flag is true, never when false. The engine carries table,
 * column, schema and sequence names as plain strings, quoted by PostgreSQL's rules wherever a
 * statement names them (later statements of the same call too: its indexes, constraints,
 * comments), so a flag that agrees with those rules (or None) changes nothing; one that does not
 * is not modelled, and the statement is refused rather than printed with another name.
 */
import { truthiness, type Value } from '../values';
import { requiresQuotes } from '../../render/identifiers';

/**
 * Why `name` under the flag `keyword` (`quote`, `quote_schema`) of `owner` (`sa.Column("x")`; none
 * for an operation's own keyword) is not modelled; undefined when it prints as without the flag.
 */
export function unmodelledQuote(name: string, flag: Value | undefined, keyword: string, owner?: string): string | undefined {
  if (flag === undefined || flag.kind === 'none') return undefined;
  const given = owner === undefined ? keyword : `${owner} with ${keyword}`;
  const quote = truthiness(flag);
  if (quote === undefined) return `${given}= known only at run time: whether "${name}" is quoted is not modelled`;
  if (quote === requiresQuotes(name)) return undefined;
  return `${given}=${quote ? 'True' : 'False'} ${quote ? 'quotes a name PostgreSQL reads bare' : 'leaves bare a name that needs quotes'} ("${name}"): not modelled`;
}

/**
 * An index name given as `quoted_name(name, quote)` whose flag differs from PostgreSQL's quoting:
 * the name and its flag. An index name is printed only by its own CREATE / DROP INDEX, which
 * follow the flag; undefined for any other value.
 */
export function flaggedIndexName(value: Value | undefined): { name: string; quote: boolean } | undefined {
  if (value?.kind !== 'opaque' || value.text === undefined || value.quotedName === undefined) return undefined;
  return { name: value.text, quote: value.quotedName.quote };
}
