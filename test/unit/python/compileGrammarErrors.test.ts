// Files lezer's Python grammar accepts and CPython refuses to compile (its parser's invalid_*
// rules, its symbol table, its code generator), so Alembic cannot import them: the error, line
// and column must be CPython's. Every case is compiled by the real Python, which decides; valid
// neighbours of each case guard against refusing what Python runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/common/range';
import { parsePython } from '../../../server/src/python/parser';
import { syntaxProblems } from '../../../server/src/python/syntaxProblems';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

/** CPython's verdict on every source at once: `SyntaxError: message. line:column`, or null. */
function pythonErrors(sources: string[]): (string | null)[] {
  return cpythonCompileErrors(sources).map((error) => (error ? `${error.type}: ${error.message}. ${error.line}:${error.column}` : null));
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
    // A CRLF line continuation goes on as an LF one: this `@` is a matrix product, no decorator.
    'x = a \\\r\n    @ b[0] \\\r\n', 'x = a \\\r\n    @ b[0]\r\n',
    'x = a[*b]\n', 'x = T[int, *Ts]\n', 'x = a[*b, 1:2]\n', 'x = a[*f(x), *g]\n', 'x = a[*b.c, *d]\n', 'x = a[*x if y else z]\n', 'a[*b] = 1\n', 'x = a[*b][*c]\n',
    'x = [*a, *b][0]\n', 'x = y in [*a]\n',
    'match x:\n    case [1, *rest]:\n        pass\n    case {"a": b, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n',
    '[y := f(x) for x in z]\n', 'def f(a, /, b):\n    pass\n', 'try:\n    pass\nexcept* ValueError:\n    pass\n', 'with (open(a) as f, open(b) as g):\n    pass\n',
    'x = f"{\'a\'}"\n', 'x = f\'{d["k"]!r:>{w}}\'\n', 'x = lambda a=1, *b, c=2, **d: a\n', 'def f():\n    return *a, b\n', 'print(*a, *b, **c, **d)\n',
  ]);
});

test('valid Python lezer reads wrong: positional-only lambdas, a format spec starting with =, starred for iterables, dotted mapping keys, form feeds', () => {
  assertLikePython([
    'x = lambda a, /: a\n', 'x = lambda a, /, b: a\n', 'x = lambda a, /, *b, c, **d: a\n', 'x = lambda a, /, *, b: a\n', 'x = lambda a=1/2: a // 2\n', 'f(lambda a, /: a)\n',
    "x = f'{x:=1}'\n", "x = f'{x:=^10}'\n", "x = f'{x!r:=>5}'\n", "x = f'{x:=}'\n", "x = f'''{x:=1}\n{y:=2}'''\n", 'x = f"{d[\'a:=b\']:=1}"\n', "x = f'{(x:=1)}'\n", "x = f'{{x:=1}}'\n",
    'for x in *a, *b:\n    pass\n', 'for x in a, *b:\n    pass\n', 'for x in *a,:\n    pass\n', 'for x in a, *b, *c,: pass\n', 'for *a, b in c, *d:\n    pass\nelse:\n    pass\n', 'async def f():\n    async for x in a, *b:\n        pass\n',
    'match x:\n    case {a.b: 1}:\n        pass\n', 'match x:\n    case {a.b: 1, c . d.e: 2, "k": 3, **r}:\n        pass\n', 'match x:\n    case [{a.b: y}] | {"k": {a.b: y}}:\n        pass\n', 'match x:\n    case a.b, c.d:\n        pass\n',
    'if a:\n\f    x = 1\n', 'x = 1\n\f\ny = 2\n', 'def f():\n\f    return 1\n', 'if a:\n    x = 1\n\f    y = 2\n', 'if a:\n  \f\n    x = 1\n', 'if a:\n\tx = 1\n\f\ty = 2\n', '\fif a:\n\f    x = 1\n', "x = '''\n\f  a'''\n", 'x = (1,\n\f  2)\n',
    // Invalid: still refused, with CPython's message.
    'x = lambda a, /, /: 1\n', 'x = lambda *a, /: 1\n', 'x = lambda *, a, /: 1\n', 'x = lambda **k, /: 1\n', 'x = lambda a=1, /, b: 1\n', 'x = lambda a, /, a: 1\n', 'x = lambda a, /, *: a\n',
    'if a:\n    x = 1\n  \f  y = 2\n', 'if a:\n    x = 1\n\f   y = 2\n', '\f  x = 1\n',
  ]);
});

