import type { CodeInfo } from './types';

/** Diagnostic codes reported by the PostgreSQL renderer (engine/render). Each has docs/rules/<code>.md. */
export const RENDER_CODES: readonly CodeInfo[] = [
  { code: 'unknown-column-type', defaultSeverity: 'warning', title: 'Column type unknown to the SQL renderer' },
  { code: 'missing-operation-field', defaultSeverity: 'error', title: 'Operation lacks information Alembic needs to emit SQL' },
  { code: 'invalid-operation-option', defaultSeverity: 'error', title: 'Operation option that Alembic or SQLAlchemy refuses' },
  { code: 'unsupported-sql-expression', defaultSeverity: 'warning', title: 'SQL expression the renderer cannot print' },
  { code: 'identifier-too-long', defaultSeverity: 'error', title: 'Constraint or index name longer than 63 characters' },
  { code: 'unbound-text-parameter', defaultSeverity: 'warning', title: '`:name` in SQL text renders as NULL offline' },
];
