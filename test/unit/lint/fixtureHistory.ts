/**
 * Turns a rule fixture (test/fixtures/lint/<code>.py, format in its README) into an Alembic
 * environment on disk and lints it. Shared by the rule tests and the quick-fix tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnvironment } from '../../support/environmentFixture';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { lintEnvironment } from '../../../server/src/lint/environment';
import { defaultLintConfig, type LintConfig } from '../../../server/src/lint/config';
import type { Problem } from '../../../server/src/common/problem';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'lint');

export interface FixtureHistory {
  root: string;
  /** Generated file name → text. */
  files: Map<string, string>;
  config: LintConfig;
}

/** A first revision that makes an `orders` table with an id, for histories whose later revisions change it. */
export const ORDERS_TABLE_REVISION = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True))

def downgrade():
    op.drop_table("orders")
`;

/** `down`: one parent, or several separated by `, ` (a merge: a tuple of them). */
export function headerOf(revision: string, down: string | undefined): string {
  const parents = down?.split(', ');
  const value = parents === undefined ? 'None' : parents.length === 1 ? `"${parents[0]}"` : `(${parents.map((parent) => `"${parent}"`).join(', ')})`;
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${value}\n\n`;
}

/** Writes each `# === revision: ID (down: PARENT)` (or `(down: P1, P2)`, a merge) section of `text` as its own migration. */
export function writeFixtureHistory(text: string): FixtureHistory {
  const config = defaultLintConfig();
  const version = /^# postgresql-version: (\d+)$/m.exec(text);
  if (version) config.postgresqlVersion = Number(version[1]);
  const files = new Map<string, string>();
  const sections = text.split(/^(?=# === revision: )/m).filter((section) => section.startsWith('# === revision: '));
  sections.forEach((section, index) => {
    const match = /^# === revision: (\w+) \(down: (\w+(?:, \w+)*)\)\n/.exec(section)!;
    const body = section.slice(match[0].length);
    files.set(`${String(index).padStart(3, '0')}_${match[1]}.py`, headerOf(match[1], match[2] === 'none' ? undefined : match[2]) + body);
  });
  return { root: makeEnvironment(Object.fromEntries(files)), files, config };
}

export function lintFixtureRoot(root: string, config: LintConfig): Problem[] {
  const index = buildWorkspaceIndex([root]);
  return index.environments.flatMap((environment) => lintEnvironment(index, environment, config, interpretMigration).problems);
}

/** `file:line` (one-based) of every `# expect: code` marker for `code`. */
export function expectedFindings(files: Map<string, string>, code: string): string[] {
  const expected: string[] = [];
  for (const [name, text] of files) {
    text.split('\n').forEach((line, index) => {
      const marker = /# expect(@-?\d+)?: ([a-z0-9-]+)\s*$/.exec(line);
      if (marker && marker[2] === code) expected.push(`${name}:${index + 1 + Number((marker[1] ?? '@0').slice(1))}`);
    });
  }
  return expected.sort();
}

export function readFixture(code: string): string {
  return fs.readFileSync(path.join(FIXTURES, `${code}.py`), 'utf8');
}