test("an or-pattern bound with as: Python reads `1 | 2 as y` as `(1 | 2) as y`, lezer's grammar as `1 | (2 as y)`", () => {
  assertLikePython([
    'match x:\n    case 1 | 2 as y:\n        pass\n', 'match x:\n    case 1 | 2 | 3 as y:\n        pass\n    case _:\n        pass\n', 'match x:\n    case [1 | 2 as y, z]:\n        pass\n',
    "match x:\n    case {'k': 1 | 2 as v}:\n        pass\n", 'match x:\n    case (1 | 2) as y:\n        pass\n',
    // Invalid: still refused, with CPython's message.
    'match x:\n    case 1 | y as y:\n        pass\n', 'match x:\n    case 1 | z as y:\n        pass\n', 'match x:\n    case [y] | [z] as w:\n        pass\n', 'match x:\n    case [y] | [y] as y:\n        pass\n',
    'match x:\n    case a | b as c:\n        pass\n', 'match x:\n    case _ | 1 as y:\n        pass\n',
  ]);
});

test('valid Python lezer reads wrong: a starred *args annotation, a tuple match subject, an open sequence pattern', () => {
  assertLikePython([
    'def f(*args: *Ts): pass\n', 'def f(a, *args: *Ts, b=1, **k): pass\n', 'async def f(*args: *tuple[int, ...]): pass\n', 'class C:\n    def f(self, *args: * Ts) -> None:\n        pass\n',
    'match x, y:\n    case a, b:\n        pass\n', 'match *a, b:\n    case _:\n        pass\n', 'match x,:\n    case _:\n        pass\n', 'match a, *b:\n    case _:\n        pass\n', 'match x, y :  # c\n    case (1, 2):\n        pass\n',
    'match, y = 1, 2\n', 'match = 1, 2\n', 'match(a, b)\n', 'match a, (b, c):\n    case _:\n        pass\n',
    'match x:\n    case a, b:\n        pass\n    case 1, a:\n        pass\n', 'match x:\n    case _, *_:\n        pass\n    case 1:\n        pass\n', 'match x:\n    case a,:\n        pass\n    case 1:\n        pass\n',
    // Invalid: still refused, with CPython's message.
    'match x:\n    case *a, *b:\n        pass\n', 'match x:\n    case a, a:\n        pass\n', 'match x:\n    case 1, 2 | a:\n        pass\n', 'match x:\n    case a, (b | 1):\n        pass\n',
    'match x:\n    case 1, 2:\n        pass\n    case a:\n        pass\n    case 3:\n        pass\n',
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

test('with ... as takes any assignment target, as in Python; an invalid one is still refused with its message', () => {
  assertLikePython([
    'with a as (b, c):\n    pass\n', 'with a as [b, c]:\n    pass\n', 'with a as b.c:\n    pass\n', 'with a as b[0]:\n    pass\n', 'with a as (b):\n    pass\n', 'with a as (b, *c):\n    pass\n',
    'with a as b, c as (d, e):\n    pass\n', 'with (a as (b, c), d as e.f):\n    pass\n', 'async def f():\n    async with a as (b, c):\n        pass\n', 'with a as b[0].c:\n    pass\n', 'with a as ():\n    pass\n',
    'with a as [b, c[0]]:\n    pass\n', 'with a as b\\\n   .c:\n    pass\n', 'with a as (b,\n   c):\n    pass\n', 'with a as (b,  # x\n   c):\n    pass\n', 'with a as b[":"]:\n    pass\n', 'with a as b[1:2]:\n    pass\n',
    'with a as (b, c): pass\n', 'with a as b.c: x = 1\n', 'with a as (b, c), d:\n    pass\n', 'with a as b[*c]:\n    pass\n', 'x = """\nwith a as (b, c):\n"""\n', '# with a as (b, c):\n',
    // Invalid: CPython's message at the target.
    'with a as f():\n    pass\n', 'with a as 1:\n    pass\n', 'with a as (b, 1):\n    pass\n', 'with a as None:\n    pass\n', 'with a as b + c:\n    pass\n', 'with a as *b:\n    pass\n',
    'with a as (*b, *c):\n    pass\n', 'with a as [b, f()]:\n    pass\n', 'with a as b[f(a=1, 2)]:\n    pass\n', 'with a as (b for b in c):\n    pass\n', 'with a as b, c as f():\n    pass\n',
    'with (a as f()):\n    pass\n', 'with a as (yield):\n    pass\n', 'with a as b[0](f):\n    pass\n', 'with a as (b := 1):\n    pass\n', 'with a as -b:\n    pass\n',
  ]);
});

test("a starred subscript in an f-string's replacement field is valid, as in code", () => {
  assertLikePython(["x = f'{a[*b]}'\n", "x = f'{a[*b, c]} [*x] {d}'\n", 'x = f"""{a[*b]}"""\n', "x = rf'{a[*b]}'\n", "x = f'{[*a]}'\n", "x = f'{a[*b]!r:>{w}}'\n"]);
});

test('global and nonlocal declarations CPython refuses, and the valid ones around them', () => {
  assertLikePython([
    'def f():\n    x = 1\n    global x\n', 'def f(x):\n    global x\n', 'def f():\n    nonlocal x\n', 'def f():\n    print(x)\n    global x\n', 'x = 1\nglobal x\n', 'print(x)\nglobal x\n',
    'def f(x):\n    def g():\n        pass\n    nonlocal x\n', 'def f(x):\n    def g(x):\n        nonlocal x\n', 'def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n',
    'def f():\n    x: int\n    global x\n', 'def f():\n    global x\n    x: int\n', 'def f():\n    for x in y:\n        pass\n    global x\n', 'def f():\n    def x(): pass\n    global x\n',
    'class C:\n    x = 1\n    global x\n', 'class C:\n    def f(self):\n        nonlocal x\n', 'def f():\n    global x\n    x = 1\n    global x\n', 'def f():\n    del x\n    global x\n',
    'def f():\n    (x := 1)\n    global x\n', 'def f():\n    nonlocal f\n', 'def f():\n    x += 1\n    global x\n', 'def f(*x):\n    global x\n', 'def f(*, x):\n    nonlocal x\n',
    'def f():\n    with a as x:\n        pass\n    global x\n', 'def f():\n    try:\n        pass\n    except E as x:\n        pass\n    global x\n', 'def f():\n    global x\n    def g():\n        nonlocal x\n',
    'def f():\n    x.y = 1\n    global x\n', 'def f():\n    global x\n    nonlocal x\n', 'def f():\n    x: int = 1\n    print(x)\n    global x\n', 'def f():\n    class C(x):\n        pass\n    global x\n',
    'def f():\n    def g(a=x):\n        pass\n    global x\n', 'def f():\n    lambda a=x: a\n    global x\n', 'def f():\n    [1 for y in x]\n    global x\n', 'def f():\n    def g() -> x:\n        pass\n    global x\n',
    'x = 1\ndef f():\n    nonlocal x\n', 'def f():\n    global x\n    x: int = 1\n', 'class C:\n    global x\n    x: int\n', 'def f(x):\n    nonlocal y\n    global x\n', 'def f():\n    (x) = 1\n    global x\n',
    'def f():\n    a[x] = 1\n    global x\n', 'def f():\n    x, *y = 1\n    global y\n', 'def f():\n    if x:\n        global x\n', 'def f():\n    for x in y:\n        global x\n',
    'def f():\n    g(k=x)\n    global x\n', 'def f():\n    match a:\n        case C(k=x):\n            pass\n    global x\n', 'def f():\n    match a:\n        case x.y:\n            pass\n    global x\n',
    'def f():\n    with a as (x, y):\n        pass\n    global y\n', 'nonlocal x\ndef f(a):\n    global a\n',
    // Valid.
    'def f():\n    global x, y\n    global x\n', 'def f():\n    import x\n    global x\n', 'def f():\n    x = 1\n    class C:\n        nonlocal x\n', 'def f():\n    y = 1\n    global x\n    x = y\n',
    'def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n', 'def f():\n    global f\n', 'def f():\n    if a:\n        global x\n    x = 1\n', 'def f():\n    lambda: x\n    global x\n',
    'def f():\n    [x for y in z]\n    global x\n', 'lambda x: 1\nglobal x\n', 'def f(x):\n    def g():\n        nonlocal x\n', 'def f():\n    f(x=1)\n    global x\n', 'def f():\n    a.x\n    global x\n',
    'def f():\n    x: int\n    def g():\n        nonlocal x\n', 'def f():\n    [y := 1 for _ in z]\n    def g():\n        nonlocal y\n', 'def f():\n    with a as (x, y):\n        pass\n    def g():\n        nonlocal x\n',
    'def f():\n    match a:\n        case [x]:\n            pass\n    def g():\n        nonlocal x\n', 'def f(x=y):\n    global y\n', '@x\ndef f():\n    global x\n', 'def f():\n    lambda x: x\n    global x\n',
    'def f():\n    [x for x in y]\n    global x\n', 'def f() -> x:\n    global x\n', 'def f():\n    class C:\n        x = 1\n    def g():\n        nonlocal x\n',
    'def f():\n    x = 1\n    class C:\n        def g():\n            nonlocal x\n', 'def f():\n    x = 1\n    class C:\n        global x\n        def g():\n            nonlocal x\n',
    'def f():\n    import x.y\n    def g():\n        nonlocal x\n', 'def f():\n    from a import b as x\n    def g():\n        nonlocal x\n', 'def f():\n    x = 1\n    def g():\n        def h():\n            nonlocal x\n',
    'def f():\n    x = 1\n    def g():\n        global x\n        def h():\n            nonlocal x\n', 'def f():\n    x = 1\n    def g():\n        nonlocal x\n        def h():\n            nonlocal x\n',
    'def f():\n    try:\n        pass\n    except E as x:\n        pass\n    def g():\n        nonlocal x\n', 'def f():\n    del x\n    def g():\n        nonlocal x\n', 'def f():\n    for x in y: pass\n    def g():\n        nonlocal x\n',
    'def f():\n    x += 1\n    def g():\n        nonlocal x\n', 'def f():\n    def x(): pass\n    def g():\n        nonlocal x\n', 'def f():\n    class x: pass\n    def g():\n        nonlocal x\n',
    'def upgrade():\n    global counter\n    counter += 1\n    op.execute("SELECT %d" % counter)\n',
  ]);
});

test('__debug__ bound or deleted anywhere, as CPython refuses it', () => {
  assertLikePython([
    '__debug__ = 1\n', 'f(__debug__=1)\n', 'def f(__debug__): pass\n', 'import a as __debug__\n', 'from a import b as __debug__\n', 'import __debug__\n', 'from a import __debug__\n', 'x.__debug__ = 1\n',
    'del __debug__\n', '__debug__ += 1\n', 'for __debug__ in x: pass\n', 'a, __debug__ = x\n', '(__debug__ := 1)\n', 'def __debug__(): pass\n', 'class __debug__: pass\n', 'lambda __debug__: 1\n',
    'def f(*, __debug__): pass\n', 'def f(**__debug__): pass\n', '__debug__: int\n', 'try:\n    pass\nexcept E as __debug__:\n    pass\n', 'class C(__debug__=1): pass\n', 'def f(a, __debug__=1): pass\n',
    '[__debug__ for __debug__ in x]\n', 'match x:\n    case __debug__:\n        pass\n', 'f(a, __debug__=1, b=2)\n', 'with a as __debug__: pass\n', 'with a as b.__debug__: pass\n', 'x = f(__debug__=1)\n',
    'x = lambda __debug__: 1\n', '@d\ndef f(__debug__): pass\n', 'x = 1; import a as __debug__\n', 'if a:\n    f(g(__debug__=1))\n', 'f(\n  __debug__=1)\n', 'x.__debug__, y = 1, 2\n', 'for x.__debug__ in y: pass\n',
    'import __debug__.a\n', 'from . import __debug__\n', '__debug__ = 1\nreturn\n', 'return\n__debug__ = 1\n', 'async def f(__debug__): pass\n', '(__debug__) = 1\n', 'x = __debug__ = 1\n', 'del (__debug__, x)\n',
    'del x.__debug__, __debug__\n', 'x.__debug__: int = 1\n', 'import a as b, __debug__\n', 'from a import (b, __debug__)\n',
    // Valid.
    'x = __debug__\n', 'print(__debug__)\n', 'x.__debug__\n', 'del x.__debug__\n', 'x.__debug__ += 1\n', 'global __debug__\n', 'x: int = __debug__\n', 'import a.__debug__\n', '__debug__.x = 1\n',
    'f(**{"__debug__": 1})\n', 'import __debug__.a as b\n', 'from a import __debug__ as b\n', 'x = "__debug__"\n', 'x[__debug__] = 1\n', 'x = y.__debug__\n', 'f(a=__debug__)\n',
  ]);
});

test('indentation CPython refuses: an unexpected indent, an unindent to no outer level', () => {
  assertLikePython([
    'x = 1\n    y = 2\n', 'def f():\n    pass\n  x = 1\n', 'if a:\n    x = 1\n      y = 2\n', 'if a:\n        x = 1\n    y = 2\n', 'def f():\n    x = 1\n\n   y = 2\n', ' x = 1\n',
    'x = 1\n\ty = 2\n', 'if a:\n    x = 1\r\n  y = 2\r\n', 'x = 1\r\n    y = 2\r\n', 'x = """\n    a\n"""\n    y = 1\n', 'if a: pass\n    x = 1\n', 'class C: pass\n    x = 1\n',
    'if a:\n    if b:\n        pass\n  x = 1\n', 'x = 1;\n    y = 2\n', 'x = [1,\n2]\n    y = 3\n', 'x = "a\\\n    b"\n    y = 1\n',
    // Valid.
    'x = 1\n  # comment\ny = 2\n', 'if a:\n    pass\n  # c\nx = 1\n', 'x = (1,\n  2)\n', 'x = 1\n\t\ny = 2\n', '  # c\nx = 1\n', 'x = """\n    a\n"""\ny = 1\n', 'x = 1 + \\\n    2\ny = 3\n',
    'if a:  # c\n    x = 1\n', 'if (a and\n        b):\n    x = 1\n', 'def f(\n    a,\n):\n    pass\n', 'x = {\n  "a": 1,\n    }\n', 'if a:\n    if b:\n        pass\nx = 1\n', 'x = 1\n    # c\n',
    'def f():\n    pass\n    \n  \nx = 1\n', 'x = 1\n\f    y = 2\n', 'class C:\n    def f(self):\n        pass\n\n    def g(self):\n        pass\n', 'if x:\n    pass\n   \ny = 1\n',
    'def upgrade():\n    op.create_table("t",\n        sa.Column("id", sa.Integer()),\n    )\n    op.execute("""\nSELECT 1\n""")\n', 'if a:\n\tx = 1\n\ty = 2\n', 'x = 1', 'def f():\n    pass',
  ]);
});

test('match patterns CPython refuses: unreachable cases, a name bound twice, alternatives binding different names', () => {
  const match = (...cases: string[]): string => `match x:\n${cases.map((pattern) => `    case ${pattern}:\n        pass\n`).join('')}`;
  assertLikePython([
    match('a', '1'), match('_', '1'), match('(a)', '1'), match('a as b', '1'), match('(a | b)', '1'), match('[a, a]'), match('1 | a'), match('a | 1'), match('_ | 1'), match('[a] | [b]'),
    match('{"k": a, **a}'), match('C(a, b=a)'), match('[a, *a]'), match('a as a'), match('[a] as a'), match('1', 'a', '2'), match('a', '_'), match('(1 | a)', '2'), match('[a | b]'),
    match('[x, (y | z)]'), match('([x] | [x, y])'), match('[*_, *_]'), match('C(a=1, a=2)'), match('(a as b) | (b as a)'), match('1 | (a as b)'), match('[*a, *b]'), match('a | b'),
    'match x:\n    case a:\n        pass\n    case b if b:\n        pass\n', 'match x:\n    case [a, a] | [b, b]:\n        pass\n',
    'def upgrade():\n    match op_kind:\n        case kind:\n            pass\n        case "drop":\n            op.drop_table("t")\n',
    // Valid.
    match('a if a', '1'), match('[a] | [a]'), match('1 | 2', 'a'), match('a'), match('_'), match('[_, _]'), match('[a, b] | [b, a]'), match('C(x=_)'), match('{1: _, 2: _}'),
    'match x:\n    case a:\n        pass\nmatch y:\n    case 1:\n        pass\n', match('[1, *rest]', '{"a": b, **kw}', 'Point(x=0) | None', '_'), match('(a, b) | [b, a]', 'str() | bytes()', '_'),
  ]);
});

test('the rare forms left: a name as a mapping key, a lone starred subject, / twice in a def, a lambda as an f-string field', () => {
  const match = (pattern: string): string => `match x:\n    case ${pattern}:\n        pass\n`;
  const subject = (written: string): string => `match ${written}:\n    case 1:\n        pass\n`;
  assertLikePython([
    match('{a: 1}'), match('{_: 1}'), match('{1: 1, a: 2}'), match('{a : 1}'), match('{a: 1, **r}'), match('[{a: 1}]'), match('{a.b: 1, c: 2}'), match('C(k={a: 1})'), 'match x:\n    case {\n        a: 1}:\n        pass\n',
    subject('*a'), subject('*a :  # c\n   '), subject('(*a)'), subject('*a.b'), subject('*(a)'), subject('* a'), subject('*(a, b)'), subject('*f(a, b)'),
    'def f(a, /, /): pass\n', 'def f(/): pass\n', 'def f(/, a): pass\n', 'def f(/ ,a): pass\n', 'def f(a, /, b, /): pass\n', 'def f(*, a, /): pass\n', 'def f(*a, /): pass\n', 'def f(**k, /): pass\n', 'def f(a,/,/): pass\n',
    'def f(a, / , /): pass\n', 'def f(a, /, /, b): pass\n', 'def f(a, # c\n /, /): pass\n', 'def f(a=1, /, b): pass\n', 'def f(a, /, a): pass\n',
    "f'{lambda: 1}'\n", "x = f'{lambda: 1}'\n", "f'{lambda x: 1}'\n", "f'{lambda x, y: 1}'\n", "f'ab{lambda: 1}'\n", "f'{x} {lambda: 1}'\n", "x = 1\nf'''\n{lambda: 1}'''\n", "f'{x:{lambda: 1}}'\n",
    "f'{ lambda: 1}'\n", "f'{lambda:1}'\n", "f'{lambda: 1!r}'\n", "f'{lambda *a: 1}'\n", "f'{lambda a=1: 1}'\n", 'f"{lambda: 1}"\n', "(f'a'\n f'{lambda: 1}')\n", "rf'{lambda: 1}'\n", "'x' f'{lambda: 1}'\n",
    "f'{x!r:{lambda: 1}}'\n", "f'{lambda : 1}'\n", "f'{lambda **k: 1}'\n", "f'{lambda a, *b: 1}'\n", "f'{lambda *, a: 1}'\n", "f'{lambda a, /: 1}'\n", "f'{lambda a, b=1: 1}'\n", "f'{lambda  x ,y : 1}'\n",
    "f'{x, lambda: 1}'\n", "f'{a, lambda: 1, b}'\n", "f'{a, lambda x=1: 1}'\n", "f'{*a, lambda: 1}'\n", "f'''\n{\nlambda: 1}'''\n", "f'{{}}{lambda: 1}'\n", "f'''{x}\n  {lambda: 1}'''\n", "x = {'a': f'{lambda: 1}'}\n", "x = lambda: f'{lambda: 1}'\n",
    // Valid.
    match('{**r}'), match("{'k': a}"), match('{a.b: 1, "c": d}'), subject('*a, b'), subject('*a,'), 'def f(a, /,): pass\n', 'def f(a, /, b): pass\n', 'def f(a, b, /, c=1, *, d): pass\n', 'class C:\n    def f(self, /, x): pass\n',
    "f'{(lambda: 1)}'\n", "f'{f(lambda: 1)}'\n", "f'{[lambda: 1]}'\n", "f'{x:{(lambda: 1)()}}'\n",
  ]);
});

test('valid Python lezer reads wrong: a nested format specification starting with =, a lambda in a match subject', () => {
  const subject = (written: string): string => `match ${written}:\n    case 1:\n        pass\n`;
  assertLikePython([
    "x = f'{x:{y:=1}}'\n", "x = f'{x:{y:=^10}>{z}}'\n", "x = f'{x:{y!r:=5}}'\n", "x = f'{x:{y}{z:=3}}'\n", "x = f'{x:>{w}} {a:=2}'\n", "x = f'{x:{y:=1}} {(a:=1)}'\n", 'x = f\'{x:{d["a:=b"]:=1}}\'\n', "x = f'{x:{(y:=1)}}'\n",
    subject('a, lambda: 1'), subject('lambda: 1, a'), subject('lambda: 1'), subject('a, lambda x: x, b'), subject('a, lambda: lambda: 1'), subject('a, lambda: 1 ') + '# c\n', subject('a, lambda: 1,'), subject('a, *b, lambda: 1'),
    subject('a, lambda x, y=f(1, 2): {1: x}'), subject('a, lambda a=lambda: 1: a'), subject('(a, lambda: 1)'), 'def f():\n    match a, lambda: 1:\n        case 1:\n            return\n', 'match = lambda: 1\n', 'x = match, lambda: 1\n',
    // Invalid: still refused, with CPython's message.
    'match a, lambda: 1:\n    case x:\n        pass\n    case 1:\n        pass\n',
  ]);
});

test("a bracket open at the end of the file: CPython's '(' was never closed, at the innermost open bracket", () => {
  const migration = (body: string): string => `def upgrade():\n${body}\n\ndef downgrade():\n    pass\n`;
  assertLikePython([
    migration('    op.add_column("users", sa.Column("age", sa.Integer(), nullable=True)\n    op.create_index("ix_users_age", "users", ["age"])'),
    migration('    op.create_index("ix", "t", ["a", "b"\n    op.drop_table("u")'), migration('    op.execute({"a": 1, "b": (2\n'),
    'x = (\n', 'x = [\n', 'x = {\n', 'x = (1,\n', 'x = (1\ny = 2\n', 'x = (1\ny = 2', 'x = (1,\n# )\n', 'x = (1,\n# end', 'x = (\\\n', 'x = 1 if (\n',
    // Nested: the innermost still open is named; closed ones inside do not count.
    'x = [1, {2: (3\n', 'x = ((1, 2)\n', 'x = [(1, 2), {3: 4}\n', 'x = [\n  1\n  2\n', 'f(g(h(1), 2)\ny = 3\n',
    // Brackets inside strings and comments are not brackets.
    'x = (  # (\n"(" \n', 'x = "(" + (\n', "x = ')' + (\n", 'x = """(\n""" + (\n', "x = ('''\n)''',\n", 'x = (r"\\")",\n', 'x = (b"]"\n', 'x = ("a\\\n)"\n',
    // f-strings are one token to CPython 3.11's tokenizer.
    'x = f"{a}" + (\n', 'x = (f"{(1)}"\n', "x = [f'{x!r:>{w}}',\n", "x = (f'{\")\"}'\n",
    // A valid-looking line, a block or a definition after the open bracket: read inside it.
    'if True:\n    x = (\n  y = 1\n', 'if x:\n    y = (\n        1,\nelse:\n    pass\n', 'def f():\n    x = (\n\ndef g():\n    return 1\n', 'x = (\ntry:\n    pass\n',
    'class C:\n    def f(self):\n        return dict(a=1,\n\n    def g(self):\n        pass\n', 'x = (\n\ty = 1\n', 'def f(\n', 'class C(\n', 'from x import (a, b\n',
    // Errors CPython finds inside the bracket give way to it; so does a symbol-table error.
    'f(a=1, 2\n', 'f(a=1, 2, 3\n', 'def f(a, a\n', 'print(1 if 2\n', 'x = {1: 2, 3\n', 'x = [\n  1,\n  2 3,\n',
    'é = (\n', 'x = "é" + (\n',
    // An error CPython's parser meets before the bracket's line is its own.
    'f(a=1, 2)\ny = [\n', 'f(a=1, 2)\nx = (\n', 'f(**k, *a\n',
  ]);
});

test("an error before the open bracket is not turned into '(' was never closed (CPython's parser stops first)", () => {
  const cases = [
    'x = (1 2)\ny = [\n', 'x = (1 2)\n\ny = [\n', 'x = (1 2) + (\n', 'a = (1\nb = [2\n', 'x = 1 +\ny = (\n', 'x = 1 2\ny = (\n', 'def f(:\n    x = (\n',
    'x = (1 2 3\ny = 1\n', 'x = (a b c\n', 'f(a b, c\n', 'x = (None = 1\n', 'x = (lambda: 1 = 2\n', 'import a.(\n', 'from x import (a b\n', 'x = ((1 2), 3\n',
    'x = {1: 2, 3}\ny = (\n', 'try:\n    pass\ny = (\n', 'try:\n    pass\n\ndef upgrade():\n    op.f("a", [1, 2\n', 'x = (\ny = "abc\n', "x = (\n'''\n", 'x = )\n(\n', 'x = ($\n', 'x = (]\n',
    'return 1\ny = (\n', 'None = 1\ny = (\n', 'f() = 1\ny = (\n', 'x = 0777\ny = (\n', 'if x:\npass\ny = (\n', '  x = 1\ny = (\n', 'if x:\n\tx = 1\n        y = (\n',
  ];
  const expected = pythonErrors(cases);
  cases.forEach((source, index) => {
    const lens = ours(source);
    assert.ok(lens !== null, JSON.stringify(source));
    if (lens.includes('was never closed')) assert.equal(lens, expected[index], JSON.stringify(source));
  });
  // Where Lens cannot tell how far CPython's parser read (`b = [` read inside the `(`), it keeps its own message.
  assert.doesNotMatch(ours('a = (\nb = [1,\n') ?? '', /never closed/);
  // CPython's message for the first is another.
  assert.equal(expected[0], 'SyntaxError: invalid syntax. Perhaps you forgot a comma?. 1:6');
  assert.doesNotMatch(ours(cases[0]) ?? '', /never closed/);
});

test('a file ending inside a bracket gets one syntax error, not one per line lezer could not recover', () => {
  const source = 'def upgrade():\n    op.add_column("users", sa.Column("age", sa.Integer(), nullable=True)\n    op.create_index("ix_users_age", "users", ["age"])\n\ndef downgrade():\n    ...\n';
  const problems = syntaxProblems('m.py', parsePython(source), new LineIndex(source), 5, source);
  assert.deepEqual(problems.map((problem) => `${problem.message} ${problem.range.start.line + 1}:${problem.range.start.character + 1}`), ["SyntaxError: '(' was never closed. 2:18"]);
});

test("a try with neither except nor finally is refused where CPython refuses it (lezer reads it; Alembic cannot import the file)", () => {
  assertLikePython([
    'try:\n    pass\nx = 1\n', 'try:\n    pass\n', 'try:\n    pass', 'def f():\n    try:\n        pass\n    x = 1\n', 'try:\n    pass\n# c\n\nx = 1\n',
    'try:\n    pass\nelse:\n    pass\n', 'try: pass\nx=1\n', 'try:\n    pass  # c\n', 'try:\n    x = (1,\n  2)\n', 'try:\n    pass\n\n# trailing\n',
    'def f():\n    try:\n        pass\n', 'def f():\n    try:\n        pass\n    # c\n', 'try:\n    pass\n    \n', 'class C:\n    try:\n        pass\n    x = 1\n',
    'try:\n    if a:\n        pass\nx = 1\n', 'try:\n    if a:\n        pass\n', 'try:\r\n    pass\r\nx = 1\r\n',
    // Valid: Python runs these.
    'try:\n    pass\nexcept* E:\n    pass\n', 'try:\n    pass\nfinally:\n    pass\n', 'try:\n    pass\nexcept E:\n    pass\nelse:\n    pass\n', 'try:\n    try:\n        pass\n    finally:\n        pass\nexcept E:\n    pass\n',
  ]);
  // Where the next line is indented less than the try, CPython points before the line's first
  // character (column 0); a range starts at it, one column later, on the same line.
  for (const [source, line] of [['def f():\n    try:\n        pass\n\n\ndef g():\n    pass\n', 6], ['if a:\n    try:\n        pass\nelse:\n    pass\n', 4]] as const) {
    assert.equal(pythonErrors([source])[0], `SyntaxError: expected 'except' or 'finally' block. ${line}:0`);
    assert.equal(ours(source), `SyntaxError: expected 'except' or 'finally' block. ${line}:1`);
  }
});

test("a try mixing except and except* handlers (Python 3.11), at the first handler of the other kind", () => {
  assertLikePython([
    'try:\n    pass\nexcept* ValueError:\n    pass\nexcept KeyError:\n    pass\n',
    'try:\n    pass\nexcept KeyError:\n    pass\nexcept* ValueError:\n    pass\n',
    'if x:\n    try:\n        pass\n    except ValueError:\n        pass\n    except* (KeyError, TypeError) as e:\n        pass\n    else:\n        pass\n',
    // Valid neighbours: one kind per try.
    'try:\n    pass\nexcept* ValueError:\n    pass\nexcept* KeyError:\n    pass\nfinally:\n    pass\n',
    'try:\n    pass\nexcept ValueError:\n    pass\nexcept KeyError:\n    pass\n',
  ]);
});
