/**
 * `op.create_table(...)` read in parts: every table has its own mix of columns, so a template of
 * the whole statement would serve one table. A *plain* column (one whose name no other argument
 * mentions and whose value, read alone, is neither a key, nor indexed, nor unique, nor carries a
 * foreign key, a check, a comment, an identity, a sequence or a computed expression) is printed by
 * SQLAlchemy the same whatever table it stands in, and its facts in the table's action are those
 * of its definition: its template is a table of that column alone. The rest of the statement (the
 * table's name, the other columns, the constraints, the keyword arguments) is the *skeleton*, with
 * its own template; the table's action is the skeleton's, with the plain columns' facts put back
 * in their places.
 */
import { LineIndex, type SourceRange } from '../../../common/range';
import type { ColumnSpec, CreateTableOp } from '../../../engine/ops';
import type { Action, ColumnFacts } from '../../actions';
import type { SqlSyntaxError } from '../../collect';
import type { Argument, Expression } from './callSyntax';
import { templateFor } from './memo';
import { maskedStatement, type MaskedArguments } from './statements';
import { compilePart, fill, instantiate, makeTemplate, type Part, type StatementContext, type SyntheticStatement, type Template } from './templates';

/** The table a plain column's template is read in (its facts do not name it). */
const COLUMN_TABLE = 'fast_reading_table';
const COLUMN_PREFIX = `op.create_table("${COLUMN_TABLE}", `;

export interface StatementReading {
  steps: number;
  actions: Action[];
  syntaxErrors: SqlSyntaxError[];
}

/** A plain column's template: the facts of the single column of its table, compiled. */
interface ColumnTemplate extends Template {
  facts: Part;
}

interface Place {
  lines: LineIndex;
  whole: SourceRange;
}

/** The reading of a create_table call, 'later' (a template is not made yet) or undefined (none). */
export function createTableReading(text: string, args: readonly Argument[], place: Place, context: StatementContext, contextKey: string): StatementReading | 'later' | undefined {
  const columns = args.map((arg, index) => (index > 0 && isColumnCall(arg) ? arg : undefined));
  const plain = new Map<number, { template: ColumnTemplate; names: string[] }>();
  const strings = argumentStrings(args);
  let later = false;
  for (let index = 1; index < args.length; index++) {
    const column = columns[index];
    if (!column || !nameIsPrivate(strings, args, index)) continue;
    const known = plainColumnOf(text, column, context, contextKey);
    if (known === 'later') later = true;
    else if (known) plain.set(index, known);
  }
  if (later) return 'later';
  // The skeleton keeps one column at least: a table without columns prints differently.
  const skeletonColumns = columns.filter((column, index) => column && !plain.has(index)).length;
  if (skeletonColumns === 0) {
    const first = columns.findIndex((column) => column !== undefined);
    if (first < 0) return undefined;
    plain.delete(first);
  }
  const kept = args.map((_, index) => index).filter((index) => !plain.has(index));
  const masked = maskedStatement(text, 'create_table', kept.map((index) => args[index]), true);
  if (!masked) return undefined;
  const template = templateFor(contextKey, masked.statement.text, () => makeTemplate(masked.statement, context));
  if (template === 'later' || template === null) return template === null ? undefined : 'later';
  const filled = fill(template, { lines: place.lines, whole: place.whole, argStarts: kept.map((index) => args[index].start), spans: masked.spans, names: masked.names });
  if (plain.size === 0) return { steps: template.steps, ...filled };
  // The table's own action (an enum column's CREATE TYPE comes before it).
  const tables = filled.actions.filter((action) => action.kind === 'createTable');
  const table = tables[0];
  if (tables.length !== 1 || table.kind !== 'createTable') return undefined;
  const keptColumns = kept.filter((index) => columns[index] !== undefined).length;
  if (table.columns.length !== keptColumns) return undefined;
  const merged: ColumnFacts[] = [];
  let next = 0;
  for (let index = 1; index < args.length; index++) {
    if (!columns[index]) continue;
    const known = plain.get(index);
    merged.push(known ? plainFacts(known.template, known.names) : table.columns[next++]);
  }
  table.columns = merged;
  return { steps: template.steps, ...filled };
}

function isColumnCall(arg: Argument): boolean {
  const value = arg.value;
  return arg.keyword === undefined && value.kind === 'call' && value.callee === 'sa.Column' && value.args[0]?.keyword === undefined && value.args[0]?.value.kind === 'string';
}

/** Every argument's string literals in one text, and where each argument's part of it starts and ends. */
interface ArgumentStrings {
  all: string;
  starts: number[];
  ends: number[];
}

/**
 * Whether no other argument's strings mention the column's name (a key, a foreign key, a check):
 * every place the name occurs in the strings of all arguments lies in the column's own part.
 */
