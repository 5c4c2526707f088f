/**
 * Alembic refuses to work on a graph it cannot load (cycles, missing parents, reused branch
 * labels, bad ids); our graph loads anyway, so the commands that print Alembic's output refuse
 * at the same point, with Alembic's message. Warnings (a duplicate id) go to stderr as Alembic's do.
 */
import type { RevisionMap } from '../../graph/revisionMap';
import { CommandFailure, type CliContext } from '../types';

export function requireUsableGraph(context: CliContext, graph: RevisionMap): void {
  for (const issue of graph.issues) {
    if (issue.code === 'duplicate-revision') context.stderr(`UserWarning: ${issue.message}\n`);
  }
  const fatal = graph.issues.find((issue) => issue.severity === 'error');
  if (fatal) throw new CommandFailure(fatal.message, 1);
}

/** `current` needs the database's version table, which these read-only commands do not read. */
export function refuseCurrent(what: string): never {
  throw new CommandFailure(`${what} needs the database's current revisions; alembic-lens reads migrations only (use the real alembic for this)`, 2);
}
