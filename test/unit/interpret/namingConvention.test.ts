/**
 * Naming conventions: the token expansion and truncation of conventionNames.ts against names the
 * real SQLAlchemy 2 produced (recorded from Alembic 1.20 offline runs), and the reading of
 * env.py's target_metadata from the workspace, including the opaque step when it cannot be read.
 * Whole-history parity is in test/fixtures/sql/naming (test/diff/sql-fixtures.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { conventionName, truncateConverted } from '../../../server/src/engine/interpret/naming/conventionNames';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { temporaryFolder } from '../../support/temporaryFolders';

test('tokens expand as SQLAlchemy expands them', () => {
  const templates = { ix: 'ix_%(column_0N_name)s_%(column_0_N_label)s_%(column_1_key)s', uq: 'uq_%(table_name)s_%(column_0_N_name)s' };
  // Recorded: CREATE INDEX ix_ab_sch_tbl_a_sch_tbl_b_b ON sch.tbl (a, b)
  assert.deepEqual(conventionName({ kind: 'ix', table: 'tbl', schema: 'sch', converted: false, columns: ['a', 'b'] }, templates), { name: 'ix_ab_sch_tbl_a_sch_tbl_b_b' });
  // Recorded: CREATE INDEX ix_x_sch_t2_x_ ON sch.t2 (x) (a missing column position is empty)
  assert.deepEqual(conventionName({ kind: 'ix', table: 't2', schema: 'sch', converted: false, columns: ['x'] }, templates), { name: 'ix_x_sch_t2_x_' });
  assert.deepEqual(conventionName({ kind: 'uq', table: 't', converted: false, columns: ['a', 'b'] }, templates), { name: 'uq_t_a_b' });
  // No template for the kind: the explicit name stays, an unnamed object stays unnamed.
  assert.deepEqual(conventionName({ kind: 'fk', table: 't', name: 'keep', converted: false, columns: ['a'] }, templates), { name: 'keep' });
  assert.deepEqual(conventionName({ kind: 'fk', table: 't', converted: false, columns: ['a'] }, templates), {});
});

test('%(constraint_name)s rewrites explicit names, requires one, and leaves op.f() names alone', () => {
  const templates = { ck: 'ck__%(table_name)s__%(constraint_name)s' };
  assert.deepEqual(conventionName({ kind: 'ck', table: 'tbl', name: 'xx', converted: false, columns: [] }, templates), { name: 'ck__tbl__xx' });
  assert.deepEqual(conventionName({ kind: 'ck', table: 'tbl', name: 'ck3', converted: true, columns: [] }, templates), { name: 'ck3' });
  const missing = conventionName({ kind: 'ck', table: 'tbl', converted: false, columns: [] }, templates);
  assert.ok('problem' in missing && /requires that constraint is explicitly named/.test(missing.problem));
});

test('converted names past 63 characters are cut with the MD5 suffix SQLAlchemy uses', () => {
  // Recorded: CREATE INDEX ix_xxx..._3aa3 (op.f() of "ix_" + 70 x) and the default convention on long names.
  assert.equal(truncateConverted('ix_' + 'x'.repeat(70)), 'ix_' + 'x'.repeat(52) + '_3aa3');
  const long = conventionName({ kind: 'ix', table: 't'.repeat(40), converted: false, columns: ['c'.repeat(30)] }, { ix: 'ix_%(column_0_label)s' });
  assert.deepEqual(long, { name: 'ix_tttttttttttttttttttttttttttttttttttttttt_ccccccccccc_910b' });
  assert.equal(truncateConverted('short'), 'short');
});

function environment(envPy: string, modules: Record<string, string>): string {
  const root = temporaryFolder('lens-naming-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), envPy);
  for (const [name, text] of Object.entries(modules)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return path.join(root, 'migrations', 'versions', 'm.py');
}

const MIGRATION = `from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_index(None, "t", ["a"])
    op.create_index("named", "t", ["b"])


def downgrade():
    pass
`;

function rendered(steps: Step[]): string[] {
  return steps.map((step) => {
    if (step.kind === 'opaque') return `OPAQUE: ${step.reason}`;
    if (step.kind !== 'operation') return step.kind;
    return renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements.join('; ');
  });
}

test('a module-level MetaData constant and declarative_base(metadata=...) are followed from env.py', () => {
  const constant = environment('from alembic import context\nfrom app.models import metadata as target_metadata\ncontext.configure(url="x", target_metadata=target_metadata)\n', {
    'app/__init__.py': '',
    'app/models.py': 'from sqlalchemy import MetaData\nmetadata = MetaData(naming_convention={"ix": "idx_%(table_name)s_%(column_0_name)s"})\n',
  });
  assert.deepEqual(rendered(interpretMigration(constant, MIGRATION).upgrade!.steps), ['CREATE INDEX idx_t_a ON t (a)', 'CREATE INDEX named ON t (b)']);
  const base = environment('from alembic import context\nimport app.db\ntarget_metadata = app.db.Base.metadata\ndef run():\n    context.configure(url="x", target_metadata=target_metadata)\n', {
    'app/__init__.py': '',
    'app/db.py': 'import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={"ix": "i_%(column_0_N_name)s"}))\n',
  });
  assert.deepEqual(rendered(interpretMigration(base, MIGRATION).upgrade!.steps), ['CREATE INDEX i_a ON t (a)', 'CREATE INDEX named ON t (b)']);
});

test("a target_metadata env.py assigns inside the function that calls configure() is followed (manila's run_migrations_online)", () => {
  const local = environment('from alembic import context\nfrom app import db\n\ndef run_online():\n    target_metadata = db.Base.metadata\n    context.configure(url="x", target_metadata=target_metadata)\n\nrun_online()\n', {
    'app/__init__.py': '',
    'app/db.py': 'import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"}))\n',
  });
  assert.deepEqual(rendered(interpretMigration(local, MIGRATION).upgrade!.steps), ['CREATE INDEX ix_t_a ON t (a)', 'CREATE INDEX named ON t (b)']);
  // Assigned twice in that function: which one configure() sees is not decided here.
  const twice = environment('from alembic import context\nfrom app import db\n\ndef run_online(flag):\n    target_metadata = db.Base.metadata\n    if flag:\n        target_metadata = None\n    context.configure(url="x", target_metadata=target_metadata)\n', {
    'app/__init__.py': '',
    'app/db.py': 'import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"}))\n',
  });
  assert.match(rendered(interpretMigration(twice, MIGRATION).upgrade!.steps)[0], /^OPAQUE: the name of this index comes from the naming convention/);
});

test('a target_metadata the engine cannot follow makes only the operations that need a convention opaque', () => {
  const file = environment('from alembic import context\nfrom app.factory import build\ncontext.configure(url="x", target_metadata=build().metadata)\n', {
    'app/__init__.py': '',
    'app/factory.py': 'def build():\n    return object()\n',
  });
  const steps = rendered(interpretMigration(file, MIGRATION).upgrade!.steps);
  assert.match(steps[0], /^OPAQUE: the name of this index comes from the naming convention of env\.py's target_metadata, which the engine cannot read: target_metadata \(build\(\)\.metadata\)/);
  assert.equal(steps[1], 'CREATE INDEX named ON t (b)');
});

test('without env.py the default convention names unnamed indexes, with the schema in the label', () => {
  const root = temporaryFolder('lens-naming-');
  fs.mkdirSync(path.join(root, '.git'));
  const file = path.join(root, 'm.py');
  const source = MIGRATION.replace('op.create_index(None, "t", ["a"])', 'op.create_index(None, "t", ["a"], schema="s")');
  assert.deepEqual(rendered(interpretMigration(file, source).upgrade!.steps), ['CREATE INDEX ix_s_t_a ON s.t (a)', 'CREATE INDEX named ON t (b)']);
});

test("Flask-SQLAlchemy's db.metadata: its own MetaData unless SQLAlchemy(metadata=...) gives one", () => {
  const plain = environment('from alembic import context\nfrom app import db\ncontext.configure(url="x", target_metadata=db.metadata)\n', {
    'app/__init__.py': 'from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n',
  });
  assert.deepEqual(rendered(interpretMigration(plain, MIGRATION).upgrade!.steps), ['CREATE INDEX ix_t_a ON t (a)', 'CREATE INDEX named ON t (b)']);
  const given = environment('from alembic import context\nfrom app import db\ncontext.configure(url="x", target_metadata=db.metadata)\n', {
    'app/__init__.py': 'from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy import MetaData\ndb = SQLAlchemy(metadata=MetaData(naming_convention={"ix": "x_%(column_0_name)s"}))\n',
  });
  assert.deepEqual(rendered(interpretMigration(given, MIGRATION).upgrade!.steps), ['CREATE INDEX x_a ON t (a)', 'CREATE INDEX named ON t (b)']);
});

test("Flask-SQLAlchemy's SQLAlchemy(model_class=...): a declarative base keeps its MetaData, a mixin gets a fresh one, metadata= wins", () => {
  // Each convention was read from db.metadata with Flask-SQLAlchemy 3.1.1 on SQLAlchemy 2.1 (GOV.UK
  // Notify: `Base = declarative_base()` then `db = SQLAlchemy(model_class=Base)`).
  const envPy = 'from alembic import context\nfrom app import db\ncontext.configure(url="x", target_metadata=db.metadata)\n';
  const first = (module: string): string => rendered(interpretMigration(environment(envPy, { 'app/__init__.py': `from flask_sqlalchemy import SQLAlchemy\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base, DeclarativeBase\nNC = {"ix": "x_%(column_0_name)s"}\n${module}` }), MIGRATION).upgrade!.steps)[0];
  assert.equal(first('Base = declarative_base()\ndb = SQLAlchemy(model_class=Base)\n'), 'CREATE INDEX ix_t_a ON t (a)');
  assert.equal(first('Base = declarative_base(metadata=sa.MetaData(naming_convention=NC))\ndb = SQLAlchemy(model_class=Base)\n'), 'CREATE INDEX x_a ON t (a)');
  assert.equal(first('class Base(DeclarativeBase):\n    metadata = sa.MetaData(naming_convention=NC)\ndb = SQLAlchemy(model_class=Base)\n'), 'CREATE INDEX x_a ON t (a)');
  assert.equal(first('class Base(DeclarativeBase):\n    pass\ndb = SQLAlchemy(model_class=Base)\n'), 'CREATE INDEX ix_t_a ON t (a)');
  assert.equal(first('class Mixin:\n    metadata = sa.MetaData(naming_convention=NC)\ndb = SQLAlchemy(model_class=Mixin)\n'), 'CREATE INDEX ix_t_a ON t (a)');
  assert.equal(first('Base = declarative_base(metadata=sa.MetaData(naming_convention=NC))\ndb = SQLAlchemy(model_class=Base, metadata=sa.MetaData())\n'), 'CREATE INDEX ix_t_a ON t (a)');
  assert.equal(first('db = SQLAlchemy(model_class=declarative_base(metadata=sa.MetaData(naming_convention=NC)))\n'), 'CREATE INDEX x_a ON t (a)');
  // A model class the engine cannot see into stays opaque, with the reason.
  assert.match(first('from elsewhere import Base\ndb = SQLAlchemy(model_class=Base)\n'), /^OPAQUE: /);
});

test("Flask-Migrate's env.py: the db given to Migrate(app, db) is found in the workspace, with a convention set afterwards", () => {
  const file = environment(
    'from alembic import context\nfrom flask import current_app\ntarget_metadata = current_app.extensions["migrate"].db.metadata\ncontext.configure(url="x", target_metadata=target_metadata)\n',
    {
      'app/__init__.py': 'from flask_migrate import Migrate\nmigrate = Migrate()\n\ndef create_app(app):\n    from app.models import db\n    migrate.init_app(app, db)\n',
      'app/models.py': 'from flask_sqlalchemy import SQLAlchemy\nCONVENTION = {"ix": "by_%(column_0_name)s"}\ndb = SQLAlchemy()\ndb.Model.metadata.naming_convention = CONVENTION\n',
    },
  );
  assert.deepEqual(rendered(interpretMigration(file, MIGRATION).upgrade!.steps), ['CREATE INDEX by_a ON t (a)', 'CREATE INDEX named ON t (b)']);
  // With keywords (lando-api): `migrate.init_app(app=app, db=db)`.
  const keywords = environment(
    'from alembic import context\nfrom flask import current_app\ntarget_metadata = current_app.extensions["migrate"].db.metadata\ncontext.configure(url="x", target_metadata=target_metadata)\n',
    {
      'app/__init__.py': 'from flask_migrate import Migrate\nmigrate = Migrate()\n\ndef create_app(app):\n    from app.models import db\n    migrate.init_app(app=app, db=db)\n',
      'app/models.py': 'from flask_sqlalchemy import SQLAlchemy\nCONVENTION = {"ix": "kw_%(column_0_name)s"}\ndb = SQLAlchemy()\ndb.Model.metadata.naming_convention = CONVENTION\n',
    },
  );
  assert.deepEqual(rendered(interpretMigration(keywords, MIGRATION).upgrade!.steps), ['CREATE INDEX kw_a ON t (a)', 'CREATE INDEX named ON t (b)']);
});

test("SQLModel.metadata: SQLAlchemy's default unless a module env.py loads changes it in a way the engine follows (parity with Alembic in test/diff/sqlmodel.test.ts)", () => {
  const envPy = 'from alembic import context\nfrom app.models import SQLModel\ncontext.configure(url="x", target_metadata=SQLModel.metadata)\n';
  const opaque = (models: Record<string, string>): string => rendered(interpretMigration(environment(envPy, { 'app/__init__.py': '', ...models }), MIGRATION).upgrade!.steps)[0];
  assert.equal(opaque({ 'app/models.py': 'from sqlmodel import SQLModel\n' }), 'CREATE INDEX ix_t_a ON t (a)');
  // Changed inside a function: whether it ran before Alembic read the convention is not known.
  assert.match(opaque({ 'app/models.py': 'from sqlmodel import SQLModel\ndef setup():\n    SQLModel.metadata.naming_convention = {"ix": "x_%(column_0_name)s"}\n' }), /^OPAQUE: .*models\.py changes a naming_convention in a way the engine does not follow/);
  // Changed twice (which one wins depends on import order), or SQLModel's MetaData replaced.
  assert.match(
    opaque({ 'app/models.py': 'from sqlmodel import SQLModel\nfrom app import other\nSQLModel.metadata.naming_convention = {"ix": "a_%(column_0_name)s"}\n', 'app/other.py': 'from sqlmodel import SQLModel\nSQLModel.metadata.naming_convention = {"ix": "b_%(column_0_name)s"}\n' }),
    /^OPAQUE: .*change a naming_convention more than once \((models|other)\.py, (models|other)\.py\)/,
  );
  assert.match(opaque({ 'app/models.py': 'from sqlmodel import SQLModel\nfrom sqlalchemy import MetaData\nSQLModel.metadata = MetaData()\n' }), /^OPAQUE: .*models\.py replaces SQLModel\.metadata/);
  // Another MetaData's convention changed with .update(): not followed, so not guessed either.
  assert.match(opaque({ 'app/models.py': 'from sqlmodel import SQLModel\nfrom sqlalchemy import MetaData\nm = MetaData()\nm.naming_convention.update({"ix": "q"})\n' }), /^OPAQUE: .*models\.py changes a naming_convention/);
  // A subclass given a registry of its own has that registry's MetaData.
  const ownRegistry = environment('from alembic import context\nfrom app.models import Base\ncontext.configure(url="x", target_metadata=Base.metadata)\n', {
    'app/__init__.py': '',
    'app/models.py': 'from sqlmodel import SQLModel\nfrom sqlalchemy.orm import registry\nclass Base(SQLModel, registry=registry()):\n    pass\n',
  });
  assert.match(rendered(interpretMigration(ownRegistry, MIGRATION).upgrade!.steps)[0], /^OPAQUE: .*given a registry=/);
});

test("SQLModel's own column types render as PostgreSQL gets them (AutoString, UTCDateTime; GUID of SQLModel before 0.0.12)", () => {
  const file = environment('from alembic import context\ncontext.configure(url="x")\n', {});
  const source = `from alembic import op
import sqlalchemy as sa
import sqlmodel


def upgrade():
    op.add_column("t", sa.Column("a", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("t", sa.Column("b", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
    op.add_column("t", sa.Column("c", sqlmodel.sql.sqltypes.GUID(), nullable=True))
    op.add_column("t", sa.Column("d", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("t", sa.Column("e", sqlmodel.AutoString(), server_default="x", nullable=True))
`;
  assert.deepEqual(rendered(interpretMigration(file, source).upgrade!.steps), [
    'ALTER TABLE t ADD COLUMN a VARCHAR',
    'ALTER TABLE t ADD COLUMN b VARCHAR(20)',
    'ALTER TABLE t ADD COLUMN c UUID',
    'ALTER TABLE t ADD COLUMN d TIMESTAMP WITH TIME ZONE',
    "ALTER TABLE t ADD COLUMN e VARCHAR DEFAULT 'x'",
  ]);
});

test("env.py's own `target_metadata.naming_convention = {...}` is the convention, unless the migrations run before it (parity: test/fixtures/sql/naming_replaced)", () => {
  const replaced = (envPy: string): string => rendered(interpretMigration(environment(envPy, {}), MIGRATION).upgrade!.steps)[0];
  const head = 'from alembic import context\nfrom sqlalchemy import MetaData\ntarget_metadata = MetaData(naming_convention={"ix": "old_%(column_0_name)s"})\n';
  const run = 'def run():\n    context.configure(url="x", target_metadata=target_metadata)\n';
  assert.equal(replaced(`${head}target_metadata.naming_convention = {"ix": "new_%(column_0_name)s"}\n${run}run()\n`), 'CREATE INDEX new_a ON t (a)');
  // Set after the call that runs the migrations: configure() saw the old one.
  assert.match(replaced(`${head}${run}run()\ntarget_metadata.naming_convention = {"ix": "new_%(column_0_name)s"}\n`), /^OPAQUE: .*env\.py assigns a naming_convention after the MetaData is built/);
  // Changed twice, or in place: not followed.
  assert.match(replaced(`${head}target_metadata.naming_convention = {"ix": "a_%(column_0_name)s"}\ntarget_metadata.naming_convention["ix"] = "b"\n${run}run()\n`), /^OPAQUE: /);
});

test('a token function the engine does not read is not guessed', () => {
  const file = environment('from alembic import context\nfrom app.models import metadata\ncontext.configure(url="x", target_metadata=metadata)\n', {
    'app/__init__.py': '',
    'app/models.py': 'from sqlalchemy import MetaData\ndef names(constraint, table):\n    return "x"\nmetadata = MetaData(naming_convention={"column_names": names, "ix": "ix_%(column_names)s"})\n',
  });
  const [unnamed, named] = rendered(interpretMigration(file, MIGRATION).upgrade!.steps);
  assert.match(unnamed, /^OPAQUE: .*naming_convention\["column_names"\]: names\(\) is a token function the engine does not read/);
  assert.equal(named, 'CREATE INDEX named ON t (b)');
});

test('token functions that join constraint.columns or read an index\'s unique flag name objects as SQLAlchemy calls them', () => {
  const models = `from sqlalchemy import MetaData


def _column_names(constraint, table):
    return '_'.join((c if isinstance(c, str) else c.name) for c in constraint.columns)


def _unique_index(constraint, table):
    """'uq_' for a unique index."""
    return 'uq_' if constraint.unique else ''


metadata = MetaData(naming_convention={
    'ix': 'ix_%(unique_index)s%(table_name)s_%(column_names)s',
    'fk': 'fk_%(table_name)s_%(column_names)s_%(referred_table_name)s',
    'uq': 'uq_%(table_name)s_%(column_names)s',
    'column_names': _column_names,
    'unique_index': _unique_index,
})
`;
  const file = environment('from alembic import context\nfrom app.models import metadata\ncontext.configure(url="x", target_metadata=metadata)\n', { 'app/__init__.py': '', 'app/models.py': models });
  const migration = `from alembic import op


def upgrade():
    op.create_index(None, "t", ["a", "b"])
    op.create_index(None, "t", ["c"], unique=True)
    op.create_foreign_key(None, "t", "u", ["a", "b"], ["x", "y"])
    op.create_unique_constraint(None, "t", ["b"])
    op.create_check_constraint(None, "t", "a > 0")
`;
  assert.deepEqual(rendered(interpretMigration(file, migration).upgrade!.steps), [
    'CREATE INDEX ix_t_a_b ON t (a, b)',
    'CREATE UNIQUE INDEX ix_uq_t_c ON t (c)',
    'ALTER TABLE t ADD CONSTRAINT fk_t_a_b_u FOREIGN KEY(a, b) REFERENCES u (x, y)',
    'ALTER TABLE t ADD CONSTRAINT uq_t_b UNIQUE (b)',
    'ALTER TABLE t ADD CHECK (a > 0)',
  ]);
  // The unique flag belongs to indexes: a unique constraint's %(unique_index)s is not guessed.
  const odd = environment('from alembic import context\nfrom app.models import metadata\ncontext.configure(url="x", target_metadata=metadata)\n', {
    'app/__init__.py': '',
    'app/models.py': models.replace("'uq': 'uq_%(table_name)s_%(column_names)s'", "'uq': 'uq_%(unique_index)s%(column_names)s'"),
  });
  const [, , , unique] = rendered(interpretMigration(odd, migration).upgrade!.steps);
  assert.match(unique, /^OPAQUE: .*%\(unique_index\)s/);
});

test('op.drop_constraint(None, ...): named by the template of its type_, as SQLAlchemy names the generic constraint Alembic drops; an error where Alembic fails', () => {
  const drops = `from alembic import op


def upgrade():
    op.drop_constraint(None, "tbl", type_="unique")
    op.drop_constraint(None, "tbl", type_="foreignkey")
    op.drop_constraint(None, "tbl", type_="primary")
    op.drop_constraint(None, "tbl", type_="check")
    op.drop_constraint(None, "tbl")


def downgrade():
    pass
`;
  // Recorded from Alembic 1.20 offline (SQLAlchemy 2.1) with this convention: the generic constraint
  // has no columns, so a column token is empty; %(constraint_name)s needs a name
  // (InvalidRequestError); with no type_ SQLAlchemy cannot emit DROP CONSTRAINT ("it has no name").
  const convention = '{"fk": "fk_%(table_name)s_%(column_0_name)s", "uq": "uq_%(table_name)s_%(column_0_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s", "pk": "pk_%(table_name)s"}';
  const file = environment(`from alembic import context\nfrom sqlalchemy import MetaData\ntarget_metadata = MetaData(naming_convention=${convention})\ncontext.configure(url="x", target_metadata=target_metadata)\n`, {});
  const result = interpretMigration(file, drops);
  const steps = rendered(result.upgrade!.steps);
  assert.deepEqual(steps.slice(0, 3), ['ALTER TABLE tbl DROP CONSTRAINT uq_tbl_', 'ALTER TABLE tbl DROP CONSTRAINT fk_tbl_', 'ALTER TABLE tbl DROP CONSTRAINT pk_tbl']);
  assert.match(steps[3], /^OPAQUE: Naming convention including %\(constraint_name\)s token requires that constraint is explicitly named/);
  assert.match(steps[4], /^OPAQUE: invalid arguments to op\.drop_constraint: .*with None and no type_, SQLAlchemy cannot emit DROP CONSTRAINT/);
  const errors = result.problems.filter((problem) => problem.code === 'invalid-operation-arguments');
  assert.deepEqual(errors.map((problem) => problem.range.start.line), [8]);

  // Without a template for the type (SQLAlchemy's default convention names indexes only), Alembic
  // fails: an error at the call, and the step is opaque.
  const plain = environment('from alembic import context\ncontext.configure(url="x", target_metadata=None)\n', {});
  const failing = interpretMigration(plain, drops.replace(/\n    op\.drop_constraint\(None, "tbl", type_="(primary|check)"\)|\n    op\.drop_constraint\(None, "tbl"\)$/gm, ''));
  const failed = rendered(failing.upgrade!.steps);
  assert.equal(failed.length, 2);
  for (const step of failed) assert.match(step, /^OPAQUE: invalid arguments to op\.drop_constraint: .*naming convention's "(uq|fk)" template, and env\.py's target_metadata has none/);
  const reported = failing.problems.filter((problem) => problem.code === 'invalid-operation-arguments');
  assert.deepEqual(reported.map((problem) => [problem.severity, problem.range.start.line]), [['error', 4], ['error', 5]]);
});

test("env.py's target_metadata set under `if TYPE_CHECKING:` / `if not TYPE_CHECKING:` is the branch Python runs (packit-service)", () => {
  const envPy = (body: string): string => `from typing import TYPE_CHECKING\nfrom alembic import context\nfrom sqlalchemy import MetaData\n${body}\ncontext.configure(url="x", target_metadata=target_metadata)\n`;
  const first = (body: string): string => rendered(interpretMigration(environment(envPy(body), {}), MIGRATION).upgrade!.steps)[0];
  assert.equal(first('if not TYPE_CHECKING:\n    target_metadata = MetaData(naming_convention={"ix": "x_%(column_0_name)s"})'), 'CREATE INDEX x_a ON t (a)');
  assert.equal(first('if TYPE_CHECKING:\n    target_metadata = None\nelse:\n    target_metadata = MetaData(naming_convention={"ix": "y_%(column_0_name)s"})'), 'CREATE INDEX y_a ON t (a)');
  assert.equal(first('import typing\nif typing.TYPE_CHECKING:\n    target_metadata = None\nelse:\n    target_metadata = MetaData()'), 'CREATE INDEX ix_t_a ON t (a)');
});

test('a declarative base made in env.py itself, or rebound after a class of the same name, gives its MetaData (koschei)', () => {
  const own = environment('from alembic import context\nfrom sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=MetaData(naming_convention={"ix": "own_%(column_0_name)s"}))\ntarget_metadata = Base.metadata\ncontext.configure(url="x", target_metadata=target_metadata)\n', {});
  assert.equal(rendered(interpretMigration(own, MIGRATION).upgrade!.steps)[0], 'CREATE INDEX own_a ON t (a)');
  const rebound = environment('from alembic import context\nfrom app.db import Base\ncontext.configure(url="x", target_metadata=Base.metadata)\n', {
    'app/__init__.py': '',
    'app/db.py': 'from sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\nclass Base(object):\n    metadata = MetaData(naming_convention={"ix": "class_%(column_0_name)s"})\nBase = declarative_base(cls=Base, metadata=MetaData(naming_convention={"ix": "later_%(column_0_name)s"}))\n',
  });
  assert.equal(rendered(interpretMigration(rebound, MIGRATION).upgrade!.steps)[0], 'CREATE INDEX later_a ON t (a)');
  const objectBase = environment('from alembic import context\nfrom app.db import Base\ncontext.configure(url="x", target_metadata=Base.metadata)\n', {
    'app/__init__.py': '',
    'app/db.py': 'from sqlalchemy.orm import DeclarativeBase\nclass Mixin(object):\n    pass\nclass Base(Mixin, DeclarativeBase):\n    pass\n',
  });
  assert.equal(rendered(interpretMigration(objectBase, MIGRATION).upgrade!.steps)[0], 'CREATE INDEX ix_t_a ON t (a)');
});

test("target_metadata through a class attribute naming the declarative base (thoth-station/storages), and a class name that leads nowhere ends", () => {
  const files = {
    'pkg/__init__.py': 'from .graph import GraphDatabase\n',
    'pkg/graph/__init__.py': 'from .postgres import GraphDatabase\n',
    'pkg/graph/models_base.py': 'from sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=MetaData(naming_convention={"ix": "g_%(column_0_name)s"}))\n',
    'pkg/graph/postgres.py': 'from .models_base import Base\n\nclass GraphDatabase:\n    _DECLARATIVE_BASE = Base\n',
  };
  const holder = environment('from alembic import context\nfrom pkg.graph.postgres import GraphDatabase\ncontext.configure(url="x", target_metadata=GraphDatabase._DECLARATIVE_BASE.metadata)\n', files);
  assert.equal(rendered(interpretMigration(holder, MIGRATION).upgrade!.steps)[0], 'CREATE INDEX g_a ON t (a)');
  // A class attribute the class does not have: unknown, with a reason (it recursed until the stack overflowed).
  const missing = environment('from alembic import context\nfrom pkg.graph.postgres import GraphDatabase\ncontext.configure(url="x", target_metadata=GraphDatabase.OTHER.metadata)\n', files);
  const result = interpretMigration(missing, MIGRATION);
  assert.match(rendered(result.upgrade!.steps)[0], /^OPAQUE: /);
  assert.ok(!result.problems.some((problem) => /internal error/.test(problem.message)), result.problems.map((problem) => problem.message).join('\n'));
});

test('drop_constraint(None) under an fk template naming the referred table is the error SQLAlchemy raises (IndexError: bitcart)', () => {
  // Measured with Alembic 1.20 / SQLAlchemy 2.1: `fk_%(table_name)s_%(referred_table_name)s` raises
  // IndexError for the generic constraint dropped by None; `fk_%(table_name)s_%(column_0_name)s` names it `fk_t_`.
  const envPy = (template: string): string => `from alembic import context\nfrom sqlalchemy import MetaData\ncontext.configure(url="x", target_metadata=MetaData(naming_convention={"fk": "${template}"}))\n`;
  const source = 'from alembic import op\n\n\ndef upgrade():\n    op.drop_constraint(None, "t", type_="foreignkey")\n';
  const referred = interpretMigration(environment(envPy('fk_%(table_name)s_%(referred_table_name)s'), {}), source);
  assert.match(rendered(referred.upgrade!.steps)[0], /^OPAQUE: invalid arguments to op\.drop_constraint: .*%\(referred_table_name\)s.*IndexError/);
  assert.ok(referred.problems.some((problem) => problem.code === 'invalid-operation-arguments' && problem.severity === 'error'), referred.problems.map((problem) => problem.message).join('\n'));
  assert.equal(rendered(interpretMigration(environment(envPy('fk_%(table_name)s_%(column_0_name)s'), {}), source).upgrade!.steps)[0], 'ALTER TABLE t DROP CONSTRAINT fk_t_');
});

test("with env.py's convention unknown, a named check constraint is unknown too (its name may go through the ck template); other named objects keep theirs", () => {
  const file = environment('from alembic import context\nfrom somewhere_unseen import Base\ncontext.configure(url="x", target_metadata=Base.metadata)\n', {});
  const source = 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.create_check_constraint("positive", "rules", sa.text("id > 0"))\n    op.create_unique_constraint("uq_rules_name", "rules", ["name"])\n    op.create_check_constraint(op.f("ck_rules_converted"), "rules", sa.text("id < 9"))\n';
  const steps = rendered(interpretMigration(file, source).upgrade!.steps);
  assert.match(steps[0], /^OPAQUE: this check constraint's name may be rewritten by the "ck" template/);
  assert.equal(steps[1], 'ALTER TABLE rules ADD CONSTRAINT uq_rules_name UNIQUE (name)');
  assert.equal(steps[2], 'ALTER TABLE rules ADD CONSTRAINT ck_rules_converted CHECK (id < 9)');
});

test("an env.py that hands configure() to an imported helper (sr.ht's alembic_env()) has a convention the engine cannot read; a bare env.py has Alembic's default", () => {
  const source = 'from alembic import op\n\n\ndef upgrade():\n    op.drop_constraint(None, "task", type_="foreignkey")\n';
  const handedOff = interpretMigration(environment('from srht.database import alembic_env\nalembic_env()\n', {}), source);
  assert.match(rendered(handedOff.upgrade!.steps)[0], /^OPAQUE: .*env\.py calls no context\.configure\(\) itself: it runs alembic_env\(\)/);
  assert.ok(!handedOff.problems.some((problem) => problem.severity === 'error'), handedOff.problems.map((problem) => problem.message).join('\n'));
  // Logging set-up is not a configuration: with no configure() at all, Alembic's default convention (no "fk") holds.
  const bare = interpretMigration(environment('from logging.config import fileConfig\nfrom alembic import context\nfileConfig("alembic.ini")\n', {}), source);
  assert.ok(bare.problems.some((problem) => problem.code === 'invalid-operation-arguments' && /target_metadata has none/.test(problem.message)), bare.problems.map((problem) => problem.message).join('\n'));
});

test("env.py's target_metadata assigned inside a top-level `with` block (Flask-Migrate's `with app.app_context():`, ghostportal) is followed", () => {
  const file = environment('from alembic import context\nfrom app.db import Base, make_app\napp = make_app()\nwith app.app_context():\n    target_metadata = Base.metadata\ncontext.configure(url="x", target_metadata=target_metadata)\n', {
    'app/__init__.py': '',
    'app/db.py': 'import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"}))\ndef make_app():\n    return None\n',
  });
  assert.deepEqual(rendered(interpretMigration(file, MIGRATION).upgrade!.steps), ['CREATE INDEX ix_t_a ON t (a)', 'CREATE INDEX named ON t (b)']);
});

test("MigrationContext.configure(connection) in env.py (Growen reads the current revision so) is not a second context.configure()", () => {
  const file = environment(
    'from alembic import context\nfrom alembic.runtime.migration import MigrationContext\nfrom sqlalchemy import MetaData\ntarget_metadata = MetaData(naming_convention={"ix": "mc_%(column_0_name)s"})\n\ndef run_migrations_offline():\n    context.configure(url="x", target_metadata=target_metadata, literal_binds=True)\n\ndef run_migrations_online():\n    connection = None\n    MigrationContext.configure(connection).get_current_revision()\n    context.configure(connection=connection, target_metadata=target_metadata)\n\nif context.is_offline_mode():\n    run_migrations_offline()\nelse:\n    run_migrations_online()\n',
    {},
  );
  assert.deepEqual(rendered(interpretMigration(file, MIGRATION).upgrade!.steps), ['CREATE INDEX mc_a ON t (a)', 'CREATE INDEX named ON t (b)']);
});

test("a sessionmaker's Session.configure(bind=...) in env.py (subunit2sql's) is not Alembic's configure(); an aliased context's is", () => {
  const envPy = (receiver: string, imports: string): string =>
    `${imports}\nfrom sqlalchemy import MetaData\nfrom sqlalchemy.orm import sessionmaker\ntarget_metadata = MetaData(naming_convention={"ix": "sm_%(column_0_name)s"})\nSession = sessionmaker()\n\ndef run_migrations_offline():\n    ${receiver}.configure(url="x", target_metadata=target_metadata, literal_binds=True)\n    Session.configure(bind=None)\n\ndef run_migrations_online():\n    ${receiver}.configure(connection=None, target_metadata=target_metadata)\n\nif ${receiver}.is_offline_mode():\n    run_migrations_offline()\nelse:\n    run_migrations_online()\n`;
  for (const [receiver, imports] of [
    ['context', 'from alembic import context'],
    ['alembic_ctx', 'from alembic import op, context as alembic_ctx'],
  ]) {
    const file = environment(envPy(receiver, imports), {});
    assert.deepEqual(rendered(interpretMigration(file, MIGRATION).upgrade!.steps), ['CREATE INDEX sm_a ON t (a)', 'CREATE INDEX named ON t (b)'], receiver);
  }
});

test('drop_constraint(None) under conventions that differ by mode says why each mode fails (pmg-cms-2: offline configure() without metadata)', () => {
  // Offline there is no convention (CompileError: the constraint has no name); online the "fk"
  // template reads %(referred_table_name)s (IndexError). The error must not give --sql's reason alone.
  const envPy = [
    'from alembic import context',
    'from sqlalchemy import MetaData',
    'target_metadata = MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"})',
    'def run_migrations_offline():',
    '    context.configure(url="x")',
    '    with context.begin_transaction():',
    '        context.run_migrations()',
    'def run_migrations_online():',
    '    connection = engine.connect()',
    '    context.configure(connection=connection, target_metadata=target_metadata)',
    '    with context.begin_transaction():',
    '        context.run_migrations()',
    'if context.is_offline_mode():',
    '    run_migrations_offline()',
    'else:',
    '    run_migrations_online()',
    '',
  ].join('\n');
  const source = 'from alembic import op\n\n\ndef upgrade():\n    op.drop_constraint(None, "t", type_="foreignkey")\n';
  const result = interpretMigration(environment(envPy, {}), source);
  const errors = result.problems.filter((problem) => problem.code === 'invalid-operation-arguments');
  assert.equal(errors.length, 1, result.problems.map((problem) => problem.message).join('\n'));
  assert.match(errors[0].message, /under --sql.*target_metadata has none/);
  assert.match(errors[0].message, /in a live run.*%\(referred_table_name\)s.*IndexError/);
});
