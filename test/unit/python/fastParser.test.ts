/**
 * The hand-written parser (python/fast/) must build lezer's tree exactly, or give up: wherever it
 * answers, the tree equals @lezer/python's node for node (type, range, nesting, comments), on the
 * repository's fixtures, a generated history, hand-written edge cases and random mutations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parser } from '@lezer/python';
import { Tree, TreeBuffer } from '@lezer/common';
import { fastParsePython, fastParsePythonBuiltByLezer } from '../../../server/src/python/fast/fastParser';
import { containsError, isErrorFree, parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { LineIndex } from '../../../server/src/common/range';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { mutate, seededRandom, PYTHON_INSERTIONS } from '../../support/mutation';
import { temporaryFolder } from '../../support/temporaryFolders';

const REPO = path.resolve(__dirname, '../../..');
/** Defaults run in CI; set ALEMBIC_LENS_FUZZ_CASES / ALEMBIC_LENS_FUZZ_SEED to search deeper locally. */
const MUTATIONS = Number(process.env.ALEMBIC_LENS_FUZZ_CASES ?? 3000);

/** Every node a cursor visits, with its range and nesting: what readers of the tree can observe. */
function shape(tree: Tree): string {
  const out: string[] = [];
  const cursor = tree.cursor();
  for (;;) {
    out.push(`${cursor.type.name}@${cursor.from}-${cursor.to}`);
    if (cursor.firstChild()) {
      out.push('(');
      continue;
    }
    for (;;) {
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return out.join(' ');
      out.push(')');
    }
  }
}

/**
 * How a tree is stored: which nodes are `Tree`s, which runs of nodes share a `TreeBuffer`, and
 * every number in those buffers. Readers' cost depends on it, so the fast parser's own builder
 * (treeBuild.ts) must store exactly what `Tree.build` stores.
 */
function layout(tree: Tree | TreeBuffer): string {
  if (tree instanceof TreeBuffer) return `B${tree.length}<${Array.from(tree.buffer).join(',')}>`;
  return `T${tree.type.id}/${tree.length}[${tree.positions.join(',')}](${tree.children.map(layout).join(' ')})`;
}

/**
 * The one place the fast tree differs from lezer's by design: a float written with a trailing
 * point (`100.`), which lezer reads as a member access missing its name (a syntax error Python
 * does not see). Its Number node covers the point; lezer's tree of the same text with each such
 * point blanked is the reference, the nodes ending with such a number one character shorter.
 */
function trailingPoints(tree: Tree, text: string): Set<number> {
  const points = new Set<number>();
  tree.iterate({
    enter: (node) => {
      if (node.name === 'Number' && text.charCodeAt(node.to - 1) === 46 && /\d/.test(text[node.to - 2] ?? '')) points.add(node.to - 1);
    },
  });
  return points;
}

/** Whether the fast parser answered; asserts its tree is lezer's when it did, stored as `Tree.build` stores it. */
function agrees(text: string, label: string): boolean {
  const fast = fastParsePython(text, parser.nodeSet);
  if (fast === undefined) return false;
  const points = trailingPoints(fast, text);
  if (points.size > 0) {
    const reference = [...text].map((char, at) => (points.has(at) ? ' ' : char)).join('');
    // Every node ending with such a number (the number, the expressions and statements it ends)
    // ends one character earlier there; the Script node spans the whole text in both.
    const fastShape = shape(fast).replace(/(\S+)@(\d+)-(\d+)/g, (whole, name: string, from: string, to: string) => (name !== 'Script' && points.has(Number(to) - 1) ? `${name}@${from}-${Number(to) - 1}` : whole));
    assert.equal(fastShape, shape(parser.parse(reference)), label);
  } else assert.equal(shape(fast), shape(parser.parse(text)), label);
  assert.equal(fast.length, text.length, label);
  assert.equal(layout(fast), layout(fastParsePythonBuiltByLezer(text, parser.nodeSet)!), label);
  return true;
}

function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...pythonFilesUnder(full));
    else if (name.endsWith('.py')) out.push(full);
  }
  return out;
}

