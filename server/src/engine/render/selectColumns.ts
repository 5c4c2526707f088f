/**
 * A SELECT's columns clause as SQLAlchemy 2 labels it. A labelled entry always prints `AS label`.
 * A select executed as the statement or given to `insert().from_select()` keeps its default
 * label style, LABEL_STYLE_DISAMBIGUATE_ONLY: a column whose name an earlier entry of the clause
 * already took gets its anonymous label `name_N`, and the same column met again its "dedupe"
 * label `name__N`. A scalar subquery, an IN subquery and an EXISTS select have LABEL_STYLE_NONE:
 * their table columns print bare. In every style an entry with no name of its own gets an
 * anonymous label: a function its name's (`max(t.a) AS max_1`), an operator, CASE,
 * `sa.literal()`, `sa.null()`, `sa.true()` `anon_N`; SQL text, `sa.literal_column()` and a column
 * of no table print bare and take no name. A cast or `sa.type_coerce()` is labelled in every style
 * after what it wraps: a column's name (`CAST(t.x AS TEXT) AS x`; after an entry that took the
 * name, the dedupe label `x__N`), else that expression's anonymous label. A unary `-` or NOT of
 * a column prints bare, of anything else labelled.
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
    if (column.kind === 'literalColumn' || (column.kind === 'column' && column.table === undefined && column.label === undefined)) {
      // `sa.literal_column("1")` and a column of no table (`sa.column("x")`) print bare in every
      // style and take no name: SQLAlchemy leaves out of its names what it will not label.
      plans.push(BARE);
      continue;
    }
    if (column.kind === 'cast' || column.kind === 'typeCoerce') {
      const wrapped = wrapperLabel(column, functionSeed);
      if (wrapped === undefined) return `${column.kind === 'cast' ? 'a cast' : 'sa.type_coerce()'} of ${describeInner(column.expr)} in a SELECT's columns clause, whose label is not modelled`;
      const identity = wrapped.kind === 'named' ? JSON.stringify(column) : wrapped.identity;
      // Equal entries are one object given twice or several objects: the source decides, which
      // the engine does not track (not for a name, which a subquery's style repeats as it is).
      if ((disambiguate || wrapped.kind === 'anonymous') && unnamed.has(identity)) return 'the same unnamed expression twice in a SELECT\'s columns clause (SQLAlchemy labels it by object identity)';
      unnamed.add(identity);
      if (wrapped.kind === 'anonymous') {
        plans.push({ kind: 'anonymous', seed: wrapped.seed });
        continue;
      }
      // Named after what it wraps; where an earlier entry took that name (a table column, a
      // label, another such wrapper; SQL text takes none) it gets its "dedupe" label `x__N`.
      const earlier = taken.get(wrapped.name);
      if (!disambiguate || earlier === undefined) {
        if (disambiguate) taken.set(wrapped.name, `wrapper\u0000${position}`);
        plans.push({ kind: 'given', name: wrapped.name });
        continue;
      }
      // A wrapper of a wrapper is deduped by its table-qualified name (`t_x__1`), not modelled.
      if (!wrapped.direct) return `a ${column.kind === 'cast' ? 'cast' : 'type_coerce()'} of a cast or type_coerce() named ${wrapped.name} after another entry of that name in a SELECT's columns clause, whose label is not modelled`;
      plans.push({ kind: 'anonymous', seed: `${wrapped.name}_` });
      continue;
    }
    if (column.kind === 'unary') {
      const unary = unaryLabel(column, functionSeed);
      if (unary === undefined) return `a ${column.operator} expression of ${describeInner(column.operand)} in a SELECT's columns clause, whose label is not modelled`;
      if (unary.kind === 'bare') {
        plans.push(BARE);
        continue;
      }
      if (unnamed.has(unary.identity)) return 'the same unnamed expression twice in a SELECT\'s columns clause (SQLAlchemy labels it by object identity)';
      unnamed.add(unary.identity);
      plans.push({ kind: 'anonymous', seed: unary.seed });
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
      // sa.true() / sa.false() are SQL constants, labelled; SQL text prints bare.
      return expr.booleanConstant === true ? 'anon' : null;
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
 * How SQLAlchemy names a cast or `sa.type_coerce()` (its WrapsColumnExpression) in a columns
 * clause, where it is always labelled: after the name of what it wraps (`CAST(t.x AS TEXT) AS x`;
 * `direct` when that is a table column or literal_column() itself, not another wrapper), else
 * with the anonymous label of what it wraps (`CAST(max(t.x) AS TEXT) AS max_1`, that object's
 * label: `identity`), or of its own for SQL text (`anon_1`); undefined for what is not modelled.
 */
