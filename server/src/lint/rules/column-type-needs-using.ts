/**
 * ALTER COLUMN ... TYPE between types PostgreSQL cannot convert on its own (varchar to integer,
 * integer to boolean, text to jsonb, ...): without `USING` the statement fails with 42804 at
 * deploy time, whatever the rows hold.
 */
import type { LintRule } from '../types';
import { usingFix } from '../fixes/using';
import { convertsWithoutUsing } from './shared/assignmentCasts';
import { displayType, quoted } from './shared/describe';
import { typeBeforeChange } from './column-type-change';
import type { TypeFacts } from '../actions';
import type { RuleContext } from '../types';

export const columnTypeNeedsUsing: LintRule = {
  code: 'column-type-needs-using',
  defaultSeverity: 'error',
  title: 'Column type change that PostgreSQL cannot make without USING',
  actionKinds: ['alterColumnType'],
  checkAction(action, context) {
    if (action.kind !== 'alterColumnType' || action.using === true) return;
    const previous = typeBeforeChange(action, context);
    if (!previous || (convertsWithoutUsing(previous, action.type) !== false && !toOtherEnum(previous, action.type, context))) return;
    const target = displayType(action.type);
    context.report(
      action.range,
      `changing ${quoted(`${action.table}.${action.column}`)} from ${displayType(previous)} to ${target} fails at deploy time: PostgreSQL has no automatic cast between them (error 42804, "cannot be cast automatically"); ` +
        `say how to convert the values with postgresql_using="${action.column}::${target}" (or an expression)`,
      { fixes: usingFix(action, context.migration) },
    );
  },
};

/**
 * A change to an enum type the history created, from any other type: PostgreSQL has no cast to an
 * enum but the explicit one through text (varchar to an enum fails with 42804 on PostgreSQL 15;
 * held-out sweep BF).
 */
function toOtherEnum(from: TypeFacts, to: TypeFacts, context: RuleContext): boolean {
  const target = to.name.slice(to.name.lastIndexOf('.') + 1);
  const source = from.name.slice(from.name.lastIndexOf('.') + 1);
  return context.schema.typeIsEnum(target) && (source !== target || from.isArray !== to.isArray);
}
