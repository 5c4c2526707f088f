// needs-sibling-branch on small branched histories: where Alembic's order runs a migration before
// the sibling that makes its table (an error, on the migration, naming the sibling and its file),
// where it happens to run the sibling first (a warning), and the histories it leaves alone. The
// real tools' side (42P01 under `alembic upgrade heads`) is test/db/needs-sibling-branch.test.ts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { lintEnvironment } from '../../../server/src/lint/environment';
import { ReplayCheckpoints, type HistoryEntry, type MigrationReading } from '../../../server/src/lint/run';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { dependsOnFix } from '../../../server/src/lint/fixes/dependsOn';
import type { Problem } from '../../../server/src/common/problem';
import { makeEnvironment } from '../../support/environmentFixture';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

function file(revision: string, down: string, upgrade: string[], header = ''): string {
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down}\n${header}\n\ndef upgrade():\n${upgrade.map((line) => `    ${line}\n`).join('')}\n\ndef downgrade():\n    pass\n`;
}

const MAKES_ROLES = file('roles', '"r0"', ['op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']);
const R0 = file('r0', 'None', ['op.create_table("accounts", sa.Column("id", sa.BigInteger(), primary_key=True))']);
/** The merge names `roles` first: Alembic runs the other parent's branch first. */
const MERGE_RUNS_USER_FIRST = file('m', '("roles", "uses")', ['pass']);

function lint(versions: Record<string, string>, options: { files?: string[]; select?: string[] } = {}): { root: string; problems: Problem[] } {
  const root = makeEnvironment(versions, 'alembic-lens-needs-sibling-');
  const index = buildWorkspaceIndex([root]);
  const files = options.files ? new Set(options.files.map((name) => path.join(root, 'versions', name))) : undefined;
  const config = { ...defaultLintConfig(), select: options.select ?? ['needs-sibling-branch'] };
  const problems = index.environments.flatMap((environment) => lintEnvironment(index, environment, config, interpretMigration, files ? { files } : {}).problems);
  return { root, problems };
}

function found(problems: Problem[]): string[] {
  return problems.filter((problem) => problem.code === 'needs-sibling-branch').map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.severity}`);
}

test('a migration Alembic runs before the sibling that makes its table: an error on it, naming the sibling, its file and the depends_on to add', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  });
  assert.deepEqual(found(problems), ['uses.py:9 error']);
  const [finding] = problems;
  assert.match(finding.message, /revision roles \(roles\.py\) makes it on a sibling branch/);
  assert.match(finding.message, /42P01/);
  assert.match(finding.message, /add depends_on = "roles" to this revision/);
  assert.deepEqual(finding.data, { table: 'roles', madeBy: 'roles' });
});

test('the quick fix adds depends_on, and the history it leaves is clean', () => {
  const uses = file('uses', '"r0"', ['op.execute("INSERT INTO roles (id) VALUES (1)")']);
  const { problems } = lint({ 'r0.py': R0, 'roles.py': MAKES_ROLES, 'uses.py': uses, 'm.py': MERGE_RUNS_USER_FIRST });
  const edit = problems[0]?.fixes?.[0]?.edits[0];
  assert.ok(edit, 'a fix');
  const lines = uses.split('\n');
  const line = lines[edit.range.start.line];
  lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  const fixed = lines.join('\n');
  assert.match(fixed, /^down_revision = "r0"\ndepends_on = "roles"$/m);
  assert.deepEqual(found(lint({ 'r0.py': R0, 'roles.py': MAKES_ROLES, 'uses.py': fixed, 'm.py': MERGE_RUNS_USER_FIRST }).problems), []);
});

test('a foreign key to a table a sibling makes later fails the same way', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.create_table("grants", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("role_id", sa.BigInteger(), sa.ForeignKey("roles.id")))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  });
  assert.deepEqual(found(problems), ['uses.py:9 error']);
});

