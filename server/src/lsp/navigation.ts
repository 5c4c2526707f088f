/**
 * Go to definition and find references on revision ids. A revision is "defined" by its file's
 * `revision = ...` item; it is "referenced" by every other revision naming it in `down_revision`
 * or `depends_on` (and by their docstring `Revises:` line).
 */
import type { Location } from 'vscode-languageserver/node';
import type { Position, SourceRange } from '../common/range';
import type { Environment } from '../project/types';
import { graphFacts, resolveRevision, revisionIdOf, type RevisionFacts } from './graph';
import { pointsElsewhere, revisionRefAt, revisionRefs } from './revisionRefs';
import type { Session } from './session';
import { pathToUri } from './uri';

/** Range of the `revision` value of a file (the definition site), or the file's start. */
export function definitionRange(revision: RevisionFacts): SourceRange {
  const header = revision.migration.header;
  const item = header.revision?.value.items[0];
  return item?.range ?? header.revision?.nameRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function definitionLocation(revision: RevisionFacts): Location {
  return { uri: pathToUri(revision.file), range: definitionRange(revision) };
}

/** The revision under the cursor and the environment it belongs to. */
export function revisionAt(session: Session, file: string, position: Position) {
  const found = session.migrationFile(file);
  if (!found) return undefined;
  const ref = revisionRefAt(found.migration.header, position);
  if (!ref) return undefined;
  const facts = graphFacts(found.env);
  return { env: found.env, ref, facts, target: resolveRevision(facts, ref.id) };
}

export function definition(session: Session, file: string, position: Position): Location[] {
  const at = revisionAt(session, file, position);
  // On the file's own revision id this is the id itself (editors then offer references instead).
  return at?.target ? [definitionLocation(at.target)] : [];
}

/** Every place in the environment that names `target` (optionally with its definition first). */
export function referencesTo(env: Environment, target: RevisionFacts, includeDeclaration: boolean): Location[] {
  const facts = graphFacts(env);
  const locations: Location[] = [];
  if (includeDeclaration) locations.push(definitionLocation(target));
  for (const [file, migration] of env.files) {
    const ownId = revisionIdOf(env, migration);
    for (const ref of revisionRefs(migration.header)) {
      if (!pointsElsewhere(ref.role) || ownId === target.id) continue;
      if (resolveRevision(facts, ref.id)?.id === target.id) locations.push({ uri: pathToUri(file), range: ref.range });
    }
  }
  return locations;
}

export function references(session: Session, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = revisionAt(session, file, position);
  if (!at?.target) return [];
  return referencesTo(at.env, at.target, includeDeclaration);
}
