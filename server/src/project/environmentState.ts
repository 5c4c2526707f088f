/**
 * One environment inside the index: its files (in Alembic's load order), each file's header and
 * revision input (cached, so a one-file change re-reads one file), the graph, and every problem
 * grouped by file. `rebuild()` recomputes the graph and problems from the cached inputs only.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../common/problem';
import { buildRevisionMap, type RevisionMap } from '../graph/revisionMap';
import type { RevisionInput } from '../graph/types';
import { readMigrationHeader } from '../python/header';
import type { Environment, EnvironmentConfig, MigrationFile } from './types';
import type { ReadOutcome, VersionFileEntry } from './versionFiles';
import type { ConstantResolver } from './references';
import { fileRevisionOf, type FileRevision } from './revisionInputs';
import { docstringProblems, filenameReferenceProblems, type IndexedFile, type MissingValue } from './indexChecks';
import { graphIssueToProblem } from './graphProblems';

export interface FileSource {
  read(path: string): ReadOutcome;
  /** True when the editor holds the file (parse it whole for every syntax error). */
  isOverlay(path: string): boolean;
}

interface FileSlot {
  entry: VersionFileEntry;
  readProblems: Problem[];
  file?: MigrationFile;
  revision?: FileRevision;
  /** docstring-mismatch problems; they depend on this file alone, so they are cached with it. */
  docstring?: Problem[];
}

export class EnvironmentState implements Environment {
  private slots = new Map<string, FileSlot>();
  private order: string[] = [];
  private idToFile = new Map<string, string>();
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
    return this.idToFile.get(revisionId);
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
      next.set(entry.path, existing ?? { entry, readProblems: [] });
    }
    const fresh = entries.filter((entry) => !this.slots.has(entry.path));
    this.slots = next;
    this.order = entries.map((entry) => entry.path);
    this.listingProblems = listingProblems;
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
    const outcome = source.read(path);
    slot.readProblems = outcome.problems;
    if (outcome.text === undefined) {
      slot.file = undefined;
      slot.revision = undefined;
      this.files.delete(path);
      return;
    }
    const hash = createHash('sha1').update(outcome.text).digest('hex');
    if (!(slot.file && slot.file.hash === hash && slot.file.header.parsedWholeFile === source.isOverlay(path))) {
      const header = readMigrationHeader(path, outcome.text, { full: source.isOverlay(path) });
      slot.file = { path, versionLocation: slot.entry.versionLocation, header, hash };
    }
    this.resolveSlot(path, slot);
    this.files.set(path, slot.file);
  }

  private resolveSlot(path: string, slot: FileSlot): void {
    if (!slot.file) return;
    slot.revision = fileRevisionOf(path, slot.file.header, this.resolver);
    slot.docstring = docstringProblems({ path, header: slot.file.header, revision: slot.revision });
  }

  /** Re-resolves imported constants of every file (a module they import changed). */
  reresolveReferences(): void {
    for (const [path, slot] of this.slots) this.resolveSlot(path, slot);
  }

  /** Recomputes graph and problems from cached per-file inputs. */
  rebuild(): void {
    const inputs: RevisionInput[] = [];
    for (const path of this.order) {
      const input = this.slots.get(path)!.revision?.input;
      if (input) inputs.push(input);
    }
    this.graph = buildRevisionMap(inputs);
    this.idToFile = new Map(inputs.map((input) => [input.id, input.key]));
    const missing: MissingValue[] = [];
    for (const issue of this.graph.issues) {
      const subject = issue.subjects[0];
      if (issue.code === 'missing-parent' && subject && subject.value !== undefined && (subject.field === 'down_revision' || subject.field === 'depends_on')) {
        missing.push({ file: subject.key, field: subject.field, value: subject.value });
      }
    }
    const filenames = filenameReferenceProblems(missing, () => this.indexedFiles());
    const problems: Problem[] = [...this.configProblems, ...this.listingProblems];
    for (const path of this.order) {
      const slot = this.slots.get(path)!;
      pushAll(problems, slot.readProblems);
      if (slot.file) pushAll(problems, slot.file.header.problems);
      if (slot.revision) pushAll(problems, slot.revision.problems);
    }
    pushAll(problems, filenames.problems);
    // A file-name parent is reported once, as down-revision-is-filename: drop Alembic's missing-parent
    // for that value and the "cycle" Alembic derives from the unreachable revision.
    const misnamed = new Set([...filenames.handled].map((entry) => entry.split('\0')[0]));
    const sourceOf = (key: string) => {
      const slot = this.slots.get(key);
      return slot?.file && slot.revision ? { header: slot.file.header, revision: slot.revision } : undefined;
    };
    for (const issue of this.graph.issues) {
      const subject = issue.subjects[0];
      if (issue.code === 'missing-parent' && subject && filenames.handled.has(`${subject.key}\0${subject.field}\0${subject.value}`)) continue;
      if (CONSEQUENT_CYCLES.has(issue.code) && issue.subjects.some((entry) => misnamed.has(entry.key))) continue;
      problems.push(graphIssueToProblem(issue, sourceOf, this.config.configFile));
    }
    for (const path of this.order) pushAll(problems, this.slots.get(path)!.docstring ?? []);
    this.problems = problems;
    this.problemsByFile = groupByFile(problems);
  }

  private indexedFiles(): IndexedFile[] {
    const indexed: IndexedFile[] = [];
    for (const path of this.order) {
      const slot = this.slots.get(path)!;
      if (slot.file && slot.revision) indexed.push({ path, header: slot.file.header, revision: slot.revision });
    }
    return indexed;
  }
}

function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
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
