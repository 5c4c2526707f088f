/**
 * The index hashes a file on disk only when something needs the hash: the cold index skips it,
 * a re-read with an unknown hash parses again, a re-read with a known one does not, and an
 * editor buffer is hashed at once (its text is not on disk).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { IndexedMigrationFile } from '../../../server/src/project/migrationFile';
import { contentHash } from '../../../server/src/common/contentHash';
import { temporaryFolder } from '../../support/temporaryFolders';

const BASIC = path.resolve(__dirname, '../../fixtures/project/basic');

function copyOfBasic(): { root: string; file: string } {
  const root = temporaryFolder('alembic-lens-hash-');
  cpSync(BASIC, root, { recursive: true });
  return { root, file: path.join(root, 'migrations/versions/2_mitaka.py') };
}

test('a cold index does not hash; the hash is computed from the file on first use', () => {
  const { root, file } = copyOfBasic();
  const index = buildWorkspaceIndex([root]);
  const indexed = index.environments[0].files.get(file);
  assert.ok(indexed instanceof IndexedMigrationFile);
  assert.equal(indexed.hashIfKnown(), undefined);
  assert.equal(indexed.hash, contentHash(readFileSync(file, 'utf8')));
  assert.equal(indexed.hashIfKnown(), indexed.hash);
});

test('a re-read parses again only when the text may have changed', () => {
  const { root, file } = copyOfBasic();
  const index = buildWorkspaceIndex([root]);
  const first = index.environments[0].files.get(file)!;
  index.refreshFile(file);
  const second = index.environments[0].files.get(file)!;
  assert.notEqual(second.header, first.header, 'the first hash was unknown: parsed again');
  index.refreshFile(file);
  assert.equal(index.environments[0].files.get(file)!.header, second.header, 'same text, known hash: not parsed again');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"""', '"""changed '));
  index.refreshFile(file);
  assert.notEqual(index.environments[0].files.get(file)!.header, second.header, 'changed text: parsed again');
});

test('an editor buffer is hashed from its own text', () => {
  const { root, file } = copyOfBasic();
  const index = buildWorkspaceIndex([root]);
  const edited = readFileSync(file, 'utf8') + '\n# edited\n';
  index.setOverlay(file, edited);
  const indexed = index.environments[0].files.get(file) as IndexedMigrationFile;
  assert.equal(indexed.hashIfKnown(), contentHash(edited));
});

test('warming up for the first edits changes nothing observable', () => {
  const { root } = copyOfBasic();
  const index = buildWorkspaceIndex([root]);
  const environment = index.environments[0];
  const graph = environment.graph;
  const problems = index.allProblems();
  index.warmUp();
  assert.equal(environment.graph, graph, 'the same map object');
  assert.deepEqual(index.allProblems(), problems);
});
