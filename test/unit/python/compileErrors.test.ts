// Files lezer parses but CPython refuses to compile, so Alembic cannot import them (assembl's
// migrations): tabs and spaces mixed inconsistently in indentation (TabError) and
// `from x import *` inside a function. Each case is also compiled by the real Python, which
// decides whether it is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LineIndex } from '../../../server/src/common/range';
import { parsePython } from '../../../server/src/python/parser';
import { compileErrors } from '../../../server/src/python/compileErrors';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

function pythonError(source: string): string | undefined {
  const result = spawnSync(PYTHON, ['-c', 'import sys\ntry:\n    compile(sys.stdin.read(), "m.py", "exec")\nexcept SyntaxError as e:\n    print(type(e).__name__, e.lineno)'], { input: source, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.stdout.trim() || undefined;
}

function ours(source: string): string | undefined {
  const [problem] = compileErrors('m.py', source, parsePython(source), new LineIndex(source));
  return problem ? `${problem.message.split(':')[0]} ${problem.range.start.line + 1}` : undefined;
}

const CASES = [
  // assembl 2e96ee310c2f: four spaces then a tab, next to eight spaces.
  'def upgrade():\n    if True:\n    \top.add_column("t", x)\n        op.execute("select 1")\n',
  // Tabs only, or spaces only: consistent.
  'def upgrade():\n\tif True:\n\t\tpass\n\tpass\n',
  'def upgrade():\n    if True:\n        pass\n',
  // A tab standing for eight spaces on one level and spaces on the next, consistently ordered.
  'def upgrade():\n\tif True:\n\t    pass\n\tpass\n',
  // Tab versus eight spaces at the same level.
  'def upgrade():\n\tx = 1\n        y = 2\n',
  // Inside brackets and strings indentation does not count.
  'def upgrade():\n    x = [\n\t1,\n        2]\n    y = """\n\tz\n"""\n',
  // assembl 238823d75893.
  'def upgrade():\n    from os.path import *\n    pass\n',
  'from os.path import *\nif True:\n    from os import *\n',
  'class A:\n    def f(self):\n        from os import *\n',
  // ERP-BERHAN e17e5f6c5f0b: after the header assignments.
  '"""doc"""\nrevision = "c"\nfrom __future__ import annotations\n',
  '"""doc"""\n# c\nfrom __future__ import annotations\nfrom __future__ import division\nimport os\n',
  'from __future__ import annotations\n"""not the docstring"""\n',
  'import os\ndef f():\n    from __future__ import annotations\n',
  // CPython's tokenizer allows 200 open brackets at once, not 201 (a file of generated code).
  `x = ${'('.repeat(200)}1${')'.repeat(200)}\n`,
  `x = 1\ny = ${'['.repeat(150)}${'('.repeat(51)}1${')'.repeat(51)}${']'.repeat(150)}\n`,
  `s = "${'('.repeat(300)}"\n`,
  // A named expression is a positional argument, not a keyword: codex-lb 20260516_000000 (valid),
  // then one after a keyword and one after **, which CPython refuses, and one as a generator's element.
  'def names(indexes):\n    return {name for index in indexes if isinstance(name := index["name"], str)}\n',
  'f(a=1, b := 2)\n',
  'f(**k, b := 2)\n',
  'f(x := 1, y=2)\n',
  'f(y := v for v in w)\n',
];

test('TabError, import * in a function and misordered call arguments are reported where CPython reports them, and only there', () => {
  for (const source of CASES) assert.equal(ours(source), pythonError(source), JSON.stringify(source));
});
