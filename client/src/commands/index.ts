/** Every command of the extension; each lives in its own file and runs behind registerCommands' error wrapper. */
import { copyRevisionId } from './copyRevisionId';
import { createMergeRevision } from './createMergeRevision';
import { autogenerateRevision } from './autogenerateRevision';
import { mergeHeads } from './mergeHeads';
import { newRevision } from './newRevision';
import { openRevision } from './openRevision';
import { previewDowngradeSql } from './previewDowngradeSql';
import { previewSql } from './previewSql';
import { refresh } from './refresh';
import { revealCurrentFile } from './revealCurrentFile';
import { showOutput } from './showOutput';
import { treeSnapshot } from './treeSnapshot';
import { downgradeToParent } from './downgradeToParent';
import { dryRun } from './dryRun';
import { refreshDatabase } from './refreshDatabase';
import { resetEmbeddedDatabase } from './resetEmbeddedDatabase';
import { selectConnection } from './selectConnection';
import { stamp } from './stamp';
import { upgradeToHere } from './upgradeToHere';
import { traceLocks } from './traceLocks';
import type { CommandDefinition } from './types';

export const ALL_COMMANDS: readonly CommandDefinition[] = [
  refresh,
  revealCurrentFile,
  copyRevisionId,
  openRevision,
  createMergeRevision,
  newRevision,
  mergeHeads,
  autogenerateRevision,
  previewSql,
  previewDowngradeSql,
  showOutput,
  treeSnapshot,
  upgradeToHere,
  downgradeToParent,
  stamp,
  dryRun,
  selectConnection,
  refreshDatabase,
  resetEmbeddedDatabase,
  traceLocks,
];
