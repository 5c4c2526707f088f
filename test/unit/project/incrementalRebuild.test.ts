import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import type { WorkspaceIndex } from '../../../server/src/project/types';
import { makeEnvironment } from '../../support/environmentFixture';

const header = (doc: string, body: string) => `"""${doc}\n\nRevision ID: b\nRevises: a\n"""\n${body}`;

function snapshot(index: WorkspaceIndex, files: string[]): Map<string, string> {
  return new Map(files.map((file) => [file, JSON.stringify(index.problemsFor(file))]));
}

test('one-file edits give the same problems and graph as a fresh build, and exact affectedFiles', () => {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\nbranch_labels = ("main",)\n',
    'b.py': header('add users', 'revision = "b"\ndown_revision = ("a", "missing1")\ndepends_on = "a"\n'),
    'c.py': 'revision = "c"\ndown_revision = "b"\n',
    'd.py': 'revision = "d"\ndown_revision = "b"\n',
  });
  const files = ['a.py', 'b.py', 'c.py', 'd.py'].map((name) => path.join(root, 'versions', name));
  const b = files[1];
  const index = buildWorkspaceIndex([root]);
  const edits = [
    // Docstring only: no graph input changes.
    header('add users and roles', 'revision = "b"\ndown_revision = ("a", "missing1")\ndepends_on = "a"\n'),
    // Lines shift: the missing parent and the multiple-heads subjects move.
    header('add users and roles', '\n\n# moved\nrevision = "b"\ndown_revision = ("a", "missing1")\ndepends_on = "a"\n'),
    // Docstring now disagrees with the variables.
    header('x', '\nrevision = "b"\ndown_revision = "a"\ndepends_on = "a"\n').replace('Revises: a', 'Revises: zzz'),
    // A graph input changes: the graph is rebuilt.
    header('x', 'revision = "b"\ndown_revision = "c"\n'),
    header('back', 'revision = "b"\ndown_revision = ("a", "missing1")\ndepends_on = "a"\n'),
  ];
  for (const edit of edits) {
    const graphBefore = index.environments[0].graph;
    const before = snapshot(index, files);
    const change = index.setOverlay(b, edit);
    const after = snapshot(index, files);
    const changed = files.filter((file) => before.get(file) !== after.get(file));
    assert.deepEqual(change.affectedFiles.filter((file) => files.includes(file)), changed, `edit ${JSON.stringify(edit)}`);
    assert.notEqual(index.environments[0].graph, graphBefore, 'a new map object, so caches keyed by it refresh');
    writeFileSync(b, edit);
    const fresh = buildWorkspaceIndex([root]);
    assert.deepEqual(index.allProblems(), fresh.allProblems(), `problems after ${JSON.stringify(edit)}`);
    const shape = (x: WorkspaceIndex) =>
      x.environments[0].graph.all.map((r) => [r.id, r.message, r.docstring, [...r.downRevisions], r.normalizedDependsOn, r.children, r.allBranchLabels]);
    assert.deepEqual(shape(index), shape(fresh));
    assert.deepEqual(index.environments[0].graph.heads, fresh.environments[0].graph.heads);
  }
  assert.equal(index.environments[0].graph.get('b')?.message, 'back');
});

test('an edit that changes no problem reports no affected file', () => {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\n',
    'b.py': '"""one"""\nrevision = "b"\ndown_revision = "a"\n',
  });
  const index = buildWorkspaceIndex([root]);
  const b = path.join(root, 'versions', 'b.py');
  const change = index.setOverlay(b, '"""two"""\nrevision = "b"\ndown_revision = "a"\n\ndef upgrade():\n    pass\n');
  assert.deepEqual(change.affectedFiles, []);
  assert.equal(index.environments[0].graph.get('b')?.message, 'two');
});

