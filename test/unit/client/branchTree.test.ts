// The revision tree groups a history by branch (label, else the base it descends from) when it
// has several, shows every label that applies on each revision, and the status bar names each
// labelled head, warning only for heads no label explains. Data comes from the real server code
// (index + alembic/tree) on generated histories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { treeEnvironment } from '../../../server/src/lsp/tree';
import type { TreeEnvironment, TreeRevision } from '../../../server/src/protocol';
import { buildNodes, viewOf, type BranchNode, type RevisionNode } from '../../../client/src/views/treeModel';
import { branchGroupsOf } from '../../../client/src/views/branchGroups';
import { headsSummary } from '../../../client/src/views/headsSummary';
import { writeExpandContractHistory } from '../../support/expandContract';
import { temporaryFolder } from '../../support/temporaryFolders';

function indexed(root: string): TreeEnvironment {
  const index = buildWorkspaceIndex([root]);
  assert.equal(index.environments.length, 1);
  return treeEnvironment(index.environments[0]);
}

function temporary(name: string): string {
  return temporaryFolder(`${name}-`);
}

test('an expand/contract history of 132 revisions: three groups, labels on every revision, both heads named', () => {
  const history = writeExpandContractHistory(temporary('expand-contract'));
  const environment = indexed(path.dirname(history.ini));
  assert.equal(environment.revisions.length, 132);
  assert.deepEqual(new Set(environment.heads), new Set([history.expandHead, history.contractHead]));

  const [root] = buildNodes([environment]);
  assert.equal(root.revisions.length, 132, 'every revision still reachable');
  const groups = root.children as BranchNode[];
  assert.ok(groups.every((child) => child.kind === 'branch'), 'grouped');
  const titles = groups.map((group) => viewOf(group).label);
  assert.deepEqual(new Set(titles), new Set(['expand', 'contract', `from base ${history.base}`]));
  const byTitle = new Map(groups.map((group) => [viewOf(group).label, group]));
  assert.equal(byTitle.get('expand')!.children.length, 80);
  assert.equal(byTitle.get('contract')!.children.length, 51);
  assert.deepEqual(byTitle.get(`from base ${history.base}`)!.children.map((child) => child.revision.id), [history.base]);
  assert.equal(viewOf(byTitle.get('expand')!).description, `head ${history.expandHead} · 80 revisions`);

  // Only the first revision of each branch declares its label; every one of them shows it.
  for (const child of byTitle.get('expand')!.children) assert.match(viewOf(child).description ?? '', /@expand/, child.revision.id);
  for (const child of byTitle.get('contract')!.children) assert.match(viewOf(child).description ?? '', /@contract/, child.revision.id);
  assert.doesNotMatch(viewOf(byTitle.get('contract')!.children[0]).description ?? '', /@expand/);

  // Labelled heads get Alembic's multiple-heads note as information only: no problem icon in the tree.
  for (const head of [history.expandHead, history.contractHead]) {
    assert.equal(environment.revisions.find((candidate) => candidate.id === head)!.problemCount, 0, head);
  }

  // History order is kept inside a group: the head first.
  assert.equal(byTitle.get('contract')!.children[0].revision.id, history.contractHead);

  // The environment node is not coloured as a warning: both heads are explained by their labels.
  assert.equal(viewOf(root).iconColor, undefined);
  assert.match(viewOf(root).tooltip, /2 heads, one per branch label/);
  const summary = headsSummary(environment);
  assert.equal(summary.warning, false);
  const named = environment.heads.map((head) => `${head === history.expandHead ? 'expand' : 'contract'}: ${head}`);
  assert.equal(summary.text, `$(git-branch) ${named.join(' · ')}`);
  assert.deepEqual(summary.unexplained, []);
});

function revision(id: string, extra: Partial<TreeRevision> = {}): TreeRevision {
  return {
    id,
    message: '',
    line: 0,
    labels: [],
    branches: [],
    root: id,
    downRevisions: [],
    dependsOn: [],
    children: [],
    markers: { head: false, base: false, branchpoint: false, mergepoint: false },
    problemCount: 0,
    ...extra,
  };
}

function environmentOf(revisions: TreeRevision[], heads: string[]): TreeEnvironment {
  return { id: 'env', name: 'alembic', configFile: '/w/alembic.ini', configUri: 'file:///w/alembic.ini', scriptLocation: '/w/migrations', heads, bases: [], revisions, problemCount: 0 };
}

test('one unlabelled fork stays a flat list (one base, no labels)', () => {
  const environment = environmentOf([revision('c', { root: 'a' }), revision('b', { root: 'a' }), revision('a', { root: 'a' })], ['c', 'b']);
  assert.equal(branchGroupsOf(environment), undefined);
  const [root] = buildNodes([environment]);
  assert.deepEqual(root.children.map((child) => child.kind), ['revision', 'revision', 'revision']);
  const summary = headsSummary(environment);
  assert.equal(summary.text, '$(warning) 2 heads');
  assert.equal(summary.warning, true);
  assert.equal(viewOf(root).iconColor, 'problemsWarningIcon.foreground', 'unexplained heads colour the environment');
});

test('independent roots are grouped by their base', () => {
  const environment = environmentOf([revision('x2', { root: 'x1' }), revision('y1', { root: 'y1' }), revision('x1', { root: 'x1' })], ['x2', 'y1']);
  const groups = branchGroupsOf(environment)!;
  assert.deepEqual(groups.map((group) => [group.root, group.revisions.map((r) => r.id), group.heads]), [
    ['x1', ['x2', 'x1'], ['x2']],
    ['y1', ['y1'], ['y1']],
  ]);
  const [root] = buildNodes([environment]);
  const grouped = (root.children as BranchNode[]).flatMap((group) => group.children.map((child: RevisionNode) => child.branch === group));
  assert.ok(grouped.every(Boolean), 'each revision knows its branch node');
});

test('a head without a label among labelled heads: named heads plus a warning for the rest', () => {
  const environment = environmentOf(
    [revision('e2', { branches: ['expand'] }), revision('c2', { branches: ['contract'] }), revision('u1', { root: 'b' }), revision('b', { root: 'b' })],
    ['e2', 'c2', 'u1'],
  );
  const summary = headsSummary(environment);
  assert.equal(summary.text, '$(warning) expand: e2 · contract: c2 · 1 unlabelled head');
  assert.equal(summary.warning, true);
  assert.deepEqual(summary.unexplained, ['u1']);
});

test('two heads on the same label are not explained by it', () => {
  const environment = environmentOf([revision('e3', { branches: ['expand'] }), revision('e2', { branches: ['expand'] })], ['e3', 'e2']);
  const summary = headsSummary(environment);
  assert.equal(summary.text, '$(warning) 2 heads');
  assert.deepEqual(summary.unexplained, ['e3', 'e2']);
});

test('one head keeps the short id; long ids are cut to twelve characters', () => {
  assert.equal(headsSummary(environmentOf([revision('0123456789abcdef')], ['0123456789abcdef'])).text, '$(git-commit) 0123456789ab');
  assert.equal(headsSummary(environmentOf([], [])).text, '$(git-commit) no revisions');
});
