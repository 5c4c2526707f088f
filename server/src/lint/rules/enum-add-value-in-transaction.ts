/**
 * ALTER TYPE ... ADD VALUE inside the migration's transaction: before PostgreSQL 12 the statement
 * itself fails there (25001); since 12 it runs, but the new value cannot be used until the
 * transaction commits (55P04, "unsafe use of new value"), so a later statement of the same
 * transaction that writes the value (a backfill, a default) fails instead. Without
 * transaction_per_migration that transaction is the whole `alembic upgrade` run: a later
 * migration that uses the value fails whenever both run together (a new database, a deploy of both).
 */
import { LineIndex } from '../../common/range';
import type { Action, ActionOf } from '../actions';
import type { UncommittedEnumValue } from '../schema/model';
import type { LintRule, MigrationUnderLint, RuleContext } from '../types';
import { withoutSchema } from '../schema/names';

/** Statements that may write an enum value (the value quoted in their source). */
const WRITES_VALUES = new Set<Action['kind']>(['dml', 'addColumn', 'setDefault', 'alterColumnType', 'addConstraint']);

export const enumAddValueInTransaction: LintRule = {
  code: 'enum-add-value-in-transaction',
  defaultSeverity: 'error',
  title: 'Enum value added inside a transaction and used there (or added at all before PostgreSQL 12)',
  // Every kind: a statement of a later migration may use a value an earlier one added.
  checkAction(action, context) {
    if (context.schema.uncommittedEnumValues.size > 0) checkEarlierMigrationsValues(action, context);
    if (action.kind !== 'enumAddValue' || !action.inTransaction) return;
    const version = context.config.postgresqlVersion;
    if (version < 12) {
      context.report(
        action.range,
        `ALTER TYPE ${action.type} ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (postgresql-version is ${version}), and Alembic runs ${action.fn}() inside one; ` +
          'put it in a `with op.get_context().autocommit_block():` block',
      );
      return;
    }
    const use = laterUse(action, context);
    if (!use) return;
    context.report(
      use.range,
      `this uses '${action.value}', which the ALTER TYPE ${action.type} ADD VALUE on line ${action.range.start.line + 1} added in the same transaction: PostgreSQL refuses a new enum value until that transaction commits (error 55P04, "unsafe use of new value"); ` +
        'put the ADD VALUE in a `with op.get_context().autocommit_block():` block before this statement',
    );
  },
};

/**
 * A use, in this statement, of a value an earlier migration of the same run added and nothing has
 * committed since (SchemaModel.uncommittedEnumValues). Only upgrades: a downgrade runs in another
 * `alembic downgrade` run, and the value's own migration is laterUse's.
 */
function checkEarlierMigrationsValues(action: Action, context: RuleContext): void {
  if (action.fn !== 'upgrade' || !action.inTransaction || action.kind === 'transaction' || context.config.transactionPerMigration === true) return;
  for (const added of candidatesIn(context.migration, context)) {
    // Committed by an earlier statement of this migration (an autocommit block).
    if (context.schema.uncommittedEnumValues.get(`${added.type}\u0000${added.value}`) !== added) continue;
    if (!usesValue(action, added.value, added.type, sourceOf(action, context.migration), context)) continue;
    context.report(
      action.range,
      `this uses '${added.value}', which revision ${added.revision} adds to ${added.type} with ALTER TYPE ... ADD VALUE inside its transaction, and nothing commits it before this migration: ` +
        `env.py does not set transaction_per_migration, so one \`alembic upgrade\` that runs both (a new database, a deploy of both) runs them in one transaction, and PostgreSQL refuses a new enum value until that transaction commits (error 55P04, "unsafe use of new value"); ` +
        `put that ADD VALUE in a \`with op.get_context().autocommit_block():\` block`,
    );
  }
}

/**
 * The values earlier migrations added and left uncommitted that this migration's text mentions
 * (worked out at its first statement: the text is searched once per migration, not per statement).
 */
function candidatesIn(migration: MigrationUnderLint, context: RuleContext): readonly UncommittedEnumValue[] {
  let found = candidates.get(migration);
  if (found === undefined) {
    found = [];
    for (const added of context.schema.uncommittedEnumValues.values()) {
      if (added.revision === migration.revision || !migration.text.includes(added.value)) continue;
      // On a sibling branch the value may be added after this migration runs, or never.
      if (context.isAncestor && !context.isAncestor(added.revision, migration.revision)) continue;
      found.push(added);
    }
    candidates.set(migration, found);
  }
  return found;
}

