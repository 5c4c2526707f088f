/**
 * Prints a Plan the way `alembic ... --sql` does on PostgreSQL. PostgreSQL has transactional DDL,
 * so Alembic's offline `begin_transaction()` prints `BEGIN;`/`COMMIT;` around the whole run, or
 * around each step when env.py sets `transaction_per_migration=True`; an `autocommit_block()`
 * prints `COMMIT;` before its body and `BEGIN;` after it. The version table is created at the start
 * of any step that runs while it holds no rows (offline mode cannot check whether it exists).
 * Every piece of output is followed by a blank line, as Alembic's `static_output` writes it.
 */
import { pythonStrip } from '../../common/pythonStrip';
import type { Plan, PlannedStep } from '../plan/types';
import type { CompiledMigration, CompiledStep, OpaqueStepInfo } from './compiled';
import { CreatedEnumTypes } from './enumTypeMemo';
import { createVersionTableSql, versionChangeSql } from './versionTableSql';

export interface OpaqueOccurrence extends OpaqueStepInfo {
  revision: string;
  file: string;
  direction: 'upgrade' | 'downgrade';
  /** A module-level step, run when Alembic imports the file (not in upgrade() or downgrade()). */
  atImport?: true;
}

/** What a file's module-level code prints when Alembic imports it (CompiledMigration.importTime). */
export interface ImportTimeSource {
  revision: string;
  file: string;
  steps: readonly CompiledStep[];
  /** One-based line of the first module-level statement that made them. */
  line: number;
  /** Whether the code also does something in a live run (offline-only failures do not). */
  online: boolean;
}

/** What the emitter needs to know about one revision. */
export interface RevisionSource {
  file: string;
  compiled: CompiledMigration;
}

export interface EmitOptions {
  /** Print opaque steps as SQL comments instead of failing. */
  allowOpaque: boolean;
  /** Pretty-prints each statement (`--format`); Alembic's exact text when absent. */
  formatStatement?: (sql: string) => string;
  /** Told when a revision's part of the script begins (the lock trace says which ancestor failed). */
  onRevision?: (revision: string, file: string) => void;
  /**
   * Every file's import-time steps, in the order Alembic loads the files: Alembic imports the
   * whole folder when the migration context first asks for the revisions, which is after env.py's
   * `BEGIN` and before the first migration (and its version table), whatever the range.
   */
  importTime?: readonly ImportTimeSource[];
}

export interface EmitResult {
  /** The full output (empty when opaque steps blocked it). */
  text: string;
  /** Every opaque step met, in output order. With `allowOpaque` false, non-empty means failure. */
  opaque: OpaqueOccurrence[];
  /**
   * Present when a migration printed: the script alone and what was printed alone, for an env.py
   * that sends the script to a file (output_buffer) while print() still writes to standard output.
   */
  apart?: { script: string; printed: string };
}

class Output {
  readonly parts: string[] = [];
  /** Which of `parts` a migration printed. */
  readonly printedParts = new Set<number>();
  constructor(private readonly format?: (sql: string) => string) {}
  /** static_output: the text and a blank line. */
  raw(text: string): void {
    this.parts.push(text + '\n\n');
  }
  /** A migration's print(): its text as Python writes it (the end of line included). */
  printed(text: string): void {
    this.printedParts.add(this.parts.length);
    this.parts.push(text);
  }
  statement(sql: string): void {
    if (!this.format) return this.raw(sql + ';');
    const formatted = pythonStrip(this.format(sql));
    this.raw(formatted.endsWith(';') ? formatted : formatted + ';');
  }
}

function opaqueComment(occurrence: OpaqueOccurrence): string {
  const header = `-- alembic-lens: opaque step at ${occurrence.file}:${occurrence.line} not rendered (${occurrence.reason})`;
  const source = occurrence.source
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `-- ${line}`);
  return [header, ...source].join('\n');
}

/** What one run accumulates: the opaque steps met and the enum types create_table made. */
interface RunState {
  opaque: OpaqueOccurrence[];
  createdTypes: CreatedEnumTypes;
}

function emitBody(
  out: Output,
  steps: readonly CompiledStep[],
  context: { revision: string; file: string; direction: 'upgrade' | 'downgrade'; atImport?: true },
  run: RunState,
): void {
  const opaque = run.opaque;
  for (const step of steps) {
    if (step.kind === 'sql') {
      if (run.createdTypes.shouldRun(step.createsEnumType)) out.statement(step.sql);
    } else if (step.kind === 'print') {
      out.printed(step.text);
    } else if (step.kind === 'autocommit') {
      out.statement('COMMIT');
      emitBody(out, step.steps, context, run);
      out.statement('BEGIN');
    } else {
      const occurrence: OpaqueOccurrence = { ...context, reason: step.reason, line: step.line, source: step.source, ...(step.raises ? { raises: true as const } : {}) };
      opaque.push(occurrence);
      out.raw(opaqueComment(occurrence));
    }
  }
}

function emitStep(
  out: Output,
  plan: Plan,
  step: PlannedStep,
  sourceOf: (revision: string) => RevisionSource,
  run: RunState,
  onRevision: EmitOptions['onRevision'],
): void {
  if (plan.transactionPerMigration) out.statement('BEGIN');
  if (step.headsBefore.length === 0) out.statement(createVersionTableSql(plan.versionTable));
  const source = step.kind === 'revision' ? sourceOf(step.revision) : undefined;
  // Alembic names the function by its __name__ (`upgrade = _up` prints `-- Running _up ...`).
  const functionName = step.direction === 'upgrade' ? source?.compiled.upgradeName : source?.compiled.downgradeName;
  out.raw(`-- Running ${functionName ? step.logLine.replace(/^(?:upgrade|downgrade)/, functionName) : step.logLine}`);
  if (step.kind === 'revision' && source) {
    onRevision?.(step.revision, source.file);
    const body = step.direction === 'upgrade' ? source.compiled.upgrade : source.compiled.downgrade;
    emitBody(out, body, { revision: step.revision, file: source.file, direction: step.direction }, run);
  }
  for (const change of step.versionChanges) out.statement(versionChangeSql(plan.versionTable, change));
  if (plan.transactionPerMigration) out.statement('COMMIT');
}

export function emitOfflineSql(plan: Plan, sourceOf: (revision: string) => RevisionSource, options: EmitOptions): EmitResult {
  const out = new Output(options.formatStatement);
  const opaque: OpaqueOccurrence[] = [];
  const run: RunState = { opaque, createdTypes: new CreatedEnumTypes() };
  if (!plan.transactionPerMigration) out.statement('BEGIN');
  const direction = plan.command === 'downgrade' ? 'downgrade' : 'upgrade';
  for (const source of options.importTime ?? []) emitBody(out, source.steps, { revision: source.revision, file: source.file, direction, atImport: true }, run);
  for (const step of plan.steps) emitStep(out, plan, step, sourceOf, run, options.onRevision);
  if (!plan.transactionPerMigration) out.statement('COMMIT');
  if (opaque.length > 0 && !options.allowOpaque) return { text: '', opaque };
  const text = out.parts.join('');
  if (out.printedParts.size === 0) return { text, opaque };
  const script = out.parts.filter((_, index) => !out.printedParts.has(index)).join('');
  const printed = out.parts.filter((_, index) => out.printedParts.has(index)).join('');
  return { text, opaque, apart: { script, printed } };
}
