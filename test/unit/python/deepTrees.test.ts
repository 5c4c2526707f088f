// A generated expression nested thousands of levels (CPython refuses 2,993 and more, so Lens must
// read it to say so) is built into lezer's tree without a call per level: the build succeeds on
// a stack far smaller than the default, and stores the tree exactly as lezer's `Tree.build`
// does (which, recursing per level, needs a larger stack to give the reference).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEEP_SOURCES, LEZER_DEEP_SOURCES, type ProblemSummary } from '../../support/deepTrees';
import { cpythonCompileErrors } from '../../support/cpythonCompile';

const SCRIPT = path.join(__dirname, '../../support/deepTrees.ts');

function runScript<T>(stackKilobytes: number, mode: string, names: string[]): Record<string, T> {
  const result = spawnSync(process.execPath, [`--stack-size=${stackKilobytes}`, '--import', 'tsx', SCRIPT, mode, ...names], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, T>;
}

function run(stackKilobytes: number, mode: 'compare' | 'parse'): Record<string, { answered: boolean; sameAsTreeBuild?: boolean }> {
  return runScript(stackKilobytes, mode, Object.keys(DEEP_SOURCES));
}

test('trees nested past 2,500 levels: the same storage as Tree.build, the leaves past its depth limit kept flat', () => {
  for (const [name, verdict] of Object.entries(run(4000, 'compare'))) assert.deepEqual(verdict, { answered: true, sameAsTreeBuild: true }, name);
});

test('trees nested past 2,500 levels are built on a quarter of the default stack', () => {
  for (const [name, verdict] of Object.entries(run(250, 'parse'))) assert.deepEqual(verdict, { answered: true }, name);
});

test('a file lezer cannot build a tree of on the stack left is refused with a located problem, CPython\'s own where it has one', () => {
  const problems = runScript<ProblemSummary>(250, 'problems', Object.keys(LEZER_DEEP_SOURCES));
  // More than 200 open brackets: CPython's tokenizer error, where CPython reports it.
  const [brackets] = cpythonCompileErrors([LEZER_DEEP_SOURCES.brackets]);
  assert.deepEqual(problems.brackets, [{ message: `${brackets!.type}: ${brackets!.message}.`, line: brackets!.line! - 1, column: brackets!.column! - 1 }]);
  // Python compiles this one: Lens says it could not read it, at the deep line, and guesses no verdict.
  assert.deepEqual(cpythonCompileErrors([LEZER_DEEP_SOURCES.chainBesideLambda]), [null]);
  assert.equal(problems.chainBesideLambda.length, 1);
  assert.match(problems.chainBesideLambda[0].message, /^Alembic Lens cannot read this file: its code is nested too deeply/);
  assert.deepEqual({ ...problems.chainBesideLambda[0], message: '' }, { message: '', line: 2, column: 0 });
});
