/**
 * What every renderer receives and returns. Rendering never throws: a renderer that meets an
 * operation it cannot turn into Alembic's exact SQL reports a located problem instead, and the
 * operation then yields no statements at all (a half-rendered operation would be a lie).
 */
import type { Problem } from '../../common/problem';
import { ZERO_RANGE, type SourceRange } from '../../common/range';
import { RENDER_CODES as RENDER_CODE_INFOS } from '../../diagnostics/codes/render';

const SEVERITY = new Map(RENDER_CODE_INFOS.map((info) => [info.code, info.defaultSeverity]));

/**
 * A problem's data marking a failure of the offline SQL alone (a literal SQLAlchemy cannot print):
 * a live run binds the value and succeeds. Without it, an error is one both modes fail on.
 */
export const OFFLINE_ONLY: Readonly<Record<string, unknown>> = Object.freeze({ offlineOnly: true });

export interface RenderContext {
  /** The migration file the operation came from; problems point into it. */
  file: string;
  /**
   * The DBAPI paramstyle of the offline dialect. Alembic's generic `env.py` configures
   * `named` (the default here); an env.py that keeps psycopg2's `pyformat` makes SQLAlchemy
   * double every `%` in literals, text and quoted identifiers.
   */
  paramstyle?: 'named' | 'pyformat';
  /**
   * False when env.py's offline configure() leaves out `literal_binds=True`: SQLAlchemy then
   * prints a statement's values as bind placeholders, which the engine does not reproduce, so a
   * statement that has any is not rendered (render/bindParameters.ts).
   */
  literalBinds?: false;
  /**
   * Rendering for a live run (the online engine), where the driver binds values instead of
   * SQLAlchemy printing them: a value in a JSON or JSONB column, which `--sql` cannot print, is
   * sent as the text SQLAlchemy's JSON type binds (boundJson.ts).
   */
  liveRun?: true;
}

export interface RenderResult {
  /** Each statement exactly as `alembic upgrade --sql` prints it, without the trailing `;`. */
  statements: string[];
  problems: Problem[];
}

/** Collects problems while a renderer works, so helpers can report and carry on. */
export class RenderState {
  readonly problems: Problem[] = [];
  /** The schema of the table being rendered: `Enum(inherit_schema=True)` takes it. */
  tableSchema?: string;
  /** Set when a problem means the statements would not be Alembic's: they are then withheld. */
  fatal = false;
  /**
   * A statement a live run executes with parameters (op.execute of a DML or SELECT construct,
   * bulk_insert): there its values are bound, not printed. DDL is compiled with literal binds in a
   * live run too (CREATE INDEX, CHECK and defaults take no parameters).
   */
  liveRunBinds = false;

  private readonly ranges: SourceRange[] = [];
  /** SQLAlchemy's anonymous-label counters, one per seed, over the statement being compiled. */
  private readonly anonymousCounters = new Map<string, number>();

  constructor(
    readonly context: RenderContext,
    private readonly defaultRange: SourceRange = ZERO_RANGE,
  ) {}

  /** Runs `work` with problems located at `range` (a column's own call) when it is known. */
  within<T>(range: SourceRange | undefined, work: () => T): T {
    if (!range) return work();
    this.ranges.push(range);
    try {
      return work();
    } finally {
      this.ranges.pop();
    }
  }

  get doublePercents(): boolean {
    return this.context.paramstyle === 'pyformat';
  }

  /** `fatal: false` for warnings about SQL that is still exactly what Alembic prints. */
  report(code: string, message: string, range?: SourceRange, data?: Record<string, unknown>, fatal = true): void {
    if (fatal) this.fatal = true;
    this.problems.push({
      code,
      severity: SEVERITY.get(code) ?? 'error',
      message,
      file: this.context.file,
      range: range ?? this.ranges[this.ranges.length - 1] ?? this.defaultRange,
      related: [],
      ...(data ? { data } : {}),
    });
  }

  /**
   * The next anonymous label drawn from `seed` in this statement (`id_1`, `max_2`, `anon_1`; the
   * dedupe seed `id_` gives `id__1`), as SQLAlchemy numbers each distinct label it compiles.
   */
  anonymousLabel(seed: string): string {
    const count = this.anonymousCounters.get(seed) ?? 1;
    this.anonymousCounters.set(seed, count + 1);
    return `${seed}_${count}`;
  }

  /** `%` doubling that SQLAlchemy applies under the `pyformat` paramstyle. */
  percents(text: string): string {
    return this.doublePercents ? text.replace(/%/g, '%%') : text;
  }
}
