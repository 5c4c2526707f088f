/**
 * Code actions: the quick fixes problems carry (`Problem.fixes`, e.g. pointing `down_revision`
 * at the id of the file it names, rewriting the docstring header), and "Create merge revision"
 * on every multiple-heads diagnostic, as a WorkspaceEdit that creates the merge file.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Problem } from '../common/problem';
import type { Environment } from '../project/types';
import { problemToDiagnostic } from './diagnostics';
import { graphFacts } from './graph';
import { mergeRevisionEdit } from './mergeRevision';
import { planMergeRevision } from '../project/authoring/mergePlan';
import { AuthoringError } from '../project/authoring/newRevision';
import type { Session } from './session';
import { pathToUri } from './uri';

const MULTIPLE_HEADS = 'multiple-heads';

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function fixEdit(problem: Problem, fixIndex: number): WorkspaceEdit {
  const changes: WorkspaceEdit['changes'] = {};
  for (const edit of problem.fixes?.[fixIndex]?.edits ?? []) {
    const uri = pathToUri(edit.file);
    (changes[uri] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { changes };
}

export function mergeHeadsOf(env: Environment, problem?: Problem): string[] {
  const fromData = problem?.data?.heads;
  if (Array.isArray(fromData) && fromData.every((head) => typeof head === 'string') && fromData.length > 1) return fromData as string[];
  return graphFacts(env).heads;
}

/** Server-side command for clients that cannot apply a CreateFile edit (see register.ts). */
export const SERVER_MERGE_COMMAND = 'alembic-lens.server.createMergeRevision';

/** Undefined when the merge cannot be planned (a script.py.mako the renderer refuses, say): no fix beats a wrong file. */
export function createMergeAction(env: Environment, heads: string[], diagnostic?: Diagnostic, canCreateFiles = true): CodeAction | undefined {
  const title = `Create merge revision of ${heads.join(', ')}`;
  let action: CodeAction;
  if (canCreateFiles) {
    try {
      action = { title, kind: CodeActionKind.QuickFix, edit: mergeRevisionEdit(planMergeRevision(env, heads)) as WorkspaceEdit };
    } catch (error) {
      if (error instanceof AuthoringError) return undefined;
      throw error;
    }
  } else action = { title, kind: CodeActionKind.QuickFix, command: { title, command: SERVER_MERGE_COMMAND, arguments: [{ environmentId: env.config.id, heads }] } };
  if (diagnostic) action.diagnostics = [diagnostic];
  return action;
}

/** `extraProblems`: problems published for open files only (the interpreter's and the safety lint's, with their fixes). */
export function codeActions(session: Session, file: string, range: Range, canCreateFiles = true, extraProblems: readonly Problem[] = []): CodeAction[] {
  const index = session.index;
  if (!index) return [];
  const actions: CodeAction[] = [];
  const env = index.environmentForFile(file);
  let mergeOffered = false;
  for (const problem of [...session.problemsFor(file), ...extraProblems]) {
    if (!overlaps(problem.range, range)) continue;
    const diagnostic = problemToDiagnostic(problem, session.options.docsBaseUrl);
    (problem.fixes ?? []).forEach((fix, fixIndex) => {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fixEdit(problem, fixIndex), isPreferred: fixIndex === 0 });
    });
    if (problem.code === MULTIPLE_HEADS && env && !mergeOffered) {
      const heads = mergeHeadsOf(env, problem);
      if (heads.length > 1) {
        const action = createMergeAction(env, heads, diagnostic, canCreateFiles);
        if (action) actions.push(action);
        mergeOffered = true;
      }
    }
  }
  return actions;
}
