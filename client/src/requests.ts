/**
 * Typed calls of the custom `alembic/*` requests (declared in server/src/protocol.ts). Only
 * constants and types come from there, so no server code enters the client bundle.
 */
import type { CancellationToken } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CreateMergeRevisionRequestMethod,
  CreateRevisionRequestMethod,
  type CreateRevisionParams,
  type CreateRevisionResult,
  CurrentRequestMethod,
  ResetEmbeddedRequestMethod,
  RunRequestMethod,
  type CurrentParams,
  type CurrentResult,
  type ResetEmbeddedParams,
  type ResetEmbeddedResult,
  type RunParams,
  type RunResult,
  PreviewSqlRequestMethod,
  StatusRequestMethod,
  TreeRequestMethod,
  type CreateMergeRevisionParams,
  type CreateMergeRevisionResult,
  type PreviewSqlParams,
  type PreviewSqlResult,
  type StatusResult,
  type TreeParams,
  type TreeResult,
} from '../../server/src/protocol';

export class AlembicRequests {
  constructor(private readonly client: LanguageClient) {}

  tree(params: TreeParams = {}): Promise<TreeResult> {
    return this.client.sendRequest<TreeResult>(TreeRequestMethod, params);
  }

  status(): Promise<StatusResult> {
    return this.client.sendRequest<StatusResult>(StatusRequestMethod, {});
  }

  /** null when the server cannot plan or render the merge (the reason is in the output channel). */
  createMergeRevision(params: CreateMergeRevisionParams): Promise<CreateMergeRevisionResult | null> {
    return this.client.sendRequest<CreateMergeRevisionResult | null>(CreateMergeRevisionRequestMethod, params);
  }

  /** Writes a new revision (or merge, or autogenerate) on the server; a refusal is `ok: false` with a message and code. */
  createRevision(params: CreateRevisionParams): Promise<CreateRevisionResult> {
    return this.client.sendRequest<CreateRevisionResult>(CreateRevisionRequestMethod, params);
  }

  previewSql(params: PreviewSqlParams): Promise<PreviewSqlResult> {
    return this.client.sendRequest<PreviewSqlResult>(PreviewSqlRequestMethod, params);
  }

  current(params: CurrentParams): Promise<CurrentResult> {
    return this.client.sendRequest<CurrentResult>(CurrentRequestMethod, params);
  }

  /** Cancelling `token` sends $/cancelRequest; the server cancels the running statement. */
  run(params: RunParams, token?: CancellationToken): Promise<RunResult> {
    return token ? this.client.sendRequest<RunResult>(RunRequestMethod, params, token) : this.client.sendRequest<RunResult>(RunRequestMethod, params);
  }

  resetEmbedded(params: ResetEmbeddedParams): Promise<ResetEmbeddedResult> {
    return this.client.sendRequest<ResetEmbeddedResult>(ResetEmbeddedRequestMethod, params);
  }
}
