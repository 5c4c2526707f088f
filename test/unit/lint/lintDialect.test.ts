// An environment whose sqlalchemy.url names another database is not linted as PostgreSQL: one
// not-postgresql finding on the URL's line instead of PostgreSQL's verdicts on SQLite's SQL. A URL
// that names nothing certain (none, `driver://`, PostgreSQL itself) is linted as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { lintEnvironment } from '../../../server/src/lint/environment';
import { otherDialectOf } from '../../../server/src/lint/dialect';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf } from './fixtureHistory';

const BODY = [
  '',
  'def upgrade():',
  '    op.execute("PRAGMA foreign_keys=ON")',
  '    op.create_index("ix_t_a", "t", ["a"])',
  '',
  '',
  'def downgrade():',
  '    op.drop_index("ix_t_a", table_name="t")',
  '',
].join('\n');

function environmentWith(url: string | undefined) {
  const root = makeEnvironment({ 'a1.py': headerOf('a1', undefined) + BODY }, 'alembic-lens-dialect-');
  if (url !== undefined) fs.appendFileSync(path.join(root, 'alembic.ini'), `sqlalchemy.url = ${url}\n`);
  const index = buildWorkspaceIndex([root]);
  return { index, environment: index.environments[0], root };
}

test('sqlite, mysql, mssql: not linted, one information finding on the sqlalchemy.url line', async () => {
  await loadSqlParser();
  for (const url of ['sqlite:////var/lib/app/db.sqlite', 'mysql+pymysql://u@h/db', 'mssql+pyodbc://dsn']) {
    const { index, environment, root } = environmentWith(url);
    const { problems } = lintEnvironment(index, environment, defaultLintConfig(), interpretMigration);
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.severity, path.relative(root, problem.file), problem.range.start.line]),
      [['not-postgresql', 'information', 'alembic.ini', 2]],
      url,
    );
    assert.match(problems[0].message, new RegExp(`names ${url.split(/[+:]/)[0]}`));
    // Ignored: nothing at all, and still not linted.
    assert.deepEqual(lintEnvironment(index, environment, { ...defaultLintConfig(), ignore: ['not-postgresql'] }, interpretMigration).problems, []);
  }
});

test('PostgreSQL, the alembic init placeholder or no URL: linted as PostgreSQL', async () => {
  await loadSqlParser();
  for (const url of ['postgresql+psycopg2://u@h/db', 'driver://user:pass@localhost/dbname', undefined]) {
    const { index, environment } = environmentWith(url);
    const codes = lintEnvironment(index, environment, defaultLintConfig(), interpretMigration).problems.map((problem) => problem.code);
    assert.ok(codes.includes('sql-syntax-error'), `${url}: ${codes.join(', ')}`);
    assert.ok(!codes.includes('not-postgresql'), String(url));
  }
  assert.equal(otherDialectOf('postgres://u@h/db'), undefined);
  assert.equal(otherDialectOf('%(DB_URL)s'), undefined);
  assert.equal(otherDialectOf('SQLite:///x.db'), 'sqlite');
});

test('env.py setting sqlalchemy.url itself: the ini\'s SQLite file is not the database migrated; a scheme env.py writes counts', async () => {
  await loadSqlParser();
  const lint = (envPy: string) => {
    const root = makeEnvironment({ 'a1.py': headerOf('a1', undefined) + BODY }, 'alembic-lens-dialect-');
    fs.appendFileSync(path.join(root, 'alembic.ini'), 'sqlalchemy.url = sqlite:///dev.db\n');
    fs.writeFileSync(path.join(root, 'env.py'), `import os\nfrom alembic import context\nconfig = context.config\n${envPy}\n`);
    const index = buildWorkspaceIndex([root]);
    const problems = lintEnvironment(index, index.environments[0], defaultLintConfig(), interpretMigration).problems;
    return problems.map((problem) => [problem.code, path.relative(root, problem.file)]);
  };
  // A URL from the deployment's environment: linted as PostgreSQL (the PRAGMA is a syntax error there).
  const fromEnvironment = lint('config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])');
  assert.ok(fromEnvironment.some(([code]) => code === 'sql-syntax-error'), JSON.stringify(fromEnvironment));
  assert.ok(!fromEnvironment.some(([code]) => code === 'not-postgresql'));
  const literalPostgres = lint('config.set_main_option("sqlalchemy.url", "postgresql://u@h/d")');
  assert.ok(!literalPostgres.some(([code]) => code === 'not-postgresql'));
  // A SQLite URL env.py builds: not linted, reported on env.py.
  assert.deepEqual(lint('config.set_main_option("sqlalchemy.url", "sqlite:///" + os.environ["DB_PATH"])'), [['not-postgresql', 'env.py']]);
  // The call that runs last takes its URL from elsewhere: nothing certain, linted as PostgreSQL.
  const mixed = lint('if os.environ.get("CI"):\n    config.set_main_option("sqlalchemy.url", "sqlite://")\nelse:\n    config.set_main_option("sqlalchemy.url", os.environ["URL"])');
  assert.ok(!mixed.some(([code]) => code === 'not-postgresql'));
});
