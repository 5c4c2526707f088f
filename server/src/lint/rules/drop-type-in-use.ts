/**
 * `DROP TYPE` / `DROP DOMAIN` without CASCADE of a type a column still has: PostgreSQL refuses it
 * (2BP01, "cannot drop type ... because other objects depend on it") and the deploy fails. STRR's
 * downgrade renames its enum type away, makes the new one, moves one table to it and drops the old
 * type while a history table still uses it. Only columns the replay knows for sure count: made
 * by this migration's ancestors, on a table whose every change the replay followed.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { ranBefore } from './shared/ranBefore';
import { columnsOfTypes } from './shared/typeColumns';

export const dropTypeInUse: LintRule = {
  code: 'drop-type-in-use',
  defaultSeverity: 'error',
  title: 'Type dropped while a column still uses it',
  actionKinds: ['otherSql'],
  checkAction(action, context) {
    if (action.kind !== 'otherSql' || !action.types || action.cascade || (action.statement !== 'DROP TYPE' && action.statement !== 'DROP DOMAIN')) return;
    const schema = context.schema;
    const columns = columnsOfTypes(action.types, schema).filter(({ table, column }) => {
      const state = schema.table(table);
      const createdIn = state?.columns.get(column)?.createdIn;
      return state?.complete === true && createdIn !== undefined && ranBefore(createdIn, context);
    });
    if (columns.length === 0) return;
    const named = columns.map(({ table, column }) => quoted(`${table}.${column}`));
    const kind = action.statement === 'DROP TYPE' ? 'type' : 'domain';
    context.report(
      action.range,
      `${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''} still ${named.length > 1 ? 'use' : 'uses'} this ${kind} here: PostgreSQL refuses to drop it (error 2BP01, "cannot drop type ... because other objects depend on it") and the deploy fails; ` +
        `change or drop ${named.length > 1 ? 'those columns' : 'that column'} first (alter_column(..., type_=..., postgresql_using=...)), or drop the table before the ${kind}`,
    );
  },
};
