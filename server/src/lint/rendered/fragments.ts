/**
 * The parts of a rendered statement that are not names (a column's type, default and flags, a
 * default expression, a CHECK condition), read by the real PostgreSQL parser once per distinct
 * text. A history repeats the same few hundred column definitions thousands of times under other
 * names, so each text is parsed in a statement of its own with placeholder names (`t`, `c`) and
 * the answer kept: the placeholders are plain names, so the parse tree is the one the whole
 * statement gives, but for the names the caller puts back.
 */
import type { ActionBody, ActionOf, ColumnFacts, DefaultFacts, TypeFacts } from '../actions';
import { parseSql } from '../sql/parser';
import { statementToActions } from '../sql/toActions';

type Body<K extends ActionBody['kind']> = Extract<ActionBody, { kind: K }>;

/**
 * Parsed texts by the statement they complete (the text before them) and then by the text itself
 * (looked up as it is, without building the whole statement): their actions, or null when the
 * statement is not exactly one statement that parses.
 */
const parsed = new Map<string, Map<string, readonly ActionBody[] | null>>();
let remembered = 0;
const MAX_REMEMBERED = 20_000;

function actionsOf(before: string, rest: string): readonly ActionBody[] | null {
  let byRest = parsed.get(before);
  if (!byRest) parsed.set(before, (byRest = new Map()));
  let known = byRest.get(rest);
  if (known === undefined) {
    const result = parseSql(before + rest);
    known = result?.ok && result.statements.length === 1 ? statementToActions(result.statements[0].node) : null;
    if (remembered >= MAX_REMEMBERED) {
      for (const texts of parsed.values()) texts.clear();
      remembered = 0;
    }
    byRest.set(rest, known);
    remembered++;
  }
  return known;
}

/** The one action of `before + rest` when it is of `kind` on table `t`; undefined otherwise. */
function onlyAction<K extends ActionBody['kind']>(before: string, rest: string, kind: K): Body<K> | undefined {
  const actions = actionsOf(before, rest);
  if (!actions || actions.length !== 1) return undefined;
  const [action] = actions;
  return action.kind === kind && (action as { table?: unknown }).table === 't' ? (action as Body<K>) : undefined;
}

/** `name <rest>` as a column definition (CREATE TABLE's and ADD COLUMN's grammar is the same). */
export function columnFactsOf(name: string, rest: string): ColumnFacts | undefined {
  const action = onlyAction('ALTER TABLE t ADD COLUMN c ', rest, 'addColumn');
  if (!action || action.column.name !== 'c' || action.ifNotExists) return undefined;
  return copyColumn(action.column, name);
}

/** `ALTER COLUMN column TYPE <rest>`: the action it yields (none when the type is not read). */
export function alterTypeOf(table: string, column: string, rest: string): ActionOf<'alterColumnType'>[] | undefined {
  const actions = actionsOf('ALTER TABLE t ALTER COLUMN c TYPE ', rest);
  if (!actions || actions.length > 1) return undefined;
  if (actions.length === 0) return [];
  const [action] = actions;
  if (action.kind !== 'alterColumnType' || action.table !== 't' || action.column !== 'c') return undefined;
  return [{ ...action, table, column, type: copyType(action.type) } as ActionOf<'alterColumnType'>];
}

/** `ALTER COLUMN column SET DEFAULT <rest>`. */
export function setDefaultOf(table: string, column: string, rest: string): Body<'setDefault'> | undefined {
  const action = onlyAction('ALTER TABLE t ALTER COLUMN c SET DEFAULT ', rest, 'setDefault');
  if (!action || action.column !== 'c' || !action.default) return undefined;
  return { ...action, table, column, default: copyDefault(action.default) };
}

/** `ADD <rest>` where rest is a constraint clause without its `CONSTRAINT name` (given back as `name`). */
export function constraintOf(table: string, name: string | undefined, rest: string): Body<'addConstraint'> | undefined {
  const action = onlyAction('ALTER TABLE t ADD ', rest, 'addConstraint');
  if (!action || action.name !== undefined) return undefined;
  const { kind, table: _table, name: _name, ...others } = action;
  // `references` is copied too (the parsed fragment is remembered and shared); assigning keys already spread keeps their order.
  return { kind, table, ...(name !== undefined ? { name } : {}), ...others, columns: [...action.columns], ...(action.references ? { references: { table: action.references.table, columns: [...action.references.columns] } } : {}) };
}

/** The number of distinct texts parsed so far (for tests). */
export function rememberedFragments(): number {
  return remembered;
}

// Copies: a reading owns its actions (the schema model and the caches must not share them).
/** The keys in the order toActions.ts `columnFacts` gives them (type, then default, after the flags). */
function copyColumn(column: ColumnFacts, name: string): ColumnFacts {
  const copy: ColumnFacts = { name, notNull: column.notNull, primaryKey: column.primaryKey, generated: column.generated };
  if (column.type) copy.type = copyType(column.type);
  if (column.default) copy.default = copyDefault(column.default);
  return copy;
}

function copyType(type: TypeFacts): TypeFacts {
  return { name: type.name, modifiers: [...type.modifiers], isArray: type.isArray };
}

function copyDefault(value: DefaultFacts): DefaultFacts {
  return value.sequence === undefined ? { sql: value.sql, volatile: value.volatile } : { sql: value.sql, volatile: value.volatile, sequence: value.sequence };
}
