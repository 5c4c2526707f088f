import type { CodeInfo } from './types';

/** Diagnostic codes reported by the engine layer. Each has docs/rules/<code>.md. */
export const ENGINE_CODES: readonly CodeInfo[] = [
  { code: 'opaque-step', defaultSeverity: 'information', title: 'Statement the engine cannot interpret statically' },
  { code: 'unknown-operation', defaultSeverity: 'warning', title: 'op.<name> is not an Alembic operation' },
  { code: 'invalid-operation-arguments', defaultSeverity: 'error', title: 'Operation called with wrong or missing arguments' },
  { code: 'missing-upgrade', defaultSeverity: 'error', title: 'Migration has no upgrade() function' },
  { code: 'async-migration-function', defaultSeverity: 'warning', title: 'async upgrade()/downgrade() never runs its body' },
  { code: 'unreachable-operation', defaultSeverity: 'warning', title: 'Operation after an unconditional return never runs' },
  { code: 'operation-at-import', defaultSeverity: 'warning', title: 'op or context used where the module runs at import' },
  { code: 'raises-at-import', defaultSeverity: 'error', title: 'The module raises when Alembic imports it' },
  { code: 'raises-when-run', defaultSeverity: 'error', title: 'A statement of upgrade() or downgrade() raises whatever the database' },
  { code: 'plain-string-execute', defaultSeverity: 'warning', title: 'Connection.execute() of a plain string fails under SQLAlchemy 2' },
  { code: 'offline-parameters-dropped', defaultSeverity: 'information', title: 'conn.execute(statement, parameters) prints NULL for them under --sql' },
];
