/**
 * The online requests of the language server (alembic/current, alembic/run, alembic/resetEmbedded):
 * each resolves the environment and the client's ConnectionTarget, calls the online engine
 * (engine/online/runOnline.ts) and turns its result into protocol values. Log lines and steps go
 * out as alembic/runProgress notifications; a cancelled request aborts the run. The password in a
 * request is never logged: every text that leaves here is scrubbed of the connection's secrets.
 */
import { DatabaseError, redactSecrets } from '../../database/errors';
import { runOnline } from '../../engine/online/runOnline';
import type {
  ConnectionTarget,
  CurrentParams,
  CurrentResult,
  DatabaseState,
  ResetEmbeddedParams,
  ResetEmbeddedResult,
  RunParams,
  RunProgressParams,
  RunResult,
} from '../../protocol';
import type { Environment } from '../../project/types';
import type { Logger } from '../safe';
import type { Session } from '../session';
import { appliedRevisions } from './appliedRevisions';
import { resolveConnection, secretsOf, type ResolvedConnection } from './databaseTarget';
import { DatabaseStates } from './databaseStates';
import { onlineEnvironment } from './onlineEnvironment';
import { runReport } from './runReport';
import { SandboxPool } from './sandboxPool';

/** The part of an LSP CancellationToken the service uses. */
export interface Cancellation {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface OnlineServiceHooks {
  session(): Promise<Session>;
  logger: Logger;
  progress(params: RunProgressParams): void;
}

const LOGGER_PREFIX = 'INFO  [alembic.runtime.migration] ';

export class OnlineService {
  readonly states = new DatabaseStates();
  /** Open embedded databases; autogenerate (lsp/autogenerateRevision.ts) reaches the same one. */
  readonly sandboxes = new SandboxPool();

  constructor(private readonly hooks: OnlineServiceHooks) {}

  async current(params: CurrentParams): Promise<CurrentResult> {
    const { env, openFiles } = await this.environment(params.environmentId);
    const scrub = (text: string) => redactSecrets(text, secretsOf(params.connection));
    const resolved = await this.resolve(params.connection, scrub);
    if ('error' in resolved) return this.failedState(params, resolved.error, resolved.code);
    const result = await runOnline({ environment: onlineEnvironment(env, openFiles), target: resolved.target, command: 'current', targets: [] });
    if (!result.ok) return this.failedState(params, scrub(`connection '${params.connection.name}': ${'message' in result ? result.message : `current failed (${result.reason})`}`), result.code, resolved);
    return this.stateOf(env, params.connection, resolved, result.rowsAfter);
  }

