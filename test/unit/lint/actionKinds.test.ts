// The lint walk calls a rule only for the kinds of action it declares (LintRule.actionKinds). That
// is an optimisation and must change nothing: every rule fixture and a generated history give the
// same problems when every rule is called for every action, as before the declarations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { RULES } from '../../../server/src/lint/rules/index';
import type { LintRule } from '../../../server/src/lint/types';
import { defaultLintConfig } from '../../../server/src/lint/config';
import type { Problem } from '../../../server/src/common/problem';
import { FIXTURES, lintFixtureRoot, readFixture, writeFixtureHistory } from './fixtureHistory';
import { generateHistory } from '../../../bench/generate-history.mjs';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

/** The problems of `lint()` with every rule called for every action (the declarations taken away meanwhile). */
function withEveryRuleCalled(lint: () => Problem[]): Problem[] {
  const declared = new Map<LintRule, LintRule['actionKinds']>();
  for (const rule of RULES) if (rule.actionKinds) declared.set(rule, rule.actionKinds);
  try {
    for (const rule of declared.keys()) delete (rule as { actionKinds?: unknown }).actionKinds;
    return lint();
  } finally {
    for (const [rule, kinds] of declared) (rule as { actionKinds?: LintRule['actionKinds'] }).actionKinds = kinds;
  }
}

test('most rules declare the kinds of action they check', () => {
  const declaring = RULES.filter((rule) => rule.actionKinds !== undefined);
  assert.ok(declaring.length >= 25, `${declaring.length} rules declare actionKinds`);
});

test('every rule fixture: the same problems with and without the dispatch by kind', () => {
  const codes = fs.readdirSync(FIXTURES).filter((name) => name.endsWith('.py')).map((name) => name.replace(/\.py$/, ''));
  let findings = 0;
  for (const code of codes) {
    const history = writeFixtureHistory(readFixture(code));
    const config = { ...history.config, select: ['ALL'] };
    const dispatched = lintFixtureRoot(history.root, config);
    const everyRule = withEveryRuleCalled(() => lintFixtureRoot(history.root, config));
    assert.deepEqual(dispatched, everyRule, code);
    findings += dispatched.length;
  }
  assert.ok(findings > 200, `${findings} findings compared`);
});

test('a generated history: the same problems with and without the dispatch by kind', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-lens-kinds-'));
  try {
    const history = generateHistory({ revisions: 300, out: path.join(out, 'history'), seed: 7, locations: 2 });
    const config = { ...defaultLintConfig(), select: ['ALL'] };
    const dispatched = lintFixtureRoot(history.dir, config);
    assert.ok(dispatched.length > 100, `${dispatched.length} findings`);
    assert.deepEqual(dispatched, withEveryRuleCalled(() => lintFixtureRoot(history.dir, config)));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
