/**
 * PostgreSQL's `ON CONFLICT` clause of an INSERT, as SQLAlchemy's PostgreSQL compiler writes it:
 * the target (`ON CONSTRAINT name`, or the index elements in parentheses with columns unqualified
 * and the partial index's WHERE), then DO NOTHING or DO UPDATE SET. SET takes the table's columns
 * in the table's order, `name = value` with the value bound as the column's type, then any name
 * the table does not declare (SQLAlchemy warns and writes it anyway); the SET values and the DO
 * UPDATE's WHERE qualify columns with the (schema-qualified) table name, as the VALUES do.
 */
import type { OnConflict, SqlType, TableRef } from '../ops';
import { OFFLINE_ONLY, type RenderState } from './context';
import { renderExpr, renderUngrouped, type ExprOptions } from './expressions';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { valueSql } from './dmlValue';
import { constructLiteralSql, typedLiteral } from './typedLiterals';

export function onConflictSql(onConflict: OnConflict, table: TableRef, state: RenderState): string {
  const types = new Map(table.columns.map((column) => [column.name, column.type]));
  const target = targetSql(onConflict.target, types, state);
  if (!onConflict.update) return target ? `ON CONFLICT ${target} DO NOTHING` : 'ON CONFLICT DO NOTHING';
  const options: ExprOptions = { columnPrefix: qualifiedName(table.name, table.schema, state), columnTypes: types, ownTable: table };
  const given = new Map(onConflict.update.set);
  const sets: string[] = [];
  for (const column of table.columns) {
    const value = given.get(column.name);
    if (value === undefined) continue;
    given.delete(column.name);
    sets.push(`${quoteIdentifier(column.name, state)} = ${valueSql(value, column.type, state, options)}`);
  }
  for (const [name, value] of given) {
    // Not a declared column: coerced as a plain expression (no column type, no grouping). A Python
    // value there is a bind of no type, which SQLAlchemy cannot print; a live run binds it.
    if (value.kind === 'literal' && !value.inline && !value.construct) {
      state.report('invalid-operation-option', `on_conflict_do_update(set_=) gives '${name}', which table '${table.name}' does not declare, a Python value: SQLAlchemy has no literal rendering for a value of no type, so Alembic's \`--sql\` fails here with a CompileError. Declare the column in the table, or give the value with sa.literal(value, type_).`, undefined, OFFLINE_ONLY);
    }
    // `sa.literal(value[, type_])` is a bind of its own type (of the value's, without type_).
    const sql = value.kind === 'literal' && value.construct ? constructLiteralSql(value, state) ?? '' : value.kind === 'literal' && !value.inline ? typedLiteral(value.value, undefined, state, true, value.float === true) ?? '' : renderExpr(value, state, options);
    sets.push(`${quoteIdentifier(name, state)} = ${sql}`);
  }
  const where = onConflict.update.where ? ` WHERE ${renderUngrouped(onConflict.update.where, state, options)}` : '';
  return `ON CONFLICT ${target} DO UPDATE SET ${sets.join(', ')}${where}`;
}

function targetSql(target: OnConflict['target'], types: Map<string, SqlType | undefined>, state: RenderState): string {
  if (target === undefined) return '';
  if ('constraint' in target) return `ON CONSTRAINT ${quoteIdentifier(target.constraint, state)}`;
  // include_table=False: the index's columns and its WHERE name columns alone.
  const options: ExprOptions = { columnTypes: types };
  const elements = `(${target.elements.map((element) => renderExpr(element, state, options)).join(', ')})`;
  return target.where ? `${elements} WHERE ${renderUngrouped(target.where, state, options)}` : elements;
}
