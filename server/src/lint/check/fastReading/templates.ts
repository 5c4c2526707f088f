/**
 * A statement's reading as a template: made by the general reading (interpreter, renderer, lint
 * reading) of a small file holding only that statement, with its names replaced by placeholders,
 * then filled with another statement's names and positions. A template is kept only when it is
 * provably the same for any names: the statement is read twice, with two different sets of
 * placeholders of the same lengths, and both readings must be equal once each placeholder is
 * replaced by its number. So a name may reach the reading only whole (a table, a column), never
 * inside a derived string (a naming convention's `fk_<table>_<column>`, a truncated name's hash):
 * such a statement gets no template and its file is read the general way. Every position in the
 * reading must be the whole statement or lie inside one of its arguments, and is kept relative
 * to it.
 */
import { LineIndex, type SourceRange } from '../../../common/range';
import { interpretMigration } from '../../../engine/interpret/index';
import type { Action, MigrationFunction } from '../../actions';
import type { SqlSyntaxError } from '../../collect';
import { readingOf } from '../../run';
import type { NameSpan } from './statements';

/**
 * A range kept by what it covers: the whole statement (`arg` -1), or offsets inside argument
 * `arg` of the synthetic statement, which fill() maps past the placeholders to the real text.
 */
interface SymbolicRange {
  arg: number;
  start: number;
  end: number;
}

/** A placeholder's number in a template (`{ $name: 0 }` is the first name). */
interface NameSlot {
  $name: number;
}

export interface Template {
  /** The steps the interpreter made of the statement (a body of only `pass` has none). */
  steps: number;
  /** The reading's actions and syntax errors with placeholders as slots and ranges kept symbolic. */
  actions: unknown[];
  syntaxErrors: unknown[];
  /** The same, compiled for fill(). */
  parts: { actions: Part[]; syntaxErrors: Part[] };
  /** The operation of the first action, when asked for (create_table's columns are checked on it). */
  operation?: unknown;
}

/**
 * A template's value as fill() builds it. A part that holds no name and no range is the same in
 * every filling: it is frozen and shared by every reading made from the template rather than
 * copied (most of a column's facts, a lock's description), which was most of the filling's
 * allocations. Readings are only read after they are made; the freeze makes a write to a shared
 * part an error instead of a change to other readings.
 */
export type Part =
  | { readonly tag: 'constant'; readonly value: unknown }
  | { readonly tag: 'name'; readonly slot: number }
  | { readonly tag: 'range'; readonly range: SymbolicRange }
  | { readonly tag: 'array'; readonly items: readonly Part[] }
  | { readonly tag: 'object'; readonly keys: readonly string[]; readonly fields: readonly Part[] };

/** Compiles a template's value (see Part); `key` is the field it stands in. */
export function compilePart(value: unknown, key?: string): Part {
  if (typeof value !== 'object' || value === null) return { tag: 'constant', value };
  if (key === 'range') return { tag: 'range', range: value as SymbolicRange };
  if (Array.isArray(value)) {
    const items = value.map((item) => compilePart(item));
    return items.every((item) => item.tag === 'constant') ? constantPart(value) : { tag: 'array', items };
  }
  const slot = (value as Partial<NameSlot>).$name;
  if (slot !== undefined) return { tag: 'name', slot };
  const keys = Object.keys(value);
  const fields = keys.map((field) => compilePart((value as Record<string, unknown>)[field], field));
  return fields.every((field) => field.tag === 'constant') ? constantPart(value) : { tag: 'object', keys, fields };
}

function constantPart(value: object): Part {
  return { tag: 'constant', value: deepFreeze(value) };
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null && !Object.isFrozen(inner)) deepFreeze(inner);
  return Object.freeze(value);
}

export interface SyntheticStatement {
  /** `op.<name>(` + arguments + `)` with the first placeholder set (the template's key). */
  text: string;
  /** The same with the second set (same lengths, so the same positions). */
  secondText(): string;
  /** Where each argument starts and ends inside the text. */
  argStarts: number[];
  argEnds: number[];
  /** The placeholders inside each argument. */
  spans: NameSpan[][];
  /** The placeholders of a set, by number (made only for a template: most statements find theirs made). */
  placeholders(set: 0 | 1): string[];
}

export interface StatementContext {
  file: string;
  /** The import statements of the file, which decide what `op` and `sa` are. */
  imports: string;
  indent: number;
  fn: MigrationFunction;
  /** The statement stands in `with op.get_context().autocommit_block():` at this indentation. */
  autocommitIndent?: number;
}

/** The template of `statement` in `context`, or null when it has none. */
export function makeTemplate(statement: SyntheticStatement, context: StatementContext, withOperation = false): Template | null {
  const first = readSynthetic(statement, 0, context, withOperation);
  if (!first) return null;
  const second = readSynthetic(statement, 1, context, false);
  if (!second) return null;
  const a = JSON.stringify({ steps: first.steps, actions: first.actions, syntaxErrors: first.syntaxErrors });
  const b = JSON.stringify(second);
  if (a !== b) return null;
  return { ...first, parts: { actions: first.actions.map((action) => compilePart(action)), syntaxErrors: first.syntaxErrors.map((error) => compilePart(error)) } };
}

/** A synthetic statement's reading, before it is compiled into a template. */
type TemplateReading = Omit<Template, 'parts'>;

