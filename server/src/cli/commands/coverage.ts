/**
 * `alembic-lens coverage [PATH]`: for every Alembic environment found under PATH (default: the
 * current directory), how many revisions the bundled engine fully understands, upgrade() and
 * downgrade() counted separately, the opaque steps grouped by kind, and each opaque step with
 * file:line and reason; a total line when there are several environments. A migration without
 * downgrade() is listed once, as information. `--json` prints the same as data. Exit 0 unless
 * `--fail-on-opaque` is given and some step is opaque (1), a migration file cannot be read (1,
 * with a warning per file on standard error), or no environment is found (2).
 */
import * as path from 'node:path';
import { defaultCompiler } from '../../engine/offline/defaultEngine';
import { coverageOf, totalCoverage, type DirectionCoverage, type EnvironmentCoverage, type KindCount } from '../../engine/offline/coverage';
import { buildWorkspaceIndex } from '../../project/workspaceIndex';
import type { CliCommand, CliContext } from '../types';
import { answerReportingBadFiles } from '../badFiles';
import { requireSection, selectedEnvironments, selectTarget } from '../environmentSelection';

interface EnvironmentReport extends EnvironmentCoverage {
  config: string;
  section: string;
}

function percent(understood: number, total: number): string {
  return total === 0 ? '100.0%' : `${((100 * understood) / total).toFixed(1)}%`;
}

function direction(name: string, figures: DirectionCoverage): string {
  if (figures.total === 0) return `${name}() none to count`;
  return `${name}() ${figures.understood} of ${figures.total} (${percent(figures.understood, figures.total)})`;
}

function summary(report: Omit<EnvironmentCoverage, 'partial' | 'withoutDowngrade'>, withoutDowngrade: number): string {
  const missing = withoutDowngrade > 0 ? `; ${withoutDowngrade} without downgrade()` : '';
  return (
    `${report.understood} of ${report.total} revisions fully understood (${percent(report.understood, report.total)}); ` +
    `${direction('upgrade', report.upgrade)}, ${direction('downgrade', report.downgrade)}${missing}`
  );
}

function kindsLine(kinds: readonly KindCount[]): string[] {
  const lines: string[] = [];
  for (const which of ['upgrade', 'downgrade'] as const) {
    const list = kinds.filter((count) => count.direction === which);
    if (list.length === 0) continue;
    lines.push(`  ${which}() opaque by kind (revisions/steps): ${list.map((count) => `${count.kind} ${count.revisions}/${count.steps}`).join(', ')}`);
  }
  return lines;
}

function formatText(reports: EnvironmentReport[], context: CliContext): string {
  const relative = (file: string) => path.relative(context.cwd, file) || file;
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`${relative(report.config)} [${report.section}]: ${summary(report, report.withoutDowngrade.length)}`);
    lines.push(...kindsLine(report.kinds));
    for (const revision of report.partial) {
      for (const step of revision.opaque) {
        lines.push(`  ${relative(revision.file)}:${step.line}: ${revision.revision} ${step.direction}(): ${step.reason}`);
      }
    }
    for (const revision of report.withoutDowngrade) {
      lines.push(`  ${relative(revision.file)}:1: ${revision.revision} has no downgrade() (information: not counted as opaque)`);
    }
  }
  if (reports.length > 1) {
    const total = totalCoverage(reports);
    lines.push(`total (${reports.length} environments): ${summary(total, total.withoutDowngrade)}`);
    lines.push(...kindsLine(total.kinds));
  }
  return lines.join('\n') + '\n';
}

export const coverageCommand: CliCommand = {
  name: 'coverage',
  summary: 'How many revisions the bundled engine fully understands (upgrade and downgrade), and the opaque steps of the others.',
  options: [
    { names: ['--json'], key: 'json', help: 'Print the report as JSON.' },
    { names: ['--fail-on-opaque'], key: 'failOnOpaque', help: 'Exit 1 when any step is opaque (for CI).' },
  ],
  positionals: [{ name: 'path', help: 'Folder to search for Alembic environments (default: the current directory).', optional: true }],
  run(context, args) {
    const selection = selectTarget(context, args.positionals[0], 'coverage');
    const index = buildWorkspaceIndex([selection.root], { configFiles: selection.configFile ? [selection.configFile] : [] });
    const environments = selectedEnvironments(index, selection);
    requireSection(selection, environments, 'coverage');
    if (environments.length === 0) {
      context.stderr(`alembic-lens coverage: no Alembic environment found under ${selection.described}\n`);
      return 2;
    }
    const compiler = defaultCompiler();
    // A migration that cannot be read is in no count (Alembic stops at it): the report is printed,
    // then a warning per such file, and the exit code is 1, as for `heads` (badFiles.ts).
    const problems = environments.flatMap((environment) => environment.problems);
    return answerReportingBadFiles(context, problems, () => {
      const reports: EnvironmentReport[] = environments.map((environment) => ({
        config: environment.config.configFile,
        section: environment.config.name,
        ...coverageOf(environment, compiler),
      }));
      const json = { version: 2, environments: reports, total: totalCoverage(reports) };
      context.stdout(args.flags.json ? JSON.stringify(json, null, 2) + '\n' : formatText(reports, context));
      const opaque = reports.some((report) => report.partial.length > 0);
      return args.flags.failOnOpaque && opaque ? 1 : 0;
    });
  },
};
