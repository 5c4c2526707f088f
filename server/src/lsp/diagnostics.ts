/**
 * Conversion of core `Problem`s to LSP diagnostics: exact range, severity, stable code with a
 * link to its docs page, and related locations in the other files involved.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Problem, Severity } from '../common/problem';
import { pathToUri } from './uri';
import packageJson from '../../../package.json';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'alembic-lens';

/**
 * The public web address of the rule pages: the repository named in package.json, at
 * `blob/main/docs/rules`. A `file://` link into the install folder would go nowhere: the `.vsix`
 * ships an allow-list of files (`.vscodeignore`) without docs/, and an editor other than VS Code
 * may run a server bundled anywhere. An editor can still pass its own `docsBaseUrl`.
 */
export function defaultDocsBaseUrl(): string {
  return `${repositoryWebUrl(packageJson.repository)}/blob/main/docs/rules`;
}

/** `https://github.com/o/r` from package.json `repository` (a string or `{ url }`, with or without `git+` / `.git`). */
export function repositoryWebUrl(repository: string | { url: string }): string {
  const url = typeof repository === 'string' ? repository : repository.url;
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

export function docsHref(baseUrl: string, code: string): string {
  if (/[#=]$/.test(baseUrl)) return `${baseUrl}${code}`;
  return `${baseUrl.replace(/\/+$/, '')}/${code}.md`;
}

export function problemToDiagnostic(problem: Problem, docsBaseUrl: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = problem.related.map((location) => ({
    location: { uri: pathToUri(location.file), range: location.range },
    message: location.message,
  }));
  const diagnostic: Diagnostic = {
    range: problem.range,
    severity: SEVERITIES[problem.severity] ?? DiagnosticSeverity.Warning,
    code: problem.code,
    codeDescription: { href: docsHref(docsBaseUrl, problem.code) },
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
  if (related.length > 0) diagnostic.relatedInformation = related;
  // Code actions get the problem back through the diagnostic's data (fixes, heads of a merge).
  diagnostic.data = { code: problem.code, data: problem.data ?? null, fixes: problem.fixes ?? [] };
  return diagnostic;
}

/** Stable text of a diagnostic list, to republish only files whose diagnostics changed. */
export function diagnosticsKey(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics);
}
