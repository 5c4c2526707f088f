import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import type { WorkspaceIndex } from '../../../server/src/project/types';

function makeEnvironment(versionFiles: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'alembic-lens-incremental-'));
  mkdirSync(path.join(root, 'versions'));
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n');
  for (const [name, text] of Object.entries(versionFiles)) writeFileSync(path.join(root, 'versions', name), text);
  return root;
}

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
