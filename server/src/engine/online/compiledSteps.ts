/**
 * The statements of every revision a set of plans runs, compiled once (interpreted and rendered,
 * cached by content hash), with the steps the engine cannot run statically listed by file and
 * line. Used by `roundtrip` and `drift`, which run one revision at a time in both directions.
 */
import type { PlannedStep } from '../plan/types';
import type { OnlineEnvironment, OpaqueStepReport } from './runOnline';
import { collectOnlineOpaque, type OnlineCompiler, type OnlineMigration } from './onlineCompiler';
import type { StepSource } from './executor';

export interface CompiledSteps {
  /** Steps the engine cannot run (application code, op.get_bind() queries): nothing may be run. */
  opaque: OpaqueStepReport[];
  sourceOf(revision: string, direction: 'upgrade' | 'downgrade'): StepSource;
}

export function compileSteps(environment: OnlineEnvironment, compiler: OnlineCompiler, steps: readonly { revision: string; direction: PlannedStep['direction'] }[]): CompiledSteps {
  const compiled = new Map<string, { file: string; migration: OnlineMigration }>();
  const opaque: OpaqueStepReport[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    let entry = compiled.get(step.revision);
    if (!entry) {
      const file = environment.fileOf?.(step.revision) ?? environment.graph.get(step.revision)?.key ?? '';
      entry = { file, migration: compiler.compile(file, environment.files?.get(file)?.hash) };
      compiled.set(step.revision, entry);
    }
    const key = `${step.revision} ${step.direction}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const body = step.direction === 'upgrade' ? entry.migration.upgrade : entry.migration.downgrade;
    for (const found of collectOnlineOpaque(body)) opaque.push({ revision: step.revision, file: entry.file, line: found.line, direction: step.direction, reason: found.reason });
  }
  compiler.flush();
  return {
    opaque,
    sourceOf(revision, direction) {
      const entry = compiled.get(revision);
      const body = entry ? (direction === 'upgrade' ? entry.migration.upgrade : entry.migration.downgrade) : [];
      return { file: entry?.file ?? '', steps: body, doc: environment.graph.get(revision)?.doc ?? '' };
    },
  };
}
