/**
 * A SELECT's columns clause as SQLAlchemy 2 labels it. A labelled entry always prints `AS label`.
 * A select executed as the statement or given to `insert().from_select()` keeps its default
 * label style, LABEL_STYLE_DISAMBIGUATE_ONLY: a column whose name an earlier entry of the clause
 * already took gets its anonymous label `name_N`, and the same column met again its "dedupe"
 * label `name__N`. A scalar subquery, an IN subquery and an EXISTS select have LABEL_STYLE_NONE:
 * their table columns print bare. In every style an entry with no name of its own gets an
 * anonymous label: a function its name's (`max(t.a) AS max_1`), an operator, CASE or
 * `sa.literal()` `anon_N`; SQL text prints bare. `sa.type_coerce()` of a table column is labelled
 * with the column's name in every style (`t.x AS x`), of anything else as what it wraps would be.
 *
 * N counts, per seed, the distinct labels of the whole compiled statement in the order SQLAlchemy
 * compiles them (a label before what it labels), so the numbers are drawn while rendering
 * (RenderState.anonymousLabel), not when planning.
 */
import type { SqlExpr } from '../ops';
import { quoteIdentifier } from './identifiers';
import type { RenderState } from './context';

type SelectedColumn = Extract<SqlExpr, { kind: 'column' }>;

/** What an entry of the columns clause prints after it: nothing, a given label, or the next anonymous label of a seed. */
export type LabelPlan = { kind: 'bare' } | { kind: 'given'; name: string } | { kind: 'anonymous'; seed: string };

const BARE: LabelPlan = { kind: 'bare' };

/** PostgreSQL's identifier length: SQLAlchemy truncates a longer label in a way not modelled here. */
const MAX_LABEL_LENGTH = 63;

/**
 * The label plan of each entry, in order; undefined when SQLAlchemy's choice depends on what the
 * engine cannot see (the same expression object given twice, or two equal ones: identity decides).
 */
export function selectLabels(columns: SqlExpr[], disambiguate: boolean, functionSeed: (name: string) => string | undefined): LabelPlan[] | string {
  // Names taken so far, each with the identity of the entry that took it: a table column is the
  // same column wherever it is met (its table, schema and name); each label is a distinct object.
  const taken = new Map<string, string>();
  const unnamed = new Set<string>();
  const plans: LabelPlan[] = [];
  for (const [position, column] of columns.entries()) {
    if (column.kind === 'label') {
      if (!taken.has(column.name)) taken.set(column.name, `label\u0000${position}`);
      plans.push({ kind: 'given', name: column.name });
      continue;
    }
    if (column.kind === 'literalColumn') {
      // `sa.literal_column("1")` prints bare, its text taking a name; what SQLAlchemy does when
      // another entry has that name is not modelled.
      if (disambiguate && taken.has(column.sql)) return `sa.literal_column("${column.sql}") beside another entry of that name in a SELECT's columns clause`;
      taken.set(column.sql, `literal\u0000${position}`);
      plans.push(BARE);
      continue;
    }
    if (column.kind === 'typeCoerce') {
      const coerced = typeCoerceLabel(column, functionSeed);
      if (coerced === undefined) return 'sa.type_coerce() of a cast, literal_column() or label in a SELECT\'s columns clause, whose label is not modelled';
      if (coerced.kind === 'given') {
        // type_coerce(t.c.x) is labelled with the column's name in every style; after an entry
        // that took the name SQLAlchemy gives it a dedupe label (`x__1`) by rules not modelled.
        if (disambiguate && taken.has(coerced.name)) return `sa.type_coerce() of the column ${coerced.name} after another entry of that name in a SELECT's columns clause`;
        taken.set(coerced.name, `label\u0000${position}`);
        plans.push(coerced);
        continue;
      }
      const identity = JSON.stringify(column);
      if (unnamed.has(identity)) return 'the same unnamed expression twice in a SELECT\'s columns clause (SQLAlchemy labels it by object identity)';
      unnamed.add(identity);
      plans.push(coerced);
      continue;
    }
    if (column.kind !== 'column') {
      const seed = anonymousSeed(column, functionSeed);
      if (seed === null) {
        plans.push(BARE);
        continue;
      }
      if (seed === undefined) return `a ${column.kind} expression in a SELECT's columns clause, whose label is not modelled`;
      // Two equal unnamed entries are one object given twice (a dedupe label) or two objects (two
      // numbers): the source decides, which the engine does not track.
      const identity = JSON.stringify(column);
      if (unnamed.has(identity)) return 'the same unnamed expression twice in a SELECT\'s columns clause (SQLAlchemy labels it by object identity)';
      unnamed.add(identity);
      plans.push({ kind: 'anonymous', seed });
      continue;
    }
    const identity = column.label === undefined ? columnIdentity(column) : `label\u0000${position}`;
    const name = column.label ?? column.name;
    const earlier = taken.get(name);
    if (disambiguate && earlier?.startsWith('literal\u0000')) return `a column named ${name} beside sa.literal_column("${name}") in a SELECT's columns clause`;
    if (earlier === undefined) taken.set(name, identity);
    if (column.label !== undefined) {
      plans.push({ kind: 'given', name: column.label });
      continue;
    }
    if (!disambiguate || earlier === undefined) {
      plans.push(BARE);
      continue;
    }
    // Another column took the name: this one's own anonymous label, unless it already has it
    // (then it is a repeat, as is the same column met again).
    const anonymousKey = `anonymous\u0000${identity}`;
    if (earlier !== identity && !taken.has(anonymousKey)) {
      taken.set(anonymousKey, identity);
      plans.push({ kind: 'anonymous', seed: name });
    } else {
      plans.push({ kind: 'anonymous', seed: `${name}_` });
    }
  }
  return plans;
}

