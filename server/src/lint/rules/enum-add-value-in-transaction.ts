/**
 * ALTER TYPE ... ADD VALUE inside the migration's transaction: before PostgreSQL 12 the statement
 * itself fails there (25001); since 12 it runs, but the new value cannot be used until the
 * transaction commits (55P04, "unsafe use of new value"), so a later statement of the same
 * transaction that writes the value (a backfill, a default) fails instead.
 */
import { LineIndex } from '../../common/range';
import type { Action, ActionOf } from '../actions';
import type { LintRule, RuleContext } from '../types';

/** Statements that may write an enum value (the value quoted in their source). */
const WRITES_VALUES = new Set<Action['kind']>(['dml', 'addColumn', 'setDefault', 'alterColumnType', 'addConstraint']);

export const enumAddValueInTransaction: LintRule = {
  code: 'enum-add-value-in-transaction',
  defaultSeverity: 'error',
  title: 'Enum value added inside a transaction and used there (or added at all before PostgreSQL 12)',
  actionKinds: ['enumAddValue'],
  checkAction(action, context) {
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
 * The first later statement of the same transaction that writes the new value: its source quotes
 * the value, and its table has a column of the enum's type (as the replayed history knows it), or
 * it adds one. A quoted word in a statement on another table (an audit text, another enum that has
 * the same label) is not a use.
 */
function laterUse(action: ActionOf<'enumAddValue'>, context: RuleContext): Action | undefined {
  const migration = context.migration;
  const actions = migration[action.fn]?.actions ?? [];
  const enumName = action.type.slice(action.type.lastIndexOf('.') + 1);
  const ofEnum = (name: string | undefined): boolean => name !== undefined && name.slice(name.lastIndexOf('.') + 1) === enumName;
  const hasEnumColumn = (later: Action): boolean => {
    if (later.kind === 'addColumn' && ofEnum(later.column.type?.name)) return true;
    if (!('table' in later) || typeof later.table !== 'string') return false;
    for (const column of context.schema.table(later.table)?.columns.values() ?? []) if (ofEnum(column.facts?.type?.name)) return true;
    return false;
  };
  const quoted = [`'${action.value}'`, `"${action.value}"`];
  const cast = castOf(action.value, enumName);
  let lines: LineIndex | undefined;
  for (let at = actions.indexOf(action) + 1; at > 0 && at < actions.length; at++) {
    const later = actions[at];
    if (!later.inTransaction || later.kind === 'transaction') return undefined;
    lines ??= new LineIndex(migration.text);
    const source = migration.text.slice(lines.offsetAt(later.range.start), lines.offsetAt(later.range.end));
    // The value cast to the enum ('happy'::mood, CAST('happy' AS mood)) is a use in any statement,
    // a SELECT included (PostgreSQL 15 refuses both with 55P04).
    if (cast.test(source)) return later;
    if (!WRITES_VALUES.has(later.kind)) continue;
    if (quoted.some((literal) => source.includes(literal)) && hasEnumColumn(later)) return later;
  }
  return undefined;
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
