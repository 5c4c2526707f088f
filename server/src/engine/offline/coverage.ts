/**
 * How much of an environment's history the bundled engine understands, counted per direction:
 * a revision's upgrade() (or downgrade()) is fully understood when it holds no opaque step (a
 * statement the interpreter could not read, or an operation the renderer could not print).
 * A migration without a downgrade() function (OpenStack projects leave it out by policy) is not
 * an opaque step: it is listed once, as information, and left out of the downgrade count.
 * For the other revisions, every opaque step with its line and reason, and the reasons grouped
 * by kind (opaqueKinds.ts).
 */
import type { RevisionMap } from '../../graph/revisionMap';
import { collectOpaque } from './compiled';
import type { MigrationCompiler } from './migrationCompiler';
import { opaqueKindOf } from './opaqueKinds';

export type Direction = 'upgrade' | 'downgrade';

export interface OpaqueStepReport {
  direction: Direction;
  line: number;
  reason: string;
  /** The reason's kind (opaqueKinds.ts). */
  kind: string;
}

export interface RevisionCoverage {
  revision: string;
  file: string;
  opaque: OpaqueStepReport[];
}

export interface DirectionCoverage {
  /** Revisions counted: all of them for upgrade; those with a downgrade() for downgrade. */
  total: number;
  understood: number;
}

export interface KindCount {
  kind: string;
  direction: Direction;
  /** Opaque steps of this kind. */
  steps: number;
  /** Revisions with at least one such step. */
  revisions: number;
}

export interface EnvironmentCoverage {
  total: number;
  /** Revisions whose upgrade() and downgrade() (when it has one) are both fully understood. */
  understood: number;
  upgrade: DirectionCoverage;
  downgrade: DirectionCoverage;
  /** Revisions without a downgrade() function, in history order (information, not opaque). */
  withoutDowngrade: { revision: string; file: string }[];
  /** Opaque steps grouped by kind, most frequent first. */
  kinds: KindCount[];
  /** Only the revisions that are not fully understood, in history order (oldest first). */
  partial: RevisionCoverage[];
}

export interface CoverageEnvironment {
  graph: RevisionMap;
  fileOf?(revisionId: string): string | undefined;
  files?: ReadonlyMap<string, { hash: string }>;
}

/** The offline adapter turns a missing function into this one opaque step (interpretAdapter.ts). */
const MISSING_DOWNGRADE = 'the migration has no downgrade() function';

export function coverageOf(environment: CoverageEnvironment, compiler: MigrationCompiler): EnvironmentCoverage {
  const partial: RevisionCoverage[] = [];
  const withoutDowngrade: { revision: string; file: string }[] = [];
  const revisions = environment.graph.revisions();
  let upgradeUnderstood = 0;
  let downgradeUnderstood = 0;
  let understood = 0;
  for (const revision of revisions) {
    const file = environment.fileOf?.(revision.id) ?? revision.key;
    const hash = environment.files?.get(file)?.hash;
    const compiled = compiler.compile(file, hash ? { hash } : {});
    // A module Alembic cannot import (a syntax error, a raise at its top) runs in neither direction.
    const atImport = collectOpaque(compiled.importTime ?? []);
    const upgrade = [...atImport, ...collectOpaque(compiled.upgrade)].map((o) => step('upgrade', o.line, o.reason));
    let downgrade = [...atImport, ...collectOpaque(compiled.downgrade)].map((o) => step('downgrade', o.line, o.reason));
    if (downgrade.length === 1 && downgrade[0].reason === MISSING_DOWNGRADE) {
      withoutDowngrade.push({ revision: revision.id, file });
      downgrade = [];
    } else if (downgrade.length === 0) {
      downgradeUnderstood++;
    }
    if (upgrade.length === 0) upgradeUnderstood++;
    if (upgrade.length === 0 && downgrade.length === 0) understood++;
    else partial.push({ revision: revision.id, file, opaque: [...upgrade, ...downgrade] });
  }
  compiler.flush();
  const order = historyPositions(environment.graph);
  const byHistory = <T extends { revision: string }>(list: T[]): T[] => (order ? [...list].sort((a, b) => (order.get(a.revision) ?? 0) - (order.get(b.revision) ?? 0)) : list);
  return {
    total: revisions.length,
    understood,
    upgrade: { total: revisions.length, understood: upgradeUnderstood },
    downgrade: { total: revisions.length - withoutDowngrade.length, understood: downgradeUnderstood },
    withoutDowngrade: byHistory(withoutDowngrade),
    kinds: kindCounts(partial),
    partial: byHistory(partial),
  };
}

function step(direction: Direction, line: number, reason: string): OpaqueStepReport {
  return { direction, line, reason, kind: opaqueKindOf(reason) };
}

export function kindCounts(partial: readonly RevisionCoverage[]): KindCount[] {
  const counts = new Map<string, KindCount>();
  for (const revision of partial) {
    const seen = new Set<string>();
    for (const opaque of revision.opaque) {
      const key = `${opaque.direction}|${opaque.kind}`;
      let count = counts.get(key);
      if (!count) counts.set(key, (count = { kind: opaque.kind, direction: opaque.direction, steps: 0, revisions: 0 }));
      count.steps++;
      if (!seen.has(key)) {
        seen.add(key);
        count.revisions++;
      }
    }
  }
  return [...counts.values()].sort((a, b) => b.revisions - a.revisions || b.steps - a.steps || a.kind.localeCompare(b.kind));
}

/** Sums several environments' figures (the report's total line). */
export function totalCoverage(reports: readonly EnvironmentCoverage[]): Omit<EnvironmentCoverage, 'partial' | 'withoutDowngrade'> & { withoutDowngrade: number } {
  const sum = (pick: (report: EnvironmentCoverage) => number) => reports.reduce((total, report) => total + pick(report), 0);
  const kinds = new Map<string, KindCount>();
  for (const report of reports) {
    for (const count of report.kinds) {
      const key = `${count.direction}|${count.kind}`;
      const known = kinds.get(key);
      if (known) {
        known.steps += count.steps;
        known.revisions += count.revisions;
      } else kinds.set(key, { ...count });
    }
  }
  return {
    total: sum((report) => report.total),
    understood: sum((report) => report.understood),
    upgrade: { total: sum((report) => report.upgrade.total), understood: sum((report) => report.upgrade.understood) },
    downgrade: { total: sum((report) => report.downgrade.total), understood: sum((report) => report.downgrade.understood) },
    withoutDowngrade: sum((report) => report.withoutDowngrade.length),
    kinds: [...kinds.values()].sort((a, b) => b.revisions - a.revisions || b.steps - a.steps || a.kind.localeCompare(b.kind)),
  };
}

/** Map order is file-read order; history order (oldest first) reads better. Undefined when Alembic cannot order it. */
function historyPositions(graph: RevisionMap): Map<string, number> | undefined {
  const walked = graph.walkRevisions();
  if (!walked.ok) return undefined;
  return new Map(walked.value.map((revision, index) => [revision.id, walked.value.length - index]));
}