function repositorySources(): { file: string; text: string }[] {
  const files = [...pythonFilesUnder(path.join(REPO, 'test/fixtures')), ...pythonFilesUnder(path.join(REPO, 'examples'))];
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

function generatedSources(): { file: string; text: string }[] {
  const root = temporaryFolder('alembic-lens-fast-parse-');
  try {
    generateHistory({ revisions: 200, out: root, seed: 5, locations: 2 });
    return pythonFilesUnder(root).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('fixtures, examples and a generated history: the same tree as lezer wherever the fast parser answers', () => {
  const sources = [...repositorySources(), ...generatedSources()];
  let answered = 0;
  for (const { file, text } of sources) if (agrees(text, file)) answered++;
  // Generated migrations are written in the subset it follows: nearly all must take the fast path.
  assert.ok(answered > sources.length * 0.8, `the fast parser answered for ${answered} of ${sources.length} files`);
});

test('hand-written edge cases: comments, blocks, clauses, strings, operators', () => {
  const cases: Record<string, string> = {
    empty: '',
    'only a comment': '# c',
    'blank lines and comments': '\n\n# a\n   # b\n\nx = 1\n\n# c\n',
    'no final newline': 'x = 1',
    'comment after a body, before a dedent of two levels': 'def f():\n    with x:\n        a()\n        # end\n    # mid\n# top\ny = 2\n',
    'comment before else': 'if a:\n    b()\n    # c\nelif d:\n    e()\n# f\nelse:\n    g()\n',
    'one-line bodies': 'if a: b()\nelse: c()\nwhile x: pass\n',
    'comments inside brackets': 'f(  # one\n    a,  # two\n    # three\n    b=1,\n)  # four\n',
    'try clauses': 'try:\n    a()\nexcept ValueError as e:\n    raise\nexcept (A, B):\n    pass\nexcept:\n    raise X from e\nelse:\n    b()\nfinally:\n    c()\n',
    'for and while with else': 'for a, b in x, y:\n    continue\nelse:\n    break\nwhile x < 3:\n    x += 1\n',
    'class and nested def': 'class A(B, metaclass=M):\n    x: int = 1\n\n    def f(self, *args, b: int = 2, **kw) -> "A":\n        return self, b\n',
    'imports': 'import a.b as c, d\nfrom . import x\nfrom .. y import (z as w, v,)\nfrom e import *\n',
    'strings and escapes': 's = "a\\n\\x41\\u1234\\N{DASH}" \'b\' r"\\d" b"\\o17" u"""\nx\\\n"""\nt = rb\'\\\'\'\n',
    'operators': 'x = -a ** -b * c @ d // e % f / g + h - i << j >> k & l ^ m | ~n\ny = a < b <= c == d != e > f >= g in h not in i is j is not k and l or m\nz = a if b else c if d else e\n',
    'containers': 'x = (), (1,), (1), [1, *a], {}, {1: 2, **d}, {1, 2}, a[1, 2], a[b][c].d(e)(f), ...\n',
    'numbers': 'x = 1, 1_000, 1.5, .5, 1e5, 1.5E-3, 0x1F, 0o17, 0b1_0, 3j, 0\n',
    'floats with a trailing point (read as Python does, not as lezer)': 'x = int(100. * float(y or 0.) / 15.)\nz = [1., 2_0.]\nw = 3.\n',
    'a trailing point before an exponent (not followed)': 'x = 1.e5\n',
    'assignments': 'a = b = c\na, b = 1, 2\n*a, b = c\na: int\na.b[c] = d\na **= 2\n',
    'statements': 'del a, b[1]\nglobal x, y\nassert a, "m"\nreturn\nraise\npass\n',
    'dotted keyword property': 'x = a.b.c\n',
    'not, as lezer reads it': 'x = a and not b or c\ny = not a == b\nz = a or not b and c\nw = not a if b else not c\nv = a == not b\nif not not a:\n    pass\n',
    'not in an arithmetic operand (not followed)': 'x = a + not b\n',
    'print call': 'print("x")\nprint\n',
    'decorator (not followed)': '@d\ndef f():\n    pass\n',
    'lambda (not followed)': 'f = lambda x: x\n',
    'comprehension (not followed)': 'x = [a for a in b]\n',
    'f-string (not followed)': 'x = f"{a}"\n',
    'syntax error (not followed)': 'def f(:\n    pass\n',
    'bad dedent (not followed)': 'if a:\n        b()\n    c()\n',
    'tab indentation (not followed)': 'if a:\n\tb()\n',
    'carriage returns (not followed)': 'x = 1\r\ny = 2\r\n',
    'nodes longer than a tree buffer, and many short siblings': `def f():\n    x = g(\n${'        a.b(1, "c"),\n'.repeat(120)}    )\n${'y = 1\n'.repeat(300)}`,
    'names that share a keyword\'s first letter and length': 'nonlocaL = 1\nop = nullable or iF\nNone_ = Truex, Falsey, asx, ino, isnot\nprint_ = matchx = typed = cases\n',
    'augmented assignments': 'a += 1\na -= 1\na *= 1\na /= 1\na //= 1\na %= 1\na @= 1\na &= 1\na |= 1\na ^= 1\na <<= 1\na >>= 1\na **= 1\n',
    'each kind of operand before each kind of operator': 'x = "s" + 1 * b.c(d) ** 2 if "t" in y else 3 < z\ny = f(a=1, *b, **c)[0] | 4 ^ 5 & 6 << 7 >> 8\nz = -1 - -x, +y, ~z, a <> b, "u" "v" % w, 1.5 not in q, r is not None\n',
    'one leaf alone at the top': `x\n${'z = [' + '1, '.repeat(400) + ']\n'}`,
  };
  let answered = 0;
  for (const [name, text] of Object.entries(cases)) if (agrees(text, name)) answered++;
  for (const name of ['a trailing point before an exponent (not followed)', 'not in an arithmetic operand (not followed)', 'decorator (not followed)', 'lambda (not followed)', 'comprehension (not followed)', 'f-string (not followed)', 'syntax error (not followed)', 'bad dedent (not followed)', 'tab indentation (not followed)']) {
    assert.equal(fastParsePython(cases[name], parser.nodeSet), undefined, name);
  }
  assert.ok(answered >= 25, `answered ${answered} cases`);
});

test(`${MUTATIONS} random mutations of migrations: the fast parser gives lezer's tree or none`, () => {
  const sources = [...generatedSources().slice(0, 30), ...repositorySources().slice(0, 60)];
  const next = seededRandom(Number(process.env.ALEMBIC_LENS_FUZZ_SEED ?? 20261203));
  const insertions = [...PYTHON_INSERTIONS, ' # c\n', 'if x:\n    ', 'else:\n', '    ', '\n    ', 'not ', ' and ', '.', '*', '**', '=', 'None', '1.', "b'", 'u"'];
  let answered = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const { file, text } = sources[i % sources.length];
    const mutated = Buffer.from(mutate(text, next, insertions), 'utf8').toString('utf8');
    if (agrees(mutated, `case ${i} (${path.basename(file)}): ${JSON.stringify(mutated.slice(0, 300))}`)) answered++;
  }
  assert.ok(answered > MUTATIONS / 10, `the fast parser answered ${answered} of ${MUTATIONS} mutated files`);
});

test('parsePython uses the fast tree and falls back to lezer where it does not follow', () => {
  const simple = 'x = f(1)\n';
  const withLambda = 'x = lambda: 1\n';
  const broken = 'def f(:\n    x = (\n';
  assert.equal(shape(parsePython(simple)), shape(parser.parse(simple)));
  assert.equal(shape(parsePython(withLambda)), shape(parser.parse(withLambda)));
  // Known error-free only where the fast parser answered; error nodes are still found elsewhere.
  assert.equal(isErrorFree(parsePython(simple)), true);
  assert.equal(isErrorFree(parsePython(withLambda)), false);
  assert.equal(containsError(parsePython(simple).topNode.firstChild!), false);
  assert.equal(containsError(parsePython(broken).topNode), true);
  assert.equal(syntaxProblems('/x.py', parsePython(broken), new LineIndex(broken), 5).length > 0, true);
  assert.deepEqual(syntaxProblems('/x.py', parsePython(simple), new LineIndex(simple), 5), []);
});
