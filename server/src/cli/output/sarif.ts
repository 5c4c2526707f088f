/**
 * SARIF 2.1.0 output of `check` (for GitHub code scanning and other viewers): one run whose
 * driver lists every registered code as a rule (with a help link to docs/rules/<code>.md), and
 * one result per problem with its physical location and related locations. Paths inside the
 * checked-out tree are relative URIs against the `SRCROOT` base id, as code scanning expects.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Problem, Severity } from '../../common/problem';
import type { SourceLocation } from '../../common/range';
import { ALL_CODES, codeInfo, type CodeInfo } from '../../diagnostics/codes';
import { displayPath, docsUrl, oneBased, sortProblems, type CheckReport } from './report';

const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const BASE_ID = 'SRCROOT';

export function formatSarif(report: CheckReport): string {
  return `${JSON.stringify(buildSarifLog(report), null, 2)}\n`;
}

export function buildSarifLog(report: CheckReport): Sarif.Log {
  const rules = rulesFor(report.problems);
  const ruleIndex = new Map(rules.map((info, index) => [info.code, index]));
  const results = sortProblems(report.problems).map((problem) => toResult(problem, ruleIndex.get(problem.code) ?? -1, report));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'alembic-lens',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            rules: rules.map((info) => toRule(info, report.docsBaseUrl)),
          },
        },
        originalUriBaseIds: { [BASE_ID]: { uri: directoryUri(report.baseDir) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

/** Every registered code, plus any code a problem carries that the registry lacks (never dropped). */
function rulesFor(problems: readonly Problem[]): CodeInfo[] {
  const rules = [...ALL_CODES];
  const known = new Set(rules.map((info) => info.code));
  for (const problem of problems) {
    if (known.has(problem.code)) continue;
    known.add(problem.code);
    rules.push(codeInfo(problem.code) ?? { code: problem.code, defaultSeverity: problem.severity, title: problem.code });
  }
  return rules;
}

function toRule(info: CodeInfo, docsBaseUrl: string): Sarif.ReportingDescriptor {
  const helpUri = docsUrl(docsBaseUrl, info.code);
  return {
    id: info.code,
    name: pascalCase(info.code),
    shortDescription: { text: info.title },
    helpUri,
    help: { text: `${info.title}. See ${helpUri}`, markdown: `${info.title}. See [${info.code}](${helpUri}).` },
    defaultConfiguration: { level: LEVELS[info.defaultSeverity] },
  };
}

function toResult(problem: Problem, ruleIndex: number, report: CheckReport): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: problem.code,
    level: LEVELS[problem.severity],
    message: { text: problem.message },
    locations: [{ physicalLocation: physicalLocation(problem, report.baseDir) }],
  };
  if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
  if (problem.related.length > 0) {
    result.relatedLocations = problem.related.map((related, id) => ({
      id,
      message: { text: related.message },
      physicalLocation: physicalLocation(related, report.baseDir),
    }));
  }
  if (problem.data) result.properties = { data: problem.data };
  return result;
}

function physicalLocation(location: SourceLocation, baseDir: string): Sarif.PhysicalLocation {
  const span = oneBased(location.range);
  return {
    artifactLocation: artifactLocation(location.file, baseDir),
    region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
  };
}

function artifactLocation(file: string, baseDir: string): Sarif.ArtifactLocation {
  const shown = displayPath(file, baseDir);
  // displayPath keeps files outside the base absolute: those get a full file:// URI instead.
  if (shown.startsWith('/') || /^[A-Za-z]:\//.test(shown)) return { uri: pathToFileURL(file).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: BASE_ID };
}

function directoryUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(code: string): string {
  return code
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
