/**
 * GeoAlchemy2's spatial indexes: a `Geometry` / `Geography` column with `spatial_index=True`
 * (the default) makes GeoAlchemy2 add `CREATE INDEX idx_<table>_<column> ON <table> USING gist
 * (<column>)` when Alembic creates the table or adds the column (recorded from Alembic 1.20 with
 * GeoAlchemy2; the name has no schema). It comes after every other index of the table, so it is
 * appended to the operation's indexes, or follows `add_column` as its own `create_index`.
 *
 * Where the order against other statements is not known (a table that also has `index=True`
 * columns, whose indexes the renderer prints after the explicit ones; an added column with a
 * comment), the operation stays opaque rather than print statements in a guessed order.
 */
import type { SourceRange } from '../../../common/range';
import type { ColumnSpec, IndexSpec, Step } from '../../ops';
import { hasSpatialIndex } from './libraryTypes';

function spatialIndex(table: string, column: ColumnSpec): IndexSpec {
  return { name: `idx_${table}_${column.name}`, columns: [column.name], unique: false, dialectOptions: { postgresql_using: 'gist' } };
}

/** Adds the spatial indexes of GeoAlchemy2 columns to `steps` (in place). */
export function addSpatialIndexes(steps: Step[], sourceOf: (range: SourceRange) => string): void {
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    if (step.kind === 'autocommit') addSpatialIndexes(step.steps, sourceOf);
    else if (step.kind === 'modeBranch') {
      addSpatialIndexes(step.offline, sourceOf);
      addSpatialIndexes(step.online, sourceOf);
    }
    if (step.kind !== 'operation') continue;
    const op = step.operation;
    const opaque = (reason: string): void => {
      const range = op.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      steps[index] = { kind: 'opaque', reason, range, source: sourceOf(range) };
    };
    if (op.kind === 'createTable') {
      if (!op.columns.some((column) => hasSpatialIndex(column.type))) continue;
      const spatial = op.columns.filter((column) => hasSpatialIndex(column.type));
      if (op.columns.some((column) => column.index)) {
        opaque('GeoAlchemy2 adds a spatial index to this table, and the order of its CREATE INDEX among the index=True indexes is not modelled');
        continue;
      }
      op.indexes.push(...spatial.map((column) => spatialIndex(op.table, column)));
    } else if (op.kind === 'addColumn' && hasSpatialIndex(op.column.type)) {
      if (op.column.comment !== undefined) {
        opaque('GeoAlchemy2 adds a spatial index to this column, and its order against the column comment is not modelled');
        continue;
      }
      const created: Step = {
        kind: 'operation',
        operation: { kind: 'createIndex', table: op.table, ...(op.schema !== undefined ? { schema: op.schema } : {}), index: { ...spatialIndex(op.table, op.column), name: `idx_${op.table}_${op.column.name}` }, ...(op.range ? { range: op.range } : {}) },
      };
      steps.splice(index + 1, 0, created);
      index++;
    }
  }
}
