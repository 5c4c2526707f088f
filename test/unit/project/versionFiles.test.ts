import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listVersionFiles, readMigrationText, isMigrationFileName } from '../../../server/src/project/versionFiles';
import type { EnvironmentConfig } from '../../../server/src/project/types';
import { defaultEnvPyFacts } from '../../../server/src/python/envPy';
import { temporaryFolder } from '../../support/temporaryFolders';

function configFor(root: string, versionLocations: string[], recursive: boolean): EnvironmentConfig {
  const configFile = path.join(root, 'alembic.ini');
  writeFileSync(configFile, '[alembic]\nscript_location = .\nversion_locations = x\n');
  return {
    id: `${configFile}#alembic`, name: 'alembic', configFile, kind: 'ini', scriptLocation: root,
    versionLocations, recursiveVersionLocations: recursive, fileTemplate: '%(rev)s_%(slug)s', envPy: defaultEnvPyFacts(),
  };
}

test('file name rules follow Alembic', () => {
  assert.equal(isMigrationFileName('0001_init.py'), true);
  assert.equal(isMigrationFileName('__init__.py'), false);
  assert.equal(isMigrationFileName('__init__backup.py'), false);
  assert.equal(isMigrationFileName('.#0001_init.py'), false);
  assert.equal(isMigrationFileName('notes.txt'), false);
  assert.equal(isMigrationFileName('x.pyc'), false);
});

test('lists sorted files, recursing only when configured, and detects symlink loops', () => {
  const root = temporaryFolder('alembic-lens-vf-');
  const versions = path.join(root, 'versions');
  mkdirSync(path.join(versions, 'sub', '__pycache__'), { recursive: true });
  for (const name of ['b.py', 'a.py', '__init__.py', '.#a.py', 'README.md', 'sub/c.py', 'sub/__pycache__/d.py']) writeFileSync(path.join(versions, name), 'revision = "x"\n');
  symlinkSync(versions, path.join(versions, 'sub', 'loop'));
  const flat = listVersionFiles(configFor(root, [versions], false));
  assert.deepEqual(flat.files.map((file) => path.relative(versions, file.path)), ['a.py', 'b.py']);
  assert.deepEqual(flat.problems, []);
  const deep = listVersionFiles(configFor(root, [versions], true));
  assert.deepEqual(deep.files.map((file) => path.relative(versions, file.path)), ['a.py', 'b.py', path.join('sub', 'c.py')]);
  assert.deepEqual(deep.problems.map((problem) => problem.code), ['symlink-loop']);
});

test('empty folders and folders listed twice are reported', () => {
  const root = temporaryFolder('alembic-lens-vf2-');
  const empty = path.join(root, 'empty');
  const full = path.join(root, 'full');
  mkdirSync(empty);
  mkdirSync(full);
  writeFileSync(path.join(full, 'a.py'), 'revision = "a"\n');
  symlinkSync(full, path.join(root, 'alias'));
  const listing = listVersionFiles(configFor(root, [empty, full, path.join(root, 'alias')], false));
  assert.deepEqual(listing.files.map((file) => file.path), [path.join(full, 'a.py')]);
  assert.deepEqual(listing.problems.map((problem) => [problem.code, problem.file]), [
    ['empty-versions-folder', path.join(root, 'alembic.ini')],
    ['file-loaded-twice', path.join(root, 'alias', 'a.py')],
    ['empty-versions-folder', path.join(root, 'alembic.ini')],
  ]);
  assert.equal(listing.problems[0].range.start.line, 2, 'points at version_locations');
});

test('oversized, binary, non-UTF-8 and unreadable files are located problems', () => {
  const root = temporaryFolder('alembic-lens-vf3-');
  const big = path.join(root, 'big.py');
  writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
  assert.deepEqual(readMigrationText(big).problems.map((problem) => problem.code), ['file-too-large']);
  const binary = path.join(root, 'bin.py');
  writeFileSync(binary, Buffer.from([0x72, 0x00, 0x01]));
  assert.equal(readMigrationText(binary).text, undefined);
  assert.deepEqual(readMigrationText(binary).problems.map((problem) => problem.code), ['binary-file']);
  const latin = path.join(root, 'latin.py');
  writeFileSync(latin, Buffer.from('revision = "caf\xe9"\n', 'latin1'));
  const outcome = readMigrationText(latin);
  assert.ok(outcome.text?.startsWith('revision'));
  assert.deepEqual(outcome.problems.map((problem) => problem.code), ['file-not-utf8']);
  // Python refuses to compile it (SyntaxError), so Alembic cannot load the folder: an error at the byte.
  assert.equal(outcome.problems[0].severity, 'error');
  assert.deepEqual(outcome.problems[0].range.start, { line: 0, character: 15 });
  assert.match(outcome.problems[0].message, /byte 0xE9 on line 1/);
  const later = path.join(root, 'later.py');
  writeFileSync(later, Buffer.concat([Buffer.from('revision = "a"\n# \u00e9t\u00e9 ok\nx = "', 'utf8'), Buffer.from([0xe2, 0x82]), Buffer.from('"\n')]));
  assert.deepEqual(readMigrationText(later).problems[0].range.start, { line: 2, character: 5 }, 'a sequence cut short, after valid multi-byte characters');
  // A declared encoding this runtime cannot decode may be one Python knows: a warning only.
  const unknown = path.join(root, 'unknown.py');
  writeFileSync(unknown, Buffer.from('# -*- coding: cp437 -*-\nrevision = "caf\x82"\n', 'latin1'));
  assert.deepEqual(readMigrationText(unknown).problems.map((problem) => `${problem.code}:${problem.severity}`), ['file-not-utf8:warning']);
  assert.deepEqual(readMigrationText(path.join(root, 'missing.py')).problems.map((problem) => problem.code), ['file-unreadable']);
  const bom = path.join(root, 'bom.py');
  writeFileSync(bom, '\ufeffrevision = "a"\n');
  assert.equal(readMigrationText(bom).text, 'revision = "a"\n');
});
