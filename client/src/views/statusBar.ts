/**
 * The status bar item (the heads of the environment of the active file: one id, each labelled
 * branch's head by name, or a warning for heads no label explains; words in headsSummary.ts)
 * and the Python language status item (indexing / ready / failed).
 */
import * as vscode from 'vscode';
import type { IndexingState, TreeEnvironment, TreeResult } from '../../../server/src/protocol';
import { headsSummary, shortId } from './headsSummary';

export { shortId };

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('alembicLens.heads', vscode.StatusBarAlignment.Left, 50);
  private readonly language = vscode.languages.createLanguageStatusItem('alembicLens.indexing', { language: 'python' });
  private environments: readonly TreeEnvironment[] = [];
  private enabled = true;
  /** What the item shows now (read by the end-to-end tests). */
  text = '';

  constructor() {
    this.item.name = 'Alembic Lens: heads';
    this.item.command = { command: 'alembicLens.revisions.focus', title: 'Show Alembic revisions' };
    this.language.name = 'Alembic Lens';
    this.language.command = { command: 'alembicLens.showOutput', title: 'Show Output' };
    this.setIndexing('indexing');
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.render();
  }

  setTree(result: TreeResult | undefined): void {
    this.environments = result?.environments ?? [];
    if (result) this.setIndexing(result.indexing ? 'indexing' : 'ready');
    this.render();
  }

  get languageText(): string {
    return this.language.text;
  }

  setIndexing(state: IndexingState): void {
    const texts: Record<IndexingState, string> = { indexing: 'Alembic: indexing', ready: 'Alembic: ready', failed: 'Alembic: indexing failed' };
    this.language.text = texts[state];
    this.language.busy = state === 'indexing';
    this.language.severity = state === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.language.detail = state === 'failed' ? 'See the output channel' : `${this.environments.length} environment(s)`;
  }

  /** Re-renders for the active editor (the environment that contains its file). */
  render(): void {
    const environment = this.environmentForActiveEditor();
    if (!this.enabled || !environment) {
      this.text = '';
      this.item.hide();
      return;
    }
    const heads = environment.heads;
    const summary = headsSummary(environment);
    this.text = summary.text;
    this.item.text = this.text;
    this.item.backgroundColor = summary.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const headLines =
      heads.length < 2
        ? [`Head: \`${heads[0] ?? 'none'}\``]
        : [
            ...summary.labelled.map((head) => `Branch ${head.labels.map((label) => `\`${label}\``).join(', ')}: head \`${head.id}\``),
            ...(summary.unexplained.length ? [`Heads no branch label explains: ${summary.unexplained.map((h) => `\`${h}\``).join(', ')} (merge them, or label the branches)`] : []),
          ];
    this.item.tooltip = new vscode.MarkdownString([`**Alembic** environment \`${environment.name}\``, '', headLines.join('  \n'), '', 'Click to show the revision tree'].join('\n'));
    this.item.show();
  }

  /** The environment of the active editor's file (else the first): what the items describe. */
  environmentForActiveEditor(): TreeEnvironment | undefined {
    const file = vscode.window.activeTextEditor?.document.uri;
    if (file?.scheme === 'file') {
      const path = file.fsPath;
      const owner =
        this.environments.find((environment) => environment.revisions.some((revision) => revision.file === path)) ??
        this.environments.find((environment) => path.startsWith(environment.scriptLocation));
      if (owner) return owner;
    }
    return this.environments[0];
  }

  dispose(): void {
    this.item.dispose();
    this.language.dispose();
  }
}