test('a table named with public. and without a schema is one table (the default search_path), in operations and in SQL alike; another schema`s is another table', () => {
  const history = (makes: string, uses: string) => ({ 'r0.py': R0, 'roles.py': file('roles', '"r0"', [makes]), 'uses.py': file('uses', '"r0"', [uses]), 'm.py': MERGE_RUNS_USER_FIRST });
  const makers = {
    bare: 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))',
    publicKeyword: 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True), schema="public")',
    publicSql: 'op.execute(\'CREATE TABLE "public".roles (id bigint PRIMARY KEY)\')',
  };
  const uses = {
    bare: 'op.execute("INSERT INTO roles (id) VALUES (1)")',
    publicKeyword: 'op.add_column("roles", sa.Column("label", sa.Text(), nullable=True), schema="public")',
    publicSql: 'op.execute("ALTER TABLE public.roles ADD COLUMN label text")',
    publicReference: 'op.create_foreign_key("fk_accounts_roles", "accounts", "roles", ["id"], ["id"], referent_schema="public")',
  };
  for (const [maker, makes] of Object.entries(makers)) {
    for (const [user, statement] of Object.entries(uses)) assert.deepEqual(found(lint(history(makes, statement)).problems), ['uses.py:9 error'], `${maker} made, ${user} used`);
    assert.deepEqual(found(lint(history(makes, 'op.execute("ALTER TABLE audit.roles ADD COLUMN label text")')).problems), [], `${maker} made, audit.roles used`);
  }
  assert.deepEqual(found(lint(history('op.execute("CREATE TABLE audit.roles (id bigint PRIMARY KEY)")', uses.bare)).problems), [], 'audit.roles made, roles used');
  assert.deepEqual(found(lint(history('op.execute("CREATE TABLE audit.roles (id bigint PRIMARY KEY)")', 'op.execute("INSERT INTO audit.roles (id) VALUES (1)")')).problems), ['uses.py:9 error']);
  // unknown-table reads names on the same model: public.roles dropped, roles is gone.
  const ownLine = { 'r0.py': R0, 'roles.py': file('roles', '"r0"', [makers.bare]), 'uses.py': file('uses', '"roles"', ['op.execute("DROP TABLE public.roles")', uses.publicKeyword]) };
  assert.deepEqual(lint(ownLine, { select: ['unknown-table', 'needs-sibling-branch'] }).problems.map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.code}`), ['uses.py:10 unknown-table']);
});

test('silent: the sibling makes it IF NOT EXISTS (fine on a database that had it before the history)', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': file('roles', '"r0"', ['op.execute("CREATE TABLE IF NOT EXISTS roles (id bigint PRIMARY KEY)")']),
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  });
  assert.deepEqual(found(problems), []);
});

test('silent: the table was older than the history, and dropped before the sibling makes it again', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': file('roles', '"r0"', ['op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))', 'op.drop_table("roles")']),
    'm.py': MERGE_RUNS_USER_FIRST,
  });
  assert.deepEqual(found(problems), []);
});

test('silent: a statement the lint cannot follow runs between the use and the CREATE TABLE (it may drop a table older than the history)', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': file('roles', '"r0"', ['op.execute(sa.text(sql_from_elsewhere()))', 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  });
  assert.deepEqual(found(problems), []);
});

test('the warning where Alembic runs the maker first, and none when a statement the lint cannot follow ran on the migration`s own line (it may make the table there)', () => {
  const versions = (usesBody: string[]) => ({
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', usesBody),
    'm.py': file('m', '("uses", "roles")', ['pass']),
  });
  assert.deepEqual(found(lint(versions(['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))'])).problems), ['uses.py:9 warning']);
  assert.deepEqual(found(lint(versions(['op.execute(sa.text(sql_from_elsewhere()))', 'op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))'])).problems), []);
});

test('silent: branches that never meet are alternatives, deployed one at a time', () => {
  const { problems } = lint({
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
  });
  assert.deepEqual(found(problems), []);
});

