/**
 * Typed calls of the custom `alembic/*` requests (declared in server/src/protocol.ts). Only
 * constants and types come from there, so no server code enters the client bundle.
 */
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CreateMergeRevisionRequestMethod,
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

  createMergeRevision(params: CreateMergeRevisionParams): Promise<CreateMergeRevisionResult> {
    return this.client.sendRequest<CreateMergeRevisionResult>(CreateMergeRevisionRequestMethod, params);
  }

  previewSql(params: PreviewSqlParams): Promise<PreviewSqlResult> {
    return this.client.sendRequest<PreviewSqlResult>(PreviewSqlRequestMethod, params);
  }
}