test('the file-name check follows the file list and which files yield a revision', () => {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\n',
    'b.py': 'revision = "b"\ndown_revision = "zz_init"\n',
  });
  const versions = path.join(root, 'versions');
  const b = path.join(versions, 'b.py');
  const named = path.join(versions, 'zz_init.py');
  const index = buildWorkspaceIndex([root]);
  const codesOfB = () => index.problemsFor(b).map((problem) => problem.code).sort();
  const sameAsFresh = (step: string) => assert.deepEqual(index.allProblems(), buildWorkspaceIndex([root]).allProblems(), step);
  assert.ok(codesOfB().includes('missing-parent'));

  // A file named like the missing value appears: the listing changes, the value is now a file name.
  writeFileSync(named, 'revision = "z"\ndown_revision = "a"\n');
  index.refreshFile(named);
  assert.ok(codesOfB().includes('down-revision-is-filename'), 'new file found by name');
  assert.ok(!codesOfB().includes('missing-parent'));
  sameAsFresh('after the file appeared');

  // The file stops yielding a revision (the listing is the same): the check no longer names it.
  const noRevision = '"""nothing here yet"""\n';
  index.setOverlay(named, noRevision);
  writeFileSync(named, noRevision);
  assert.ok(!codesOfB().includes('down-revision-is-filename'), 'a file without a revision is not a target');
  sameAsFresh('after the file lost its revision');

  index.setOverlay(named, 'revision = "z2"\ndown_revision = "a"\n');
  writeFileSync(named, 'revision = "z2"\ndown_revision = "a"\n');
  assert.ok(index.problemsFor(b).some((problem) => problem.code === 'down-revision-is-filename' && problem.message.includes("'z2'")));
  sameAsFresh('after the file got a revision again');

  // The file goes away: back to a plain missing parent.
  index.setOverlay(named, undefined);
  rmSync(named);
  index.refreshFile(named);
  assert.ok(codesOfB().includes('missing-parent'));
  assert.ok(!codesOfB().includes('down-revision-is-filename'), 'the removed file is forgotten');
  sameAsFresh('after the file was removed');
});

test('edits that add and remove problems in many files keep every list equal to a fresh build', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`m${i}.py`] = `revision = "m${i}"\ndown_revision = ${i === 0 ? 'None' : `"m${i - 1}"`}\n`;
  const root = makeEnvironment(files);
  const index = buildWorkspaceIndex([root]);
  // [file, new text, the files with problems afterwards (m11 gets multiple-heads while m4 has no child)]
  const edits: [number, string, number[]][] = [
    [3, 'revision = "m3"\ndown_revision = "m2"\nx = (\n', [3]],
    [7, '"""Revision ID: wrong"""\nrevision = "m7"\ndown_revision = "m6"\n', [3, 7]],
    [1, 'revision = "m1"\ndown_revision = "m0"\ny = ]\n', [1, 3, 7]],
    [3, 'revision = "m3"\ndown_revision = "m2"\n', [1, 7]],
    [5, 'revision = "m5"\ndown_revision = "m4.py"\n', [1, 5, 7, 11]],
    [9, 'revision = "m9"\ndown_revision = "m8"  # alembic-lens: ignore[missing-parent]\n', [1, 5, 7, 11]],
    [5, 'revision = "m5"\ndown_revision = "m4"\n', [1, 7]],
    [7, 'revision = "m7"\ndown_revision = "m6"\n', [1]],
  ];
  for (const [position, text, withProblems] of edits) {
    const file = path.join(root, 'versions', `m${position}.py`);
    index.setOverlay(file, text);
    writeFileSync(file, text);
    const fresh = buildWorkspaceIndex([root]);
    const files = [...Array(12).keys()].filter((i) => index.problemsFor(path.join(root, 'versions', `m${i}.py`)).length > 0);
    assert.deepEqual(files, withProblems, `files with problems after editing m${position}.py`);
    assert.deepEqual(index.allProblems(), fresh.allProblems(), `after editing m${position}.py`);
    for (let i = 0; i < 12; i++) {
      const other = path.join(root, 'versions', `m${i}.py`);
      assert.deepEqual(index.problemsFor(other), fresh.problemsFor(other), `m${i}.py after editing m${position}.py`);
    }
  }
});
