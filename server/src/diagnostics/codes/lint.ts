import type { CodeInfo } from './types';

/**
 * Diagnostic codes of the safety linter (server/src/lint). Each rule in lint/rules/index.ts has
 * its entry here with the same severity and title (a test checks it), and docs/rules/<code>.md.
 */
export const LINT_CODES: readonly CodeInfo[] = [
  { code: 'concurrently-in-transaction', defaultSeverity: 'error', title: 'CONCURRENTLY (or VACUUM, ...) inside a transaction fails at deploy time' },
  { code: 'create-index-not-concurrently', defaultSeverity: 'warning', title: 'Index created without CONCURRENTLY on an existing table' },
  { code: 'drop-index-not-concurrently', defaultSeverity: 'warning', title: 'Index dropped without CONCURRENTLY' },
  { code: 'add-column-required-no-default', defaultSeverity: 'error', title: 'NOT NULL column added without a default' },
  { code: 'set-not-null', defaultSeverity: 'warning', title: 'NOT NULL set on an existing column' },
  { code: 'column-type-change', defaultSeverity: 'warning', title: 'Column type change that rewrites the table' },
  { code: 'add-foreign-key-not-valid', defaultSeverity: 'warning', title: 'Foreign key added without NOT VALID' },
  { code: 'add-check-not-valid', defaultSeverity: 'warning', title: 'Check constraint added without NOT VALID' },
  { code: 'add-unique-constraint', defaultSeverity: 'warning', title: 'Unique constraint added without a concurrently built index' },
  { code: 'add-exclusion-constraint', defaultSeverity: 'warning', title: 'Exclusion constraint added to an existing table' },
  { code: 'column-type-needs-using', defaultSeverity: 'error', title: 'Column type change that PostgreSQL cannot make without USING' },
  { code: 'add-primary-key', defaultSeverity: 'warning', title: 'Primary key added to an existing table' },
  { code: 'volatile-default', defaultSeverity: 'warning', title: 'Column added with a default that rewrites the table' },
  { code: 'table-rewrite', defaultSeverity: 'warning', title: 'Statement rewrites a whole table under a blocking lock' },
  { code: 'enum-add-value-in-transaction', defaultSeverity: 'error', title: 'Enum value added inside a transaction and used there (or added at all before PostgreSQL 12)' },
  { code: 'lock-timeout-missing', defaultSeverity: 'warning', title: 'Blocking lock taken without a lock_timeout' },
  { code: 'unbatched-backfill', defaultSeverity: 'warning', title: 'UPDATE or DELETE over a whole existing table in one statement' },
  { code: 'backfill-under-exclusive-lock', defaultSeverity: 'warning', title: 'UPDATE or DELETE in the same transaction as an ACCESS EXCLUSIVE lock' },
  { code: 'drop-column', defaultSeverity: 'warning', title: 'Column dropped' },
  { code: 'drop-table', defaultSeverity: 'warning', title: 'Table dropped' },
  { code: 'rename-column', defaultSeverity: 'warning', title: 'Column renamed' },
  { code: 'rename-table', defaultSeverity: 'warning', title: 'Table renamed' },
  { code: 'truncate-cascade', defaultSeverity: 'warning', title: 'TRUNCATE with CASCADE' },
  { code: 'missing-downgrade', defaultSeverity: 'warning', title: 'Migration has no downgrade() function' },
  { code: 'empty-downgrade', defaultSeverity: 'information', title: 'downgrade() does nothing while upgrade() changes the schema' },
  { code: 'downgrade-does-not-reverse', defaultSeverity: 'warning', title: 'downgrade() does not undo upgrade()' },
  { code: 'unknown-table', defaultSeverity: 'warning', title: 'Table does not exist at this revision' },
  { code: 'unknown-column', defaultSeverity: 'warning', title: 'Column does not exist at this revision' },
  { code: 'imports-application-models', defaultSeverity: 'warning', title: "Migration imports the application's models" },
  { code: 'timestamp-without-time-zone', defaultSeverity: 'information', title: 'timestamp without time zone' },
  { code: 'char-n', defaultSeverity: 'information', title: 'char(n) column' },
  { code: 'int-primary-key', defaultSeverity: 'information', title: 'integer primary key' },
  { code: 'sql-syntax-error', defaultSeverity: 'error', title: 'SQL in op.execute() does not parse' },
  { code: 'unchecked-statement', defaultSeverity: 'information', title: 'Statement the linter could not check' },
  { code: 'unused-ignore', defaultSeverity: 'warning', title: 'Ignore comment that silences nothing' },
  { code: 'not-postgresql', defaultSeverity: 'information', title: 'Environment configured for another database: not linted' },
];
