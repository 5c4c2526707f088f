// Differential tests over generated histories (bench/generate-history.mjs): branch points that
// merge back, feature labels, depends_on by id and by label, word ids, several version
// locations. Our heads/history/branches/show must print what the real Alembic 1.20 prints
// (normalisations and their reasons: test/fixtures/topologies/diffSupport.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateHistory } from '../../bench/generate-history.mjs';
import { normalise, runAlembicBatch, runOurs } from '../fixtures/topologies/diffSupport';
import { temporaryFolder } from '../support/temporaryFolders';

const CASES = [
  { revisions: 60, seed: 7 },
  { revisions: 150, seed: 3 },
  { revisions: 25, seed: 11, locations: 1 },
  { revisions: 600, seed: 21 },
];

for (const spec of CASES) {
  test(`generated history (${spec.revisions} revisions, seed ${spec.seed}) matches alembic`, async () => {
    const out = temporaryFolder('alembic-lens-graph-');
    try {
      const history = generateHistory({ ...spec, out, ops: false, force: true });
      const [first, second] = history.heads;
      const commands: string[][] = [
        ['heads'],
        ['heads', '-v'],
        ['heads', '--resolve-dependencies'],
        ['history'],
        ['history', '-v'],
        ['branches'],
        ['branches', '-v'],
        ['show', 'heads'],
        ['show', first],
        ['show', first.slice(0, 6)],
        ['history', '-r', `:${first}`],
        ['history', '-r', `${first}:`],
        ['history', '-r', `${first}-3:${first}`],
        ['history', '-r', 'base:heads'],
        ['history', '-r', 'audit@base:audit@head'],
        ['show', 'audit@head'],
      ];
      if (second) commands.push(['history', '-r', `:${second}`], ['show', second], ['history', '-r', `${second}:${first}`]);
      const expected = runAlembicBatch(history.iniPath, commands);
      const mismatches: string[] = [];
      for (let i = 0; i < commands.length; i++) {
        const ours = await runOurs(history.iniPath, commands[i]);
        const reference = expected[i];
        if (reference.crashed) {
          if (!ours.failed) mismatches.push(`${commands[i].join(' ')}: alembic crashed (${reference.crashed}) but we succeeded`);
          continue;
        }
        if (normalise(ours.text) !== normalise(reference.text) || ours.failed !== reference.failed) {
          mismatches.push(`$ alembic ${commands[i].join(' ')}\n--- alembic\n${reference.text}--- ours\n${ours.text}`);
        }
      }
      assert.equal(mismatches.join('\n'), '');
      // The comparison is not vacuous: history prints every revision.
      assert.equal(normalise(expected[3].text).trim().split('\n').length, spec.revisions);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
}
