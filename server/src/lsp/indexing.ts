/**
 * The initial index of every workspace folder, reported with `window/workDoneProgress` when the
 * client supports it. A failure is logged and reported as state `failed`, never thrown.
 */
import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';
import type { WorkspaceIndex } from '../project/types';
import type { IndexingState } from '../protocol';
import { buildWorkspaceIndexAsync } from '../project/workspaceIndex';
import { describeError, type Logger } from './safe';

interface Progress {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message?: string): void;
  done(): void;
}

const silentProgress: Progress = { begin() {}, report() {}, done() {} };

async function createProgress(connection: Connection, capabilities: ClientCapabilities, logger: Logger): Promise<Progress> {
  if (!capabilities.window?.workDoneProgress) return silentProgress;
  try {
    return await connection.window.createWorkDoneProgress();
  } catch (error) {
    logger.warn(`[alembic-lens] no progress reporting: ${describeError(error)}`);
    return silentProgress;
  }
}

export async function indexWorkspace(
  connection: Connection,
  roots: string[],
  capabilities: ClientCapabilities,
  logger: Logger,
  exclude: readonly string[] = [],
): Promise<{ index: WorkspaceIndex | undefined; state: IndexingState }> {
  const progress = await createProgress(connection, capabilities, logger);
  progress.begin('Alembic Lens: indexing migrations', 0, roots.length === 1 ? roots[0] : `${roots.length} folders`);
  try {
    let lastPercent = -1;
    const index = await buildWorkspaceIndexAsync(roots, {
      exclude,
      onProgress(done, total) {
        const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
        if (percent === lastPercent) return;
        lastPercent = percent;
        progress.report(percent, `${done}/${total} migration files`);
      },
    });
    const revisions = index.environments.reduce((sum, env) => sum + env.files.size, 0);
    progress.report(100, `${index.environments.length} environment(s), ${revisions} migration file(s)`);
    logger.info(`[alembic-lens] indexed ${index.environments.length} environment(s), ${revisions} migration file(s)`);
    return { index, state: 'ready' };
  } catch (error) {
    logger.error(`[alembic-lens] indexing failed: ${describeError(error)}`);
    return { index: undefined, state: 'failed' };
  } finally {
    progress.done();
  }
}
