/**
 * Conversion of core `Problem`s to LSP diagnostics: exact range, severity, stable code with a
 * link to its docs page, and related locations in the other files involved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Problem, Severity } from '../common/problem';
import { pathToUri } from './uri';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'alembic-lens';

/** The `file://` URI of the repository's docs/rules folder, found upwards from this module (works bundled and from source). */
export function defaultDocsBaseUrl(): string {
  let folder = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(folder, 'docs', 'rules');
    if (fs.existsSync(candidate)) return pathToUri(candidate);
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return pathToUri(path.resolve(__dirname, '..', 'docs', 'rules'));
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
