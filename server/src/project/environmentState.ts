/**
 * One environment inside the index: its files (in Alembic's load order), each file's header and
 * revision input (cached, so a one-file change re-reads one file), the graph, and every problem
 * grouped by file. `rebuild()` recomputes the graph and problems from the cached inputs only,
 * and skips the graph build when no file's graph inputs (id, down_revision, branch_labels,
 * depends_on, file order) changed: a docstring or body edit costs one file's work.
 */
import { contentHash } from '../common/contentHash';
import { IndexedMigrationFile } from './migrationFile';
import type { Problem } from '../common/problem';
import { buildRevisionMap, withRevisionDetails, type RevisionMap } from '../graph/revisionMap';
import type { GraphIssue } from '../graph/types';
import type { RevisionInput } from '../graph/types';
import { readMigrationHeader, type MigrationHeader } from '../python/header';
import { bodySyntaxProblems } from '../python/syntaxProblems';
import { isSuppressed, suppressionsOf, type Suppressions } from '../diagnostics/suppressions';
import type { Environment, EnvironmentConfig, MigrationFile } from './types';
import type { ReadOutcome, VersionFileEntry } from './versionFiles';
import type { ConstantResolver } from './references';
import { fileRevisionOf, hasReference, type FileRevision } from './revisionInputs';
import { emptyList, orEmpty } from '../common/emptyList';
import { docstringProblems, FileNames, filenameReferenceProblems, type IndexedFile, type MissingValue } from './indexChecks';
import { graphIssueToProblem } from './graphProblems';

export interface FileSource {
  read(path: string): ReadOutcome;
  /** True when the editor holds the file (parse it whole for every syntax error). */
  isOverlay(path: string): boolean;
  /** What an earlier run read from this unchanged file on disk (indexCache/), if known. */
  cached?(path: string): CachedFileFacts | undefined;
  /** Hears what a fresh, problem-free read of a file on disk produced, for `cached` next time. */
  remember?(path: string, text: string, header: MigrationHeader, input: RevisionInput | undefined): void;
}

/** A file's facts from the index cache: its revision record now, its header when asked. */
export interface CachedFileFacts {
  header: () => MigrationHeader;
  input: RevisionInput | undefined;
  hash?: string;
}

interface FileSlot {
  entry: VersionFileEntry;
  readProblems: readonly Problem[];
  file?: IndexedMigrationFile;
  revision?: FileRevision;
  /** docstring-mismatch problems; they depend on this file alone, so they are cached with it. */
  docstring?: readonly Problem[];
  /**
   * The input this file last fed the graph (null: none); compared field by field with the next
   * one to tell whether the graph must be rebuilt. Undefined until first noted.
   */
  graphInput?: RevisionInput | null;
  /** `# alembic-lens: ignore[...]` comments of this file (undefined when it has none). */
  suppressions?: Suppressions;
  /**
   * Syntax errors below the header of a file read from its prefix (see checkBodySyntax);
   * undefined until its body is parsed, and again when the file changes.
   */
  bodySyntax?: readonly Problem[];
  /** Where this file is in the listing. */
  position?: number;
  /** True when `position` is in `EnvironmentState.withProblems` (see filesWithProblems). */
  listed?: boolean;
}

/** A graph issue and its located problem, kept while neither the graph nor its subjects' files change. */
interface ConvertedIssue {
  issue: GraphIssue;
  problem: Problem;
}

export class EnvironmentState implements Environment {
  private slots = new Map<string, FileSlot>();
  private order: string[] = [];
  /** The slots in `order`: rebuilds walk this array instead of looking every path up. */
  private ordered: FileSlot[] = [];
  /** Set when the graph must be rebuilt: the file list changed or a file's graph signature did. */
  private graphStale = true;
  /** Files (re)read since the last rebuild: their details and their issues' ranges may have moved. */
  private readonly touched = new Set<string>();
  private converted: ConvertedIssue[] = [];
  /** Files by name and stem for the down-revision-is-filename check; dropped when the listing changes. */
  private fileNames?: FileNames;
  /**
   * Listing positions of the files that have problems of their own, ascending; kept up to date
   * from the touched files, dropped when the listing changes (and never kept for a listing that
   * names a path twice).
   */
  private withProblems?: number[];
  graph: RevisionMap = buildRevisionMap([]);
  problems: Problem[] = [];
  problemsByFile = new Map<string, Problem[]>();
  files = new Map<string, MigrationFile>();