function readSynthetic(statement: SyntheticStatement, set: 0 | 1, context: StatementContext, withOperation: boolean): TemplateReading | undefined {
  const indent = ' '.repeat(context.indent);
  // A migration without upgrade() is a problem of its own: a downgrade statement is read after one.
  const upgradeFirst = context.fn === 'downgrade' ? `def upgrade():\n${indent}pass\n\n\n` : '';
  const block = context.autocommitIndent === undefined ? '' : `with op.get_context().autocommit_block():\n${' '.repeat(context.autocommitIndent)}`;
  const prefix = `${context.imports}\n\n\n${upgradeFirst}def ${context.fn}():\n${indent}${block}`;
  const statementText = set === 0 ? statement.text : statement.secondText();
  const text = `${prefix}${statementText}\n`;
  const interpreted = interpretMigration(context.file, text);
  // A statement that reads __file__, __name__ or a file means something else in another file.
  if (interpreted.problems.length > 0 || interpreted.pathDependent) return undefined;
  const steps = interpreted[context.fn]?.steps;
  if (!steps) return undefined;
  const reading = readingOf(context.file, text, interpreted, withOperation);
  const linted = reading[context.fn];
  if (!linted) return undefined;
  const lines = new LineIndex(text);
  const stmtStart = prefix.length;
  const stmtEnd = stmtStart + statementText.length;
  const names = new Map(statement.placeholders(set).map((name, index) => [name, index]));
  let failed = false;
  const symbolic = (range: SourceRange): SymbolicRange | undefined => {
    const from = lines.offsetAt(range.start) - stmtStart;
    const to = lines.offsetAt(range.end) - stmtStart;
    if (from === 0 && to === stmtEnd - stmtStart) return { arg: -1, start: 0, end: 0 };
    for (let i = 0; i < statement.argStarts.length; i++) {
      const argStart = statement.argStarts[i];
      if (from < argStart || to > statement.argEnds[i]) continue;
      const start = from - argStart;
      const end = to - argStart;
      // A position inside a name has no counterpart in a name of another length.
      for (const span of statement.spans[i]) if ((start > span.at && start < span.at + span.syntheticLength) || (end > span.at && end < span.at + span.syntheticLength)) return undefined;
      return { arg: i, start, end };
    }
    return undefined;
  };
  const canonical = (value: unknown, key?: string): unknown => {
    if (failed) return undefined;
    if (typeof value === 'string') {
      const slot = names.get(value);
      return slot === undefined ? value : ({ $name: slot } satisfies NameSlot);
    }
    if (Array.isArray(value)) return value.map((item) => canonical(item));
    if (value && typeof value === 'object') {
      if (key === 'range') {
        const kept = symbolic(value as SourceRange);
        if (!kept) failed = true;
        return kept;
      }
      const out: Record<string, unknown> = {};
      for (const [field, inner] of Object.entries(value)) {
        if (field === 'operation') continue;
        out[field] = canonical(inner, field);
      }
      return out;
    }
    return value;
  };
  for (const action of linted.actions) {
    // A transaction change reaches the statements after it: not a statement's own reading.
    if (action.kind === 'transaction' || action.inTransaction !== (context.autocommitIndent === undefined)) return undefined;
  }
  const actions = linted.actions.map((action) => canonical(action));
  const syntaxErrors = reading.syntaxErrors.map((error) => canonical(error));
  if (failed) return undefined;
  const result: TemplateReading = { steps: steps.length, actions, syntaxErrors };
  if (withOperation && linted.actions.length > 0) result.operation = (linted.actions[0] as Action).operation;
  return result;
}

/** Where a statement's arguments are in the real file, and the names that fill the slots. */
export interface Filling {
  lines: LineIndex;
  whole: SourceRange;
  /** Offset in the real text of each argument of the synthetic statement. */
  argStarts: number[];
  /** The placeholders inside each argument, with the real names' lengths. */
  spans: NameSpan[][];
  names: string[];
}

/** The template's actions and syntax errors with the statement's names and positions. */
export function fill(template: Template, filling: Filling): { actions: Action[]; syntaxErrors: SqlSyntaxError[] } {
  const { actions, syntaxErrors } = template.parts;
  return { actions: actions.map((part) => instantiate(part, filling) as Action), syntaxErrors: syntaxErrors.map((part) => instantiate(part, filling) as SqlSyntaxError) };
}

/** A part's value with the filling's names and positions (constant parts are shared). */
export function instantiate(part: Part, filling: Filling): unknown {
  switch (part.tag) {
    case 'constant':
      return part.value;
    case 'name':
      return filling.names[part.slot];
    case 'range':
      return absolute(part.range, filling);
    case 'array':
      return part.items.map((item) => instantiate(item, filling));
    case 'object': {
      const out: Record<string, unknown> = {};
      const { keys, fields } = part;
      for (let i = 0; i < keys.length; i++) out[keys[i]] = instantiate(fields[i], filling);
      return out;
    }
  }
}

function absolute(range: SymbolicRange, filling: Filling): SourceRange {
  if (range.arg < 0) return filling.whole;
  const argStart = filling.argStarts[range.arg];
  const spans = filling.spans[range.arg];
  const real = (offset: number): number => {
    let shift = 0;
    for (const span of spans) if (span.at + span.syntheticLength <= offset) shift += span.realLength - span.syntheticLength;
    return argStart + offset + shift;
  };
  return filling.lines.rangeOf(real(range.start), real(range.end));
}
