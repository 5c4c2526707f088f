/**
 * Quick fix: build (or drop) the index concurrently, outside the migration's transaction.
 * `op.create_index(...)` / `op.drop_index(...)` get `postgresql_concurrently=True` and move into
 * `with op.get_context().autocommit_block():`; the matching `op.drop_index` / `op.create_index` of
 * the other function is rewritten the same way in the same edit. A statement that is already
 * concurrent (raw `CREATE INDEX CONCURRENTLY` in `op.execute`, or the keyword) is only wrapped,
 * as is any other statement PostgreSQL refuses inside a transaction (`op.execute("VACUUM t")`).
 */
import type { SuggestedFix, TextEdit } from '../../common/problem';
import type { SourceRange } from '../../common/range';
import type { Action } from '../actions';
import type { MigrationUnderLint } from '../types';
import { fix, replaceStatement, statementAt, withKeyword, wrapped } from './source';

const BLOCK = 'with op.get_context().autocommit_block():';

export function concurrentlyFix(action: Action, migration: MigrationUnderLint): SuggestedFix[] {
  // VACUUM, REINDEX CONCURRENTLY, ... in op.execute: only wrapped.
  if (action.kind === 'otherSql') {
    const edit = action.notInTransaction ? rewrite(action, migration) : undefined;
    return edit ? [fix(`Run ${action.notInTransaction} in autocommit_block()`, [edit])] : [];
  }
  if (action.kind !== 'createIndex' && action.kind !== 'dropIndex') return [];
  const first = rewrite(action, migration);
  if (!first) return [];
  const edits: TextEdit[] = [first];
  // The other function's twin: the downgrade's drop of this index, or the upgrade's creation.
  const name = action.name;
  const other = migration[action.fn === 'upgrade' ? 'downgrade' : 'upgrade'];
  const twin = other?.actions.find(
    (candidate) => (candidate.kind === 'dropIndex' || candidate.kind === 'createIndex') && candidate.kind !== action.kind && candidate.name === name && candidate.inTransaction,
  );
  const twinEdit = twin ? rewrite(twin, migration) : undefined;
  if (twinEdit) edits.push(twinEdit);
  const what = action.kind === 'createIndex' ? 'Create' : 'Drop';
  return [fix(`${what} the index concurrently in autocommit_block()${twinEdit ? ` (and its ${twin!.fn}() twin)` : ''}`, edits)];
}

function rewrite(action: Action, migration: MigrationUnderLint): TextEdit | undefined {
  const outsideOnly = action.kind === 'otherSql' && action.notInTransaction !== undefined;
  if (action.kind !== 'createIndex' && action.kind !== 'dropIndex' && !outsideOnly) return undefined;
  const operation = action.operation;
  const callRange = operation?.range;
  if (!operation || !callRange) return undefined;
  // Several statements in one op.execute string run as one implicit transaction even in
  // autocommit mode, so CONCURRENTLY would still fail there: no fix for those.
  const sameCall = migration[action.fn]?.actions.filter((other) => sameRange(other.operation?.range, callRange)).length ?? 0;
  if (sameCall > 1) return undefined;
  const statement = statementAt(migration.text, callRange);
  if (!statement || !statement.text.trimStart().startsWith('op.')) return undefined; // batch_op: no autocommit block there
  let text = statement.text;
  if (!outsideOnly && !('concurrently' in action && action.concurrently)) {
    if (operation.kind !== 'createIndex' && operation.kind !== 'dropIndex') return undefined;
    const withArgument = withKeyword(callRange, statement, 'postgresql_concurrently=True');
    if (withArgument === undefined) return undefined;
    text = withArgument;
  }
  if (!action.inTransaction) return replaceStatement(migration.file, statement, text);
  return replaceStatement(migration.file, statement, wrapped(text, statement, BLOCK));
}

function sameRange(a: SourceRange | undefined, b: SourceRange): boolean {
  return a !== undefined && a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
