// One builder for a migration file's graph record: the index (editor, CLI graph commands) and
// the engine's cached loader (`--sql`) read every header alike, tuples in `revision` included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMigrationHeader } from '../../../server/src/python/header';
import { literalHeaderValues, revisionInputOf } from '../../../server/src/project/revisionInputs';
import { revisionInputFromHeader } from '../../../server/src/engine/offline/revisionInput';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { makeEnvironment } from '../../support/environmentFixture';

const DOCSTRING = '"""add things\n\nRevision ID: aaaa\nRevises:\nCreate Date: 2024-01-02 03:04:05\n\n"""\n';

const HEADERS: Record<string, { file: string; body: string; id: string | undefined }> = {
  'a string': { file: 'aaaa_x.py', body: 'revision = "aaaa"\ndown_revision = None\n', id: 'aaaa' },
  'a two-item tuple': { file: 'aaaa_x.py', body: 'revision = ("aaaa", "bbbb")\ndown_revision = None\n', id: undefined },
  'a one-item tuple': { file: 'aaaa_x.py', body: 'revision = ("aaaa",)\ndown_revision = None\n', id: undefined },
  'a bare tuple': { file: 'aaaa_x.py', body: 'revision = "aaaa", "bbbb"\ndown_revision = None\n', id: undefined },
  'a list': { file: 'aaaa_x.py', body: 'revision = ["aaaa"]\ndown_revision = None\n', id: undefined },
  'None': { file: 'aaaa_x.py', body: 'revision = None\ndown_revision = None\n', id: undefined },
  'no variable, legacy file name': { file: 'ae1027a6acf.py', body: 'down_revision = None\n', id: 'ae1027a6acf' },
  'merge, labels and dependencies': {
    file: 'cccc_merge.py',
    body: 'revision = "cccc"\ndown_revision = ("aaaa", "bbbb")\nbranch_labels = ("x",)\ndepends_on = "dddd"\n',
    id: 'cccc',
  },
};

for (const [name, { file, body, id }] of Object.entries(HEADERS)) {
  test(`the index and the engine build the same record: revision as ${name}`, () => {
    const filePath = path.join('/project/versions', file);
    const text = DOCSTRING + body;
    const header = readMigrationHeader(filePath, text);
    const fromIndex = revisionInputOf(filePath, header, literalHeaderValues(header));
    const fromEngine = revisionInputFromHeader(readMigrationHeader(filePath, text));
    assert.equal(fromIndex?.id, id);
    assert.deepEqual(fromEngine, fromIndex);
    if (fromIndex) {
      assert.equal(fromIndex.message, 'add things');
      assert.equal(fromIndex.createDate, '2024-01-02 03:04:05');
    }
  });
}

test('a file with a tuple revision is reported and left out of the graph', () => {
  const root = makeEnvironment({
    'aaaa_first.py': 'revision = "aaaa"\ndown_revision = None\n',
    'bbbb_tuple.py': 'revision = ("bbbb", "cccc")\ndown_revision = "aaaa"\n',
  });
  const env = buildWorkspaceIndex([root]).environments[0];
  assert.deepEqual([...env.graph.byId.keys()], ['aaaa']);
  const problems = env.problems.filter((problem) => problem.file.endsWith('bbbb_tuple.py'));
  assert.deepEqual(problems.map((problem) => problem.code), ['invalid-value-type']);
});

test('an imported constant holding a tuple of ids is reported as the literal tuple is', () => {
  const root = makeEnvironment({
    'aaaa_first.py': 'revision = "aaaa"\ndown_revision = None\n',
    'bbbb_tuple.py': 'from revisions import BOTH\nrevision = BOTH\ndown_revision = "aaaa"\n',
  });
  writeFileSync(path.join(root, 'revisions.py'), 'BOTH = ("bbbb", "cccc")\n');
  const env = buildWorkspaceIndex([root]).environments[0];
  assert.deepEqual([...env.graph.byId.keys()], ['aaaa']);
  const problem = env.problems.find((candidate) => candidate.file.endsWith('bbbb_tuple.py'));
  assert.equal(problem?.code, 'invalid-value-type');
  assert.match(problem?.message ?? '', /holds 2 values/);
  assert.equal(problem?.range.start.line, 1);
});

test('an imported constant holding one id gives the record in the index and marks the engine record', () => {
  const root = makeEnvironment({
    'bbbb_x.py': 'from revisions import BASE\nrevision = "bbbb"\ndown_revision = BASE\n',
    'aaaa_first.py': 'revision = "aaaa"\ndown_revision = None\n',
  });
  writeFileSync(path.join(root, 'revisions.py'), 'BASE = "aaaa"\n');
  const env = buildWorkspaceIndex([root]).environments[0];
  assert.deepEqual([...env.graph.get('bbbb')!.downRevisions], ['aaaa']);
  const file = path.join(root, 'versions', 'bbbb_x.py');
  const engine = revisionInputFromHeader(env.files.get(file)!.header);
  assert.equal(engine?.hasUnresolvedReferences, true);
  assert.deepEqual(engine?.downRevisions, []);
});
