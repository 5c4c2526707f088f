/**
 * A migration function reduced to what offline mode prints: SQL statements, autocommit blocks and
 * the opaque steps the engine could not understand. This is the unit the content-keyed cache
 * stores, so it holds plain JSON data only.
 *
 * `--sql` is offline mode, so an `if context.is_offline_mode(): ... else: ...` branch contributes
 * its offline side here (the online executor will take the other side).
 */
import { firstOfEachKey } from '../../common/firstOfEachKey';
import { pythonStrip } from '../../common/pythonStrip';
import type { Operation, Step } from '../ops';
import type { ModuleDependency } from '../../project/pythonModules';
import { createdTypeKeys } from './enumTypeMemo';

export interface OpaqueStepInfo {
  reason: string;
  /** One-based line of the statement, for `file:line` messages. */
  line: number;
  source: string;
  /** Alembic fails there too (a missing function, a call Python always refuses): no script is right, `--allow-opaque` or not. */
  raises?: true;
}

export type CompiledStep =
  /** `createsEnumType`: a create_table's CREATE TYPE, printed once per run (enumTypeMemo.ts). */
  | { kind: 'sql'; sql: string; createsEnumType?: string }
  | { kind: 'autocommit'; steps: CompiledStep[] }
  | ({ kind: 'opaque' } & OpaqueStepInfo)
  /** What the migration prints, `end` included: written into the output as it is (emitter.ts). */
  | { kind: 'print'; text: string };

export interface CompiledMigration {
  upgrade: CompiledStep[];
  downgrade: CompiledStep[];
  /**
   * Workspace modules the interpretation read (custom column types), with their content hashes:
   * the entry is stale when one of them changed, even though the migration's own text did not.
   */
  dependencies?: ModuleDependency[];
  /**
   * What the module does through `op` when Alembic imports it (a module-level
   * `enum.create(op.get_bind())`): printed by every offline command over the folder, after the
   * opening BEGIN and before the first migration (emitter.ts). Absent for most files.
   */
  importTime?: CompiledStep[];
  /** One-based line of the first module-level statement importTime comes from. */
  importTimeLine?: number;
  /** True when the import-time code also does something in a live run (not only offline's failure). */
  importTimeOnline?: true;
  /** The function's `__name__` when `upgrade` / `downgrade` is bound to another def (`-- Running _up ...`). */
  upgradeName?: string;
  downgradeName?: string;
}

/** Renders one operation as PostgreSQL statements (without a trailing `;`). Throws when it cannot. */
export type OperationRenderer = (operation: Operation) => string[];

function lineOf(operation: Operation): number {
  return (operation.range?.start.line ?? 0) + 1;
}

export function compileSteps(steps: readonly Step[], render: OperationRenderer): CompiledStep[] {
  const compiled: CompiledStep[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'operation': {
        let statements: string[];
        try {
          statements = render(step.operation);
        } catch (error) {
          compiled.push({
            kind: 'opaque',
            reason: `cannot render ${step.operation.kind}: ${error instanceof Error ? error.message : String(error)}`,
            line: lineOf(step.operation),
            source: '',
          });
          break;
        }
        // Alembic prints `str(compiled).replace("\t", "    ").strip()` for each statement.
        const typeKeys = createdTypeKeys(step.operation, statements);
        statements.forEach((sql, index) => {
          const createsEnumType = typeKeys[index];
          compiled.push({ kind: 'sql', sql: pythonStrip(sql.replace(/\t/g, '    ')), ...(createsEnumType === undefined ? {} : { createsEnumType }) });
        });
        break;
      }
      case 'autocommit':
        compiled.push({ kind: 'autocommit', steps: compileSteps(step.steps, render) });
        break;
      case 'modeBranch':
        compiled.push(...compileSteps(step.offline, render));
        break;
      case 'opaque':
        compiled.push({ kind: 'opaque', reason: step.reason, line: step.range.start.line + 1, source: step.source, ...(step.raises ? { raises: true as const } : {}) });
        break;
      case 'print':
        compiled.push({ kind: 'print', text: step.text });
        break;
    }
  }
  return compiled;
}

/** Whether steps do anything in a live run: `if context.is_offline_mode():` branches count by their online side. */
export function runsOnline(steps: readonly Step[]): boolean {
  return steps.some((step) => (step.kind === 'modeBranch' ? runsOnline(step.online) : step.kind === 'autocommit' ? runsOnline(step.steps) : step.kind !== 'print'));
}

/** One-based line of a step's source (1 when it has none). */
export function lineOfStep(step: Step): number {
  if (step.kind === 'operation') return lineOf(step.operation);
  return (step.range?.start.line ?? 0) + 1;
}

export function collectOpaque(steps: readonly CompiledStep[]): OpaqueStepInfo[] {
  const found: OpaqueStepInfo[] = [];
  const visit = (list: readonly CompiledStep[]): void => {
    for (const step of list) {
      if (step.kind === 'opaque') found.push({ reason: step.reason, line: step.line, source: step.source });
      else if (step.kind === 'autocommit') visit(step.steps);
    }
  };
  visit(steps);
  return listedOnce(found);
}

/**
 * Opaque steps with each place listed once: a loop the interpreter unrolled repeats its opaque
 * statements once per value, and each is one place to fix (albs-web-server's downgrade listed three
 * lines twice, open-wearables' two lines three times as "6 steps"). Offline and online lists alike.
 */
export function listedOnce<T extends { line: number; reason: string }>(steps: readonly T[]): T[] {
  return firstOfEachKey(steps, (step) => `${step.line}\u0000${step.reason}`);
}
