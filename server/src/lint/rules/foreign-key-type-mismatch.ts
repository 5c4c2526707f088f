/**
 * A foreign key between columns whose types PostgreSQL cannot compare with the key's index:
 * `ALTER COLUMN ... TYPE` of a referencing column (contractorwebapp's downgrades turn
 * `quotations.user_id` from uuid back to varchar while its key to `users.id` stays; held-out
 * sweep BG), or a key added between such columns. PostgreSQL refuses it (42804, "foreign key
 * constraint ... cannot be implemented") and the deploy fails. Only keys and column types the
 * replay is sure of count (shared/foreignKeyTypes.ts says which pairs work).
 */
import type { TypeFacts } from '../actions';
import type { TableState } from '../schema/model';
import type { LintRule, RuleContext } from '../types';
import { displayType, quoted } from './shared/describe';
import { foreignKeyTypesMatch } from './shared/foreignKeyTypes';
import { ranBefore } from './shared/ranBefore';

export const foreignKeyTypeMismatch: LintRule = {
  code: 'foreign-key-type-mismatch',
  defaultSeverity: 'error',
  title: 'Foreign key between column types PostgreSQL cannot compare',
  actionKinds: ['alterColumnType', 'addConstraint'],
  checkAction(action, context) {
    const schema = context.schema;
    if (action.kind === 'alterColumnType') {
      const state = schema.table(action.table);
      if (!state) return;
      for (const [name, constraint] of state.constraints) {
        if (constraint.kind !== 'foreignKey' || constraint.referencedGeneration === undefined || !constraint.references) continue;
        const at = constraint.columns.indexOf(action.column);
        if (at < 0) continue;
        const referenced = schema.referencedTables(action.table, { constraint: name })[0] ?? (constraint.references.table === action.table ? action.table : undefined);
        const keyType = referenced === undefined ? undefined : keyColumnType(schema.table(referenced), constraint.references.columns, at, context);
        if (!keyType || foreignKeyTypesMatch(action.type, keyType.type) !== false) continue;
        report(context, action.range, `changing ${quoted(`${action.table}.${action.column}`)} to ${displayType(action.type)} breaks foreign key ${name}, which references ${quoted(`${referenced}.${keyType.column}`)} (${displayType(keyType.type)})`, 'drop the foreign key first (and make it again between columns of matching types), or change both columns');
        return;
      }
      return;
    }
    if (action.kind !== 'addConstraint' || action.constraint !== 'foreignKey' || !action.references) return;
    const state = schema.table(action.table);
    const target = schema.table(action.references.table);
    if (!state || !target) return;
    for (const [at, column] of action.columns.entries()) {
      const type = sureType(state, column, context)?.type;
      const keyType = keyColumnType(target, action.references.columns, at, context);
      if (!type || !keyType || foreignKeyTypesMatch(type, keyType.type) !== false) continue;
      report(context, action.range, `foreign key${action.name ? ` ${action.name}` : ''} from ${quoted(`${action.table}.${column}`)} (${displayType(type)}) to ${quoted(`${action.references.table}.${keyType.column}`)} (${displayType(keyType.type)})`, 'give the column the key\'s type first (alter_column with postgresql_using)');
      return;
    }
  },
};

/** The referenced column at `at` (the listed one, or the primary key's) with its known type. */
function keyColumnType(table: TableState | undefined, columns: readonly string[], at: number, context: RuleContext): { column: string; type: TypeFacts } | undefined {
  if (!table) return undefined;
  let column: string | undefined = columns[at];
  if (column === undefined && columns.length === 0) {
    const primaryKey = [...table.constraints.values()].find((constraint) => constraint.kind === 'primaryKey');
    column = primaryKey?.columns[at] ?? (at === 0 ? [...table.columns].find(([, state]) => state.facts?.primaryKey)?.[0] : undefined);
  }
  return column === undefined ? undefined : sureType(table, column, context);
}

/**
 * A column's type when this migration's ancestors gave it: a type set on a sibling branch (Invenio's
 * modules change `accounts_role.id` in one history and recreate keys to it in another) is not the
 * one this migration meets when it runs.
 */
function sureType(table: TableState, column: string, context: RuleContext): { column: string; type: TypeFacts } | undefined {
  const state = table.columns.get(column);
  const type = state?.facts?.type;
  if (!state || !type || !ranBefore(state.typeSetIn ?? state.createdIn, context)) return undefined;
  return { column, type };
}

function report(context: RuleContext, range: Parameters<RuleContext['report']>[0], what: string, fix: string): void {
  context.report(range, `${what}: PostgreSQL cannot compare the two types with the key's index and refuses it (error 42804, "foreign key constraint ... cannot be implemented"), so the deploy fails; ${fix}`);
}
