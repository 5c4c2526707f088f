/**
 * Every lint rule, in one list. A rule is registered here and in the code catalogue
 * (diagnostics/codes/lint.ts), and documented in docs/rules/<code>.md; a test checks all three agree.
 */
import type { LintRule } from '../types';
import { addColumnRequiredNoDefault } from './addColumnRequiredNoDefault';
import { addPrimaryKey } from './addPrimaryKey';
import { backfillUnderExclusiveLock } from './backfillUnderExclusiveLock';
import { addUniqueConstraint } from './addUniqueConstraint';
import { charN, intPrimaryKey, timestampWithoutTimeZone } from './columnTypes';
import { columnTypeChange } from './columnTypeChange';
import { concurrentlyInTransaction } from './concurrentlyInTransaction';
import { addCheckNotValid, addForeignKeyNotValid } from './constraintNotValid';
import { createIndexNotConcurrently } from './createIndexNotConcurrently';
import { downgradeDoesNotReverse, emptyDowngrade, missingDowngrade } from './downgradeRules';
import { dropColumn } from './dropColumn';
import { dropIndexNotConcurrently } from './dropIndexNotConcurrently';
import { dropTable } from './dropTable';
import { enumAddValueInTransaction } from './enumAddValueInTransaction';
import { importsApplicationModels } from './importsApplicationModels';
import { lockTimeoutMissing } from './lockTimeoutMissing';
import { renameColumn } from './renameColumn';
import { renameTable } from './renameTable';
import { setNotNull } from './setNotNull';
import { truncateCascade } from './truncateCascade';
import { unbatchedBackfill } from './unbatchedBackfill';
import { unknownColumn, unknownTable } from './unknownObjects';
import { volatileDefault } from './volatileDefault';

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
  addPrimaryKey,
  volatileDefault,
  enumAddValueInTransaction,
  lockTimeoutMissing,
  unbatchedBackfill,
  backfillUnderExclusiveLock,
  dropColumn,
  dropTable,
  renameColumn,
  renameTable,
  truncateCascade,
  missingDowngrade,
  emptyDowngrade,
  downgradeDoesNotReverse,
  unknownTable,
  unknownColumn,
  importsApplicationModels,
  timestampWithoutTimeZone,
  charN,
  intPrimaryKey,
];

/** Codes the runner reports itself (not rules over actions), with their catalogue entries. */
export const RUNNER_CODES = ['sql-syntax-error', 'unchecked-statement', 'unused-ignore'] as const;
