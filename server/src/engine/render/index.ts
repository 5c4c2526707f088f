/**
 * The PostgreSQL renderer: operation values → the statements `alembic upgrade --sql` prints,
 * each without its trailing `;` (the emitter adds `;\n\n`). One renderer per operation kind,
 * looked up in a map. Rendering never throws; problems come back located at the operation.
 */
import { pythonStrip } from '../../common/pythonStrip';
import type { Operation, OperationKind } from '../ops';
import { RenderState, type RenderContext, type RenderResult } from './context';
import { renderAddColumn } from './operations/addColumn';
import { renderAddConstraint } from './operations/addConstraint';
import { renderAlterColumn } from './operations/alterColumn';
import { renderBulkInsert } from './operations/bulkInsert';
import { renderCreateIndex } from './operations/createIndex';
import { renderCreateTable } from './operations/createTable';
import { renderDropColumn } from './operations/dropColumn';
import { renderDropConstraint } from './operations/dropConstraint';
import { renderDropIndex } from './operations/dropIndex';
import { renderDropTable } from './operations/dropTable';
import { renderExecute } from './operations/execute';
import { renderRenameTable } from './operations/renameTable';
import { renderCreateTableComment, renderDropTableComment } from './operations/tableComment';

export type { RenderContext, RenderResult } from './context';

type Renderer<K extends OperationKind> = (operation: Extract<Operation, { kind: K }>, state: RenderState) => string[];

const RENDERERS: { [K in OperationKind]: Renderer<K> } = {
  createTable: renderCreateTable,
  dropTable: renderDropTable,
  renameTable: renderRenameTable,
  addColumn: renderAddColumn,
  dropColumn: renderDropColumn,
  alterColumn: renderAlterColumn,
  createIndex: renderCreateIndex,
  dropIndex: renderDropIndex,
  addConstraint: renderAddConstraint,
  dropConstraint: renderDropConstraint,
  createTableComment: renderCreateTableComment,
  dropTableComment: renderDropTableComment,
  execute: renderExecute,
  bulkInsert: renderBulkInsert,
};

export function renderOperation(operation: Operation, context: RenderContext): RenderResult {
  const state = new RenderState(context, operation.range);
  const kind = (operation as { kind?: unknown }).kind;
  state.liveRunBinds = kind === 'execute' || kind === 'bulkInsert';
  const renderer =
    typeof kind === 'string' && Object.prototype.hasOwnProperty.call(RENDERERS, kind)
      ? (RENDERERS[kind as OperationKind] as Renderer<OperationKind>)
      : undefined;
  if (!renderer) {
    state.report('missing-operation-field', `No renderer for operation kind '${String(kind)}'.`);
    return { statements: [], problems: state.problems };
  }
  let statements: string[];
  try {
    statements = renderer(operation as never, state);
  } catch (error) {
    // A malformed value (a field missing that the type promised) must not take the caller down.
    state.report('missing-operation-field', `The ${operation.kind} operation is incomplete: ${(error as Error).message}`);
    statements = [];
  }
  // Alembic prints every statement with tabs turned into four spaces and the ends stripped; a live
  // run executes the statement as compiled, so a tab in a string literal stays a tab.
  const printed = statements.map((statement) => pythonStrip(context.liveRun ? statement : statement.replace(/\t/g, '    ')));
  return { statements: state.fatal ? [] : printed, problems: state.problems };
}

/** Statements as `alembic upgrade --sql` prints them: each followed by `;` and a blank line. */
export function statementsToText(statements: string[]): string {
  return statements.map((statement) => `${statement};\n\n`).join('');
}