/** The seed of an unnamed entry's anonymous label; null when it prints bare, undefined when not modelled. */
function anonymousSeed(expr: SqlExpr, functionSeed: (name: string) => string | undefined): string | null | undefined {
  switch (expr.kind) {
    case 'text':
      return null;
    case 'function':
      return expr.labelSeed ?? functionSeed(expr.name);
    case 'binary':
    case 'between':
    case 'case':
    case 'extract':
    case 'literal':
      return 'anon';
    default:
      return undefined;
  }
}

/**
 * The label of `sa.type_coerce(expr, type_)` as an entry of the clause: a table column's name
 * (`t.x AS x`, even where the bare column would print bare), or the anonymous label of what it
 * wraps (SQL text too: `1 AS anon_1`); undefined for what is not modelled (a cast, labelled
 * with its column's name; a literal_column(), with its text).
 */
function typeCoerceLabel(expr: Extract<SqlExpr, { kind: 'typeCoerce' }>, functionSeed: (name: string) => string | undefined): LabelPlan | undefined {
  let inner = expr.expr;
  while (inner.kind === 'typeCoerce') inner = inner.expr;
  if (inner.kind === 'column') return inner.label === undefined ? { kind: 'given', name: inner.name } : undefined;
  if (inner.kind === 'text') return { kind: 'anonymous', seed: 'anon' };
  const seed = anonymousSeed(inner, functionSeed);
  return typeof seed === 'string' ? { kind: 'anonymous', seed } : undefined;
}

function columnIdentity(column: SelectedColumn): string {
  return `column\u0000${column.schema ?? ''}\u0000${column.table ?? ''}\u0000${column.name}`;
}

/** `t.a, s.a AS a_1, max(t.b) AS max_1`: each entry rendered by `render`, then its label, quoted as SQLAlchemy quotes a name. */
export function renderColumnsClause(columns: SqlExpr[], disambiguate: boolean, state: RenderState, render: (column: SqlExpr) => string, functionSeed: (name: string) => string | undefined): string {
  const plans = selectLabels(columns, disambiguate, functionSeed);
  if (typeof plans === 'string') {
    state.report('unsupported-sql-expression', `${plans}: not rendered.`);
    return '';
  }
  return columns.map((column, at) => {
    const plan = plans[at];
    if (plan.kind === 'bare') return render(column);
    // The label is drawn before what it labels is compiled (a subquery inside draws after it).
    const label = plan.kind === 'given' ? plan.name : state.anonymousLabel(plan.seed);
    if (label.length > MAX_LABEL_LENGTH) state.report('unsupported-sql-expression', `the label ${label} is longer than PostgreSQL's 63 characters, which SQLAlchemy truncates in its own way: not rendered.`);
    const inner = column.kind === 'label' ? column.expr : column;
    return `${render(inner)} AS ${quoteIdentifier(label, state)}`;
  }).join(', ');
}
