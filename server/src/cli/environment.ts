/**
 * Loads the environment a CLI command works on: config (project/environment.ts), the migration
 * files of its version locations, their headers, and the revision graph. This reads files the
 * way the workspace index does, but once and without caching, which is all a CLI run needs.
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { LineIndex, ZERO_RANGE } from '../common/range';
import { buildRevisionMap } from '../graph/revisionMap';
import type { GraphIssue, RevisionInput } from '../graph/types';
import { loadEnvironmentFromConfig } from '../project/environment';
import { listVersionFiles, readMigrationText } from '../project/versionFiles';
import { literalStrings, readMigrationHeader, type MigrationHeader } from '../python/header';
import { decodeStringLiteral } from '../python/parser';
import { CommandFailure, type GlobalOptions, type LoadedCliEnvironment } from './types';

export function formatProblem(problem: Problem, cwd: string): string {
  const file = problem.file ? nodePath.relative(cwd, problem.file) || problem.file : '';
  const where = file ? `${file}:${problem.range.start.line + 1}: ` : '';
  return `${where}${problem.message}`;
}

export function loadCliEnvironment(global: GlobalOptions, cwd: string): LoadedCliEnvironment {
  const loaded = loadEnvironmentFromConfig(global.configPath, global.sectionGiven ? global.section : undefined);
  const configErrors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.config || configErrors.length > 0) {
    const messages = (configErrors.length > 0 ? configErrors : loaded.problems).map((p) => formatProblem(p, cwd));
    if (messages.length === 0) messages.push(`${global.configPath}: no usable Alembic configuration`);
    throw new CommandFailure(messages.join('\n'), 2);
  }
  const config = loaded.config;
  const listing = listVersionFiles(config);
  const problems: Problem[] = [...loaded.problems, ...listing.problems];
  const inputs: RevisionInput[] = [];
  for (const file of listing.files) {
    const outcome = readMigrationText(file.path);
    problems.push(...outcome.problems);
    if (outcome.text === undefined) continue;
    const header = readMigrationHeader(file.path, outcome.text);
    problems.push(...header.problems);
    const input = revisionInputOf(header, outcome.text);
    if (!input) {
      // Alembic's own refusal (script/base.py), so the CLI fails the same way.
      throw new CommandFailure(
        `Could not determine revision id from filename ${nodePath.basename(file.path)}. Be sure the 'revision' variable ` +
          "is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).",
        1,
      );
    }
    inputs.push(input);
  }
  const graph = buildRevisionMap(inputs);
  for (const issue of graph.issues) problems.push(problemOf(issue));
  return { config, graph, problems };
}

/** The graph record of one migration file, or undefined when it has no revision id. */
export function revisionInputOf(header: MigrationHeader, text: string): RevisionInput | undefined {
  const id = literalStrings(header.revision)[0] ?? header.revisionFromFileName;
  if (id === undefined) return undefined;
  const input: RevisionInput = {
    id,
    downRevisions: literalStrings(header.downRevision),
    branchLabels: literalStrings(header.branchLabels),
    dependsOn: literalStrings(header.dependsOn),
    key: header.file,
    path: header.file,
  };
  if (header.docstring) {
    input.message = header.docstring.message;
    const lines = new LineIndex(text);
    const raw = text.slice(lines.offsetAt(header.docstring.range.start), lines.offsetAt(header.docstring.range.end));
    const decoded = decodeStringLiteral(raw);
    if (decoded !== undefined) input.docstring = decoded.trim();
    if (header.docstring.createDate) input.createDate = header.docstring.createDate.value;
  }
  return input;
}

function problemOf(issue: GraphIssue): Problem {
  const [first, ...others] = issue.subjects;
  return {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    file: first?.key ?? '',
    range: ZERO_RANGE,
    related: others.map((s) => ({ file: s.key, range: ZERO_RANGE, message: `revision ${s.id}` })),
    data: issue.data,
  };
}
