// [tool.alembic-lens] parsing, severities and selection, `# alembic-lens: ignore[...]` on lint
// findings, unused-ignore, the unchecked-statement report and PostgreSQL-version awareness.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { defaultLintConfig, parseLintConfig, withOverrides } from '../../../server/src/lint/config';
import { configuredSeverity } from '../../../server/src/lint/run';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf, lintFixtureRoot } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

test('pyproject settings: select, ignore, severity, postgresql-version, since; bad values are located', () => {
  const text = '[project]\nname = "x"\n\n[tool.alembic-lens]\nselect = ["drop-column", "drop-table"]\nignore = ["drop-table"]\nseverity = { drop-column = "error", char-n = "loud" }\npostgresql-version = 11\nsince = "abc"\ncolour = "blue"\n';
  const { config, problems } = parseLintConfig('/p/pyproject.toml', text);
  assert.deepEqual(config.select, ['drop-column', 'drop-table']);
  assert.deepEqual(config.ignore, ['drop-table']);
  assert.equal(config.postgresqlVersion, 11);
  assert.equal(config.since, 'abc');
  assert.equal(configuredSeverity('drop-column', config), 'error');
  assert.equal(configuredSeverity('drop-table', config), undefined, 'ignored');
  assert.equal(configuredSeverity('rename-table', config), undefined, 'not selected');
  assert.deepEqual(
    problems.map((problem) => `${problem.code}@${problem.range.start.line + 1}`),
    ['invalid-config-value@7', 'invalid-config-value@10'],
  );
  assert.match(problems[0].message, /char-n = "loud"/);
});

test("the online commands' connection tables share [tool.alembic-lens] and are no lint problem (docs/online.md)", () => {
  const text = '[tool.alembic-lens]\nselect = ["drop-column"]\n\n[tool.alembic-lens.connections.dev]\nurl = "postgresql://app@localhost:5432/app"\nlock_timeout = "5s"\n';
  const { config, problems } = parseLintConfig('/p/pyproject.toml', text);
  assert.deepEqual(problems, []);
  assert.deepEqual(config.select, ['drop-column']);
});

test('defaults: every rule on at its catalogue severity, PostgreSQL 14; overrides add to the file', () => {
  const config = defaultLintConfig();
  assert.equal(config.postgresqlVersion, 14);
  assert.equal(configuredSeverity('concurrently-in-transaction', config), 'error');
  assert.equal(configuredSeverity('char-n', config), 'information');
  const overridden = withOverrides({ ...config, ignore: ['char-n'] }, { ignore: ['drop-column'], since: 'r1' });
  assert.deepEqual(overridden.ignore, ['char-n', 'drop-column']);
  assert.equal(overridden.since, 'r1');
  assert.equal(configuredSeverity('drop-column', { ...config, severity: { 'drop-column': 'off' } }), undefined);
  assert.equal(configuredSeverity('drop-column', { ...config, select: ['ALL'] }), 'warning');
});

/** The downgrades here are `pass` on purpose; the downgrade rules have their own fixtures. */
function quiet(config = defaultLintConfig()) {
  return { ...config, ignore: [...config.ignore, 'empty-downgrade', 'downgrade-does-not-reverse'] };
}

function lintOne(body: string, config = quiet()) {
  const root = makeEnvironment({ 'a1.py': `${headerOf('a1', undefined)}${body}` });
  return lintFixtureRoot(root, config).map((problem) => `${problem.code}@${problem.range.start.line + 1}`);
}

test('ignore comments silence lint findings on the line, the line below, or the file', () => {
  const down = '\ndef downgrade():\n    pass\n';
  assert.deepEqual(lintOne(`def upgrade():\n    op.drop_column("orders", "legacy")\n${down}`), ['drop-column@8']);
  assert.deepEqual(lintOne(`def upgrade():\n    op.drop_column("orders", "legacy")  # alembic-lens: ignore[drop-column]\n${down}`), []);
  assert.deepEqual(lintOne(`def upgrade():\n    # alembic-lens: ignore[drop-column]\n    op.drop_column("orders", "legacy")\n${down}`), []);
  assert.deepEqual(lintOne(`# alembic-lens: ignore-file[drop-column]\ndef upgrade():\n    op.drop_column("orders", "legacy")\n${down}`), []);
});

test('unused-ignore: a comment naming an enabled lint code that silences nothing; other codes are left alone', () => {
  const down = '\ndef downgrade():\n    pass\n';
  assert.deepEqual(lintOne(`def upgrade():\n    op.add_column("orders", sa.Column("x", sa.Text()))  # alembic-lens: ignore[drop-column]\n${down}`), ['unused-ignore@8']);
  assert.deepEqual(lintOne(`# alembic-lens: ignore-file[drop-table]\ndef upgrade():\n    op.add_column("orders", sa.Column("x", sa.Text()))\n${down}`), ['unused-ignore@7']);
  // A code of another layer, or a rule the configuration turned off: the linter cannot tell, so it says nothing.
  assert.deepEqual(lintOne(`def upgrade():\n    op.add_column("orders", sa.Column("x", sa.Text()))  # alembic-lens: ignore[opaque-step]\n${down}`), []);
  assert.deepEqual(lintOne(`def upgrade():\n    op.add_column("orders", sa.Column("x", sa.Text()))  # alembic-lens: ignore[drop-column]\n${down}`, quiet({ ...defaultLintConfig(), ignore: ['drop-column'] })), []);
  // ... and an unused-ignore is itself silenced like any finding.
  assert.deepEqual(lintOne(`# alembic-lens: ignore-file[unused-ignore]\ndef upgrade():\n    op.add_column("orders", sa.Column("x", sa.Text()))  # alembic-lens: ignore[drop-column]\n${down}`), []);
});

