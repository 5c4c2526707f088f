// The lint's ancestor question (lint/environment.ts ancestryOf) answers from the history's lines
// and the upgrade order rather than a walk revision by revision: on random branched histories
// (forks, merges of two and three parents, depends_on, several roots, branches never merged) it
// must give exactly what a plain walk along down_revision and depends_on gives, for every pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { ancestryOf } from '../../../server/src/lint/environment';
import { makeEnvironment } from '../../support/environmentFixture';

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function randomOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHistory(seed: number, size: number): { files: Record<string, string>; parents: Map<string, string[]> } {
  const random = randomOf(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const ids: string[] = [];
  const parents = new Map<string, string[]>();
  const files: Record<string, string> = {};
  for (let at = 0; at < size; at++) {
    const id = `r${String(at).padStart(3, '0')}`;
    const roll = random();
    let down: string[] = [];
    if (at > 0 && roll > 0.05) {
      // Mostly the latest revision; sometimes an older one (a fork), sometimes two or three (a merge).
      down = [roll < 0.6 ? ids[ids.length - 1] : pick(ids)];
      if (roll > 0.85) for (let more = roll > 0.95 ? 2 : 1; more > 0; more--) down.push(pick(ids));
      down = [...new Set(down)];
    }
    const depends = at > 2 && random() < 0.1 ? [pick(ids)].filter((each) => !down.includes(each)) : [];
    parents.set(id, [...down, ...depends]);
    const value = (list: string[]) => (list.length === 0 ? 'None' : list.length === 1 ? `"${list[0]}"` : `(${list.map((each) => `"${each}"`).join(', ')})`);
    files[`${id}.py`] = `revision = "${id}"\ndown_revision = ${value(down)}\ndepends_on = ${value(depends)}\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n`;
    ids.push(id);
  }
  return { files, parents };
}

function walkAnswers(parents: Map<string, string[]>, ancestor: string, revision: string): boolean {
  const seen = new Set<string>();
  const todo = [...(parents.get(revision) ?? [])];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(parents.get(next) ?? []));
  }
  return false;
}

test('ancestryOf gives what a plain walk gives, for every pair of revisions of random branched histories', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const { files, parents } = randomHistory(seed, 70);
    const index = buildWorkspaceIndex([makeEnvironment(files, 'alembic-lens-ancestry-')]);
    const isAncestor = ancestryOf(index.environments[0]);
    const ids = [...parents.keys()];
    for (const ancestor of ids) {
      for (const revision of ids) assert.equal(isAncestor(ancestor, revision), walkAnswers(parents, ancestor, revision), `seed ${seed}: is ${ancestor} an ancestor of ${revision}?`);
    }
  }
});