  constructor(
    readonly config: EnvironmentConfig,
    private readonly configProblems: Problem[],
    private listingProblems: Problem[],
    private readonly resolver: ConstantResolver,
  ) {}

  fileOf(revisionId: string): string | undefined {
    // The map's winner for an id is the input read last with it, and its key is that file.
    return this.graph.get(revisionId)?.key;
  }

  hasFile(path: string): boolean {
    return this.slots.has(path);
  }

  paths(): readonly string[] {
    return this.order;
  }

  /** Replaces the file list (keeps cached reads of files whose text did not change). */
  setListing(entries: VersionFileEntry[], listingProblems: Problem[], source: FileSource): void {
    const next = new Map<string, FileSlot>();
    for (const entry of entries) {
      const existing = this.slots.get(entry.path);
      next.set(entry.path, existing ?? newSlot(entry));
    }
    const fresh = entries.filter((entry) => !this.slots.has(entry.path));
    this.slots = next;
    this.order = entries.map((entry) => entry.path);
    this.ordered = this.order.map((path) => next.get(path)!);
    this.listingProblems = listingProblems;
    this.graphStale = true;
    this.fileNames = undefined;
    this.withProblems = undefined;
    this.ordered.forEach((slot, position) => (slot.position = position));
    for (const entry of fresh) this.loadFile(entry.path, source);
    this.files = new Map();
    for (const path of this.order) {
      const file = this.slots.get(path)!.file;
      if (file) this.files.set(path, file);
    }
  }

  /** (Re)reads one file of this environment. */
  loadFile(path: string, source: FileSource): void {
    const slot = this.slots.get(path);
    if (!slot) return;
    const remembered = source.cached?.(path);
    const resolver = this.resolver;
    if (remembered) {
      // Cached only for files read without problems or suppression comments (indexCache.ts).
      slot.readProblems = emptyList();
      slot.suppressions = undefined;
      slot.bodySyntax = undefined;
      this.touched.add(path);
      const file = new IndexedMigrationFile(path, slot.entry.versionLocation, remembered.header, remembered.hash);
      slot.file = file;
      // Cached only when the record needs no imported constant and the file has no problems, so
      // the revision is the one resolveSlot would compute; its located values wait for the header.
      let located: FileRevision['located'] | undefined;
      slot.revision = { input: remembered.input, problems: emptyList(), get located() { return (located ??= fileRevisionOf(path, file.header, resolver).located); } };
      slot.docstring = emptyList();
      this.noteGraphInput(slot);
      this.files.set(path, file);
      return;
    }
    const outcome = source.read(path);
    slot.readProblems = outcome.problems;
    slot.suppressions = outcome.text === undefined ? undefined : suppressionsOf(outcome.text);
    this.touched.add(path);
    if (outcome.text === undefined) {
      slot.bodySyntax = undefined;
      slot.file = undefined;
      slot.revision = undefined;
      this.noteGraphInput(slot);
      this.files.delete(path);
      return;
    }
    const overlay = source.isOverlay(path);
    // The first read of a file on disk skips hashing (migrationFile.ts); a re-read compares hashes
    // so that an unchanged file is not parsed again.
    const previous = slot.file;
    const hash = previous || overlay ? contentHash(outcome.text) : undefined;
    const unchanged = previous !== undefined && previous.hashIfKnown() === hash && previous.header.parsedWholeFile === overlay;
    const file =
      unchanged && previous
        ? previous
        : new IndexedMigrationFile(path, slot.entry.versionLocation, readMigrationHeader(path, outcome.text, { full: overlay, signatures: overlay }), hash);
    if (file !== previous) slot.bodySyntax = undefined;
    slot.file = file;
    this.resolveSlot(path, slot);
    this.files.set(path, file);
    if (source.remember && file !== previous && !overlay && slot.suppressions === undefined && !hasOwnProblems(slot) && !hasReference(file.header)) {
      source.remember(path, outcome.text, file.header, slot.revision?.input);
    }
  }

  private resolveSlot(path: string, slot: FileSlot): void {
    if (!slot.file) return;
    slot.revision = fileRevisionOf(path, slot.file.header, this.resolver);
    slot.docstring = orEmpty(docstringProblems({ path, header: slot.file.header, revision: slot.revision }));
    this.noteGraphInput(slot);
  }

  /** Marks the graph stale when what this file feeds it changed (message and dates do not count). */
  private noteGraphInput(slot: FileSlot): void {
    const input = slot.revision?.input ?? null;
    if (slot.graphInput === undefined || !sameGraphInput(slot.graphInput, input)) this.graphStale = true;
    slot.graphInput = input;
  }

