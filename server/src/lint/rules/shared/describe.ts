/** Shared wording of the rules' messages: what a lock blocks, said the same way everywhere. */
import type { MigrationFunction, TypeFacts } from '../../actions';
import type { RuleContext } from '../../types';

export const BLOCKS_WRITES = 'blocks INSERT, UPDATE and DELETE on it until it finishes';
/**
 * What an ACCESS EXCLUSIVE lock blocks, and for how long: Alembic runs a whole `upgrade` in one
 * transaction unless env.py sets `transaction_per_migration=True`, so by default a lock taken by
 * an early migration is held while every later migration of the run executes.
 */
export function blocksEverything(context: RuleContext, fn: MigrationFunction): string {
  const perMigration = context.config.transactionPerMigration;
  if (perMigration === false) return `blocks every read and write of it until the transaction commits, which is the end of the whole \`alembic ${fn}\` run (env.py does not set transaction_per_migration)`;
  if (perMigration === true) return "blocks every read and write of it until this migration's transaction commits";
  return 'blocks every read and write of it until the transaction commits';
}

/**
 * `an ACCESS EXCLUSIVE lock`, `a SHARE lock`: a lock mode as the documentation names it, with the
 * article its first sound takes (every mode that starts with a vowel letter starts with its sound).
 */
export function aLockOf(mode: string): string {
  return `${/^[AEIOU]/i.test(mode) ? 'an' : 'a'} ${mode} lock`;
}

export function quoted(name: string): string {
  return `"${name}"`;
}

/** The first three names quoted, then how many more: `"a", "b", "c" and 2 more`. */
export function firstThreeQuoted(names: readonly string[]): string {
  return names.slice(0, 3).map(quoted).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
}

/** A column type as PostgreSQL names it: `varchar(20)`, `int4[]`, `"TimeUnit"` (a name that needs quotes has them). */
export function displayType(type: TypeFacts): string {
  const name = /^[a-z_][a-z0-9_$]*$/.test(type.name) ? type.name : `"${type.name.replace(/"/g, '""')}"`;
  return `${name}${type.modifiers.length > 0 ? `(${type.modifiers.join(', ')})` : ''}${type.isArray ? '[]' : ''}`;
}
