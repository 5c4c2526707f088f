import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildWorkspaceIndex, buildWorkspaceIndexAsync } from '../../../server/src/project/workspaceIndex';
import type { WorkspaceIndex } from '../../../server/src/project/types';
import { contentHash } from '../../../server/src/common/contentHash';
import { makeEnvironment } from '../../support/environmentFixture';
import { temporaryFolder } from '../../support/temporaryFolders';

const FIXTURES = path.resolve(__dirname, '../../fixtures/project');
const BASIC = path.join(FIXTURES, 'basic');
const VERSIONS = path.join(BASIC, 'migrations/versions');

test('basic fixture: word ids, imported labels, file-name parent, docstring drift', () => {
  const index = buildWorkspaceIndex([BASIC]);
  assert.equal(index.environments.length, 1);
  const env = index.environments[0];
  assert.equal(env.files.size, 4, '__init__.py and the .# temp file are skipped');
  assert.equal(env.fileOf('I38991de2b4'), path.join(VERSIONS, '4_labels.py'));
  assert.deepEqual(env.graph.get('I38991de2b4')?.branchLabels ? [...env.graph.get('I38991de2b4')!.branchLabels].sort() : [], ['expand', 'feature']);
  const codes = index.allProblems().map((problem) => `${problem.code}@${path.basename(problem.file)}:${problem.range.start.line}`).sort();
  assert.deepEqual(codes, [
    'docstring-mismatch@2_mitaka.py:3',
    'down-revision-is-filename@3_contract.py:9',
    'multiple-heads@3_contract.py:8',
    'unresolved-reference@4_labels.py:12',
  ]);
  const filename = index.problemsFor(path.join(VERSIONS, '3_contract.py')).find((problem) => problem.code === 'down-revision-is-filename')!;
  assert.deepEqual(filename.fixes?.[0].edits[0].newText, '"mitaka01"');
  assert.equal(filename.related[0].file, path.join(VERSIONS, '2_mitaka.py'));
  const text = readFileSync(path.join(VERSIONS, '3_contract.py'), 'utf8').split('\n')[9];
  assert.equal(text.slice(filename.range.start.character, filename.range.end.character), "'2_mitaka.py'");
  const docstring = index.problemsFor(path.join(VERSIONS, '2_mitaka.py'))[0];
  assert.equal(docstring.severity, 'information');
  assert.equal(docstring.fixes?.[0].edits[0].newText, 'liberty');
});

test('graph issues point at the exact item, with related locations for the other subjects', () => {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\n',
    'b.py': 'revision = "b"\ndown_revision = ("a", "missing1")\n',
    'c.py': 'revision = "c"\ndown_revision = "a"\n',
  });
  const index = buildWorkspaceIndex([root]);
  const missing = index.allProblems().find((problem) => problem.code === 'missing-parent')!;
  assert.equal(path.basename(missing.file), 'b.py');
  assert.deepEqual(missing.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 32 } });
  const heads = index.allProblems().find((problem) => problem.code === 'multiple-heads');
  assert.ok(heads && heads.related.length >= 1);
});

/** Problems per file, to compute which files a change really affected. */
function snapshot(index: WorkspaceIndex, files: string[]): Map<string, string> {
  return new Map(files.map((file) => [file, JSON.stringify(index.problemsFor(file))]));
}

function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((file) => before.get(file) !== after.get(file)).sort();
}

test('overlays re-read one file and report exactly the files whose problems changed', () => {
  const root = makeEnvironment({
    'a.py': 'revision = "a"\ndown_revision = None\n',
    'b.py': 'revision = "b"\ndown_revision = "a"\n',
    'c.py': 'revision = "c"\ndown_revision = "b"\n',
  });
  const files = ['a.py', 'b.py', 'c.py'].map((name) => path.join(root, 'versions', name));
  const c = files[2];
  const index = buildWorkspaceIndex([root]);
  assert.deepEqual(index.allProblems(), []);
  const edits = [
    'revision = "c"\ndown_revision = "a"\n',
    'revision = "c"\ndown_revision = "b\n',
    'revision = "c"\ndown_revision = "b"\n# only a comment changed\n',
    'revision = "b"\ndown_revision = "a"\n',
    undefined,
  ];
  for (const edit of edits) {
    const before = snapshot(index, files);
    const change = index.setOverlay(c, edit);
    const after = snapshot(index, files);
    assert.deepEqual(change.affectedFiles.filter((file) => files.includes(file)).sort(), changedBetween(before, after), `edit ${JSON.stringify(edit)}`);
  }
  assert.deepEqual(index.allProblems(), [], 'dropping the overlay restores the disk state');
  index.setOverlay(c, 'revision = "c"\ndown_revision = "b\n');
  assert.ok(index.problemsFor(c).some((problem) => problem.code === 'python-syntax-error'));
  assert.equal(index.textOf(c), 'revision = "c"\ndown_revision = "b\n');
  const duplicate = index.setOverlay(c, 'revision = "b"\ndown_revision = "a"\n');
  assert.ok(duplicate.affectedFiles.includes(files[1]), 'a duplicate id also marks the other file');
});

