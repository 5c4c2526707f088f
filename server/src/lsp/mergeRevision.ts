/**
 * Writing a merge revision from the editor: the plan (id, file name, text) comes from
 * project/authoring/mergePlan.ts; here it becomes a WorkspaceEdit the editor applies (and can
 * undo), or, for clients that cannot apply edits, a file written directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MergeRevisionPlan } from '../project/authoring/mergePlan';
import type { ProtocolWorkspaceEdit } from '../protocol';
import { pathToUri } from './uri';

export function mergeRevisionEdit(plan: MergeRevisionPlan): ProtocolWorkspaceEdit {
  const uri = pathToUri(plan.file);
  return {
    documentChanges: [
      { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: plan.content }] },
    ],
  };
}

/** Fallback for clients without `workspace/applyEdit`: write the file directly (never overwrite). */
export function writeMergeRevision(plan: MergeRevisionPlan): boolean {
  try {
    fs.mkdirSync(path.dirname(plan.file), { recursive: true });
    fs.writeFileSync(plan.file, plan.content, { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}
