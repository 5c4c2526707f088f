/** Compact graph construction for the graph unit tests: `rev('b', 'a')`, `rev('m', ['b', 'c'])`. */
import { buildRevisionMap, type RevisionMap } from '../../../server/src/graph/revisionMap';
import type { RevisionInput } from '../../../server/src/graph/types';

export function rev(
  id: string,
  down: string | string[] | null = null,
  extra: { labels?: string[]; deps?: string[]; key?: string; message?: string } = {},
): RevisionInput {
  return {
    id,
    downRevisions: down === null ? [] : Array.isArray(down) ? down : [down],
    branchLabels: extra.labels ?? [],
    dependsOn: extra.deps ?? [],
    key: extra.key ?? `${id}.py`,
    message: extra.message ?? `message of ${id}`,
  };
}

export function graph(...inputs: RevisionInput[]): RevisionMap {
  return buildRevisionMap(inputs);
}

export function codes(map: RevisionMap): string[] {
  return map.issues.map((issue) => issue.code);
}