test('files created and deleted on disk are picked up by refreshFile', () => {
  const root = makeEnvironment({ 'a.py': 'revision = "a"\ndown_revision = None\n' });
  const index = buildWorkspaceIndex([root]);
  const created = path.join(root, 'versions/b.py');
  writeFileSync(created, 'revision = "b"\ndown_revision = "zzz"\n');
  const change = index.refreshFile(created);
  assert.ok(change.affectedFiles.includes(created));
  assert.ok(index.problemsFor(created).some((problem) => problem.code === 'missing-parent'));
  assert.equal(index.environmentForFile(created)?.files.has(created), true);
  rmSync(created);
  const removal = index.refreshFile(created);
  assert.ok(removal.affectedFiles.includes(created));
  assert.equal(index.environmentForFile(created)?.files.has(created), false);
  assert.deepEqual(index.allProblems(), []);
});

test('a changed constants module re-resolves the references that use it', () => {
  const root = makeEnvironment({
    'a.py': 'from labels import EXPAND\nrevision = "a"\ndown_revision = None\nbranch_labels = (EXPAND,)\n',
  });
  const labels = path.join(root, 'labels.py');
  writeFileSync(labels, 'OTHER = "x"\n');
  const index = buildWorkspaceIndex([root]);
  assert.deepEqual(index.allProblems().map((problem) => problem.code), ['unresolved-reference']);
  writeFileSync(labels, 'EXPAND = "expand"\n');
  const change = index.refreshFile(labels);
  assert.deepEqual(change.affectedFiles, [path.join(root, 'versions/a.py')]);
  assert.deepEqual(index.allProblems(), []);
  assert.deepEqual([...index.environments[0].graph.get('a')!.branchLabels], ['expand']);
});

test('5,000 revisions: full build, then a one-file change parses only that file', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 5000; i++) {
    const id = `r${String(i).padStart(5, '0')}`;
    const parent = i === 0 ? 'None' : `"r${String(i - 1).padStart(5, '0')}"`;
    files[`${id}_step.py`] = `"""step ${i}\n\nRevision ID: ${id}\nRevises: ${i === 0 ? '' : parent.slice(1, -1)}\n"""\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${parent}\n\n\ndef upgrade():\n    op.execute("SELECT ${i}")\n`;
  }
  const root = makeEnvironment(files);
  let progressCalls = 0;
  const index = await buildWorkspaceIndexAsync([root], { onProgress: () => progressCalls++ });
  assert.equal(index.environments[0].files.size, 5000);
  assert.deepEqual(index.environments[0].graph.heads, ['r04999']);
  assert.deepEqual(index.allProblems(), []);
  assert.ok(progressCalls >= 10, `progress reported ${progressCalls} times`);
  // What keeps an edit cheap (its speed is measured in bench/, "re-index after a one-file
  // change"): the other 4,999 headers are not parsed again, so their entries stay the same
  // objects, and only the edited file's problems are reported as changed.
  const target = path.join(root, 'versions', 'r02500_step.py');
  const before = new Map(index.environments[0].files);
  const reusedOthers = () => {
    const now = index.environments[0].files;
    assert.equal(now.size, 5000);
    return [...before].filter(([file, entry]) => file !== target && now.get(file) === entry).length;
  };
  for (let round = 0; round < 3; round++) {
    // The docstring names another revision: a docstring-mismatch in this file alone.
    const text = `"""edit ${round}\n\nRevision ID: r0250${round + 1}\nRevises: r02499\n"""\nrevision = "r02500"\ndown_revision = "r02499"\n`;
    const change = index.setOverlay(target, text);
    assert.deepEqual(change.affectedFiles, [target], `round ${round}: only the edited file's problems changed`);
    assert.equal(reusedOthers(), 4999, `round ${round}: the other files were not parsed again`);
    const edited = index.environments[0].files.get(target)!;
    assert.notEqual(edited, before.get(target));
    assert.equal(edited.hash, contentHash(text), 'the edited file was read from the overlay');
    assert.deepEqual(index.allProblems().map((problem) => [problem.code, problem.file]), [['docstring-mismatch', target]]);
  }
  assert.deepEqual(index.environments[0].graph.heads, ['r04999']);
  const dropped = index.setOverlay(target, undefined);
  assert.deepEqual(dropped.affectedFiles, [target]);
  assert.deepEqual(index.allProblems(), []);
  assert.equal(reusedOthers(), 4999);
});