  async run(params: RunParams, token?: Cancellation): Promise<RunResult> {
    const { env, openFiles } = await this.environment(params.environmentId);
    const scrub = (text: string) => redactSecrets(text, secretsOf(params.connection));
    const dryRun = !!params.dryRun;
    const planOnly = !!params.planOnly;
    const base = { command: params.command, dryRun, planOnly, steps: [], rowsBefore: [], rowsAfter: [] };
    const resolved = await this.resolve(params.connection, scrub);
    if ('error' in resolved) return { ...base, ok: false, summary: resolved.error, details: [`FAILED: ${resolved.error}`, `error code: ${resolved.code}`], code: resolved.code };
    const runId = params.runId ?? '';
    const progress = (message: string, step?: RunProgressParams['step']) => this.hooks.progress({ runId, message: scrub(message), step });
    const details: string[] = [];
    const abort = new AbortController();
    const subscription = token?.onCancellationRequested(() => abort.abort());
    if (token?.isCancellationRequested) abort.abort();
    if (!planOnly) this.hooks.logger.info(`[alembic-lens] ${dryRun ? 'dry run: ' : ''}${params.command} ${params.target} on ${resolved.label}`);
    try {
      const result = await runOnline({
        environment: onlineEnvironment(env, openFiles),
        target: resolved.target,
        command: params.command,
        targets: [params.target],
        dryRun,
        planOnly,
        lockTimeoutMs: resolved.lockTimeoutMs,
        statementTimeoutMs: resolved.statementTimeoutMs,
        lockWaitMs: 10_000,
        python: planOnly ? undefined : params.python || undefined,
        // The editor's databases are always its own choice (a connection setting, or a sandbox).
        chosenHere: { url: params.connection.kind === 'url' ? params.connection.url : undefined },
        cwd: env.config.scriptLocation,
        signal: abort.signal,
        log: (line) => {
          details.push(`${LOGGER_PREFIX}${line}`);
          progress(line);
        },
        notice: (line) => {
          details.push(`alembic-lens: ${line}`);
          progress(line);
        },
        alembicOutput: (text) => {
          for (const line of text.split('\n').filter(Boolean)) details.push(line);
        },
        onStep: (index, total, step) => progress(step.logLine, { index, total }),
      });
      const report = runReport(result, params.command, dryRun, planOnly, resolved.label);
      const rowsBefore = 'rowsBefore' in result ? result.rowsBefore : [];
      const rowsAfter = 'rowsAfter' in result ? (result.rowsAfter ?? []) : [];
      const known = 'rowsAfter' in result && result.rowsAfter !== undefined;
      const state = known ? this.stateOf(env, params.connection, resolved, rowsAfter) : undefined;
      return {
        ok: result.ok,
        command: params.command,
        dryRun,
        planOnly,
        steps: report.steps.map(scrub),
        rowsBefore,
        rowsAfter,
        summary: scrub(report.summary),
        details: [...details, ...report.details, ...(result.ok ? [] : [`error code: ${result.code}`])].map(scrub),
        failure: report.failure ? { ...report.failure, message: scrub(report.failure.message) } : undefined,
        code: result.ok ? undefined : result.code,
        state,
      };
    } finally {
      subscription?.dispose();
    }
  }

  async resetEmbedded(params: ResetEmbeddedParams): Promise<ResetEmbeddedResult> {
    return { removed: await this.sandboxes.reset(params.folder) };
  }

  dispose(): Promise<void> {
    return this.sandboxes.closeAll();
  }

  private async environment(id: string): Promise<{ env: Environment; openFiles: ReadonlySet<string> }> {
    const session = await this.hooks.session();
    const env = session.environmentById(id);
    if (!env) throw new Error(`unknown environment ${id}`);
    return { env, openFiles: session.openFiles };
  }

  private async resolve(connection: ConnectionTarget, scrub: (text: string) => string): Promise<ResolvedConnection | { error: string; code: string }> {
    try {
      return await resolveConnection(connection, this.sandboxes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof DatabaseError ? error.errorCode : connection.kind === 'embedded' ? 'database-sandbox-unavailable' : 'database-connect-failed';
      return { error: scrub(`connection '${connection.name}': ${message}`), code };
    }
  }

  private stateOf(env: Environment, connection: ConnectionTarget, resolved: ResolvedConnection, rows: string[]): DatabaseState {
    const { current, applied, unknown } = appliedRevisions(env.graph, rows);
    const state: DatabaseState = {
      environmentId: env.config.id,
      connection: connection.name,
      display: resolved.target.display,
      ok: unknown.length === 0,
      rows,
      current,
      applied,
      code: unknown.length ? 'plan-failed' : undefined,
      message: unknown.length ? `the version table holds ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not a revision of ${env.config.name}` : undefined,
    };
    this.states.remember(state);
    return state;
  }

  private failedState(params: CurrentParams, message: string, code: string, resolved?: ResolvedConnection): DatabaseState {
    const state: DatabaseState = {
      environmentId: params.environmentId,
      connection: params.connection.name,
      display: resolved?.target.display ?? '',
      ok: false,
      rows: [],
      current: [],
      applied: [],
      message,
      code,
    };
    this.states.remember(state);
    return state;
  }
}
