/**
 * Column types defined in the application, read statically from the workspace: the module is
 * found from the migration's imports, the class read (impl, load_dialect_impl on PostgreSQL,
 * UserDefinedType.get_col_spec, subclasses), and the DDL rendered; classes the engine cannot read
 * stay opaque with a reason naming the class. A compiled migration cached by its own text is
 * rebuilt when the types module changes. Real-Alembic parity of the same idioms is in
 * test/fixtures/sql/app_types (test/diff/sql-fixtures.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { MigrationCompiler } from '../../../server/src/engine/offline/migrationCompiler';
import { DEFAULT_ENGINE_PARTS } from '../../../server/src/engine/offline/defaultEngine';
import { absentWorkspaceFiles, resolveQualifiedName } from '../../../server/src/project/pythonModules';
import { workspaceWith } from '../../support/workspaceFolder';

function workspace(files: Record<string, string>): string {
  return workspaceWith('lens-types-', files);
}

const TYPES = `import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import CHAR, TypeDecorator


class GUID(TypeDecorator[str]):
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        return dialect.type_descriptor(CHAR(32))


class Configured(TypeDecorator):
    impl = sa.String

    def __init__(self, length, **kw):
        super().__init__(length * 2)
        self._options = kw


class Swapping(TypeDecorator):
    impl = sa.String

    def __init__(self, other):
        super().__init__()
        self.impl = other


class Calling(TypeDecorator):
    impl = sa.String

    def __init__(self):
        super().__init__()
        register(self)


class SelfDependent(TypeDecorator):
    impl = sa.String

    def load_dialect_impl(self, dialect):
        return sa.String(self.width)


class SelfImpl(TypeDecorator):
    impl = sa.String

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(sa.String(length=self.impl.length))


class Custom(sa.types.UserDefinedType):
    def get_col_spec(self, **kw):
        return "CUSTOM"


@compiles(Custom, "postgresql")
def _custom(element, compiler, **kw):
    return "OTHER"


class Model:
    pass
`;

function migration(body: string): string {
  return `from alembic import op
import sqlalchemy as sa
from app import types
from app.types import GUID


def upgrade():
${body}


def downgrade():
    pass
`;
}

function statementsOf(steps: Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind === 'opaque') return [`OPAQUE: ${step.reason}`];
    if (step.kind !== 'operation') return [];
    const rendered = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' });
    return rendered.problems.length > 0 ? rendered.problems.map((problem) => `PROBLEM: ${problem.message}`) : rendered.statements;
  });
}

test('a module is found above the importing file, and relative names from its folder', () => {
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': TYPES, 'db/versions/m.py': '' });
  const from = path.join(root, 'db', 'versions', 'm.py');
  assert.deepEqual(resolveQualifiedName(from, 'app.types.GUID'), { file: path.join(root, 'app', 'types.py'), attributes: ['GUID'] });
  assert.deepEqual(resolveQualifiedName(path.join(root, 'app', 'types.py'), '.GUID'), { file: path.join(root, 'app', '__init__.py'), attributes: ['GUID'] });
  assert.equal(resolveQualifiedName(from, 'flask.Flask'), undefined);
  assert.equal(resolveQualifiedName(from, 'sqlalchemy.String'), undefined, 'libraries the engine models are never looked for');
});

test("a module of the src/ layout is found at the repository root's src/ (voter-api's prepend_sys_path = src)", () => {
  const root = workspace({ 'src/app/__init__.py': '', 'src/app/types.py': TYPES, 'alembic/versions/m.py': '' });
  const from = path.join(root, 'alembic', 'versions', 'm.py');
  assert.deepEqual(resolveQualifiedName(from, 'app.types.GUID'), { file: path.join(root, 'src', 'app', 'types.py'), attributes: ['GUID'] });
  // One above the migrations wins over src/, as it comes first on the walk.
  const both = workspace({ 'src/app/__init__.py': '', 'src/app/types.py': TYPES, 'alembic/app/__init__.py': '', 'alembic/app/types.py': TYPES, 'alembic/versions/m.py': '' });
  assert.deepEqual(resolveQualifiedName(path.join(both, 'alembic', 'versions', 'm.py'), 'app.types.GUID'), { file: path.join(both, 'alembic', 'app', 'types.py'), attributes: ['GUID'] });
  // Not there yet: a result rests on the absence of the src/ candidates too.
  const empty = workspace({ 'alembic/versions/m.py': '' });
  assert.ok(absentWorkspaceFiles(path.join(empty, 'alembic', 'versions', 'm.py'), 'app.types.GUID').includes(path.join(empty, 'src', 'app', 'types.py')));
});

test("a module of a sub-project's src/ layout is found beside its pyproject.toml (eneo's backend/src/intric)", () => {
  const root = workspace({ 'backend/pyproject.toml': '[project]\nname = "intric"\n', 'backend/src/intric/__init__.py': '', 'backend/src/intric/types.py': TYPES, 'backend/alembic/versions/m.py': '' });
  const from = path.join(root, 'backend', 'alembic', 'versions', 'm.py');
  assert.deepEqual(resolveQualifiedName(from, 'intric.types.GUID'), { file: path.join(root, 'backend', 'src', 'intric', 'types.py'), attributes: ['GUID'] });
  // Without the pyproject.toml that makes backend/ a project, its src/ is not looked in.
  const plain = workspace({ 'backend/src/intric/__init__.py': '', 'backend/src/intric/types.py': TYPES, 'backend/alembic/versions/m.py': '' });
  assert.equal(resolveQualifiedName(path.join(plain, 'backend', 'alembic', 'versions', 'm.py'), 'intric.types.GUID'), undefined);
  const empty = workspace({ 'backend/pyproject.toml': '', 'backend/alembic/versions/m.py': '' });
  assert.ok(absentWorkspaceFiles(path.join(empty, 'backend', 'alembic', 'versions', 'm.py'), 'intric.types.GUID').includes(path.join(empty, 'backend', 'src', 'intric', 'types.py')));
});

test('a TypeDecorator renders its PostgreSQL load_dialect_impl, through imports of the module or of the class', () => {
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': TYPES });
  const file = path.join(root, 'db', 'versions', 'm.py');
  const result = interpretMigration(
    file,
    migration(`    op.add_column("t", sa.Column("a", GUID(), nullable=False))
    op.add_column("t", sa.Column("b", types.GUID()))
    op.add_column("t", sa.Column("c", GUID))`),
  );
  // A class given bare is instantiated without arguments, as SQLAlchemy does.
  assert.deepEqual(statementsOf(result.upgrade!.steps), ['ALTER TABLE t ADD COLUMN a UUID NOT NULL', 'ALTER TABLE t ADD COLUMN b UUID', 'ALTER TABLE t ADD COLUMN c UUID']);
  assert.deepEqual((result.dependencies ?? []).map((dependency) => path.relative(root, dependency.path)), [path.join('app', 'types.py')]);
});

test('classes the engine cannot read stay opaque with a reason naming the class and why', () => {
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': TYPES });
  const file = path.join(root, 'db', 'versions', 'm.py');
  const result = interpretMigration(
    file,
    migration(`    op.add_column("t", sa.Column("a", types.Swapping(sa.Text())))
    op.add_column("t", sa.Column("b", types.SelfDependent()))
    op.add_column("t", sa.Column("c", types.Custom()))
    op.add_column("t", sa.Column("d", types.Model()))
    op.add_column("t", sa.Column("e", types.SelfImpl(40)))`),
  );
  const reasons = statementsOf(result.upgrade!.steps);
  assert.equal(reasons.length, 5);
  assert.match(reasons[0], /^OPAQUE: .*Swapping \(types\.py:\d+\) defines __init__\(\), which the engine cannot follow: it sets self\.impl/);
  // Of self, only the impl TypeDecorator.__init__ builds from the arguments is known.
  assert.match(reasons[1], /^OPAQUE: .*SelfDependent \(types\.py:\d+\): load_dialect_impl\(\) for PostgreSQL cannot be read: .*of which only self\.impl is known, has no attribute width/);
  assert.match(reasons[2], /^OPAQUE: .*Custom \(types\.py:\d+\) has a @compiles rendering/);
  // Not a column type at all (a plain class of the application): the reason names it.
  assert.match(reasons[3], /^OPAQUE: the column type is an object of the application's class Model \(types\.py\), not a SQLAlchemy type/);
  assert.equal(reasons[4], 'ALTER TABLE t ADD COLUMN e VARCHAR(40)');
});

test('a cached compiled migration is rebuilt when the module defining its types changes', () => {
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': TYPES });
  const file = path.join(root, 'db', 'versions', 'm.py');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, migration('    op.add_column("t", sa.Column("a", GUID()))'));
  const compiler = new MigrationCompiler(DEFAULT_ENGINE_PARTS, null);
  const before = compiler.compile(file);
  assert.deepEqual(before.upgrade, [{ kind: 'sql', sql: 'ALTER TABLE t ADD COLUMN a UUID' }]);
  // Same size and (most likely) the same mtime as before: a file written within the last seconds is re-read and hashed.
  fs.writeFileSync(path.join(root, 'app', 'types.py'), TYPES.replace('postgresql.UUID()', 'postgresql.INET()'));
  const after = compiler.compile(file);
  assert.deepEqual(after.upgrade, [{ kind: 'sql', sql: 'ALTER TABLE t ADD COLUMN a INET' }]);
});

test('an __init__ that keeps Python-side state passes its super().__init__() arguments to the impl', () => {
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': TYPES });
  const file = path.join(root, 'db', 'versions', 'm.py');
  const result = interpretMigration(
    file,
    migration(`    op.add_column("t", sa.Column("a", types.Configured(10, collation="C")))
    op.add_column("t", sa.Column("b", types.Calling()))`),
  );
  const statements = statementsOf(result.upgrade!.steps);
  assert.equal(statements[0], 'ALTER TABLE t ADD COLUMN a VARCHAR(20)');
  assert.match(statements[1], /^OPAQUE: .*Calling \(types\.py:\d+\) defines __init__\(\), which the engine cannot follow: .*register/);
});

test('a type re-exported by `from .module import *` is followed, as far as Python would bind it', () => {
  const source = (imported: string): string => `from alembic import op
import sqlalchemy as sa
from ${imported}


def upgrade():
    op.add_column("t", sa.Column("a", Stamp()))
`;
  const stamp = 'import sqlalchemy as sa\nfrom sqlalchemy.types import TypeDecorator\n\n\nclass Stamp(TypeDecorator):\n    impl = sa.DateTime\n\n\nclass _Hidden(TypeDecorator):\n    impl = sa.Text\n';
  const run = (init: string, imported = 'app.types import Stamp'): string[] => {
    const root = workspace({ 'app/__init__.py': '', 'app/types/__init__.py': init, 'app/types/stamp.py': stamp });
    return statementsOf(interpretMigration(path.join(root, 'db', 'versions', 'm.py'), source(imported)).upgrade!.steps);
  };
  assert.deepEqual(run('from .stamp import *\n'), ['ALTER TABLE t ADD COLUMN a TIMESTAMP WITHOUT TIME ZONE']);
  assert.match(run('from .stamp import *\n', 'app.types import _Hidden as Stamp')[0], /^OPAQUE: /, 'a private name is not bound by *');
  // The star-imported module's own __all__ decides; one that does not list the name does not bind it.
  const hidden = stamp + '\n__all__ = ["Other"]\n';
  const root = workspace({ 'app/__init__.py': '', 'app/types/__init__.py': 'from .stamp import *\n', 'app/types/stamp.py': hidden });
  assert.match(statementsOf(interpretMigration(path.join(root, 'db', 'versions', 'm.py'), source('app.types import Stamp')).upgrade!.steps)[0], /^OPAQUE: column type imported from the application/);
  // A later star import from a library could rebind the name: not guessed.
  assert.match(run('from .stamp import *\nfrom flask import *\n')[0], /^OPAQUE: column type imported from the application/);
});

test('load_dialect_impl returning dialect.type_descriptor(Text()) stays opaque: the driver decides between TEXT and VARCHAR', () => {
  // As quay's UTF8LongText: Alembic 1.20 (SQLAlchemy 2.1) prints VARCHAR on psycopg, TEXT on psycopg2.
  const types = `from sqlalchemy.types import Text, TypeDecorator
from sqlalchemy.dialects import postgresql


class LongText(TypeDecorator):
    impl = Text

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(Text())


class Jsonish(TypeDecorator):
    impl = Text

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(postgresql.JSONB())
`;
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': types });
  const source = `from alembic import op
import sqlalchemy as sa
from app.types import LongText, Jsonish


def upgrade():
    op.add_column("t", sa.Column("a", LongText()))
    op.add_column("t", sa.Column("b", Jsonish()))
`;
  const [first, second] = statementsOf(interpretMigration(path.join(root, 'db', 'versions', 'm.py'), source).upgrade!.steps);
  assert.match(first, /^OPAQUE: .*dialect\.type_descriptor\(Text\) adapts the type to the database driver's own class/);
  assert.equal(second, 'ALTER TABLE t ADD COLUMN b JSONB');
});

test('a sa.Table with a column of a type the engine cannot read is opaque, naming the column (rally)', () => {
  const types = `from sqlalchemy import types as sa_types


class JSONDict(sa_types.TypeDecorator):
    cache_ok = True
    impl = sa_types.Text

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(sa_types.Text)
`;
  const root = workspace({ 'app/__init__.py': '', 'app/types.py': types });
  const source = `from alembic import op
import sqlalchemy as sa
from app.types import JSONDict


def upgrade():
    t = sa.Table("tasks", sa.MetaData(), sa.Column("status", sa.String(36)), sa.Column("vr", JSONDict()))
    op.execute(t.update().values({"status": "x", "vr": t.c.vr}))
`;
  const [only] = statementsOf(interpretMigration(path.join(root, 'db', 'versions', 'm.py'), source).upgrade!.steps);
  // It was refused as an undeclared column: the column is declared, its type is what is unknown.
  assert.match(only, /^OPAQUE: .*sa\.Table\("tasks"\) has a column the engine cannot read \(vr: /);
});

test('a SQL expression class whose @compiles hook returns a constant prints that constant (viseron\'s UTCNow server default)', () => {
  const root = workspace({
    'app/__init__.py': '',
    'app/models.py': 'from sqlalchemy.sql import expression\nfrom sqlalchemy.ext.compiler import compiles\nimport sqlalchemy as sa\n\n\nclass UTCNow(expression.FunctionElement):\n    type = sa.DateTime()\n    inherit_cache = True\n\n\n@compiles(UTCNow, "postgresql")\ndef pg_utcnow(element, compiler, **kw):\n    return "TIMEZONE(\'utc\', CURRENT_TIMESTAMP)"\n',
  });
  const file = path.join(root, 'db', 'versions', 'm.py');
  const text = 'from alembic import op\nimport sqlalchemy as sa\nfrom app import models\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("at", sa.DateTime(), server_default=models.UTCNow()))\n';
  const result = interpretMigration(file, text);
  const reasons = statementsOf(result.upgrade!.steps);
  // Compared with Alembic 1.20 in test/diff/compiled-function-element.test.ts.
  assert.equal(reasons[0], "ALTER TABLE t ADD COLUMN at TIMESTAMP WITHOUT TIME ZONE DEFAULT TIMEZONE('utc', CURRENT_TIMESTAMP)");
});

test('a SQL expression class whose @compiles hooks are for other dialects only is named as an expression, not a column type', () => {
  const root = workspace({
    'app/__init__.py': '',
    'app/models.py': 'from sqlalchemy.sql import expression\nfrom sqlalchemy.ext.compiler import compiles\n\n\nclass UTCNow(expression.FunctionElement):\n    inherit_cache = True\n\n\n@compiles(UTCNow, "mssql")\ndef ms_utcnow(element, compiler, **kw):\n    return "GETUTCDATE()"\n',
  });
  const file = path.join(root, 'db', 'versions', 'm.py');
  const text = 'from alembic import op\nimport sqlalchemy as sa\nfrom app import models\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("at", sa.DateTime(), server_default=models.UTCNow()))\n';
  const reasons = statementsOf(interpretMigration(file, text).upgrade!.steps);
  assert.match(reasons[0], /^OPAQUE: .*the SQL expression UTCNow \(models\.py:5\) has a @compiles rendering the engine does not follow: its @compiles hooks are for other dialects than postgresql/);
});
