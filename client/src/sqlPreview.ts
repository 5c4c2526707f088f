/**
 * Read-only SQL preview documents (`alembic-sql:` scheme). The content is whatever the server's
 * `alembic/previewSql` returns for the revision and direction encoded in the URI; while the
 * migration is edited, open previews are refreshed (debounced) so they follow the unsaved text.
 */
import * as vscode from 'vscode';
import type { MigrationDirection, PreviewSqlParams, PreviewSqlResult } from '../../server/src/protocol';

export const SQL_SCHEME = 'alembic-sql';
const REFRESH_DELAY_MS = 300;

export interface PreviewSource {
  previewSql(params: PreviewSqlParams): Promise<PreviewSqlResult>;
}

export interface PreviewTarget {
  uri?: string;
  revisionId?: string;
  environmentId?: string;
  direction: MigrationDirection;
}

export function previewUri(target: PreviewTarget): vscode.Uri {
  const name = target.revisionId ?? (target.uri ? vscode.Uri.parse(target.uri).path.split('/').pop()!.replace(/\.py$/, '') : 'revision');
  return vscode.Uri.from({ scheme: SQL_SCHEME, path: `/${name}.${target.direction}.sql`, query: JSON.stringify(target) });
}

export function targetOf(uri: vscode.Uri): PreviewTarget {
  return JSON.parse(uri.query) as PreviewTarget;
}

export class SqlPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly source: () => PreviewSource | undefined) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === 'python') this.refreshFor(event.document.uri.toString());
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = this.source();
    if (!source) return '-- The Alembic Lens language server is not running.\n';
    const target = targetOf(uri);
    try {
      const result = await source.previewSql({ ...target });
      const warnings = result.warnings.map((warning) => `-- WARNING: ${warning}`).join('\n');
      const sql = result.sql || '-- No SQL could be rendered for this revision.\n';
      return warnings ? `${warnings}\n\n${sql}` : sql;
    } catch (error) {
      return `-- Could not render the SQL: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Refreshes every open preview (after an index change). */
  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === SQL_SCHEME) this.schedule(document.uri);
    }
  }

  /** Refreshes the open previews of one migration file. */
  refreshFor(migrationUri: string): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== SQL_SCHEME) continue;
      const target = targetOf(document.uri);
      if (!target.uri || vscode.Uri.parse(target.uri).toString() === migrationUri) this.schedule(document.uri);
    }
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.changed.fire(uri);
      }, REFRESH_DELAY_MS),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
