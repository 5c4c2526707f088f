/**
 * How much of an environment's history the bundled engine understands: a revision is fully
 * understood when neither its upgrade() nor its downgrade() holds an opaque step (a statement
 * the interpreter could not read, or an operation the renderer could not print). For the others,
 * every opaque step with its line and reason.
 */
import type { RevisionMap } from '../../graph/revisionMap';
import { collectOpaque } from './compiled';
import type { MigrationCompiler } from './migrationCompiler';

export interface OpaqueStepReport {
  direction: 'upgrade' | 'downgrade';
  line: number;
  reason: string;
}

export interface RevisionCoverage {
  revision: string;
  file: string;
  opaque: OpaqueStepReport[];
}

export interface EnvironmentCoverage {
  total: number;
  understood: number;
  /** Only the revisions that are not fully understood, in history order (oldest first). */
  partial: RevisionCoverage[];
}

export interface CoverageEnvironment {
  graph: RevisionMap;
  fileOf?(revisionId: string): string | undefined;
  files?: ReadonlyMap<string, { hash: string }>;
}

export function coverageOf(environment: CoverageEnvironment, compiler: MigrationCompiler): EnvironmentCoverage {
  const partial: RevisionCoverage[] = [];
  const revisions = environment.graph.revisions();
  for (const revision of revisions) {
    const file = environment.fileOf?.(revision.id) ?? revision.key;
    const hash = environment.files?.get(file)?.hash;
    const compiled = compiler.compile(file, hash ? { hash } : {});
    const opaque: OpaqueStepReport[] = [
      ...collectOpaque(compiled.upgrade).map((o) => ({ direction: 'upgrade' as const, line: o.line, reason: o.reason })),
      ...collectOpaque(compiled.downgrade).map((o) => ({ direction: 'downgrade' as const, line: o.line, reason: o.reason })),
    ];
    if (opaque.length > 0) partial.push({ revision: revision.id, file, opaque });
  }
  compiler.flush();
  return { total: revisions.length, understood: revisions.length - partial.length, partial: orderOldestFirst(partial, environment.graph) };
}

/** Map order is file-read order; history order reads better. Revisions Alembic cannot order keep map order. */
function orderOldestFirst(partial: RevisionCoverage[], graph: RevisionMap): RevisionCoverage[] {
  const walked = graph.walkRevisions();
  if (!walked.ok) return partial;
  const position = new Map(walked.value.map((revision, index) => [revision.id, walked.value.length - index]));
  return [...partial].sort((a, b) => (position.get(a.revision) ?? 0) - (position.get(b.revision) ?? 0));
}
