// Differential tests: the read-only commands of our CLI print what the real Alembic 1.20 prints
// for the hand-written topologies in test/fixtures/topologies/ (normalisations and their reasons
// are in test/fixtures/topologies/diffSupport.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { normalise, runAlembicBatch, runOurs } from '../fixtures/topologies/diffSupport';

const root = path.resolve(__dirname, '..', 'fixtures', 'topologies');

const COMMON: string[][] = [
  ['heads'],
  ['heads', '-v'],
  ['heads', '--resolve-dependencies'],
  ['heads', '-v', '--resolve-dependencies'],
  ['history'],
  ['history', '-v'],
  ['history', '-r', 'base:heads'],
  ['history', '-r', 'base:'],
  ['history', '-r', ':heads'],
  ['history', '-r', 'head:'],
  ['history', '-r', 'base:head'],
  ['history', '-r-1:'],
  ['history', '-r', 'nosuchrev:'],
  ['history', '-r', 'heads'],
  ['branches'],
  ['branches', '-v'],
  ['show', 'head'],
  ['show', 'heads'],
  ['show', 'base'],
  ['show', 'abc'],
  ['show', 'zzzzzz'],
];

/** Extra command lines per topology (ids, labels, partial ids, relative forms). */
const EXTRA: Record<string, string[][]> = {
  linear: [['show', '2b3c'], ['show', '1'], ['history', '-r', '2b3c4d5e6f7a:3c4d5e6f7a8b'], ['history', '-r', '3c4d:2b3c'], ['history', '-r', '2b3c4d5e6f7a:+1'], ['show', '-2'], ['history', '-r', 'base:-1']],
  diamond: [['show', 'dddd'], ['history', '-r', 'bbbb00000002:'], ['history', '-r', 'bbbb00000002:cccc00000003'], ['history', '-r', ':bbbb00000002']],
  'multiple-bases': [['show', 'beef'], ['show', 'f00d00000001'], ['history', '-r', 'beef00000001:'], ['history', '-r', 'f00d00000001:beef00000003']],
  'labelled-branches': [
    ['show', 'billing@head'],
    ['show', 'search@head'],
    ['show', 'audit@base'],
    ['history', '-r', 'billing@base:billing@head'],
    ['history', '-r', ':search@head'],
    ['history', '-r', 'audit@base:'],
    ['show', 'billing@1002'],
    ['show', 'billing@2001'],
    ['show', 'nosuch@head'],
    ['history', '-r', 'billing@-1:'],
  ],
  'depends-on': [['show', 'reports@head'], ['show', 'core@head'], ['history', '-r', ':reports@head'], ['history', '-r', 'b0000000000a:']],
  'merge-three': [['show', '5555'], ['history', '-r', '3333000000bb:'], ['show', '2222000000aa']],
  'expand-contract': [
    ['show', 'expand@head'],
    ['show', 'contract@head'],
    ['history', '-r', ':expand@head'],
    ['history', '-r', ':contract@head'],
    ['history', '-r', 'contract@-1:'],
    ['history', '-r', 'start_001:expand@head'],
  ],
  'squash-duplicate': [['show', 'bbbb0002'], ['history', '-r', 'bbbb0002:']],
  'word-ids': [['show', 'liberty'], ['show', 'mita'], ['show', 'I389'], ['history', '-r', 'mitaka01:django_0001'], ['show', 'django_0001']],
};

const topologies = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'alembic.ini')));

test('every topology fixture is listed', () => {
  assert.deepEqual([...topologies].sort(), Object.keys(EXTRA).sort());
});

for (const topology of topologies) {
  test(`topology ${topology}: heads, history, branches and show match alembic`, async () => {
    const ini = path.join(root, topology, 'alembic.ini');
    const commands = [...COMMON, ...(EXTRA[topology] ?? [])];
    const expected = runAlembicBatch(ini, commands);
    const mismatches: string[] = [];
    for (let i = 0; i < commands.length; i++) {
      const reference = expected[i];
      if (reference.crashed) {
        // Alembic crashed with a traceback: we only require that we fail too.
        const ours = await runOurs(ini, commands[i]);
        if (!ours.failed) mismatches.push(`${commands[i].join(' ')}: alembic crashed (${reference.crashed}) but we succeeded`);
        continue;
      }
      const ours = await runOurs(ini, commands[i]);
      if (normalise(ours.text) !== normalise(reference.text) || ours.failed !== reference.failed) {
        mismatches.push(`$ alembic ${commands[i].join(' ')}\n--- alembic\n${reference.text}--- ours\n${ours.text}`);
      }
    }
    assert.equal(mismatches.join('\n'), '');
  });
}
