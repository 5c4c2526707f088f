/**
 * The merge revision `alembic merge -m "merge heads" <heads>` would write: a new id, the file
 * name from the environment's `file_template`, in the folder Alembic picks, and its text. Front
 * ends decide how to write it (the language server as an undoable WorkspaceEdit).
 */
import * as path from 'node:path';
import type { Environment } from '../types';
import { revisionFileName } from './fileTemplate';
import { newRevisionId } from './revisionId';
import { pythonDateString, revisionText } from './revisionText';

export interface MergeRevisionPlan {
  file: string;
  revisionId: string;
  content: string;
  heads: string[];
}

/** The folder Alembic writes to: the first head's folder when it is a version location, else the first location. */
function targetFolder(env: Environment, heads: readonly string[]): string {
  const locations = env.config.versionLocations.length ? env.config.versionLocations : [path.join(env.config.scriptLocation, 'versions')];
  for (const head of heads) {
    const file = env.graph.get(head)?.path ?? env.fileOf(head);
    if (file && locations.includes(path.dirname(file))) return path.dirname(file);
  }
  return locations[0];
}

export function planMergeRevision(env: Environment, heads: string[], message = 'merge heads', now = new Date(), revisionId = newRevisionId()): MergeRevisionPlan {
  const file = path.join(targetFolder(env, heads), revisionFileName(env.config.fileTemplate, revisionId, message, now));
  const content = revisionText({ revisionId, downRevisions: heads, message, createDate: pythonDateString(now) });
  return { file, revisionId, heads, content };
}
