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

/** A small seeded generator for the randomized graph tests (the same sequence for a seed everywhere). */
export function linearCongruential(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function graph(...inputs: RevisionInput[]): RevisionMap {
  return buildRevisionMap(inputs);
}

export function codes(map: RevisionMap): string[] {
  return map.issues.map((issue) => issue.code);
}

/**
 * The branched history several graph tests share: a trunk with a labelled feature branch
 * (dddd…), a second branch off cccc3333 (eeee…), and an independent labelled root (ffff…).
 */
export function branchedHistory(): RevisionMap {
  return graph(
    rev('aaaa1111'),
    rev('bbbb2222', 'aaaa1111'),
    rev('cccc3333', 'bbbb2222'),
    rev('dddd4441', 'cccc3333', { labels: ['feat'] }),
    rev('dddd4442', 'dddd4441'),
    rev('eeee5551', 'cccc3333'),
    rev('eeee5552', 'eeee5551'),
    rev('ffff6661', null, { labels: ['other'] }),
    rev('ffff6662', 'ffff6661'),
  );
}
