// A long upgrade (thousands of op.add_column / op.execute("UPDATE ...") in one function) is linted
// in work that grows with its length, not with its square: the rules that look at the statements
// before each one (backfill-under-exclusive-lock, lock-timeout-missing) once went through all of
// them for every statement, and a 2 MB migration took minutes. Counted, not timed: every read of
// an element of the function's list of actions is counted (a Proxy), and doubling the function
// must about double the count.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintHistory, readingOf, type HistoryEntry, type MigrationReading } from '../../../server/src/lint/run';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Action } from '../../../server/src/lint/actions';
import type { Problem } from '../../../server/src/common/problem';
import { headerOf } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

/** An upgrade of `n` pairs: a column added to orders (ACCESS EXCLUSIVE), then an UPDATE of orders (of a batch: no key pins its rows). */
function migrationText(n: number): string {
  const lines: string[] = [];
  for (let at = 0; at < n; at++) {
    lines.push(`    op.add_column("orders", sa.Column("c${at}", sa.Text(), nullable=True))`);
    lines.push(`    op.execute("UPDATE orders SET x = 1 WHERE batch = ${at}")`);
  }
  return `${headerOf('a1', undefined)}\ndef upgrade():\n${lines.join('\n')}\n\n\ndef downgrade():\n    pass\n`;
}

/** Lints the migration with every rule; the reads of the upgrade's actions and the problems. */
function lintCounting(n: number): { reads: number; actions: number; problems: Problem[] } {
  const file = '/migrations/versions/a1_long.py';
  const text = migrationText(n);
  const reading = readingOf(file, text, interpretMigration(file, text));
  const actions = reading.upgrade!.actions;
  let reads = 0;
  const counted = new Proxy(actions, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  }) as Action[];
  const cached: MigrationReading = { ...reading, upgrade: { ...reading.upgrade!, actions: counted } };
  const entry: HistoryEntry = { revision: 'a1', file, text };
  const problems = lintHistory({
    history: [entry],
    config: { ...defaultLintConfig(), select: ['ALL'] },
    interpret: interpretMigration,
    cache: { get: () => cached, set: () => undefined },
  });
  return { reads, actions: actions.length, problems };
}

test('a long upgrade: the rules read its list of actions a number of times that grows linearly', () => {
  const small = lintCounting(500);
  const large = lintCounting(1000);
  assert.equal(small.actions, 1000);
  assert.equal(large.actions, 2000);
  // The rules still see what they saw: every UPDATE runs under the first column's lock, one
  // lock_timeout finding for the function.
  const count = (problems: Problem[], code: string) => problems.filter((problem) => problem.code === code).length;
  assert.equal(count(large.problems, 'backfill-under-exclusive-lock'), 1000);
  assert.equal(count(large.problems, 'lock-timeout-missing'), 1);
  const backfill = large.problems.find((problem) => problem.code === 'backfill-under-exclusive-lock' && problem.range.start.line === 2007)!;
  assert.match(backfill.message, /ACCESS EXCLUSIVE lock on "orders" \(line 9\)/);
  // Quadratic work read the list about n²/2 times (a million reads for 2,000 actions); linear
  // work reads it a few times per action, and doubling the function doubles the reads.
  assert.ok(large.reads <= 20 * large.actions, `${large.reads} reads of ${large.actions} actions`);
  assert.ok(large.reads <= 2.5 * small.reads, `${small.reads} reads for ${small.actions} actions, ${large.reads} for ${large.actions}`);
});
