/**
 * Every lint rule, in one list. A rule lives in rules/<code>.ts (helpers several rules share in
 * rules/shared/), is registered here and in the code catalogue
 * (diagnostics/codes/lint.ts), and documented in docs/rules/<code>.md; a test checks all three agree.
 */
import type { LintRule } from '../types';
import { addCheckNotValid } from './add-check-not-valid';
import { addColumnRequiredNoDefault } from './add-column-required-no-default';
import { addForeignKeyNotValid } from './add-foreign-key-not-valid';
import { addPrimaryKey } from './add-primary-key';
import { addUniqueConstraint } from './add-unique-constraint';
import { addExclusionConstraint } from './add-exclusion-constraint';
import { columnTypeNeedsUsing } from './column-type-needs-using';
import { backfillUnderExclusiveLock } from './backfill-under-exclusive-lock';
import { charN } from './char-n';
import { columnTypeChange } from './column-type-change';
import { concurrentlyInTransaction } from './concurrently-in-transaction';
import { createIndexNotConcurrently } from './create-index-not-concurrently';
import { downgradeDoesNotReverse } from './downgrade-does-not-reverse';
import { dropColumn } from './drop-column';
import { dropTypeInUse } from './drop-type-in-use';
import { dropTableReferenced } from './drop-table-referenced';
import { foreignKeyTypeMismatch } from './foreign-key-type-mismatch';
import { dropIndexNotConcurrently } from './drop-index-not-concurrently';
import { dropTable } from './drop-table';
import { emptyDowngrade } from './empty-downgrade';
import { enumAddValueInTransaction } from './enum-add-value-in-transaction';
import { importsApplicationModels } from './imports-application-models';
import { intPrimaryKey } from './int-primary-key';
import { lockTimeoutMissing } from './lock-timeout-missing';
import { missingDowngrade } from './missing-downgrade';
import { needsSiblingBranch } from './needs-sibling-branch';
import { renameColumn } from './rename-column';
import { renameTable } from './rename-table';
import { replaceViewColumns } from './replace-view-columns';
import { setNotNull } from './set-not-null';
import { tableRewrite } from './table-rewrite';
import { transactionControl } from './transaction-control';
import { timestampWithoutTimeZone } from './timestamp-without-time-zone';
import { typeNotInPostgresql } from './type-not-in-postgresql';
import { truncateCascade } from './truncate-cascade';
import { truncateReferencedTable } from './truncate-referenced-table';
import { usedByView } from './used-by-view';
import { unbatchedBackfill } from './unbatched-backfill';
import { unknownColumn } from './unknown-column';
import { objectAlreadyExists } from './object-already-exists';
import { unknownConstraint } from './unknown-constraint';
import { unknownTable } from './unknown-table';
import { volatileDefault } from './volatile-default';

export const RULES: readonly LintRule[] = [
  concurrentlyInTransaction,
  createIndexNotConcurrently,
  dropIndexNotConcurrently,
  addColumnRequiredNoDefault,
  setNotNull,
  columnTypeChange,
  addForeignKeyNotValid,
  addCheckNotValid,
  addUniqueConstraint,
  addExclusionConstraint,
  columnTypeNeedsUsing,
  addPrimaryKey,
  volatileDefault,
  tableRewrite,
  transactionControl,
  typeNotInPostgresql,
  enumAddValueInTransaction,
  lockTimeoutMissing,
  unbatchedBackfill,
  backfillUnderExclusiveLock,
  dropColumn,
  dropTypeInUse,
  dropTableReferenced,
  foreignKeyTypeMismatch,
  dropTable,
  renameColumn,
  renameTable,
  truncateCascade,
  truncateReferencedTable,
  usedByView,
  replaceViewColumns,
  missingDowngrade,
  emptyDowngrade,
  downgradeDoesNotReverse,
  unknownTable,
  unknownColumn,
  objectAlreadyExists,
  unknownConstraint,
  needsSiblingBranch,
  importsApplicationModels,
  timestampWithoutTimeZone,
  charN,
  intPrimaryKey,
];

/** Codes the runner reports itself (not rules over actions), with their catalogue entries. */
export const RUNNER_CODES = ['sql-syntax-error', 'unchecked-statement', 'unused-ignore', 'not-postgresql'] as const;
