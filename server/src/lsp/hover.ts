/**
 * Hover on a revision id: what `alembic show` tells, in markdown (message, date, file, parents,
 * children, labels, markers). Hover on an `op.*` call is `operationHover` in engine.ts.
 */
import path from 'node:path';
import type { Hover } from 'vscode-languageserver/node';
import type { Position } from '../common/range';
import { graphFacts, type GraphFacts, type RevisionFacts } from './graph';
import { revisionAt } from './navigation';
import type { Session } from './session';
import { pathToUri } from './uri';
import type { DatabaseState } from '../protocol';

/** The last known database state of an environment, with when it was read. */
export type KnownDatabaseState = DatabaseState & { at: Date };

/** "applied or not" on the last connection the editor read, with when it was read (it may be stale). */
export function databaseLine(revisionId: string, state: KnownDatabaseState | undefined): string | undefined {
  if (!state) return undefined;
  const when = state.at.toISOString().slice(11, 19);
  const where = `\`${state.connection}\`${state.display ? ` (${state.display})` : ''}, read at ${when} UTC`;
  if (!state.ok && state.rows.length === 0) return `Database ${where}: unknown (${state.message ?? 'not read'})`;
  const word = state.current.includes(revisionId) ? 'applied (current)' : state.applied.includes(revisionId) ? 'applied' : 'not applied';
  return `Database ${where}: **${word}**`;
}

function idList(ids: string[]): string {
  return ids.length === 0 ? '—' : ids.map((id) => `\`${id}\``).join(', ');
}

export function markerWords(revision: RevisionFacts, facts: GraphFacts): string[] {
  const words: string[] = [];
  if (revision.markers.head) words.push(facts.heads.length > 1 ? `head (1 of ${facts.heads.length})` : 'head');
  if (revision.markers.base) words.push('base');
  if (revision.markers.branchpoint) words.push('branch point');
  if (revision.markers.mergepoint) words.push('merge point');
  return words;
}

export function revisionMarkdown(revision: RevisionFacts, facts: GraphFacts, database?: KnownDatabaseState): string {
  const markers = markerWords(revision, facts);
  const lines = [`**Revision \`${revision.id}\`**${markers.length ? ` — ${markers.join(', ')}` : ''}`, ''];
  if (revision.message) lines.push(revision.message, '');
  const rows: [string, string][] = [];
  if (revision.createDate) rows.push(['Create Date', revision.createDate]);
  rows.push(['File', `[${path.basename(revision.file)}](${pathToUri(revision.file)})`]);
  rows.push(['Parents', revision.downRevisions.length ? idList(revision.downRevisions) : '`<base>`']);
  rows.push(['Children', idList(revision.children)]);
  if (revision.branchLabels.length) rows.push(['Branch labels', idList(revision.branchLabels)]);
  if (revision.dependsOn.length) rows.push(['Depends on', idList(revision.dependsOn)]);
  rows.push(['Environment', `\`${facts.env.config.name}\` (${path.basename(facts.env.config.configFile)})`]);
  for (const [key, value] of rows) lines.push(`- ${key}: ${value}`);
  const applied = databaseLine(revision.id, database);
  if (applied) lines.push('', applied);
  return lines.join('\n');
}

export function revisionHover(session: Session, file: string, position: Position, databaseOf?: (environmentId: string) => KnownDatabaseState | undefined): Hover | null {
  const at = revisionAt(session, file, position);
  if (!at) return null;
  if (!at.target) {
    return {
      contents: { kind: 'markdown', value: `**Unknown revision \`${at.ref.id}\`**\n\nNo revision with this id in environment \`${at.env.config.name}\`.` },
      range: at.ref.range,
    };
  }
  return { contents: { kind: 'markdown', value: revisionMarkdown(at.target, graphFacts(at.env), databaseOf?.(at.env.config.id)) }, range: at.ref.range };
}
