/**
 * `alembic-lens coverage [PATH]`: for every Alembic environment found under PATH (default: the
 * current directory), how many revisions the bundled engine fully understands, and each opaque
 * step of the others with file:line and reason. `--json` prints the same as data. Exit 0 unless
 * `--fail-on-opaque` is given and some step is opaque (1), or no environment is found (2).
 */
import * as path from 'node:path';
import { defaultCompiler } from '../../engine/offline/defaultEngine';
import { coverageOf, type EnvironmentCoverage } from '../../engine/offline/coverage';
import { buildWorkspaceIndex } from '../../project/workspaceIndex';
import type { CliCommand, CliContext } from '../types';
import { requireSection, selectedEnvironments, selectTarget } from '../environmentSelection';

interface EnvironmentReport extends EnvironmentCoverage {
  config: string;
  section: string;
}

function percent(understood: number, total: number): string {
  return total === 0 ? '100.0%' : `${((100 * understood) / total).toFixed(1)}%`;
}

function formatText(reports: EnvironmentReport[], context: CliContext): string {
  const relative = (file: string) => path.relative(context.cwd, file) || file;
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(
      `${relative(report.config)} [${report.section}]: ${report.understood} of ${report.total} revisions fully understood (${percent(report.understood, report.total)})`,
    );
    for (const revision of report.partial) {
      for (const step of revision.opaque) {
        lines.push(`  ${relative(revision.file)}:${step.line}: ${revision.revision} ${step.direction}(): ${step.reason}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export const coverageCommand: CliCommand = {
  name: 'coverage',
  summary: 'How many revisions the bundled engine fully understands, and the opaque steps of the others.',
  options: [
    { names: ['--json'], key: 'json', help: 'Print the report as JSON.' },
    { names: ['--fail-on-opaque'], key: 'failOnOpaque', help: 'Exit 1 when any step is opaque (for CI).' },
  ],
  positionals: [{ name: 'path', help: 'Folder to search for Alembic environments (default: the current directory).', optional: true }],
  run(context, args) {
    const selection = selectTarget(context, args.positionals[0], 'coverage');
    const index = buildWorkspaceIndex([selection.root]);
    const environments = selectedEnvironments(index, selection);
    requireSection(selection, environments, 'coverage');
    if (environments.length === 0) {
      context.stderr(`alembic-lens coverage: no Alembic environment found under ${selection.described}\n`);
      return 2;
    }
    const compiler = defaultCompiler();
    const reports: EnvironmentReport[] = environments.map((environment) => ({
      config: environment.config.configFile,
      section: environment.config.name,
      ...coverageOf(environment, compiler),
    }));
    context.stdout(args.flags.json ? JSON.stringify({ version: 1, environments: reports }, null, 2) + '\n' : formatText(reports, context));
    const opaque = reports.some((report) => report.partial.length > 0);
    return args.flags.failOnOpaque && opaque ? 1 : 0;
  },
};
