/**
 * `alembic/createRevision` with `autogenerate`: the editor's Autogenerate Revision. Checked like a
 * plain new revision first (nothing runs on a bad message or head), then the embedded database is
 * upgraded to head through the online service (Alembic autogenerates only against an up-to-date
 * database), and the real Alembic runs in the user's interpreter against the chosen database
 * (project/authoring/alembicAutogenerate.ts: the URL goes through the environment, never argv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../database/errors';
import { urlVariableOfEnvPy } from '../database/envPyUrl';
import type { CreateRevisionParams, CreateRevisionResult } from '../protocol';
import { runAutogenerate, urlOfSettings } from '../project/authoring/alembicAutogenerate';
import { AuthoringError, planNewRevision } from '../project/authoring/newRevision';
import { newRevisionId } from '../project/authoring/revisionId';
import { FLASK_MIGRATE_CODE, flaskMigrateRefusal } from '../project/flaskMigrate';
import { createdRevision, environmentFor, refusal } from './createRevision';
import { resolveConnection, secretsOf } from './online/databaseTarget';
import type { OnlineService } from './online/onlineService';
import type { Session } from './session';

export async function autogenerateRevision(session: Session, params: CreateRevisionParams, online: OnlineService): Promise<CreateRevisionResult> {
  const env = environmentFor(session, params);
  if ('ok' in env) return env;
  const autogenerate = params.autogenerate!;
  if (env.config.flaskMigrate) return refusal(flaskMigrateRefusal('Autogenerate', `flask db migrate -m "${params.message}"`), FLASK_MIGRATE_CODE);
  if (!autogenerate.python) {
    return refusal('Autogenerate runs the real Alembic: set alembicLens.python, or select an interpreter with the Python extension (one with Alembic and your application installed).', 'autogenerate-no-python');
  }
  const revisionId = params.revisionId || newRevisionId();
  const head = params.heads?.[0];
  const cwd = path.dirname(env.config.configFile);
  try {
    planNewRevision(env.config, env.graph, { message: params.message, heads: head === undefined ? undefined : [head], splice: params.splice, branchLabel: params.branchLabel || undefined, versionPath: params.versionPath || undefined, revisionId, dependsOn: params.dependsOn, cwd });
  } catch (error) {
    if (!(error instanceof AuthoringError)) throw error;
    // The template is Alembic's business here: it renders the file itself.
    if (error.code !== 'revision-template-failed') return refusal(error.message, error.code);
  }

  const connection = autogenerate.connection;
  const log: string[] = [];
  if (connection.kind === 'embedded') {
    const upgraded = await online.run({ environmentId: env.config.id, connection, command: 'upgrade', target: 'heads' });
    log.push(...upgraded.details);
    if (!upgraded.ok) return refusal(`The embedded database could not be upgraded to head before autogenerate: ${upgraded.summary}`, upgraded.code ?? 'autogenerate-failed', log);
  }
  let resolved;
  try {
    resolved = await resolveConnection(connection, online.sandboxes);
  } catch (error) {
    return refusal(redactSecrets(`Cannot open ${connection.name}: ${error instanceof Error ? error.message : String(error)}`, secretsOf(connection)), 'database-connect-failed', log);
  }
  const secrets = [...secretsOf(connection), ...resolved.target.secrets];
  // A URL the user wrote goes as written (its driver); ours, or one whose password came apart, is rebuilt.
  const databaseUrl = connection.kind === 'url' && !connection.password ? connection.url : urlOfSettings(resolved.target.settings, connection.kind === 'url' ? connection.url : undefined);
  session.logger.info(`[alembic-lens] autogenerate ${revisionId} in ${autogenerate.python} against ${resolved.label}`);
  const outcome = await runAutogenerate({
    python: autogenerate.python,
    configFile: env.config.configFile,
    section: env.config.kind === 'ini' ? env.config.name : undefined,
    message: params.message,
    revisionId,
    head,
    splice: params.splice,
    branchLabel: params.branchLabel || undefined,
    versionPath: params.versionPath || undefined,
    dependsOn: params.dependsOn,
    databaseUrl,
    pickDriver: connection.kind === 'embedded',
    // env.py may set sqlalchemy.url from a variable, which would replace the URL chosen here.
    urlVariable: urlVariableOfEnvPy(path.join(env.config.scriptLocation, 'env.py')),
    cwd,
    env: process.env,
  });
  log.push(...redactSecrets(outcome.output, secrets).split('\n').filter(Boolean));
  if (outcome.exitCode !== 0 || !outcome.file) {
    return refusal(`Alembic autogenerate failed: ${redactSecrets(outcome.failure ?? 'it wrote no file', secrets)}`, 'autogenerate-failed', log);
  }
  const file = path.resolve(cwd, outcome.file);
  session.fileChangedOnDisk(file);
  return createdRevision(file, revisionId, fs.readFileSync(file, 'utf8'), log);
}
