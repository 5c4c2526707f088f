/**
 * A statement the engine does not follow still runs in Python, so the names it may change must not
 * keep their old values: a list whose item is reassigned, a dict a module-level loop fills, a name
 * rebound under a condition known only at run time. Each snippet runs at the top of a migration
 * module and inside upgrade(); the real Python prints the value, and the engine must print the same
 * or leave the statement using it opaque, never print the old value as understood (before, every
 * `stale` case below printed the value from before the change). The `followed` cases must match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

/** Followed in both places: the engine prints what Python prints. */
const FOLLOWED = [
  'x = [1, 2]\nx[0] = 3',
  'x = [1, 2]\nx[-1] = 7',
  'x = [1, 2]\nx.append(5)',
  'x = [1, 2]\ndel x[0]',
  'd = {"a": 1, "b": 2}\ndel d["a"]\nx = list(d.keys())',
  'd = {"a": 1}\nd["b"] = 2\nx = [d.get("a"), d.get("b")]',
  'def f():\n    return 1, 2\nx = f()',
];

/** Not followed somewhere: opaque there, or Python's value. */
const STALE = [
  'x = [1, 2]\nx.sort(reverse=True)',
  'x = [1, 2]\nx[0] += 5',
  'x = [1, 2]\nfor i in range(3):\n    x.append(i)',
  'x = [1, 2]\nwhile len(x) < 4:\n    x.append(0)',
  'x = [1, 2]\ntry:\n    x = [8]\nexcept Exception:\n    pass',
  'import os\nx = [1, 2]\nif os.environ.get("ALEMBIC_LENS_TEST_UNSET_VARIABLE") is None:\n    x = [9]',
  'x = [1, 2]\nfor i in range(2):\n    x = [i]',
  'x = [3, 1]\nx.reverse()',
];

function indented(snippet: string): string {
  return snippet.split('\n').map((line) => `    ${line}`).join('\n');
}

function python(snippet: string, inFunction: boolean): string {
  const program = inFunction ? `def upgrade():\n${indented(snippet)}\n    print(repr(x))\nupgrade()\n` : `${snippet}\nprint(repr(x))\n`;
  return execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' }).trim();
}

function engine(snippet: string, inFunction: boolean): string {
  const use = '    op.execute("SELECT %s" % (repr(x),))';
  const source = inFunction ? `from alembic import op\n\n\ndef upgrade():\n${indented(snippet)}\n${use}\n` : `from alembic import op\n\n${snippet}\n\n\ndef upgrade():\n${use}\n`;
  const steps = interpretMigration('/virtual/m.py', source).upgrade!.steps;
  const last = steps[steps.length - 1];
  if (last?.kind !== 'operation' || last.operation.kind !== 'execute' || last.operation.sql.kind !== 'text') return 'OPAQUE';
  return last.operation.sql.sql.replace(/^SELECT /, '');
}

test('values a followed change makes are the values Python has', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  for (const snippet of FOLLOWED) {
    for (const inFunction of [false, true]) assert.equal(engine(snippet, inFunction), python(snippet, inFunction), `${inFunction ? 'in upgrade()' : 'module'}: ${snippet}`);
  }
});

test('a change the engine does not follow never leaves the old value in use', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Python`);
  for (const snippet of STALE) {
    for (const inFunction of [false, true]) {
      const printed = engine(snippet, inFunction);
      if (printed !== 'OPAQUE') assert.equal(printed, python(snippet, inFunction), `${inFunction ? 'in upgrade()' : 'module'}: ${snippet}`);
    }
  }
  // At the top of the module these are not run, so they must be opaque there.
  assert.equal(engine(STALE[2], false), 'OPAQUE');
  assert.equal(engine(STALE[5], false), python(STALE[5], false)); // the condition is decided from the engine's environment
});