  /** Re-resolves imported constants of every file (a module they import changed). */
  reresolveReferences(): void {
    for (const [path, slot] of this.slots) {
      this.resolveSlot(path, slot);
      this.touched.add(path);
    }
  }

  /**
   * Recomputes graph and problems from cached per-file inputs. The graph is rebuilt only when
   * something it is built from changed; otherwise (a docstring or body edit) the revisions of the
   * touched files get their new details, and only issues naming a touched file are re-located.
   */
  rebuild(): void {
    if (this.graphStale) this.rebuildGraph();
    else if (this.touched.size > 0) this.refreshDetails();
    const missing: MissingValue[] = [];
    for (const issue of this.graph.issues) {
      const subject = issue.subjects[0];
      if (issue.code === 'missing-parent' && subject && subject.value !== undefined && (subject.field === 'down_revision' || subject.field === 'depends_on')) {
        missing.push({ file: subject.key, field: subject.field, value: subject.value });
      }
    }
    const filenames = filenameReferenceProblems(
      missing,
      () => (this.fileNames ??= new FileNames(this.order)),
      (path) => this.indexedFile(path),
    );
    const withProblems = this.filesWithProblems();
    const problems: Problem[] = [...this.configProblems, ...this.listingProblems];
    for (const slot of withProblems) {
      pushAll(problems, slot.readProblems);
      if (slot.file) pushAll(problems, slot.file.header.problems);
      if (slot.bodySyntax) pushAll(problems, slot.bodySyntax);
      if (slot.revision) pushAll(problems, slot.revision.problems);
    }
    pushAll(problems, filenames.problems);
    // A file-name parent is reported once, as down-revision-is-filename: drop Alembic's missing-parent
    // for that value and the "cycle" Alembic derives from the unreachable revision.
    const misnamed = filenames.handled.files();
    for (const { issue, problem } of this.convertIssues()) {
      const subject = issue.subjects[0];
      if (issue.code === 'missing-parent' && subject && filenames.handled.has(subject.key, subject.field, subject.value)) continue;
      if (CONSEQUENT_CYCLES.has(issue.code) && issue.subjects.some((entry) => misnamed.has(entry.key))) continue;
      problems.push(problem);
    }
    for (const slot of withProblems) if (slot.docstring) pushAll(problems, slot.docstring);
    this.touched.clear();
    this.problems = problems.filter((problem) => !isSuppressed(problem, this.slots.get(problem.file)?.suppressions));
    this.problemsByFile = keepUnchangedLists(this.problemsByFile, groupByFile(this.problems));
  }

  /**
   * The files that have problems of their own, in file order. Most files have none, so the
   * positions of those that do are kept and only the touched files are checked again: an edit
   * costs the files with problems here, not a walk over every file.
   */
  private filesWithProblems(): FileSlot[] {
    const listingHasRepeats = this.ordered.length !== this.slots.size;
    if (!this.withProblems || listingHasRepeats) {
      this.withProblems = [];
      this.ordered.forEach((slot, position) => {
        slot.listed = hasOwnProblems(slot);
        if (slot.listed) this.withProblems!.push(position);
      });
      if (listingHasRepeats) return this.withProblems.map((position) => this.ordered[position]);
    } else {
      for (const path of this.touched) {
        const slot = this.slots.get(path);
        if (!slot || hasOwnProblems(slot) === (slot.listed === true)) continue;
        slot.listed = !slot.listed;
        const at = sortedIndex(this.withProblems, slot.position!);
        if (slot.listed) this.withProblems.splice(at, 0, slot.position!);
        else this.withProblems.splice(at, 1);
      }
    }
    return this.withProblems.map((position) => this.ordered[position]);
  }

  /**
   * Parses the rest of the files whose header was read from the module prefix only, for the
   * syntax errors below it (`def upgrade(:`), which Alembic meets when it imports the file. A
   * whole parse costs about a millisecond per file against microseconds for a header, so the
   * language server runs this in idle time after the first diagnostics, in slices that end at
   * `deadline` (a `performance.now()` value). `done` when every file is checked; when
   * `changed`, call `rebuild()` to fold the new problems in.
   */
  checkBodySyntax(source: FileSource, deadline = Infinity): { done: boolean; changed: boolean } {
    let changed = false;
    for (const [path, slot] of this.slots) {
      if (!slot.file || slot.bodySyntax !== undefined) continue;
      if (slot.file.header.parsedWholeFile) {
        slot.bodySyntax = emptyList();
        continue;
      }
      if (performance.now() >= deadline) return { done: false, changed };
      const text = source.read(path).text;
      const found = text === undefined ? [] : bodySyntaxProblems(path, text, false);
      slot.bodySyntax = found.length > 0 ? found : emptyList();
      if (found.length > 0) {
        this.touched.add(path);
        changed = true;
      }
    }
    return { done: true, changed };
  }

