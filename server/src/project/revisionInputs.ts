/**
 * Turns a file's header into the graph's `RevisionInput`, resolving imported constants. Each
 * value remembers which source item it came from, so graph issues can be mapped back to the
 * exact item range later.
 */
import type { Problem } from '../common/problem';
import type { SourceRange } from '../common/range';
import type { RevisionInput } from '../graph/types';
import type { HeaderVariable, MigrationHeader } from '../python/headerTypes';
import type { ConstantResolver } from './references';

/** A value of a header field with the range of the source item it came from. */
export interface LocatedValue {
  value: string;
  range: SourceRange;
}

export interface FileRevision {
  input?: RevisionInput;
  /** Located values per field, for mapping graph issues to ranges. */
  located: Record<'revision' | 'down_revision' | 'branch_labels' | 'depends_on', LocatedValue[]>;
  /** Unresolved references. */
  problems: Problem[];
}

export function fileRevisionOf(path: string, header: MigrationHeader, resolver: ConstantResolver): FileRevision {
  const problems: Problem[] = [];
  const located = {
    revision: valuesOf(path, header.revision, resolver, problems),
    down_revision: valuesOf(path, header.downRevision, resolver, problems),
    branch_labels: valuesOf(path, header.branchLabels, resolver, problems),
    depends_on: valuesOf(path, header.dependsOn, resolver, problems),
  };
  const id = located.revision.length === 1 ? located.revision[0].value : header.revisionFromFileName;
  const result: FileRevision = { located, problems };
  if (id === undefined) return result;
  if (located.revision.length === 0 && header.revisionFromFileName) {
    located.revision.push({ value: id, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  const input: RevisionInput = {
    id,
    downRevisions: located.down_revision.map((item) => item.value),
    branchLabels: located.branch_labels.map((item) => item.value),
    dependsOn: located.depends_on.map((item) => item.value),
    key: path,
    path,
  };
  if (header.docstring) {
    input.message = header.docstring.message;
    input.docstring = header.docstring.text;
  }
  if (header.docstring?.createDate) input.createDate = header.docstring.createDate.value;
  result.input = input;
  return result;
}

function valuesOf(path: string, variable: HeaderVariable | undefined, resolver: ConstantResolver, problems: Problem[]): LocatedValue[] {
  if (!variable) return [];
  const out: LocatedValue[] = [];
  for (const item of variable.value.items) {
    if (item.kind === 'string') out.push({ value: item.value, range: item.range });
    else if (item.kind === 'reference') {
      const resolved = resolver.resolve(item.reference, path);
      if (resolved.ok) {
        for (const value of resolved.values) out.push({ value, range: item.range });
      } else {
        problems.push({
          code: 'unresolved-reference',
          severity: 'warning',
          message: `Cannot resolve '${item.reference.module}.${item.reference.name}' in '${variable.name}': ${resolved.reason}. The value is left out of the graph.`,
          file: path,
          range: item.range,
          related: [],
          data: { module: item.reference.module, name: item.reference.name, variable: variable.name },
        });
      }
    }
  }
  return out;
}
