/**
 * A SELECT's columns clause as SQLAlchemy 2 labels it. A labelled column always prints `AS
 * label`. A select executed as the statement or given to `insert().from_select()` keeps its
 * default label style, LABEL_STYLE_DISAMBIGUATE_ONLY: a column whose name an earlier entry of the
 * clause already took gets its anonymous label `name_N` (N counts the distinct columns labelled
 * from that name), and the same column met again its "dedupe" label `name__N`. A scalar subquery,
 * an IN subquery and an EXISTS select have LABEL_STYLE_NONE: their table columns print bare.
 */
import type { SqlExpr } from '../ops';
import { quoteIdentifier } from './identifiers';
import type { RenderState } from './context';

type SelectedColumn = Extract<SqlExpr, { kind: 'column' }>;

/**
 * SQLAlchemy's anonymous-label numbering within one compiled statement: each distinct label
 * drawn from a seed gets the seed's next number (`id_1`, `id_2`; the dedupe seed `id_` gives
 * `id__1`).
 */
class AnonymousLabels {
  private readonly counters = new Map<string, number>();

  next(seed: string): string {
    const count = this.counters.get(seed) ?? 1;
    this.counters.set(seed, count + 1);
    return `${seed}_${count}`;
  }
}

/** The label SQLAlchemy gives each column (undefined: printed bare), in order. */
export function selectLabels(columns: SqlExpr[], disambiguate: boolean): (string | undefined)[] {
  // Names taken so far, each with the identity of the entry that took it: a table column is the
  // same column wherever it is met (its table, schema and name); each label is a distinct object.
  const taken = new Map<string, string>();
  const anonymous = new AnonymousLabels();
  return columns.map((column, position) => {
    if (column.kind !== 'column') return undefined;
    const identity = column.label === undefined ? columnIdentity(column) : `label\u0000${position}`;
    const name = column.label ?? column.name;
    const earlier = taken.get(name);
    if (earlier === undefined) taken.set(name, identity);
    if (column.label !== undefined) return column.label;
    if (!disambiguate || earlier === undefined) return undefined;
    // Another column took the name: this one's own anonymous label, unless it already has it
    // (then it is a repeat, as is the same column met again).
    const anonymousKey = `anonymous\u0000${identity}`;
    if (earlier !== identity && !taken.has(anonymousKey)) {
      taken.set(anonymousKey, identity);
      return anonymous.next(name);
    }
    return anonymous.next(`${name}_`);
  });
}

function columnIdentity(column: SelectedColumn): string {
  return `column\u0000${column.schema ?? ''}\u0000${column.table ?? ''}\u0000${column.name}`;
}

/** `t.a, s.a AS a_1`: each column rendered by `render`, then its label, quoted as SQLAlchemy quotes a name. */
export function renderColumnsClause(columns: SqlExpr[], disambiguate: boolean, state: RenderState, render: (column: SqlExpr) => string): string {
  const labels = selectLabels(columns, disambiguate);
  return columns.map((column, at) => {
    const label = labels[at];
    return label === undefined ? render(column) : `${render(column)} AS ${quoteIdentifier(label, state)}`;
  }).join(', ');
}
