/**
 * `alembic/createRevision`: the editor's New Revision and Merge Heads write the file the CLI's
 * `revision` / `merge` write (same planner, same renderer: project/authoring/), here on the
 * server, so every editor gets Alembic's file. Autogenerate is handed to the real Alembic
 * (autogenerateRevision.ts), and so is a template the renderer refuses when `python` is given. A refusal is a message and a stable code; nothing is written then.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CreateRevisionParams, CreateRevisionResult } from '../protocol';
import { runAutogenerate } from '../project/authoring/alembicAutogenerate';
import { AuthoringError, planNewRevision, writeNewRevision } from '../project/authoring/newRevision';
import { newRevisionId } from '../project/authoring/revisionId';
import { FLASK_MIGRATE_CODE, flaskMigrateRefusal } from '../project/flaskMigrate';
import { postWriteHookNames } from '../project/authoring/postWriteHooks';
import { runsRevisionEnvironment } from '../project/authoring/templateArgs';
import { upgradeBodyPosition } from '../project/authoring/upgradeCursor';
import type { Environment } from '../project/types';
import type { Session } from './session';
import { pathToUri } from './uri';

export type RevisionRefusal = Extract<CreateRevisionResult, { ok: false }>;

export function refusal(message: string, code: string, log: string[] = []): RevisionRefusal {
  return { ok: false, message, code, log };
}

/** A written file as the result: its uri, and the cursor inside upgrade(). */
export function createdRevision(file: string, revisionId: string, content: string, log: string[]): CreateRevisionResult {
  return { ok: true, file, uri: pathToUri(file), revisionId, cursor: upgradeBodyPosition(content), log };
}

/** Checks what the planner does not: the fields a hand-written client may get wrong. */
export function invalidParams(params: CreateRevisionParams): string | undefined {
  if (typeof params?.environmentId !== 'string') return 'environmentId is required';
  if (typeof params.message !== 'string') return 'message is required';
  if (params.heads !== undefined && (!Array.isArray(params.heads) || params.heads.some((head) => typeof head !== 'string'))) return 'heads must be a list of revision identifiers';
  return undefined;
}

export function environmentFor(session: Session, params: CreateRevisionParams): Environment | RevisionRefusal {
  const problem = invalidParams(params);
  if (problem) return refusal(problem, 'revision-request-invalid');
  const env = session.environmentById(params.environmentId);
  return env ?? refusal(`Unknown Alembic environment ${params.environmentId}`, 'revision-request-invalid');
}

/** The template is beyond the renderer (or env.py must run): `alembic revision` or `alembic merge` in the given interpreter writes the file instead. */
async function renderWithAlembic(session: Session, env: Environment, params: CreateRevisionParams, python: string, revisionId: string, log: string[]): Promise<CreateRevisionResult> {
  if (env.config.flaskMigrate) return refusal(flaskMigrateRefusal('This script.py.mako (or revision_environment)', `flask db revision -m "${params.message}"`), FLASK_MIGRATE_CODE, log);
  const cwd = path.dirname(env.config.configFile);
  const outcome = await runAutogenerate({
    python,
    autogenerate: false,
    configFile: env.config.configFile,
    section: env.config.kind === 'ini' ? env.config.name : undefined,
    message: params.message,
    revisionId,
    head: (params.heads?.length ?? 0) > 1 ? undefined : params.heads?.[0],
    mergeHeads: (params.heads?.length ?? 0) > 1 ? params.heads : undefined,
    splice: params.splice,
    branchLabel: params.branchLabel || undefined,
    versionPath: params.versionPath || undefined,
    dependsOn: params.dependsOn,
    cwd,
    env: process.env,
  });
  log.push(...outcome.output.split('\n').filter(Boolean));
  if (outcome.exitCode !== 0 || !outcome.file) return refusal(`Alembic (${python}) could not render the template either: ${outcome.failure ?? 'it wrote no file'}`, 'revision-template-failed', log);
  const file = path.resolve(cwd, outcome.file);
  session.fileChangedOnDisk(file);
  return createdRevision(file, revisionId, fs.readFileSync(file, 'utf8'), log);
}

export async function createRevision(session: Session, params: CreateRevisionParams): Promise<CreateRevisionResult> {
  const env = environmentFor(session, params);
  if ('ok' in env) return env;
  const log: string[] = [];
  const revisionId = params.revisionId || newRevisionId();
  // env.py may add to the template's context (process_revision_directives and the like), which
  // only running it can tell: with an interpreter, the real Alembic writes the file, once the
  // request has passed the same checks (the plan below) so that bad input is refused by us.
  const alembicRunsEnvPy = runsRevisionEnvironment(env.config) && Boolean(params.python);
  if (runsRevisionEnvironment(env.config) && !alembicRunsEnvPy) {
    log.push('warning: revision_environment = true: Alembic runs env.py before rendering the template; Alembic Lens does not (the file may lack what env.py adds; configure a Python interpreter to have Alembic write it)');
  }
  try {
    const plan = planNewRevision(env.config, env.graph, {
      message: params.message,
      heads: params.heads,
      splice: params.splice === true,
      branchLabel: params.branchLabel || undefined,
      versionPath: params.versionPath || undefined,
      revisionId,
      dependsOn: params.dependsOn,
      // Relative version paths mean what they mean on the command line run beside the config file.
      cwd: path.dirname(env.config.configFile),
    });
    if (alembicRunsEnvPy) {
      log.push(`revision_environment = true: rendering with Alembic in ${params.python}, which runs env.py first`);
      return await renderWithAlembic(session, env, params, params.python!, revisionId, log);
    }
    writeNewRevision(plan);
    session.fileChangedOnDisk(plan.file);
    const hooks = postWriteHookNames(env.config);
    if (hooks.length) log.push(`warning: post_write_hooks (${hooks.join(', ')}) are configured; Alembic Lens does not run them`);
    session.logger.info(`[alembic-lens] created revision ${plan.revisionId} in ${plan.file}`);
    return createdRevision(plan.file, plan.revisionId, plan.content, log);
  } catch (error) {
    if (!(error instanceof AuthoringError)) throw error;
    if (error.templateLine !== undefined && params.python) {
      log.push(`${error.message}; rendering with Alembic in ${params.python}`);
      return renderWithAlembic(session, env, params, params.python, revisionId, log);
    }
    session.logger.warn(`[alembic-lens] createRevision refused: ${error.message}`);
    return refusal(error.message, error.code, log);
  }
}