test('one environment per dialect with the same ids and file names stays separate; 27 version folders', () => {
  const root = temporaryFolder('alembic-lens-dialects-');
  for (const dialect of ['postgresql', 'sqlite']) {
    const dir = path.join(root, dialect);
    mkdirSync(path.join(dir, 'versions'), { recursive: true });
    writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
    writeFileSync(path.join(dir, 'versions', '0001_init.py'), 'revision = "0001"\ndown_revision = None\n');
    writeFileSync(path.join(dir, 'versions', '0002_next.py'), `revision = "0002"\ndown_revision = ${dialect === 'sqlite' ? '"0003"' : '"0001"'}\n`);
  }
  const folders = Array.from({ length: 27 }, (_, i) => `v${String(i).padStart(2, '0')}`);
  const many = path.join(root, 'many');
  mkdirSync(many);
  writeFileSync(path.join(many, 'alembic.ini'), `[alembic]\nscript_location = %(here)s\npath_separator = newline\nversion_locations =\n${folders.map((folder) => `    %(here)s/${folder}`).join('\n')}\n`);
  folders.forEach((folder, i) => {
    mkdirSync(path.join(many, folder));
    writeFileSync(path.join(many, folder, `${folder}.py`), `revision = "${folder}"\ndown_revision = ${i === 0 ? 'None' : `"v${String(i - 1).padStart(2, '0')}"`}\n`);
  });
  const index = buildWorkspaceIndex([root]);
  assert.equal(index.environments.length, 3);
  const pgFile = path.join(root, 'postgresql/versions/0002_next.py');
  const liteFile = path.join(root, 'sqlite/versions/0002_next.py');
  assert.deepEqual(index.problemsFor(pgFile), []);
  assert.deepEqual(index.problemsFor(liteFile).map((problem) => problem.code).includes('missing-parent'), true);
  assert.equal(index.environmentForFile(pgFile)?.config.configFile, path.join(root, 'postgresql/alembic.ini'));
  const manyEnv = index.environments.find((env) => env.config.configFile === path.join(many, 'alembic.ini'))!;
  assert.equal(manyEnv.config.versionLocations.length, 27);
  assert.deepEqual(manyEnv.graph.heads, ['v26']);
});

test('editing env.py or alembic.ini in the editor rediscovers with the unsaved text', () => {
  const root = makeEnvironment({ 'a.py': 'revision = "a"\ndown_revision = None\n' });
  const index = buildWorkspaceIndex([root]);
  assert.deepEqual(index.environments[0].config.envPy.versionTable, { state: 'default', value: 'alembic_version' });
  const change = index.setOverlay(path.join(root, 'env.py'), 'from alembic import context\ncontext.configure(version_table="custom")\n');
  assert.ok(change.affectedEnvironments.length === 1);
  const facts = index.environments[0].config.envPy.versionTable;
  assert.equal(facts.state === 'literal' && facts.value, 'custom');
  const broken = index.setOverlay(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/nowhere\n');
  assert.equal(index.environments.length, 0);
  assert.ok(broken.affectedFiles.includes(path.join(root, 'alembic.ini')));
  assert.ok(index.problemsFor(path.join(root, 'alembic.ini')).some((problem) => problem.code === 'script-location-not-found'));
  const fixed = index.setOverlay(path.join(root, 'alembic.ini'), undefined);
  assert.equal(index.environments.length, 1);
  assert.ok(fixed.affectedFiles.includes(path.join(root, 'alembic.ini')));
});
