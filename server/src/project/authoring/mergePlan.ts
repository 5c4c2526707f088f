/**
 * The merge revision `alembic merge -m "merge heads" <heads>` would write: a new id, the file
 * name from the environment's `file_template`, in the folder Alembic picks, and its text
 * rendered from the environment's `script.py.mako` (the same planner as the CLI's `merge`).
 * Without a script.py.mako (Alembic would refuse), the text of Alembic's default template is
 * used so the editor can still offer the merge. Front ends decide how to write it (the language
 * server as an undoable WorkspaceEdit). A refused merge throws AuthoringError.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Environment } from '../types';
import { revisionFileName } from './fileTemplate';
import { newRevisionId } from './revisionId';
import { pythonDateString, revisionText } from './revisionText';
import { planNewRevision, versionLocationsOf } from './newRevision';
import { truncateSlugLength } from './templateArgs';

export interface MergeRevisionPlan {
  file: string;
  revisionId: string;
  content: string;
  heads: string[];
}

/** The folder Alembic writes to: the first head's folder when it is a version location, else the first location. */
function targetFolder(env: Environment, heads: readonly string[]): string {
  const locations = versionLocationsOf(env.config);
  for (const head of heads) {
    const file = env.graph.get(head)?.path ?? env.fileOf(head);
    if (file && locations.includes(path.dirname(file))) return path.dirname(file);
  }
  return locations[0];
}

export function planMergeRevision(env: Environment, heads: string[], message = 'merge heads', now = new Date(), revisionId = newRevisionId()): MergeRevisionPlan {
  if (fs.existsSync(path.join(env.config.scriptLocation, 'script.py.mako'))) {
    const plan = planNewRevision(env.config, env.graph, { message, heads, revisionId, now });
    return { file: plan.file, revisionId, heads, content: plan.content };
  }
  const file = path.join(targetFolder(env, heads), revisionFileName(env.config.fileTemplate, revisionId, message, now, truncateSlugLength(env.config)));
  const content = revisionText({ revisionId, downRevisions: heads, message, createDate: pythonDateString(now) });
  return { file, revisionId, heads, content };
}
