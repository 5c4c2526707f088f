/**
 * Typed errors of graph queries (identifier resolution, traversal). Alembic raises exceptions;
 * the public API of this layer returns `GraphResult` values instead. Inside the graph modules a
 * private `GraphFailure` exception carries the error up the Alembic-shaped recursion and is
 * converted to a value at the public boundary (`attempt`), so callers never see a throw.
 */

/**
 * Mirrors Alembic's exception classes: `resolution` = ResolutionError (carries `argument`),
 * `multiple-heads` = MultipleHeads (carries `heads`, `argument`), `range-not-ancestor` =
 * RangeNotAncestorError (carries `lower`, `upper`), `revision` = any other RevisionError.
 */
export type GraphErrorKind = 'resolution' | 'multiple-heads' | 'range-not-ancestor' | 'revision';

export interface GraphError {
  kind: GraphErrorKind;
  /** The text of Alembic's exception (before `ScriptDirectory` rewraps it; see `commandMessage`). */
  message: string;
  /** The identifier Alembic blames (ResolutionError / MultipleHeads). */
  argument?: string;
  heads?: string[];
  lower?: string;
  upper?: string;
}

export type GraphResult<T> = { ok: true; value: T } | { ok: false; error: GraphError };

/** Internal carrier; never escapes the graph layer's public functions. */
export class GraphFailure extends Error {
  constructor(readonly error: GraphError) {
    super(error.message);
  }
}

export function fail(kind: GraphErrorKind, message: string, extra: Partial<GraphError> = {}): never {
  throw new GraphFailure({ kind, message, ...extra });
}

/** Runs an Alembic-shaped computation and turns a GraphFailure into a value. */
export function attempt<T>(compute: () => T): GraphResult<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof GraphFailure) return { ok: false, error: error.error };
    throw error;
  }
}

/** The context `ScriptDirectory._catch_revision_errors` is entered with by a command. */
export interface CommandErrorContext {
  /** Template for range errors; `%(start)s` and `%(end)s` are substituted. */
  ancestor?: string;
  /** Template for multiple heads; `%(head_arg)s` and `%(heads)s` are substituted. */
  multipleHeads?: string;
  start?: string;
  end?: string;
  resolution?: string;
}

const DEFAULT_ANCESTOR =
  'Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch';
const DEFAULT_MULTIPLE_HEADS =
  "Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target " +
  "revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads";

/**
 * The message Alembic's command layer prints (after `FAILED: `) for a graph error, i.e. what
 * `_catch_revision_errors` turns each exception kind into.
 */
export function commandMessage(error: GraphError, context: CommandErrorContext = {}): string {
  const substitute = (template: string, values: Record<string, string>): string =>
    template.replace(/%\((\w+)\)s/g, (whole, name: string) => values[name] ?? whole);
  switch (error.kind) {
    case 'range-not-ancestor':
      return substitute(context.ancestor ?? DEFAULT_ANCESTOR, {
        start: context.start ?? error.lower ?? 'None',
        end: context.end ?? error.upper ?? 'None',
      });
    case 'multiple-heads':
      return substitute(context.multipleHeads ?? DEFAULT_MULTIPLE_HEADS, {
        head_arg: context.end ?? error.argument ?? 'None',
        heads: (error.heads ?? []).join(', '),
      });
    case 'resolution':
      return context.resolution ?? `Can't locate revision identified by '${error.argument ?? ''}'`;
    default:
      return error.message;
  }
}
