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

export type LocatedValues = Record<'revision' | 'down_revision' | 'branch_labels' | 'depends_on', LocatedValue[]>;

export interface FileRevision {
  input?: RevisionInput;
  /** Located values per field, for mapping graph issues to ranges. */
  readonly located: LocatedValues;
  /** Unresolved references. */
  problems: Problem[];
}

const HEADER_FIELDS = ['revision', 'downRevision', 'branchLabels', 'dependsOn'] as const;

export function fileRevisionOf(path: string, header: MigrationHeader, resolver: ConstantResolver): FileRevision {
  if (hasReference(header)) {
    const problems: Problem[] = [];
    const located = locatedValues(path, header, resolver, problems);
    const input = inputOf(path, header, valuesIn(located.revision), valuesIn(located.down_revision), valuesIn(located.branch_labels), valuesIn(located.depends_on));
    return new HeaderRevision(header, input, orEmpty(problems), located);
  }
  // Only literals (nearly every file): nothing to resolve and nothing to report. The located
  // values are needed only to place a graph issue, so they are built when one asks.
  const input = inputOf(path, header, stringsOf(header.revision), stringsOf(header.downRevision), stringsOf(header.branchLabels), stringsOf(header.dependsOn));
  return new HeaderRevision(header, input, emptyList(), undefined);
}

/** The file's revision; `located` is computed on first use when the header holds only literals. */
class HeaderRevision implements FileRevision {
  constructor(
    private readonly header: MigrationHeader,
    readonly input: RevisionInput | undefined,
    readonly problems: Problem[],
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

function inputOf(path: string, header: MigrationHeader, ids: string[], downRevisions: string[], branchLabels: string[], dependsOn: string[]): RevisionInput | undefined {
  const id = ids.length === 1 ? ids[0] : header.revisionFromFileName;
  if (id === undefined) return undefined;
  const docstring = header.docstring;
  // One literal with every field: inputs are kept per file, and fields added later cost an extra object.
  return {
    id,
    downRevisions,
    branchLabels,
    dependsOn,
    key: path,
    path,
    message: docstring?.message,
    docstring: docstring?.text,
    createDate: docstring?.createDate?.value,
  };
}

function valuesIn(located: readonly LocatedValue[]): string[] {
  return located.length === 0 ? emptyList() : located.map((item) => item.value);
}

/** The string items' values; the shared empty list when there are none (most branch labels and dependencies). */
function stringsOf(variable: HeaderVariable | undefined): string[] {
  const items = variable?.value.items;
  if (!items || items.length === 0) return emptyList();
  return orEmpty(literalStrings(variable));
}

/** Plain loops, not callbacks: this runs for every file of a cold index, mostly before V8 optimises it. */
function hasReference(header: MigrationHeader): boolean {
  for (const field of HEADER_FIELDS) {
    const items = header[field]?.value.items;
    if (!items) continue;
    for (let index = 0; index < items.length; index++) if (items[index].kind === 'reference') return true;
  }
  return false;
}

function valuesOf(path: string, variable: HeaderVariable | undefined, resolver: ConstantResolver | undefined, problems: Problem[] | undefined): LocatedValue[] {
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
          message: `Cannot resolve '${item.reference.module}.${item.reference.name}' in '${variable.name}': ${resolved.reason}. The value is left out of the graph.`,
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
