/**
 * The shapes a migration file's header is read into. Everything carries a source range so that
 * problems, hovers and quick fixes can point at the exact item (one id inside a tuple, one line
 * of the docstring), not just at the file.
 */
import type { Problem } from '../common/problem';
import type { SourceRange } from '../common/range';

export type HeaderVariableName = 'revision' | 'down_revision' | 'branch_labels' | 'depends_on';

export const HEADER_VARIABLE_NAMES: readonly HeaderVariableName[] = ['revision', 'down_revision', 'branch_labels', 'depends_on'];

/** The MigrationHeader field that holds each variable. */
export const HEADER_FIELD_OF: Record<HeaderVariableName, 'revision' | 'downRevision' | 'branchLabels' | 'dependsOn'> = {
  revision: 'revision',
  down_revision: 'downRevision',
  branch_labels: 'branchLabels',
  depends_on: 'dependsOn',
};

/**
 * A name imported from another module (`cli.EXPAND_BRANCH` after `from neutron.db.migration import cli`,
 * or `X` after `from .consts import X`). The project layer finds the module file and reads the
 * constant; the reader never guesses its value.
 */
export interface ModuleReference {
  /** Dotted module path as written, leading dots kept for relative imports (`.consts`, `neutron.db.migration.cli`). */
  module: string;
  /** The constant's name inside that module. */
  name: string;
  range: SourceRange;
}

export type HeaderItem =
  | { kind: 'string'; value: string; range: SourceRange }
  | { kind: 'reference'; reference: ModuleReference; range: SourceRange }
  /** Not a literal, or a literal of the wrong type; a problem was reported for it. */
  | { kind: 'invalid'; range: SourceRange };

export interface HeaderValue {
  /** `none` for None, `scalar` for one item, `sequence` for a tuple/list, `invalid` when unusable. */
  shape: 'none' | 'scalar' | 'sequence' | 'invalid';
  items: readonly HeaderItem[];
  /** The whole value expression. */
  range: SourceRange;
}

export interface HeaderVariable {
  name: HeaderVariableName;
  value: HeaderValue;
  nameRange: SourceRange;
  /** The whole assignment statement (including an annotation). */
  statementRange: SourceRange;
  /** The annotation text, e.g. `Union[str, Sequence[str], None]`, when typed. */
  annotation?: string;
}

/** One `Key: value` line of the docstring header. */
export interface DocstringLine {
  /** Trimmed value text. */
  value: string;
  /** Range of the value text (empty range at the end of `Key:` when the value is empty). */
  valueRange: SourceRange;
  /** Range of the whole line (without the line break). */
  lineRange: SourceRange;
  /** For `Revises:`, each comma-separated id. */
  items?: { value: string; range: SourceRange }[];
}

export interface DocstringInfo {
  /** First paragraph, whitespace-collapsed (what `alembic history` prints as the message). */
  message: string;
  /** The whole docstring, decoded and stripped (Alembic's `Script.longdoc`). */
  text: string;
  range: SourceRange;
  revisionId?: DocstringLine;
  revises?: DocstringLine;
  createDate?: DocstringLine;
}

export interface FunctionParam {
  name: string;
  range: SourceRange;
}

export interface FunctionInfo {
  name: 'upgrade' | 'downgrade';
  nameRange: SourceRange;
  params: FunctionParam[];
  /** From the `def` keyword to the end of the body. */
  range: SourceRange;
  bodyRange: SourceRange;
  isAsync: boolean;
}

export interface ImportedName {
  /** Name in the source module (`*` for star imports). */
  name: string;
  /** Local binding when `as` was used. */
  alias?: string;
  range: SourceRange;
}

export interface ImportInfo {
  kind: 'import' | 'from';
  /** Dotted module, leading dots for relative `from` imports. */
  module: string;
  /** For `from m import a, b as c`; for `import a.b as m` one entry with the alias. */
  names: ImportedName[];
  range: SourceRange;
}

export interface MigrationHeader {
  file: string;
  revision?: HeaderVariable;
  downRevision?: HeaderVariable;
  branchLabels?: HeaderVariable;
  dependsOn?: HeaderVariable;
  docstring?: DocstringInfo;
  /** Absent when the function is missing, or when read with `signatures: false` (see header.ts). */
  upgrade?: FunctionInfo;
  downgrade?: FunctionInfo;
  /**
   * Module-level imports. The cold-index fast path (literalHeader.ts) leaves this empty when every
   * header value is a plain literal, since nothing then needs them; a full read always fills it.
   */
  imports: readonly ImportInfo[];
  /** Header-level problems (syntax, missing revision, non-literal or wrongly typed values). */
  problems: readonly Problem[];
  /** False when only the module prefix before the first top-level def/class was parsed. */
  parsedWholeFile: boolean;
  /** Revision id taken from a legacy hex file name (`ae1027a6acf.py`) when the file has no `revision`. */
  revisionFromFileName?: string;
}

/**
 * A header with every field present from the start (a cold index keeps one per file, and a field
 * added to an object literal later costs V8 an extra object). Lists are filled by the readers;
 * readMigrationHeader swaps empty ones for the shared empty list.
 */
/**
 * A header while a reader fills it: its lists can still be pushed to. The reader hands it out as
 * a MigrationHeader, whose lists may be the shared frozen empty list (common/emptyList.ts).
 */
export interface HeaderUnderConstruction extends MigrationHeader {
  imports: ImportInfo[];
  problems: Problem[];
}

export function newMigrationHeader(file: string, parsedWholeFile: boolean): HeaderUnderConstruction {
  return {
    file,
    revision: undefined,
    downRevision: undefined,
    branchLabels: undefined,
    dependsOn: undefined,
    docstring: undefined,
    upgrade: undefined,
    downgrade: undefined,
    imports: [],
    problems: [],
    parsedWholeFile,
    revisionFromFileName: undefined,
  };
}

/** The string items of a header value (references and invalid items left out). */
export function literalStrings(variable: HeaderVariable | undefined): string[] {
  if (!variable) return [];
  const out: string[] = [];
  for (const item of variable.value.items) if (item.kind === 'string') out.push(item.value);
  return out;
}
