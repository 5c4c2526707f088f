// Files lezer's Python grammar accepts and CPython refuses to compile (its parser's invalid_*
// rules, its symbol table, its code generator), so Alembic cannot import them: the error, line
// and column must be CPython's. Every case is compiled by the real Python, which decides; valid
// neighbours of each case guard against refusing what Python runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/common/range';
import { parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

/** CPython's verdict on every source at once: `SyntaxError: message. line:column`, or null. */
function pythonErrors(sources: string[]): (string | null)[] {
  const script = [
    'import json, sys, warnings',
    'warnings.simplefilter("ignore")',
    'out = []',
    'for source in json.load(sys.stdin):',
    '    try:',
    '        compile(source, "m.py", "exec")',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append("%s: %s. %s:%s" % (type(e).__name__, e.msg, e.lineno, e.offset))',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  if (result.error) throw result.error;
  return JSON.parse(result.stdout) as (string | null)[];
}

/** Lens's first python-syntax-error, lezer's own parse errors included (a valid file must get none). */
function ours(source: string): string | null {
  const [problem] = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
  return problem ? `${problem.message} ${problem.range.start.line + 1}:${problem.range.start.character + 1}` : null;
}

function assertLikePython(cases: string[]): void {
  const expected = pythonErrors(cases);
  cases.forEach((source, index) => assert.equal(ours(source), expected[index], JSON.stringify(source)));
}

test('call arguments in an order Python refuses, and a repeated keyword', () => {
  assertLikePython([
    'op.add_column("t", column=sa.Column("c", sa.Integer()), "x")\n',
    'f(a=1, 2)\n', 'f(a=1, 2, 3)\n', 'f(a=1, 2, b=3)\n', 'f(a=1,\n  2,\n  b=3\n)\n', 'f(*a, b=1, 2)\n', 'f(a=1, 2, **k, *b)\n',
    'f(**k, x)\n', 'f(a=1, **k, x)\n', 'f(**k, a=1, x)\n',
    'f(**k, *a)\n', 'f(x, **k, *a)\n', 'f(**k,\n  *a)\n', 'f(**k, *a, a=1, 2)\n',
    'f(a=1, a=2)\n', 'f(a=1, b=2, **k, a=3)\n', 'class C(a=1, a=2):\n    pass\n', 'class C(a=1, b):\n    pass\n',
    'f(x for x in y, 1)\n', 'f(1, x for x in y)\n', 'f(x for x in y,)\n', 'f(a=1, x for x in y)\n', 'f(a=x for x in y)\n',
    'f(g(a=1, 2), h(**k, 3))\n', 'f(a=1, (x for x in y))\n',
    // Valid: Python runs these.
    'f(a, *b, c=1, *d, e=2, **k, g=3)\n', 'f(x for x in y)\n', 'f(\n    k\n    for k, v in items\n    if v\n)\n', 'f((x for x in y), 1)\n', 'f(a=1, b=2)\n', 'f(*a, *b, **c, **d)\n',
  ]);
});

test('parameter lists Python refuses: order, bare *, duplicates', () => {
  assertLikePython([
    'def f(a=1, b):\n    pass\n', 'def f(a, b=1, c, d=2):\n    pass\n', 'def f(a=1, /, b):\n    pass\n', 'lambda a=1, b: 1\n',
    'def f(*):\n    pass\n', 'def f(a, *):\n    pass\n', 'def f(*, **k):\n    pass\n', 'lambda *: 1\n', 'lambda *, **k: 1\n',
    'def f(**k, a):\n    pass\n', 'def f(*a, *b):\n    pass\n',
    'def f(a, a):\n    pass\n', 'def f(a, b, *, a):\n    pass\n', 'def f(a, **a):\n    pass\n', 'def f(a: int, a: str):\n    pass\n', 'lambda a, a: 1\n', 'lambda a, *a: 1\n',
    'def f(a, a=1):\n    pass\n', 'class C:\n    def f(self, self):\n        pass\n',
    // Valid.
    'def f(a, b=1, *c, d, e=2, **g):\n    pass\n', 'def f(a, /, b, *, c=1):\n    pass\n', 'def f(*, a=1, b):\n    pass\n', 'lambda *a, **k: 1\n', 'def f(a=b, b=a):\n    pass\n',
  ]);
});

test('return, yield, await, break, continue and nonlocal where Python refuses them', () => {
  assertLikePython([
    'return 1\n', 'class C:\n    return 1\n', 'yield 1\n', 'x = yield 1\n', 'class C:\n    x = (yield)\n', 'def f(x=(yield)):\n    pass\n',
    'break\n', 'continue\n', 'if True:\n    break\n', 'def f():\n    break\n', 'for x in y:\n    def g():\n        continue\n',
    'while True:\n    class C:\n        break\n', 'for x in y:\n    pass\nelse:\n    break\n', 'while x:\n    break\nelse:\n    continue\n',
    'nonlocal x\n', 'break\nnonlocal x\n',
    'await x\n', 'def f():\n    await x\n', 'class C:\n    await x\n', 'async def f():\n    def g():\n        await x\n', 'async def f():\n    lambda: await x\n',
    'def f():\n    [await x for y in z]\n', 'def f():\n    [[await z for z in x] for x in y]\n', 'def f():\n    [x for x in (await y)]\n', 'def f():\n    [x async for x in y]\n',
    'def f():\n    async for x in y:\n        pass\n', 'class C:\n    async with x:\n        pass\n', 'async def f():\n    yield from x\n',
    '[(yield) for x in y]\n', '{(yield) for x in y}\n', '((yield) for x in y)\n', '{1: (yield) for x in y}\n',
    // Valid.
    'def f():\n    return 1\n', 'for x in y:\n    if x:\n        break\n    continue\n', 'while x:\n    try:\n        pass\n    finally:\n        break\n',
    'x = lambda: (yield)\n', 'async def f():\n    await x\n    [await y for y in z]\n    async for a in b:\n        pass\n', '(await x for x in y)\n',
    'def f():\n    (await x for x in y)\n', 'async def f():\n    [x for x in (await y)]\n', 'def f():\n    def g():\n        nonlocal x\n    x = 1\n',
    'def f():\n    yield 1\n    return 2\n', 'async def f():\n    lambda: (yield from x)\n',
  ]);
});

test('assignment and del targets Python refuses', () => {
  assertLikePython([
    'None = 1\n', 'True = 1\n', 'x = None = 1\n', 'None = x = 1\n', '(None) = 1\n',
    'f() = 1\n', 'f() = x = 1\n', 'x = f() = 1\n', 'f() = not x\n', '1 = x\n', '"a" "b" = x\n', 'x + 1 = 2\n', '-x = 1\n',
    'a < b = 1\n', 'not a = 1\n', 'a and b = 1\n', 'a if b else c = 1\n', 'lambda: 1 = 2\n', 'x = 1 if 2 else 3 = 4\n',
    'f(), a = 1\n', 'a, f() = 1\n', '(a, 1) = x\n', '[a, f()] = x\n', '(a, (b, None)) = x\n', '[a, *f()] = x\n',
    '{a} = 1\n', '{a: b} = 1\n', '[x for x in y] = 1\n', '(x for x in y) = 1\n', '... = 1\n', 'f"a" = 1\n', 'await x = 1\n', '(x := 1) = 2\n',
    '*a = 1\n', '(*a) = 1\n', '*a, *b = x\n', 'a, (*b, *c) = x\n', '[*a, *b] = x\n', 'x = y = *a = z\n', 'x = *a\n',
    'for f() in x:\n    pass\n', 'for None in x:\n    pass\n', 'for *a in x:\n    pass\n', 'for a, *b, *c in x:\n    pass\n', 'for a, 1 in x:\n    pass\n',
    'del 1\n', 'del f()\n', 'del None\n', 'del (a, 1)\n', 'del [a, f()]\n', 'del x + 1\n', 'del (*a, b)\n', 'del a, 1\n',
    'f() += 1\n', '1 += 1\n', '(a, b) += 1\n', '[a] += 1\n', 'None += 1\n', '*a += 1\n',
    // Valid.
    '*a, = 1\n', 'x = *a, *b\n', '(a) = 1\n', '((a, b)) = 1\n', 'a.b, c[1] = x\n', 'a[1:2] = f(x)[0] = 1\n', '[] = ()  = x\n', 'del (a), [b], c.d, e[0]\n',
    'a, *b = c = d\n', 'a.b += 1\n', 'for a, *b in c:\n    pass\n', 'x: int = 1\n',
  ]);
});

test('__future__ features Python does not know', () => {
  assertLikePython([
    'from __future__ import nosuchthing\n', 'from __future__ import braces\n', 'from __future__ import annotations, nosuch\n',
    '"""doc"""\nfrom __future__ import nosuch\n', 'from __future__ import (nosuch,\n    annotations)\n', 'from __future__ import annotations as a, nosuch as b\n',
    // Valid.
    'from __future__ import annotations, division, print_function, absolute_import, generator_stop\n',
  ]);
});

test('CPython reports its earliest stage first: the parser, then the symbol table, then code generation', () => {
  assertLikePython([
    'return\nf(a=1, 2)\n', 'f(a=1, a=2)\nnonlocal x\n', 'def f(a, a):\n    pass\nreturn\n', 'from __future__ import nosuch\ndef f(a, a):\n    pass\n', 'from __future__ import nosuch\nf(a=1, 2)\n',
  ]);
});

test('valid modern syntax: relaxed decorators (3.9), starred subscripts (3.11) and other forms Python compiles', () => {
  assertLikePython([
    '@x := y\ndef f(): pass\n', '@buttons[0].clicked.connect\ndef f(): pass\n', '@(lambda f: f)\ndef f(): pass\n', '@a if b else c\ndef f(): pass\n',
    '@None\ndef f(): pass\n', '@a.b(c)(d)\nclass C: pass\n', '@(a,\n  b)[0]\nclass C: pass\n', '@a\\\n.b\ndef f(): pass\n', '@a  # (\ndef f(): pass\n',
    'async def g():\n    @(await x)\n    def f(): pass\n', 'x = """\n@x := (\n"""\n',
    'x = a[*b]\n', 'x = T[int, *Ts]\n', 'x = a[*b, 1:2]\n', 'x = a[*f(x), *g]\n', 'x = a[*b.c, *d]\n', 'x = a[*x if y else z]\n', 'a[*b] = 1\n', 'x = a[*b][*c]\n',
    'x = [*a, *b][0]\n', 'x = y in [*a]\n',
    'match x:\n    case [1, *rest]:\n        pass\n    case {"a": b, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n',
    '[y := f(x) for x in z]\n', 'def f(a, /, b):\n    pass\n', 'try:\n    pass\nexcept* ValueError:\n    pass\n', 'with (open(a) as f, open(b) as g):\n    pass\n',
    'x = f"{\'a\'}"\n', 'x = f\'{d["k"]!r:>{w}}\'\n', 'x = lambda a=1, *b, c=2, **d: a\n', 'def f():\n    return *a, b\n', 'print(*a, *b, **c, **d)\n',
  ]);
});

test("relaxed decorators: errors inside the expression are still CPython's", () => {
  assertLikePython(['@(lambda a, a: 0)\ndef f(): pass\n', '@x[f(a=1, 2)]\ndef f(): pass\n', '@(yield)\ndef f(): pass\n', 'x = a[(*b)]\n']);
});

test("Python 2's <> and raise E, v, a doubled ;, a generator as class bases", () => {
  assertLikePython([
    'x <> 1\n', 'if x <> 1: pass\n', 'x = (1 <> 2)\n', 'raise E, "x"\n', 'raise E, "x", tb\n', 'a = 1;; b = 2\n', 'a = 1;;\n', 'a = 1; ; b\n',
    'class C(x for x in y): pass\n', 'class C(a, x for x in y): pass\n', 'class C(x for x in y,): pass\n',
    // Valid.
    'x != 1\n', 'raise E("x") from e\n', 'a = 1; b = 2;\n', 'class C((x for x in y)): pass\n', 'f(x for x in y)\n',
  ]);
});

test('annotated targets Python refuses, and return with a value in an async generator', () => {
  assertLikePython([
    '(a, b): int = 1\n', 'a, b: int = 1\n', '*a, b: int\n', '[a, b]: int\n', 'f(): int = 1\n', '(f()): int = 1\n', "'s': int\n", 'x + 1: int = 2\n', '1: int = 1\n', '*a: int = 1\n', '(yield): int\n',
    'async def f():\n    yield 1\n    return 2\n', 'async def f():\n    return None\n    yield\n',
    // Valid.
    'x: int = 1\n', '(a): int = 1\n', 'a.b: int\n', 'a[0]: int = 1\n', '(a.b): int = 1\n',
    'async def f():\n    yield 1\n    return\n', 'async def f():\n    def g():\n        yield\n    return 1\n', 'async def f():\n    lambda: (yield)\n    return 1\n', 'def f():\n    yield 1\n    return 2\n',
  ]);
});

test('number and bytes literals Python refuses', () => {
  assertLikePython([
    'x = 0777\n', 'x = 09\n', 'x = 0_7\n', 'x = 1_\n', 'x = 1__0\n', 'x = 1.5_\n', 'x = 1e1_\n', 'x = [1_]\n',
    "x = b'\u00e9'\n", "x = 'a' b'b'\n", "x = b'a' 'b'\n", "x = f'a' b'b'\n", "x = (b'a'\n     'b')\n", "x = 0777 if b'\u00e9' else 1\n",
    // Valid.
    'x = 00 + 0_0 + 09.5 + 09j + 0e5 + 0x_ff + 1_0j + 1_000.5_5e1_0\n', "x = b'a' B'b' rb'c' rB'\\xff'\n", "x = 'a' u'b' r'c' f'd'\n", "x = '\u00e9' 'b'\n",
  ]);
});