test('silent: made later on the migration`s own line (not a question of branches)', () => {
  const { problems } = lint({
    'r0.py': R0,
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'roles.py': file('roles', '"uses"', ['op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
  });
  assert.deepEqual(found(problems), []);
});

test('the finding is filed under the migration that needs the table: its ignore comment silences it (and is used), with every rule on', () => {
  const versions = {
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.execute("INSERT INTO roles (id) VALUES (1)")  # alembic-lens: ignore[needs-sibling-branch]']),
    'm.py': MERGE_RUNS_USER_FIRST,
  };
  const { problems } = lint(versions, { select: ['ALL'] });
  assert.deepEqual(problems.filter((problem) => problem.code === 'needs-sibling-branch' || problem.code === 'unused-ignore'), []);
});

test('in the editor, with both files open, the finding is on the migration that needs the table', () => {
  const versions = {
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  };
  assert.deepEqual(found(lint(versions, { files: ['uses.py', 'roles.py'] }).problems), ['uses.py:9 error']);
});

test('in the editor, with the migration alone open (the sibling closed), the walk goes on to the sibling`s CREATE TABLE: the error, as check reports it', () => {
  const versions = {
    'r0.py': R0,
    'roles.py': MAKES_ROLES,
    'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
    'm.py': MERGE_RUNS_USER_FIRST,
  };
  assert.deepEqual(found(lint(versions, { files: ['uses.py'] }).problems), ['uses.py:9 error']);
  // As the language server lints: readings cached, schema snapshots kept, the same file linted again.
  const root = makeEnvironment(versions, 'alembic-lens-needs-sibling-');
  const index = buildWorkspaceIndex([root]);
  const [environment] = index.environments;
  const readings = new Map<string, MigrationReading>();
  const cache = { get: (entry: HistoryEntry) => readings.get(`${entry.file}\0${entry.text}`), set: (entry: HistoryEntry, reading: MigrationReading) => void readings.set(`${entry.file}\0${entry.text}`, reading) };
  const checkpoints = new ReplayCheckpoints();
  const options = { files: new Set([path.join(root, 'versions', 'uses.py')]), cache, checkpoints };
  for (let run = 0; run < 2; run++) {
    assert.deepEqual(found(lintEnvironment(index, environment, { ...defaultLintConfig(), select: ['needs-sibling-branch'] }, interpretMigration, options).problems), ['uses.py:9 error'], `run ${run + 1}`);
  }
});

test('in the editor, each file open alone gets the findings check files under it (the walk past it stops only where nothing more can come)', () => {
  const histories: { versions: Record<string, string>; check: string[] }[] = [
    // The error, and a table older than the history that no revision makes (nothing to wait for).
    {
      versions: { 'r0.py': R0, 'roles.py': MAKES_ROLES, 'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))', 'op.add_column("legacy", sa.Column("x", sa.Text(), nullable=True))']), 'm.py': MERGE_RUNS_USER_FIRST },
      check: ['uses.py:9 error'],
    },
    // The first CREATE TABLE after the use is on its own line (dropped, then made again there): a sibling's later one reports nothing.
    {
      versions: {
        'r0.py': R0,
        'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))', 'op.drop_table("roles")']),
        'again.py': file('again', '"uses"', ['op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
        'roles.py': file('roles', '"r0"', ['op.drop_table("roles")', 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
        'm.py': file('m', '("roles", "again")', ['pass']),
      },
      // roles drops the table `again` makes on the other branch.
      check: ['roles.py:9 warning'],
    },
    // A statement the lint cannot follow between the use and the sibling's CREATE TABLE.
    {
      versions: {
        'r0.py': R0,
        'roles.py': file('roles', '"r0"', ['op.execute(sa.text(sql_from_elsewhere()))', 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))']),
        'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
        'm.py': MERGE_RUNS_USER_FIRST,
      },
      check: [],
    },
    // Two uses on two branches, the sibling made after both.
    {
      versions: {
        'r0.py': R0,
        'roles.py': MAKES_ROLES,
        'uses.py': file('uses', '"r0"', ['op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))']),
        'also.py': file('also', '"r0"', ['op.execute("INSERT INTO roles (id) VALUES (1)")']),
        'm.py': file('m', '("roles", "uses", "also")', ['pass']),
      },
      check: ['also.py:9 error', 'uses.py:9 error'],
    },
  ];
  for (const { versions, check } of histories) {
    const all = found(lint(versions).problems);
    assert.deepEqual(all, check);
    for (const name of Object.keys(versions)) {
      const alone = found(lint(versions, { files: [name] }).problems);
      assert.deepEqual(alone, all.filter((each) => each.startsWith(`${name}:`)), `${name} open alone in ${Object.keys(versions).join(' ')}`);
    }
  }
});

test('the depends_on fix: None replaced, a string or one-line sequence extended, a typed header kept, a multi-line one left alone', () => {
  const apply = (text: string): string | undefined => {
    const fix = dependsOnFix('f.py', text, 'abc');
    if (!fix) return undefined;
    const edit = fix.edits[0];
    const lines = text.split('\n');
    const line = lines[edit.range.start.line];
    lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
    return lines.join('\n');
  };
  assert.equal(apply('revision = "x"\ndown_revision = "w"\ndepends_on = None  # none yet\n'), 'revision = "x"\ndown_revision = "w"\ndepends_on = "abc"  # none yet\n');
  assert.equal(apply("revision = 'x'\ndown_revision = 'w'\ndepends_on: Union[str, Sequence[str], None] = None\n"), "revision = 'x'\ndown_revision = 'w'\ndepends_on: Union[str, Sequence[str], None] = 'abc'\n");
  assert.equal(apply('revision = "x"\ndepends_on = "q"\n'), 'revision = "x"\ndepends_on = ("q", "abc")\n');
  assert.equal(apply('revision = "x"\ndepends_on = ("q",)\n'), 'revision = "x"\ndepends_on = ("q", "abc")\n');
  assert.equal(apply('revision = "x"\ndepends_on = []\n'), 'revision = "x"\ndepends_on = ["abc"]\n');
  assert.equal(apply('revision = "x"\r\ndown_revision = ("a", "b")\r\n'), 'revision = "x"\r\ndown_revision = ("a", "b")\r\ndepends_on = "abc"\r\n');
  assert.equal(apply('revision = "x"\ndepends_on = (\n    "q",\n)\n'), undefined);
  assert.equal(apply('revision = "x"\ndown_revision = (\n    "a",\n)\n'), undefined);
});
