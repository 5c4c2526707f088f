/**
 * A migration's own function with positional-only parameters (`def helper(table, /, column)`,
 * `lambda name, /: ...`) called with one of them by keyword: Python raises TypeError, so Alembic
 * fails where Lens bound the keyword and printed the statement. Lens refuses it with the reason;
 * called positionally, both print the same SQL.
 */
import { test } from 'node:test';
import { assertBothRefuse, assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\n';

const migration = (calls: string): string => `${migrationHeader('p1', undefined, IMPORTS)}
def helper(table, /, column="legacy"):  # table is positional-only / by keyword a TypeError
    op.drop_column(table, column)


rename = lambda old, /, new="x": op.rename_table(old, new)


def upgrade():
${calls}


def downgrade():
    pass
`;

test('a positional-only parameter given by keyword fails in both; given positionally, the same SQL', async () => {
  const same = offlineProject('positional-only-same-', { 'migrations/versions/p1_helpers.py': migration('    helper("accounts")\n    helper("orders", column="note")\n    rename("a", new="b")') });
  await assertSameAsAlembic(same, ['upgrade', 'head', '--sql']);
  const byKeyword = offlineProject('positional-only-keyword-', { 'migrations/versions/p1_helpers.py': migration('    helper(table="accounts")') });
  await assertBothRefuse(byKeyword, 'def', /TypeError: .*positional-only/, /positional-only parameter table is given by keyword/);
  const lambdaByKeyword = offlineProject('positional-only-lambda-', { 'migrations/versions/p1_helpers.py': migration('    rename(old="a")') });
  await assertBothRefuse(lambdaByKeyword, 'lambda', /TypeError: .*positional-only/, /positional-only parameter old is given by keyword/);
});
