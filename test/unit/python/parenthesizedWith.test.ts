// Python 3.10's parenthesized context managers (`with (a() as x, b() as y,):`), which lezer's
// grammar does not accept: the text lezer parses has the group's parentheses, line breaks,
// comments and trailing comma blanked, at the same offsets (parenthesizedWith.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { parsePython } from '../../../server/src/python/parser';
import { withoutWithParentheses } from '../../../server/src/python/parenthesizedWith';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';

const problemsOf = (source: string) => syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5).length;

const GROUPED = 'def f():\n    with (\n        a() as x,  # one (\n        b(")", [1,\n   2]) as y,\n    ):\n        pass\n';

test('the group is blanked at the same offsets, strings and nested brackets kept', () => {
  const prepared = withoutWithParentheses(GROUPED);
  assert.equal(prepared.length, GROUPED.length);
  const comment = GROUPED.indexOf('# one (');
  const comma = GROUPED.indexOf('as y,') + 4;
  const open = GROUPED.indexOf('with (') + 5;
  // The parenthesis and the line break after it, the comment and its line break, the trailing comma and its line break, the closing parenthesis.
  const blanked = [open, open + 1, ...[0, 1, 2, 3, 4, 5, 6, 7].map((offset) => comment + offset), comma, comma + 1, GROUPED.lastIndexOf('):')];
  const changed = [...prepared].flatMap((char, at) => (char === GROUPED[at] ? [] : [at]));
  // (The comment's own spaces stay spaces.)
  assert.deepEqual(changed, blanked.filter((at) => GROUPED[at] !== ' ').sort((a, b) => a - b));
  assert.ok(blanked.every((at) => prepared[at] === ' '));
});

test('grouped, one-line, async and nested forms parse without a syntax error; the names are where they are written', () => {
  for (const source of [GROUPED, 'def f():\n    with (a(), b() as y):\n        pass\n', 'async def f():\n    async with (\n        a() as x,\n        b(\n          1,\n        ) as y\n    ):\n        pass\n']) {
    assert.equal(problemsOf(source), 0, source);
  }
  const tree = parsePython(GROUPED);
  const names: string[] = [];
  tree.iterate({ enter: (node) => void (node.name === 'VariableName' && names.push(GROUPED.slice(node.from, node.to))) });
  assert.deepEqual(names, ['f', 'a', 'x', 'b', 'y']);
});

test('what is not the grouped form is left alone: a parenthesised expression before `as`, a docstring, an unclosed group', () => {
  for (const source of ['with (a()) as x:\n    pass\n', 'with (a(), b()) as c:\n    pass\n', '"""\nwith (x):\n"""\n', 'with (a(),\n']) {
    assert.equal(withoutWithParentheses(source), source.startsWith('"""') ? '"""\nwith  x :\n"""\n' : source);
  }
  // Still a syntax error where Python has one.
  assert.ok(problemsOf('with (a() as x, b() as):\n    pass\n') > 0);
});