  /**
   * Prepares for the first edit in idle time: builds the file-name index and runs the graph
   * builder once on the current inputs (its result is dropped), so the first edits do not pay
   * for V8 optimising that code or for building the index. Changes nothing observable.
   */
  warmUp(): void {
    this.fileNames ??= new FileNames(this.order);
    buildRevisionMap(this.graphInputs());
  }

  private graphInputs(): RevisionInput[] {
    const inputs: RevisionInput[] = [];
    for (const slot of this.ordered) {
      const input = slot.revision?.input;
      if (input) inputs.push(input);
    }
    return inputs;
  }

  private rebuildGraph(): void {
    const inputs = this.graphInputs();
    this.graph = buildRevisionMap(inputs);
    this.converted = [];
    this.graphStale = false;
  }

  /** Same graph, new map object: the touched files' revisions carry their new message and dates. */
  private refreshDetails(): void {
    const changed: RevisionInput[] = [];
    for (const path of this.touched) {
      const input = this.slots.get(path)?.revision?.input;
      if (input) changed.push(input);
    }
    this.graph = withRevisionDetails(this.graph, changed);
  }

  /** Every graph issue as a located problem; cached ones are reused unless a subject's file was touched. */
  private convertIssues(): ConvertedIssue[] {
    const sourceOf = (key: string) => {
      const slot = this.slots.get(key);
      return slot?.file && slot.revision ? { header: slot.file.header, revision: slot.revision } : undefined;
    };
    const reusable = this.converted.length === this.graph.issues.length;
    this.converted = this.graph.issues.map((issue, position) => {
      const cached = reusable ? this.converted[position] : undefined;
      if (cached && cached.issue === issue && !issue.subjects.some((entry) => this.touched.has(entry.key))) return cached;
      return { issue, problem: graphIssueToProblem(issue, sourceOf, this.config.configFile) };
    });
    return this.converted;
  }

  private indexedFile(path: string): IndexedFile | undefined {
    const slot = this.slots.get(path);
    return slot?.file && slot.revision ? { path, header: slot.file.header, revision: slot.revision } : undefined;
  }
}

/** Every field present from the start: slots are many and long-lived, and fields added later cost an extra object each. */
function newSlot(entry: VersionFileEntry): FileSlot {
  return {
    entry,
    readProblems: emptyList(),
    file: undefined,
    revision: undefined,
    docstring: undefined,
    graphInput: undefined,
    suppressions: undefined,
    bodySyntax: undefined,
    position: undefined,
    listed: undefined,
  };
}

/** Where `value` is or would go in the ascending `sorted`. */
function sortedIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function hasOwnProblems(slot: FileSlot): boolean {
  return (
    slot.readProblems.length > 0 ||
    slot.file?.hasHeaderProblems() === true ||
    (slot.bodySyntax?.length ?? 0) > 0 ||
    (slot.revision?.problems.length ?? 0) > 0 ||
    (slot.docstring?.length ?? 0) > 0
  );
}

function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/**
 * Keeps the previous list object of every file whose problems are the same objects in the same
 * order, so the index's change detection skips them by identity.
 */
function keepUnchangedLists(previous: ReadonlyMap<string, Problem[]>, next: Map<string, Problem[]>): Map<string, Problem[]> {
  for (const [file, list] of next) {
    const old = previous.get(file);
    if (old && old.length === list.length && old.every((problem, position) => problem === list[position])) next.set(file, old);
  }
  return next;
}

const CONSEQUENT_CYCLES = new Set(['revision-cycle', 'dependency-cycle']);

function groupByFile(problems: readonly Problem[]): Map<string, Problem[]> {
  const grouped = new Map<string, Problem[]>();
  for (const problem of problems) {
    const list = grouped.get(problem.file);
    if (list) list.push(problem);
    else grouped.set(problem.file, [problem]);
  }
  return grouped;
}

/** Whether two inputs feed the graph the same (id, parents, labels, dependencies); message and dates do not count. */
function sameGraphInput(a: RevisionInput | null, b: RevisionInput | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.id === b.id && sameList(a.downRevisions, b.downRevisions) && sameList(a.branchLabels, b.branchLabels) && sameList(a.dependsOn, b.dependsOn);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