function nameIsPrivate(strings: ArgumentStrings, args: readonly Argument[], index: number): boolean {
  const value = args[index].value;
  if (value.kind !== 'call' || value.args[0].value.kind !== 'string') return false;
  const name = value.args[0].value.value;
  if (name === '') return false;
  const own = strings.starts[index];
  const ownEnd = strings.ends[index];
  for (let at = strings.all.indexOf(name); at >= 0; at = strings.all.indexOf(name, at + 1)) {
    if (at < own || at + name.length > ownEnd) return false;
  }
  return true;
}

/**
 * The string literals of each argument (names reach other arguments only as strings), joined:
 * one search of the name per column, not one per column and argument. The separators cannot be
 * part of a plain name, and a match across one counts as another argument's (the safe answer).
 */
function argumentStrings(args: readonly Argument[]): ArgumentStrings {
  const collect = (value: Expression, out: string[]): void => {
    if (value.kind === 'string') out.push(value.value);
    else if (value.kind === 'sequence') for (const item of value.items) collect(item, out);
    else if (value.kind === 'call') for (const arg of value.args) collect(arg.value, out);
  };
  let all = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const arg of args) {
    const out: string[] = [];
    collect(arg.value, out);
    if (starts.length > 0) all += '\u0001';
    starts.push(all.length);
    all += out.join('\u0000');
    ends.push(all.length);
  }
  return { all, starts, ends };
}

/** A column's template and names, or null (not plain), by context and the column's own text. */
const columnsByText = new Map<string, { template: ColumnTemplate; names: string[] } | null>();

/**
 * The template and names of a column written exactly so before in this context: the same text
 * masks to the same statement with the same names (id, created_at and their like recur in most
 * tables), so it is neither masked nor looked up again.
 */
function plainColumnOf(text: string, column: Argument, context: StatementContext, contextKey: string): { template: ColumnTemplate; names: string[] } | null | 'later' | undefined {
  const key = `${contextKey}${text.slice(column.start, column.end)}`;
  const known = columnsByText.get(key);
  if (known !== undefined) return known;
  const masked = columnStatement(text, column);
  if (!masked) return undefined;
  const template = columnTemplate(masked, context, contextKey);
  if (template === 'later') return 'later';
  const answer = template ? { template, names: masked.names } : null;
  columnsByText.set(key, answer);
  return answer;
}

/** The template of a plain column: its table's single column, or null when the column is not plain. */
function columnTemplate(masked: MaskedArguments, context: StatementContext, contextKey: string): ColumnTemplate | null | 'later' {
  return templateFor(`${contextKey}column:`, masked.statement.text, () => {
    const template = makeTemplate(masked.statement, context, true);
    if (!template || template.steps !== 1 || template.actions.length !== 1 || template.syntaxErrors.length > 0) return null;
    const action = template.actions[0] as { kind?: string; columns?: unknown[] };
    const operation = template.operation as CreateTableOp | undefined;
    if (action.kind !== 'createTable' || action.columns?.length !== 1 || operation?.kind !== 'createTable') return null;
    if (operation.constraints.length > 0 || operation.indexes.length > 0 || operation.columns.length !== 1 || !isPlain(operation.columns[0])) return null;
    // Only the column's facts are used: compiled on their own, not filled as a whole table.
    return { ...template, operation: undefined, facts: compilePart(action.columns[0]) };
  }) as ColumnTemplate | null | 'later';
}

function isPlain(column: ColumnSpec): boolean {
  return (
    !column.primaryKey &&
    column.unique !== true &&
    column.index !== true &&
    column.comment === undefined &&
    column.identity === undefined &&
    column.computed === undefined &&
    column.sequence === undefined &&
    column.foreignKeys.length === 0 &&
    column.checks.length === 0 &&
    (column.tableChecks?.length ?? 0) === 0
  );
}

/** `op.create_table("fast_reading_table", <column>)` with the column's name masked. */
function columnStatement(text: string, column: Argument): MaskedArguments | undefined {
  const masked = maskedStatement(text, 'column', [column], true);
  if (!masked) return undefined;
  const prefixLength = 'op.column('.length;
  const shift = COLUMN_PREFIX.length - prefixLength;
  const inner = masked.statement;
  const statement: SyntheticStatement = {
    text: COLUMN_PREFIX + inner.text.slice(prefixLength),
    secondText: () => COLUMN_PREFIX + inner.secondText().slice(prefixLength),
    argStarts: inner.argStarts.map((start) => start + shift),
    argEnds: inner.argEnds.map((end) => end + shift),
    spans: inner.spans,
    placeholders: inner.placeholders,
  };
  return { ...masked, statement };
}

function plainFacts(template: ColumnTemplate, names: string[]): ColumnFacts {
  return instantiate(template.facts, { lines: NO_LINES, whole: ZERO, argStarts: [], spans: [], names }) as ColumnFacts;
}

const ZERO: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** A column's facts hold no range: instantiate() never reads these. */
const NO_LINES = new LineIndex('');
