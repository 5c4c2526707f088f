/**
 * Robustness: random mutations of every fixture (fixed seed, bounded count) must never make
 * the interpreter throw, and whatever it returns must stay well-formed (ranges inside the text,
 * every operation located). Also a few hand-written pathological inputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { SourceRange } from '../../../server/src/common/range';
import type { Step } from '../../../server/src/engine/ops';
import { caseFiles, loadCases } from './fixtureCases';
// @ts-expect-error: a plain ES module without types (the benchmark scripts run it on their own)
import { mulberry32 } from '../../../bench/history/random.mjs';

/** mulberry32 (the benchmark histories' generator): a tiny deterministic PRNG, so failures reproduce. */
const random = (seed: number): (() => number) => mulberry32(seed);

const FRAGMENTS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', ':', ',', '*', '**', '=', '.', '\n', '\n    ', '    ',
  'op.', 'sa.', 'if ', 'for x in ', 'with ', 'return', 'def ', 'lambda', 'None', '0x', '%s', 'f"{', '\\', '#', 'try:',
  'op.create_table(', 'sa.Column(', 'batch_op.', 'context.is_offline_mode()', 'range(99999)', '* 10**9'];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const choice = next();
    if (choice < 0.35) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 12));
    else if (choice < 0.8) out = out.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] + out.slice(at);
    else if (choice < 0.9) out = out.slice(0, at);
    else {
      const lines = out.split('\n');
      const line = Math.floor(next() * lines.length);
      lines.splice(line, 0, lines[line]);
      out = lines.join('\n');
    }
  }
  return out;
}

function checkRange(range: SourceRange | undefined, lineCount: number, what: string): void {
  assert.ok(range, `${what} has a range`);
  assert.ok(range.start.line >= 0 && range.end.line < lineCount + 1, `${what} range inside the text`);
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what} range ordered`);
}

function checkSteps(steps: Step[], lineCount: number): void {
  for (const step of steps) {
    if (step.kind === 'operation') checkRange(step.operation.range, lineCount, step.operation.kind);
    else if (step.kind === 'opaque') {
      checkRange(step.range, lineCount, 'opaque step');
      assert.ok(step.reason.length > 0, 'opaque step has a reason');
    } else if (step.kind === 'autocommit') checkSteps(step.steps, lineCount);
    else if (step.kind === 'print') continue;
    else {
      checkSteps(step.offline, lineCount);
      checkSteps(step.online, lineCount);
    }
  }
}

function checkWellFormed(text: string): void {
  const result = interpretMigration('/fuzz.py', text);
  const lineCount = text.split('\n').length;
  assert.ok(Array.isArray(result.problems));
  for (const problem of result.problems) checkRange(problem.range, lineCount, `problem ${problem.code}`);
  for (const fn of [result.upgrade, result.downgrade]) if (fn) checkSteps(fn.steps, lineCount);
}

const sources = caseFiles().flatMap((file) => loadCases(file).map((fixture) => fixture.source));

test('fixtures exist for fuzzing', () => {
  assert.ok(sources.length >= 40, `only ${sources.length} fixture sources`);
});

test('random mutations of fixtures never throw and stay well-formed', () => {
  const next = random(20261125);
  const iterations = 1500;
  for (let i = 0; i < iterations; i++) {
    const source = sources[Math.floor(next() * sources.length)];
    const mutated = mutate(source, next);
    try {
      checkWellFormed(mutated);
    } catch (error) {
      assert.fail(`iteration ${i} failed on:\n${mutated}\n${(error as Error).stack}`);
    }
  }
});

const PATHOLOGICAL: Record<string, string> = {
  'empty file': '',
  'only a docstring': '"""nothing"""\n',
  'huge loop': 'from alembic import op\ndef upgrade():\n    for i in range(10**9):\n        op.execute("SELECT 1")\n',
  'nested loops': 'from alembic import op\ndef upgrade():\n    for i in range(1000):\n        for j in range(1000):\n            op.execute("SELECT %s" % j)\n',
  'recursive helper': 'from alembic import op\ndef f():\n    f()\ndef upgrade():\n    f()\n',
  'mutual recursion': 'def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\ndef upgrade():\n    op.execute(a(1))\n',
  'huge repetition': 'def upgrade():\n    op.execute("x" * 10**9)\n    op.execute(["x"] * 10**9)\n',
  'deep nesting': `def upgrade():\n    op.execute(${'('.repeat(400)}"x"${')'.repeat(400)})\n`,
  'unicode names': 'def upgrade():\n    op.add_column("tälle", sa.Column("ñ", sa.Text))\n',
  'tabs and crlf': 'from alembic import op\r\ndef upgrade():\r\n\top.drop_table("x")\r\n',
  'upgrade is not a function': 'upgrade = 1\n',
  'class with upgrade method': 'class X:\n    def upgrade(self):\n        pass\n',
};

for (const [name, text] of Object.entries(PATHOLOGICAL)) {
  // The timeout is the runner's guard against a hang (an interpreter that really ran 10**9
  // iterations), not a speed claim: bench/ measures speed. The behaviour is checked below.
  test(`pathological input: ${name}`, { timeout: 60000 }, () => {
    checkWellFormed(text);
  });
}

test('the huge loop and the huge repetition are not run: each is cut off as opaque', () => {
  for (const name of ['huge loop', 'huge repetition']) {
    const steps = interpretMigration('/x.py', PATHOLOGICAL[name]).upgrade?.steps ?? [];
    assert.ok(steps.length <= 20001, `${name}: ${steps.length} steps`);
    assert.ok(steps.some((step) => step.kind === 'opaque'), `${name}: an opaque step`);
  }
});

test('the nested-loop case is cut off with an opaque step instead of running a million statements', () => {
  const result = interpretMigration('/x.py', PATHOLOGICAL['nested loops']);
  const steps = result.upgrade?.steps ?? [];
  assert.ok(steps.length <= 20001, `${steps.length} steps`);
  assert.equal(steps[steps.length - 1].kind, 'opaque');
});

test('a long straight-line migration (a squashed history of 7,000 lines) is interpreted whole, not cut off', () => {
  // Its speed next to parsing is measured in bench/ ("interpretation against parsing").
  let body = '';
  for (let i = 0; i < 5850; i++) {
    body += `    op.add_column("t${i % 7}", sa.Column("c${i}", sa.String(255), nullable=False, server_default="x"))\n`;
    if (i % 5 === 0) body += `    op.execute("UPDATE t${i % 7} SET c${i} = 'y' WHERE c${i} IS NULL")\n`;
  }
  const text = `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n\ndef downgrade():\n    pass\n`;
  assert.ok(text.split('\n').length >= 7000);
  const steps = interpretMigration('/big.py', text).upgrade?.steps ?? [];
  assert.equal(steps.length, 5850 + 1170);
  assert.ok(steps.every((step) => step.kind === 'operation'), 'no step is opaque');
});

test('recursion is bounded and reported as opaque', () => {
  const result = interpretMigration('/x.py', PATHOLOGICAL['recursive helper']);
  const steps = result.upgrade?.steps ?? [];
  assert.ok(steps.some((step) => step.kind === 'opaque'));
});
