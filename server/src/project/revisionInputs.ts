/**
 * Turns a file's header into the graph's `RevisionInput`, resolving imported constants. Each
 * value remembers which source item it came from, so graph issues can be mapped back to the
 * exact item range later.
 */
import type { Problem } from '../common/problem';
import { ZERO_RANGE, type SourceRange } from '../common/range';
import { emptyList, orEmpty } from '../common/emptyList';
import type { RevisionInput } from '../graph/types';
import { literalStrings, type HeaderVariable, type MigrationHeader } from '../python/headerTypes';
import type { ConstantResolver } from './references';

/** A value of a header field with the range of the source item it came from. */
export interface LocatedValue {
  value: string;
  range: SourceRange;
}

export type LocatedValues = Record<'revision' | 'down_revision' | 'branch_labels' | 'depends_on', readonly LocatedValue[]>;

export interface FileRevision {
  input?: RevisionInput;
  /** Located values per field, for mapping graph issues to ranges. */
  readonly located: LocatedValues;
  /** Unresolved references. */
  readonly problems: readonly Problem[];
}

const HEADER_FIELDS = ['revision', 'downRevision', 'branchLabels', 'dependsOn'] as const;

export function fileRevisionOf(path: string, header: MigrationHeader, resolver: ConstantResolver): FileRevision {
  if (hasReference(header)) {
    const problems: Problem[] = [];
    const located = locatedValues(path, header, resolver, problems);
    const ids = valuesIn(located.revision);
    if (ids.length > 1) problems.push(severalIdsProblem(path, header, ids.length));
    const values = { ids, downRevisions: valuesIn(located.down_revision), branchLabels: valuesIn(located.branch_labels), dependsOn: dependenciesOf(header, valuesIn(located.depends_on)) };
    return new HeaderRevision(header, revisionInputOf(path, header, values), orEmpty(problems), located);
  }
  // Only literals (nearly every file): nothing to resolve and nothing to report. The located
  // values are needed only to place a graph issue, so they are built when one asks.
  return new HeaderRevision(header, revisionInputOf(path, header, literalHeaderValues(header)), emptyList(), undefined);
}

/** The file's revision; `located` is computed on first use when the header holds only literals. */
class HeaderRevision implements FileRevision {
  constructor(
    private readonly header: MigrationHeader,
    readonly input: RevisionInput | undefined,
    readonly problems: readonly Problem[],
    private locatedCache: LocatedValues | undefined,
  ) {}

  get located(): LocatedValues {
    return (this.locatedCache ??= locatedValues(this.header.file, this.header, undefined, undefined));
  }
}

/** `resolver` undefined: the header has no references (literal strings only). */
function locatedValues(path: string, header: MigrationHeader, resolver: ConstantResolver | undefined, problems: Problem[] | undefined): LocatedValues {
  const located: LocatedValues = {
    revision: valuesOf(path, header.revision, resolver, problems),
    down_revision: valuesOf(path, header.downRevision, resolver, problems),
    branch_labels: valuesOf(path, header.branchLabels, resolver, problems),
    depends_on: valuesOf(path, header.dependsOn, resolver, problems),
  };
  if (located.revision.length === 0 && header.revisionFromFileName) {
    located.revision = [{ value: header.revisionFromFileName, range: ZERO_RANGE }];
  }
  return located;
}

/** A header's four fields as plain values (literals, or constants already resolved). */
export interface HeaderValues {
  ids: readonly string[];
  downRevisions: readonly string[];
  branchLabels: readonly string[];
  dependsOn: readonly string[];
}

/**
 * The one place a file's graph record is built; the index (with constants resolved) and the
 * engine's cached loader (literals only, engine/offline/revisionInput.ts) both call it, so the
 * editor and `--sql` see the same graph.
 *
 * The id: Alembic keeps `module.revision` as it is. A tuple or list there becomes a tuple key
 * that no string identifier finds, so every command fails ("Can't locate revision identified
 * by ..." or a TypeError); a header with anything but exactly one id therefore gives no record
 * (the value is reported as `invalid-value-type`). Only a file with no `revision` variable at
 * all falls back to the legacy id in its file name, as Alembic does.
 */
