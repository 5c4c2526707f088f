/**
 * "Preview SQL" for one revision, as the language server's CodeLens shows it: the revision's
 * upgrade starting from its parents (or its downgrade back to them), printed exactly as
 * `alembic upgrade <parents>:<revision> --sql` would print that single step, transaction and
 * version-table statements included. Only this revision's file is compiled, through the same
 * content-keyed cache as the CLI, so refreshing on every edit stays cheap.
 */
import type { Problem } from '../common/problem';
import { ZERO_RANGE } from '../common/range';
import type { Environment } from '../project/types';
import { emitOfflineSql, type OpaqueOccurrence } from './offline/emitter';
import type { MigrationCompiler } from './offline/migrationCompiler';
import { defaultCompiler } from './offline/defaultEngine';
import { planSettingsOf } from './offline/offlineSql';
import { planGraphOf } from './plan/fromRevisionMap';
import { VersionHeads, revisionStepChanges } from './plan/headMaintainer';
import { PlanError, type Direction, type Plan, type PlannedStep } from './plan/types';

export interface RevisionPreview {
  sql: string;
  /** One line saying what the SQL is (`upgrade a -> b`), for the preview document's title. */
  header: string;
  opaqueSteps: OpaqueOccurrence[];
  problems: Problem[];
}

export interface PreviewOptions {
  /** The file's current text (an unsaved editor buffer); defaults to what the index read. */
  text?: string;
  compiler?: MigrationCompiler;
}

function problemAt(file: string, code: string, message: string): Problem {
  return { code, severity: 'error', message, file, range: ZERO_RANGE, related: [] };
}

export function previewRevisionSql(
  environment: Environment,
  revisionId: string,
  direction: Direction,
  options: PreviewOptions = {},
): RevisionPreview {
  const file = environment.fileOf(revisionId) ?? '';
  const graph = planGraphOf(environment.graph);
  const revision = graph.get(revisionId);
  if (!revision) {
    const message = `No such revision or branch '${revisionId}'`;
    return { sql: '', header: message, opaqueSteps: [], problems: [problemAt(file, 'plan-failed', message)] };
  }
  const isUpgrade = direction === 'upgrade';
  const startHeads = isUpgrade ? [...revision.downRevisions] : [revisionId];
  const warnings: string[] = [];
  const settings = planSettingsOf(environment, warnings);
  let step: PlannedStep;
  try {
    const versionChanges = revisionStepChanges(graph, revisionId, isUpgrade, new VersionHeads(startHeads));
    const logLine = isUpgrade
      ? `upgrade ${revision.downRevisions.join(', ')} -> ${revisionId}`
      : `downgrade ${revisionId} -> ${revision.downRevisions.join(', ')}`;
    step = { kind: 'revision', direction, revision: revisionId, logLine, headsBefore: startHeads, versionChanges };
  } catch (error) {
    const message = error instanceof PlanError ? error.message : String(error);
    return { sql: '', header: message, opaqueSteps: [], problems: [problemAt(file, 'plan-failed', message)] };
  }
  const plan: Plan = { command: direction, startHeads, steps: [step], ...settings };
  const compiler = options.compiler ?? defaultCompiler();
  const hash = options.text === undefined ? environment.files.get(file)?.hash : undefined;
  const compiled = compiler.compile(file, options.text !== undefined ? { text: options.text } : hash ? { hash } : {});
  const result = emitOfflineSql(plan, () => ({ file, compiled }), { allowOpaque: true });
  const problems = warnings.map((message) => ({ ...problemAt(environment.config.envPy.file ?? file, 'plan-setting-unknown', message), severity: 'warning' as const }));
  return { sql: result.text, header: step.logLine, opaqueSteps: result.opaque, problems };
}
