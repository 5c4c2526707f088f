/**
 * `op.alter_column`: Alembic's PostgreSQL implementation emits one statement per change, in
 * this order: TYPE (with USING), NULL, DEFAULT, COMMENT, and the rename last.
 */
import type { AlterColumnOp } from '../../ops';
import type { RenderState } from '../context';
import { columnCommentStatement } from '../comments';
import { renderServerDefault } from '../expressions';
import { constraintClause } from '../constraints';
import { alembicTableName, qualifiedName, quoteIdentifier, quoteObjectName } from '../identifiers';
import { renderType } from '../types';
import { identityClause } from '../columns';
import type { IdentitySpec } from '../../ops';

export function renderAlterColumn(op: AlterColumnOp, state: RenderState): string[] {
  // The new type is compiled on its own, joined to no table: an Enum's inherit_schema takes nothing.
  state.tableSchema = undefined;
  const table = alembicTableName(op.table, op.schema, state);
  const column = quoteIdentifier(op.column, state);
  const alter = `ALTER TABLE ${table} ALTER COLUMN ${column}`;
  const statements: string[] = [];
  if (op.postgresqlUsing !== undefined && op.type === undefined) {
    state.report('invalid-operation-option', 'postgresql_using must be used with the type_ parameter (Alembic refuses it alone).');
    return [];
  }
  // The old type's CHECK goes first and the new type's comes last, as SQLAlchemy's constraint DDL.
  const constraintTable = qualifiedName(op.table, op.schema, state);
  for (const check of op.typeChecksDropped ?? []) {
    if (check.name === undefined) {
      state.report('missing-operation-field', `the existing type's CHECK constraint has no name, so it cannot be dropped (SQLAlchemy: "Can't emit DROP CONSTRAINT ... it has no name"): give the Enum a name=`);
      return [];
    }
    statements.push(`ALTER TABLE ${constraintTable} DROP CONSTRAINT ${quoteObjectName(check.name, state, 'constraint')}`);
  }
  if (op.type !== undefined) {
    // USING is pasted in as written: Alembic does not pass it through the SQL compiler.
    const using = op.postgresqlUsing ? ` USING ${op.postgresqlUsing}` : '';
    statements.push(`${alter} TYPE ${renderType(op.type, state) ?? ''}${using}`);
  }
  if (op.nullable !== undefined) statements.push(`${alter} ${op.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'}`);
  if (op.identity) statements.push(`${alter}${identityChangeClause(op.identity)}`);
  if (op.serverDefault !== undefined) {
    statements.push(op.serverDefault === null ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${renderServerDefault(op.serverDefault, state)}`);
  }
  if (op.comment !== undefined) statements.push(columnCommentStatement(op.table, op.schema, op.column, op.comment, state, 'alembic'));
  if (op.newName !== undefined) statements.push(`ALTER TABLE ${table} RENAME ${column} TO ${quoteIdentifier(op.newName, state)}`);
  for (const check of op.typeChecksAdded ?? []) statements.push(`ALTER TABLE ${constraintTable} ADD ${constraintClause(check, state)}`);
  return statements;
}

/**
 * Alembic's IdentityColumnDefault on PostgreSQL: DROP IDENTITY, ADD GENERATED ..., or a SET for
 * each option that differs, in the order of the options' names (Alembic sorts them). An option
 * the new identity leaves at its default is not compared (Alembic ignores it), and nothing to set
 * leaves the bare `ALTER COLUMN`, as Alembic prints it.
 */
function identityChangeClause(change: { to: IdentitySpec | null; from: IdentitySpec | null }): string {
  const { to, from } = change;
  if (to === null) return ' DROP IDENTITY';
  if (from === null) return ` ADD ${identityClause(to)}`;
  const sets: [string, string][] = [];
  if (Boolean(to.always) !== Boolean(from.always)) sets.push(['always', `SET GENERATED ${to.always ? 'ALWAYS' : 'BY DEFAULT'}`]);
  const options: [string, keyof IdentitySpec, (value: never) => string][] = [
    ['cache', 'cache', (value: number | string) => `CACHE ${value}`],
    ['cycle', 'cycle', (value: boolean) => (value ? 'CYCLE' : 'NO CYCLE')],
    ['increment', 'increment', (value: number | string) => `INCREMENT BY ${value}`],
    ['maxvalue', 'maxValue', (value: number | string) => `MAXVALUE ${value}`],
    ['minvalue', 'minValue', (value: number | string) => `MINVALUE ${value}`],
    ['nomaxvalue', 'noMaxValue', () => 'NO MAXVALUE'],
    ['nominvalue', 'noMinValue', () => 'NO MINVALUE'],
    ['start', 'start', (value: number | string) => `START WITH ${value}`],
  ];
  for (const [name, key, render] of options) {
    const wanted = to[key];
    if (wanted === undefined || String(wanted) === String(from[key])) continue;
    sets.push([name, `SET ${render(wanted as never)}`]);
  }
  return sets.length === 0 ? '' : ` ${sets.map(([, text]) => text).join(' ')}`;
}
