/**
 * Open files are parsed incrementally (parser.ts reuses the previous tree of the same path):
 * over many random edits, every tree must equal a fresh parse of the same text, node for node
 * (lezer given the text as parser.ts gives it: `forLezer`, the same length).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';
import { changedRange, forgetOpenTrees, forLezer, parseOpenFile, parsePython, type Tree } from '../../../server/src/python/parser';
import { readMigrationHeader } from '../../../server/src/python/header';
import { mutate, seededRandom } from '../../support/mutation';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

function sources(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  const headers = path.join(FIXTURES, 'project/headers');
  for (const file of readdirSync(headers)) found.push({ name: file, text: readFileSync(path.join(headers, file), 'utf8') });
  const versions = path.join(FIXTURES, 'project/basic/migrations/versions');
  for (const file of readdirSync(versions)) if (file.endsWith('.py')) found.push({ name: file, text: readFileSync(path.join(versions, file), 'utf8') });
  for (const file of ['columns.cases.py', 'control.cases.py']) found.push({ name: file, text: readFileSync(path.join(FIXTURES, 'interpret', file), 'utf8') });
  return found;
}

/**
 * Every node the readers can see (named nodes, error nodes included) with its type and range,
 * in tree order. Lezer's anonymous repeat nodes, which only balance long lists and which no
 * reader can reach, may be grouped differently by an incremental parse.
 */
function shape(tree: Tree): string {
  const nodes: string[] = [`length ${tree.length}`];
  tree.iterate({ enter: (node) => void nodes.push(`${node.type.id}:${node.from}-${node.to}`) });
  return nodes.join(' ');
}

test('an open file parsed after each of many random edits gives the tree of a fresh parse', () => {
  forgetOpenTrees();
  const all = sources();
  assert.ok(all.length >= 5, 'enough sources to edit');
  let compared = 0;
  for (const [index, source] of all.entries()) {
    const next = seededRandom(1000 + index);
    const file = `/open/${source.name}`;
    let text = source.text;
    for (let edit = 0; edit < 60; edit++) {
      // Mostly small edits where the typist is; sometimes back to the original text.
      text = next() < 0.1 ? source.text : mutate(text, next);
      const incremental = parseOpenFile(file, text);
      assert.equal(shape(incremental), shape(parser.parse(forLezer(text))), `${source.name}, edit ${edit}: ${JSON.stringify(text.slice(0, 200))}`);
      compared++;
    }
  }
  assert.ok(compared >= 300);
});

test('after an edit where lezer alone would recover differently, the open file still gets the fresh tree', () => {
  forgetOpenTrees();
  // A frozen text: the interpreter's fixtures change with the interpreter, and this test needs
  // edits that are known to make lezer's reused tree differ from a fresh parse.
  const source = { text: readFileSync(path.join(FIXTURES, 'parse', 'incremental-recovery.py'), 'utf8') };
  let lezerDiffered = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const next = seededRandom(seed);
    const file = `/open/recovery${seed}.py`;
    let text = source.text;
    let tree = parseOpenFile(file, text);
    for (let edit = 0; edit < 12; edit++) {
      const before = text;
      text = mutate(text, next);
      const fresh = shape(parser.parse(forLezer(text)));
      const lezerOnly = parser.parse(forLezer(text), TreeFragment.applyChanges(TreeFragment.addTree(tree), [changedRange(before, text)]));
      if (shape(lezerOnly) !== fresh) lezerDiffered++;
      tree = parseOpenFile(file, text);
      assert.equal(shape(tree), fresh, `seed ${seed}, edit ${edit}`);
    }
  }
  assert.ok(lezerDiffered > 0, 'these edits include ones where the reused tree alone differs from a fresh parse');
});

test('typing one character at a time gives the tree of a fresh parse after every keystroke', () => {
  forgetOpenTrees();
  const source = sources().find((entry) => entry.text.includes('def upgrade'))!;
  const at = source.text.indexOf('def upgrade');
  const typed = 'x = op.get_bind()\nif x:\n    op.drop_table("t")\n';
  let text = source.text;
  for (let length = 1; length <= typed.length; length++) {
    text = source.text.slice(0, at) + typed.slice(0, length) + source.text.slice(at);
    assert.equal(shape(parseOpenFile('/open/typing.py', text)), shape(parser.parse(forLezer(text))), `after ${JSON.stringify(typed.slice(0, length))}`);
  }
});

test('the header of an open file read with an incrementally parsed tree equals a fresh read', () => {
  forgetOpenTrees();
  const source = sources().find((entry) => entry.text.includes('down_revision'))!;
  const next = seededRandom(7);
  let text = source.text;
  for (let edit = 0; edit < 40; edit++) {
    text = mutate(text, next);
    const editing = readMigrationHeader('/open/header.py', text, { full: true });
    forgetOpenTrees();
    const fresh = readMigrationHeader('/open/header.py', text, { full: true });
    assert.deepEqual(editing, fresh, `edit ${edit}`);
    // Keep the tree of this text for the next edit, as an editor session would.
    readMigrationHeader('/open/header.py', text, { full: true });
  }
});

test('the same text gets the kept tree; the cache holds a bounded number of files', () => {
  forgetOpenTrees();
  const text = 'revision = "a"\ndown_revision = None\n';
  const tree = parseOpenFile('/open/a.py', text);
  assert.equal(parseOpenFile('/open/a.py', text), tree, 'unchanged text: the same tree');
  assert.equal(parsePython(text), tree, 'another reader of the same text shares the tree');
  for (let file = 0; file < 8; file++) parseOpenFile(`/open/other${file}.py`, `x = ${file}\n`);
  assert.notEqual(parsePython(text), tree, 'the least recently parsed file was dropped');
  assert.notEqual(parseOpenFile('/open/a.py', text), tree);
  forgetOpenTrees();
  assert.notEqual(parsePython('x = 0\n'), parsePython('x = 0\n'), 'nothing kept after forgetting');
});

test('changedRange covers exactly the differing middle of two texts', () => {
  assert.deepEqual(changedRange('abcdef', 'abXYef'), { fromA: 2, toA: 4, fromB: 2, toB: 4 });
  assert.deepEqual(changedRange('abc', 'abc'), { fromA: 3, toA: 3, fromB: 3, toB: 3 });
  assert.deepEqual(changedRange('aaa', 'aaaa'), { fromA: 3, toA: 3, fromB: 3, toB: 4 });
  assert.deepEqual(changedRange('abc', ''), { fromA: 0, toA: 3, fromB: 0, toB: 0 });
  assert.deepEqual(changedRange('xaay', 'xay'), { fromA: 2, toA: 3, fromB: 2, toB: 2 }, 'the prefix is taken first');
});
