/**
 * A statement that needs a lock blocking the application, run with no lock_timeout: if a long
 * query holds the table, the ALTER waits in the lock queue, and every query that arrives after it
 * queues behind it, so a "fast" migration takes the application down for as long as the oldest
 * query runs. A lock_timeout (or a statement_timeout, which counts lock waits too) set earlier
 * in the function, or once for every migration in env.py, bounds the wait. Reported once per
 * function, at its first such statement.
 *
 * Off unless selected: many deployments set the timeout where no file shows it (the database
 * role's `ALTER ROLE ... SET lock_timeout`, PGOPTIONS in the deploy job), and then every
 * migration would be reported for nothing.
 */
import type { LintRule } from '../types';
import type { Action } from '../actions';
import { aLockOf, quoted } from './shared/describe';
import { blockingLocksOf, positionIn } from './shared/tableLocks';
import { lockModeBySqlName } from '../trace/lockModes';

const TIMEOUTS = ['lock_timeout', 'statement_timeout'];

/** Whether `action` leaves a timeout in force (`SET lock_timeout = '5s'`), takes it back, or neither. */
function timeoutEffect(action: Action): 'set' | 'reset' | undefined {
  if (action.kind !== 'otherSql') return undefined;
  const match = /^(SET|RESET) (\w+)$/.exec(action.statement);
  if (match?.[0] === 'RESET all') return 'reset';
  if (!match || !TIMEOUTS.includes(match[2])) return undefined;
  return match[1] === 'SET' ? 'set' : 'reset';
}

/**
 * The statements seen taking a blocking lock as the replay passed them, per lint of a migration (the
 * migration as the rules see it, made anew for each run; the rule context is one for the whole walk)
 * and function: an earlier statement's lock cannot always be worked out again later (a raw `DROP
 * INDEX ix` names no table, and the index is gone from the model once it ran).
 */
const blockingSeen = new WeakMap<object, Map<string, Seen>>();

/** The statements seen (above) and the first position among them in the function's list. */
interface Seen {
  actions: Set<Action>;
  first: number;
}

/**
 * `before[p]`: whether a timeout is in force before the statement at position `p` of a function's
 * list, made once per list (going through every earlier statement for each one was quadratic).
 */
const timeoutsByList = new WeakMap<readonly Action[], boolean[]>();

function timeoutBefore(actions: readonly Action[], position: number): boolean {
  let before = timeoutsByList.get(actions);
  if (!before || before.length !== actions.length + 1) {
    before = [];
    let timeout = false;
    for (const action of actions) {
      before.push(timeout);
      const effect = timeoutEffect(action);
      if (effect) timeout = effect === 'set';
    }
    before.push(timeout);
    timeoutsByList.set(actions, before);
  }
  return before[position];
}

export const lockTimeoutMissing: LintRule = {
  code: 'lock-timeout-missing',
  defaultSeverity: 'warning',
  title: 'Blocking lock taken without a lock_timeout',
  optIn: true,
  checkAction(action, context) {
    if (context.config.timeoutInEnvPy) return;
    let byFunction = blockingSeen.get(context.migration);
    if (!byFunction) blockingSeen.set(context.migration, (byFunction = new Map()));
    let seen = byFunction.get(action.fn);
    const actions = context.migration[action.fn]?.actions ?? [];
    const position = positionIn(actions, action);
    // A blocking statement earlier in the function was seen: it is the one reported (or silenced
    // by a timeout), whatever this one locks. Only a statement before every one seen needs its
    // locks, so most statements are answered without working them out.
    if (seen !== undefined && position >= 0 && seen.first < position) return;
    const locks = blockingLocksOf(action, context.schema);
    if (locks.length === 0) return;
    if (!seen) byFunction.set(action.fn, (seen = { actions: new Set(), first: Infinity }));
    seen.actions.add(action);
    if (position >= 0) {
      seen.first = Math.min(seen.first, position);
      if (timeoutBefore(actions, position)) return;
      // Once per function: the first statement that would wait is the one to point at. A statement
      // seen before this one answers at once; only the first one seen goes through those before it.
      if (seen.first < position) return;
      for (let at = 0; at < position; at++) if (seen.actions.has(actions[at]) || blockingLocksOf(actions[at], context.schema).length > 0) return;
    }
    const lock = locks[0];
    // Every table it locks in that mode (a dropped foreign key's referenced table with its own).
    const tables = [...new Set(locks.filter((each) => each.mode === lock.mode).map((each) => each.table))];
    const named = tables.length === 1 ? quoted(tables[0]) : `${tables.slice(0, -1).map(quoted).join(', ')} and ${quoted(tables[tables.length - 1])}`;
    context.report(
      action.range,
      `this takes ${aLockOf(lock.mode)} on ${named} with no lock_timeout: if a long-running query holds the table, the migration waits, and every query arriving after it queues behind it; ` +
        `run op.execute("SET lock_timeout = '5s'") at the start of ${action.fn}(), or set it once for every migration in env.py (connection.execute(text("SET lock_timeout = '5s'")) before context.configure), and retry the deploy when it times out`,
      { lock: { mode: lockModeBySqlName(lock.mode)?.mode ?? lock.mode, tables } }
    );
  },
};
