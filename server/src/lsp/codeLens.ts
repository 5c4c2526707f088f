/**
 * CodeLenses of a migration file: "Preview SQL" and "Trace locks" above upgrade(), "Preview
 * downgrade SQL" and "Trace locks" above downgrade(), "Merge heads" on a head that is not alone,
 * and the online actions on the `revision = ...` line (Upgrade to here, Downgrade to parent,
 * Stamp, Dry run). The client implements the commands, names the active connection in the online
 * titles and hides those in untrusted workspaces.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import { ClientCommands, type CreateMergeCommandArgs, type OnlineLensArgs, type PreviewSqlCommandArgs } from '../protocol';
import { graphFacts, revisionIdOf } from './graph';
import { definitionRange } from './navigation';
import { headerWithFunctions } from './functionHeader';
import type { Session } from './session';
import { pathToUri } from './uri';

export function codeLenses(session: Session, file: string): CodeLens[] {
  const found = session.migrationFile(file);
  if (!found) return [];
  const { env, migration } = found;
  const revisionId = revisionIdOf(env, migration);
  if (!revisionId) return [];
  const header = headerWithFunctions(session.index, file, migration.header);
  const lenses: CodeLens[] = [];
  const preview = (direction: 'upgrade' | 'downgrade'): PreviewSqlCommandArgs => ({ uri: pathToUri(file), revisionId, environmentId: env.config.id, direction });
  if (header.upgrade) {
    lenses.push({ range: header.upgrade.nameRange, command: { title: 'Preview SQL', command: ClientCommands.previewSql, arguments: [preview('upgrade')] } });
    lenses.push({ range: header.upgrade.nameRange, command: { title: 'Trace locks', command: ClientCommands.traceLocks, arguments: [preview('upgrade')] } });
  }
  if (header.downgrade) {
    lenses.push({ range: header.downgrade.nameRange, command: { title: 'Preview downgrade SQL', command: ClientCommands.previewSql, arguments: [preview('downgrade')] } });
    lenses.push({ range: header.downgrade.nameRange, command: { title: 'Trace locks', command: ClientCommands.traceLocks, arguments: [preview('downgrade')] } });
  }
  const facts = graphFacts(env);
  const revision = facts.byId.get(revisionId);
  if (revision && revision.file === file) {
    const args: OnlineLensArgs = { environmentId: env.config.id, revisionId, uri: pathToUri(file) };
    const online: [string, string][] = [
      ['Upgrade to here', ClientCommands.upgradeToHere],
      ['Downgrade to parent', ClientCommands.downgradeToParent],
      ['Stamp', ClientCommands.stamp],
      ['Dry run', ClientCommands.dryRun],
    ];
    for (const [title, command] of online) lenses.push({ range: definitionRange(revision), command: { title, command, arguments: [args] } });
  }
  if (revision?.markers.head && facts.heads.length > 1 && revision.file === file) {
    const args: CreateMergeCommandArgs = { environmentId: env.config.id, heads: [...facts.heads] };
    lenses.push({
      range: definitionRange(revision),
      command: { title: `Merge heads (${facts.heads.length})`, command: ClientCommands.createMergeRevision, arguments: [args] },
    });
  }
  return lenses;
}