export function revisionInputOf(path: string, header: MigrationHeader, values: HeaderValues): RevisionInput | undefined {
  const id = values.ids.length === 1 ? values.ids[0] : header.revision ? undefined : header.revisionFromFileName;
  if (id === undefined) return undefined;
  const docstring = header.docstring;
  // One literal with every field: inputs are kept per file, and fields added later cost an extra object.
  return {
    id,
    downRevisions: values.downRevisions,
    branchLabels: values.branchLabels,
    dependsOn: values.dependsOn,
    key: path,
    path,
    message: docstring?.message,
    docstring: docstring?.text,
    createDate: docstring?.createDate?.value,
  };
}

/** The header's literal strings only (references left out): what can be known without the workspace. */
export function literalHeaderValues(header: MigrationHeader): HeaderValues {
  return {
    ids: stringsOf(header.revision),
    downRevisions: stringsOf(header.downRevision),
    branchLabels: stringsOf(header.branchLabels),
    dependsOn: dependenciesOf(header, stringsOf(header.dependsOn)),
  };
}

/**
 * `depends_on = ""` declares no dependency: Alembic reads dependencies only when the value is
 * truthy, so an empty string is skipped (an empty string inside a tuple is not).
 */
function dependenciesOf(header: MigrationHeader, values: readonly string[]): readonly string[] {
  return header.dependsOn?.value.shape === 'scalar' && values.length === 1 && values[0] === '' ? emptyList() : values;
}

function valuesIn(located: readonly LocatedValue[]): readonly string[] {
  return located.length === 0 ? emptyList() : located.map((item) => item.value);
}

/** The string items' values; the shared empty list when there are none (most branch labels and dependencies). */
function stringsOf(variable: HeaderVariable | undefined): readonly string[] {
  const items = variable?.value.items;
  if (!items || items.length === 0) return emptyList();
  return orEmpty(literalStrings(variable));
}

/** A `revision` constant that holds a tuple: the parser reports literal tuples, this the imported ones. */
function severalIdsProblem(path: string, header: MigrationHeader, count: number): Problem {
  return {
    code: 'invalid-value-type',
    severity: 'error',
    message: `'revision' must be one string; this constant holds ${count} values, which Alembic cannot look up. The file is left out of the graph.`,
    file: path,
    range: header.revision?.value.range ?? ZERO_RANGE,
    related: [],
    data: { variable: 'revision' },
  };
}

/** Plain loops, not callbacks: this runs for every file of a cold index, mostly before V8 optimises it. */
export function hasReference(header: MigrationHeader): boolean {
  for (const field of HEADER_FIELDS) {
    const items = header[field]?.value.items;
    if (!items) continue;
    for (let index = 0; index < items.length; index++) if (items[index].kind === 'reference') return true;
  }
  return false;
}

/** The last sentence of an unresolved-reference message; the CLI swaps it for its own wording. */
export const LEFT_OUT_OF_GRAPH = ' The value is left out of the graph.';

function valuesOf(path: string, variable: HeaderVariable | undefined, resolver: ConstantResolver | undefined, problems: Problem[] | undefined): readonly LocatedValue[] {
  if (!variable || variable.value.items.length === 0) return emptyList();
  const out: LocatedValue[] = [];
  for (const item of variable.value.items) {
    if (item.kind === 'string') out.push({ value: item.value, range: item.range });
    else if (item.kind === 'reference' && resolver && problems) {
      const resolved = resolver.resolve(item.reference, path);
      if (resolved.ok) {
        for (const value of resolved.values) out.push({ value, range: item.range });
      } else {
        problems.push({
          code: 'unresolved-reference',
          severity: 'warning',
          message: `Cannot resolve '${item.reference.module}.${item.reference.name}' in '${variable.name}': ${resolved.reason}.${LEFT_OUT_OF_GRAPH}`,
          file: path,
          range: item.range,
          related: [],
          data: { module: item.reference.module, name: item.reference.name, variable: variable.name },
        });
      }
    }
  }
  return out;
}
