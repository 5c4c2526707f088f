/**
 * `globals()` in a migration: the module's own names and their values, as a dictionary. Alembic's
 * multidb template dispatches with it: `def upgrade(engine_name): globals()["upgrade_%s" %
 * engine_name]()` calls the module's `upgrade_<engine>()`. The dictionary is a copy: a module that
 * writes into `globals()` (`globals()[name] = ...`, `.update`, `.setdefault`) makes names the
 * engine cannot list, so there it is unknown.
 */
import type { CallArgs } from './args';
import type { InterpreterState } from './state';
import { opaque, raising, str, type Value } from './values';

const WRITES_GLOBALS = /\bglobals\s*\(\s*\)\s*(?:\[[^\]\n]*\]\s*(?:[-+*/%|&^@]|\/\/|<<|>>|\*\*)?=(?!=)|\.\s*(?:update|setdefault|pop|popitem|clear)\s*\()/;

export function globalsCall(args: CallArgs, state: InterpreterState): Value {
  if (args.positional.length > 0 || args.keywords.size > 0) return raising(`TypeError: globals() takes no arguments (${args.positional.length + args.keywords.size} given)`);
  const home = state.module;
  if (WRITES_GLOBALS.test(state.source)) return opaque('globals() of a module that writes names into it');
  const entries: { key: Value; value: Value }[] = [];
  for (const name of home.ownNames()) {
    const value = home.lookupOwn(name);
    if (value !== undefined) entries.push({ key: str(name), value });
  }
  return { kind: 'dict', entries };
}
