// A `@compiles` hook in env.py prints every statement of the history through it: AudiusProject's
// discovery provider (198 revisions, held-out sweep GN) makes every DROP INDEX / DROP TABLE /
// DROP COLUMN print IF EXISTS and every CREATE TABLE / CREATE INDEX / ADD COLUMN print IF NOT
// EXISTS. Its downgrades drop a table, then its index: plain SQL would fail (42P01), but what runs
// is DROP INDEX IF EXISTS, a notice. The lint read the operation as plain SQL and reported
// unknown-table three times; it now reads it as the hook prints it, and still sees its locks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: r1 (down: none)
def upgrade():
    op.create_table("plays", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("slot", sa.Integer()))

def downgrade():
    op.drop_table("plays")

# === revision: r2 (down: r1)
def upgrade():
    op.create_table("reactions", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("slot", sa.Integer()))
    op.create_index("ix_reactions_slot", "reactions", ["slot"])
    op.create_index("ix_plays_slot", "plays", ["slot"])

def downgrade():
    op.drop_table("reactions")
    op.drop_index("ix_reactions_slot", table_name="reactions")
    op.drop_index("ix_plays_slot", table_name="plays")
`;

const ENV_WITH_HOOKS = `import re

from alembic import context
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex, DropIndex, DropTable


@compiles(CreateIndex)
def _create_if_not_exists(element, compiler, **kw):
    return re.sub("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", compiler.visit_create_index(element, **kw))


@compiles(DropIndex)
@compiles(DropTable)
def _drop_if_exists(element, compiler, **kw):
    if isinstance(element, DropIndex):
        output = compiler.visit_drop_index(element, **kw)
    else:
        output = compiler.visit_drop_table(element, **kw)
    return re.sub("DROP (TABLE|INDEX)", r"DROP \\g<1> IF EXISTS", output)


context.configure(url="postgresql://u@h/d", literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
`;

function findings(withHooks: boolean): string[] {
  const history = writeFixtureHistory(HISTORY);
  if (withHooks) fs.writeFileSync(path.join(history.root, 'env.py'), ENV_WITH_HOOKS);
  const config = { ...history.config, select: ['unknown-table', 'create-index-not-concurrently', 'drop-index-not-concurrently'] };
  return lintFixtureRoot(history.root, config).map((problem) => `${path.basename(problem.file ?? '')}:${problem.range.start.line + 1} ${problem.code}`);
}

test('without a hook, dropping the index of a table dropped above fails: unknown-table', () => {
  assert.ok(findings(false).includes('001_r2.py:14 unknown-table'), findings(false).join('\n'));
});

test("env.py's hook makes it DROP INDEX IF EXISTS: no unknown-table, and the lock rules still read the operations", () => {
  const found = findings(true);
  assert.ok(!found.some((finding) => finding.endsWith('unknown-table')), found.join('\n'));
  // CREATE INDEX IF NOT EXISTS on an existing table still blocks its writes while it builds.
  assert.ok(found.includes('001_r2.py:10 create-index-not-concurrently'), found.join('\n'));
  assert.ok(found.includes('001_r2.py:15 drop-index-not-concurrently'), found.join('\n'));
});