// Held-out sweep BL: a directive after another tool's comment was ignored; a misspelt keyword
// silenced the whole file; an unknown code passed without a word.
test("a directive after another tool's comment works; a misspelt one or an unknown code is reported, never a blanket ignore", () => {
  const down = '\ndef downgrade():\n    pass\n';
  assert.deepEqual(lintOne(`def upgrade():\n    op.drop_column("orders", "legacy")  # noqa: E501  # alembic-lens: ignore[drop-column]\n${down}`), []);
  assert.deepEqual(lintOne(`# alembic-lens: ignore-files[rename-column]\ndef upgrade():\n    op.drop_column("orders", "legacy")\n${down}`), ['drop-column@9', 'unused-ignore@7']);
  assert.deepEqual(lintOne(`def upgrade():\n    op.drop_column("orders", "legacy")  # alembic-lens: ignore[drop-colum]\n${down}`), ['drop-column@8', 'unused-ignore@8']);
});

test('what the linter cannot check is said, never passed as clean', () => {
  // A render failure (no type for a column) is an unchecked statement; an opaque step is left to opaque-step.
  const found = lintOne('def upgrade():\n    op.add_column("orders", sa.Column("x"))\n    helper()\n\ndef downgrade():\n    pass\n');
  assert.deepEqual(found, ['unchecked-statement@8']);
  // A DO block's static statements are read; an EXECUTE of a string built at run time, or a
  // block in another language, is said to be unchecked.
  const dynamic = lintOne('def upgrade():\n    op.execute("DO $$ BEGIN ANALYZE orders; EXECUTE format(\'ALTER TABLE %I ADD x int\', \'orders\'); END $$")\n    op.execute("DO LANGUAGE plpython3u $$ plpy.execute(\'SELECT 1\') $$")\n\ndef downgrade():\n    pass\n');
  assert.deepEqual(dynamic, ['unchecked-statement@8', 'unchecked-statement@9']);
});

test('postgresql-version: a constant default rewrites before 11, not after; ADD VALUE in a transaction fails before 12', () => {
  const body = 'def upgrade():\n    op.add_column("orders", sa.Column("kind", sa.Text(), server_default="retail"))\n    op.execute("ALTER TYPE mood ADD VALUE \'meh\'")\n\ndef downgrade():\n    op.drop_column("orders", "kind")\n';
  assert.deepEqual(lintOne(body, quiet({ ...defaultLintConfig(), postgresqlVersion: 10 })), ['volatile-default@8', 'enum-add-value-in-transaction@9']);
  assert.deepEqual(lintOne(body, quiet({ ...defaultLintConfig(), postgresqlVersion: 11 })), ['enum-add-value-in-transaction@9']);
  assert.deepEqual(lintOne(body, quiet({ ...defaultLintConfig(), postgresqlVersion: 14 })), []);
});

test('postgresql-version: a subquery in FROM without an alias is rejected before 16 (sql-syntax-error), accepted from 16', () => {
  const body = 'def upgrade():\n    op.execute("SELECT * FROM (SELECT 1 AS y)")\n\ndef downgrade():\n    pass\n';
  assert.deepEqual(lintOne(body, quiet({ ...defaultLintConfig(), postgresqlVersion: 15 })), ['sql-syntax-error@8']);
  assert.deepEqual(lintOne(body, quiet({ ...defaultLintConfig(), postgresqlVersion: 16 })), []);
});

test('transaction_per_migration in env.py decides how long the messages say a lock is held', () => {
  const body = 'def upgrade():\n    op.alter_column("orders", "total", type_=sa.BigInteger())\n\ndef downgrade():\n    pass\n';
  const root = makeEnvironment({ 'a1.py': `${headerOf('a1', undefined)}${body}` });
  const message = () => lintFixtureRoot(root, quiet()).find((problem) => problem.code === 'column-type-change')?.message ?? '';
  assert.match(message(), /the end of the whole `alembic upgrade` run \(env\.py does not set transaction_per_migration\)/);
  fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n\ncontext.configure(transaction_per_migration=True)\n');
  assert.match(message(), /until this migration's transaction commits/);
});

// Held-out sweep BL: unknown codes passed silently (select = ["nosuch"] turned the lint off), and
// problems were put on the first line of the file that had the key, another tool's table included.
test('pyproject: unknown codes are reported, and every problem is on its own line of [tool.alembic-lens]', () => {
  const text = '[tool.ruff]\nselect = ["E501"]\nignore = ["W"]\n\n[tool.alembic-lens]\nselect = ["drop-column", "nosuch-rule"]\nignore = ["opaque-step"]\n\n[tool.alembic-lens.severity]\ndrop-column = "error"\nnot-a-rule = "warning"\nchar-n = "loud"\n';
  const { config, problems } = parseLintConfig('/p/pyproject.toml', text);
  assert.deepEqual(config.select, ['drop-column']);
  assert.deepEqual(config.ignore, []);
  assert.deepEqual(problems.map((problem) => `${problem.range.start.line + 1}: ${problem.message}`), [
    '6: [tool.alembic-lens] select: "nosuch-rule" is not a lint rule code (see docs/rules/README.md)',
    '7: [tool.alembic-lens] ignore: "opaque-step" is not a lint rule code (see docs/rules/README.md)',
    '11: [tool.alembic-lens] severity: not-a-rule is not a lint rule code (see docs/rules/README.md)',
    '12: [tool.alembic-lens] severity: char-n = "loud" is not one of "error", "warning", "information", "hint", "off"',
  ]);
});