type WrapperLabel = { kind: 'named'; name: string; direct: boolean } | { kind: 'anonymous'; seed: string; identity: string };

function wrapperLabel(expr: Extract<SqlExpr, { kind: 'cast' | 'typeCoerce' }>, functionSeed: (name: string) => string | undefined): WrapperLabel | undefined {
  const inner = expr.expr;
  switch (inner.kind) {
    case 'column':
      return inner.label === undefined ? { kind: 'named', name: inner.name, direct: true } : undefined;
    case 'literalColumn':
      return inner.labelReference === true ? undefined : { kind: 'named', name: inner.sql, direct: true };
    case 'cast':
    case 'typeCoerce': {
      const nested = wrapperLabel(inner, functionSeed);
      return nested?.kind === 'named' ? { ...nested, direct: false } : nested;
    }
    case 'text':
      return inner.booleanConstant === true ? { kind: 'anonymous', seed: 'anon', identity: JSON.stringify(inner) } : { kind: 'anonymous', seed: 'anon', identity: JSON.stringify(expr) };
    default: {
      const seed = anonymousSeed(inner, functionSeed);
      return typeof seed === 'string' ? { kind: 'anonymous', seed, identity: JSON.stringify(inner) } : undefined;
    }
  }
}

/**
 * A unary operator in a columns clause: bare when it applies to a named column (`-t.x`, `NOT
 * t.active`, `DISTINCT t.x`), else labelled: `-` and DISTINCT with an anonymous label of their own (`-max(t.x) AS anon_1`),
 * AsBoolean's NOT (a wrapper) with that of what it negates. ORDER BY's
 * modifiers, EXISTS and ANY/ALL there are not modelled.
 */
function unaryLabel(expr: Extract<SqlExpr, { kind: 'unary' }>, functionSeed: (name: string) => string | undefined): { kind: 'bare' } | { kind: 'anonymous'; seed: string; identity: string } | undefined {
  // `sa.exists(...)` among the columns: labelled as any unnamed expression (`EXISTS (...) AS anon_1`).
  if (expr.operator === 'EXISTS' && expr.operand.kind === 'select') return { kind: 'anonymous', seed: 'anon', identity: JSON.stringify(expr) };
  if (expr.operator !== '-' && expr.operator !== 'NOT' && expr.operator !== 'DISTINCT') return undefined;
  const operand = expr.operand;
  if ((operand.kind === 'column' && operand.label === undefined) || (operand.kind === 'literalColumn' && operand.labelReference !== true)) return { kind: 'bare' };
  // A plain NOT of anything else may be SQLAlchemy's AsBoolean where the engine does not know the
  // operand is Boolean (their labels differ): not followed.
  if (expr.operator === 'NOT' && expr.asBoolean !== true) return undefined;
  const seed = operand.kind === 'text' && operand.booleanConstant !== true ? undefined : anonymousSeed(operand, functionSeed);
  if (typeof seed !== 'string') return undefined;
  return expr.asBoolean === true ? { kind: 'anonymous', seed, identity: JSON.stringify(operand) } : { kind: 'anonymous', seed: 'anon', identity: JSON.stringify(expr) };
}

function describeInner(expr: SqlExpr): string {
  switch (expr.kind) {
    case 'column':
      return expr.label === undefined ? 'a column' : 'a labelled column';
    case 'select':
      return 'a subquery';
    case 'literalColumn':
      return 'a label name';
    default:
      return `a ${expr.kind} expression`;
  }
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