const candidates = new WeakMap<MigrationUnderLint, UncommittedEnumValue[]>();
const lineIndexes = new WeakMap<MigrationUnderLint, LineIndex>();

function sourceOf(action: Action, migration: MigrationUnderLint): string {
  let lines = lineIndexes.get(migration);
  if (lines === undefined) lineIndexes.set(migration, (lines = new LineIndex(migration.text)));
  return migration.text.slice(lines.offsetAt(action.range.start), lines.offsetAt(action.range.end));
}

/**
 * Whether the statement (its source) uses the enum's value: casts it to the enum, in any
 * statement ('happy'::mood, CAST('happy' AS mood): PostgreSQL 15 refuses both with 55P04, a SELECT
 * included), or writes it: quotes it in a statement that may write a value, on a table that has a
 * column of the enum's type (as the replayed history knows it) or that adds one. A quoted word in
 * a statement on another table (an audit text, another enum that has the same label) is not a use.
 */
function usesValue(later: Action, value: string, enumName: string, written: string, context: RuleContext): boolean {
  // An operation's Enum type lists its labels (add_column(sa.Column(..., sa.Enum("a", "new", name=...))));
  // naming the type uses no value (EPIC.track adds a column of the enum right after ADD VALUE; PostgreSQL 15 takes it).
  const source = later.fromSql ? written : withoutEnumTypes(written);
  if (castOf(value, enumName).test(source)) return true;
  if (!WRITES_VALUES.has(later.kind)) return false;
  if (!source.includes(`'${value}'`) && !source.includes(`"${value}"`)) return false;
  const ofEnum = (name: string | undefined): boolean => name !== undefined && withoutSchema(name) === enumName;
  if (later.kind === 'addColumn' && ofEnum(later.column.type?.name)) return true;
  if (!('table' in later) || typeof later.table !== 'string') return false;
  for (const column of context.schema.table(later.table)?.columns.values() ?? []) if (ofEnum(column.facts?.type?.name)) return true;
  return false;
}

/** The first later statement of the same transaction that uses the new value (usesValue). */
function laterUse(action: ActionOf<'enumAddValue'>, context: RuleContext): Action | undefined {
  const migration = context.migration;
  const actions = migration[action.fn]?.actions ?? [];
  const enumName = withoutSchema(action.type);
  for (let at = actions.indexOf(action) + 1; at > 0 && at < actions.length; at++) {
    const later = actions[at];
    if (!later.inTransaction || later.kind === 'transaction') return undefined;
    if (usesValue(later, action.value, enumName, sourceOf(later, migration), context)) return later;
  }
  return undefined;
}

/** The Python source with the arguments of every `Enum(...)` / `ENUM(...)` call left out. */
function withoutEnumTypes(source: string): string {
  const call = /\b(?:Enum|ENUM)\s*\(/g;
  let result = '';
  let from = 0;
  for (let match = call.exec(source); match; match = call.exec(source)) {
    let depth = 1;
    let at = match.index + match[0].length;
    let quote: string | undefined;
    for (; at < source.length && depth > 0; at++) {
      const char = source[at];
      if (quote !== undefined) {
        if (char === '\\') at++;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '(') depth++;
      else if (char === ')') depth--;
    }
    result += `${source.slice(from, match.index + match[0].length)})`;
    from = at;
    call.lastIndex = at;
  }
  return result + source.slice(from);
}

/** `'value'::enum` or `CAST('value' AS enum)`, the type maybe schema-qualified or double-quoted. */
function castOf(value: string, enumName: string): RegExp {
  const literal = `'${escapeRegExp(value.replace(/'/g, "''"))}'`;
  const type = `(?:[A-Za-z_][\\w$]*\\.|"[^"]+"\\.)?(?:${escapeRegExp(enumName)}\\b|"${escapeRegExp(enumName)}")`;
  return new RegExp(`${literal}\\s*::\\s*${type}|\\bCAST\\s*\\(\\s*${literal}\\s+AS\\s+${type}`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
