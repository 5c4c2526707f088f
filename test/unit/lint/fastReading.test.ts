/**
 * check's tree-less reading of autogenerate's layout (lint/check/fastReading/) must give exactly
 * the reading the general way gives (syntax tree, interpreter, renderer, lint reading), compared
 * as JSON, key order included (readings are cached and compared as JSON). It may decline
 * (undefined); it must not differ, and on a generated history it must answer for nearly every
 * file, or it saves nothing. Every file is read twice, as templates are made on a statement's
 * second sighting.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fastReadingOf, fastReadingOrLater } from '../../../server/src/lint/check/fastReading/index';
import { mostlyTemplateLayout } from '../../../server/src/lint/check/fastReading/sample';
import { templatesKept, withKnownTemplatesOnly } from '../../../server/src/lint/check/fastReading/memo';
import { generalReading } from '../../../server/src/lint/check/fileReading';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { temporaryFolder } from '../../support/temporaryFolders';

const REPO = path.resolve(__dirname, '..', '..', '..');

function pythonFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py') && entry.name !== 'env.py')
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** Reads every file twice; returns the files the fast reading answered for in the second pass. */
function compareAll(files: readonly string[]): string[] {
  const answered: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = fastReadingOf(file, text);
      if (!fast) continue;
      assert.equal(JSON.stringify(fast), JSON.stringify(generalReading(file, text, false)), `${path.relative(REPO, file)}: the fast reading differs`);
      if (pass === 1) answered.push(file);
    }
  }
  return answered;
}

const HEADER = `"""edge case

Revision ID: {rev}
Revises: {down}
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "{rev}"
down_revision = {downValue}
branch_labels = None
depends_on = None

`;

/** Two files (two revisions) holding `body` each, so that the second is read from templates. */
function writePair(folder: string, name: string, body: string, index: number): string[] {
  const files: string[] = [];
  for (const copy of [0, 1]) {
    const rev = `${name.replace(/[^a-z0-9]/g, '').slice(0, 8)}${index}${copy}`.padEnd(12, '0');
    const file = path.join(folder, `${rev}_${name}.py`);
    fs.writeFileSync(file, HEADER.replace(/\{rev\}/g, rev).replace('{down}', 'x').replace('{downValue}', 'None') + body);
    files.push(file);
  }
  return files;
}

const EDGE_CASES: Record<string, { body: string; fast: boolean }> = {
  keyword_names: {
    body: `def upgrade():\n    op.add_column("user", sa.Column("order", sa.Integer(), nullable=True))\n    op.create_index("ix_type", "orders_1", ["type", "name"], unique=False)\n\n\ndef downgrade():\n    op.drop_column("user", "order")\n`,
    fast: true,
  },
  upper_case_and_long_names: {
    body: `def upgrade():\n    op.add_column("Orders", sa.Column("${'x'.repeat(70)}", sa.Integer(), nullable=True))\n    op.drop_index("IX_Orders", table_name="Orders")\n\n\ndef downgrade():\n    pass\n`,
    fast: true,
  },
  autocommit_block: {
    body: `def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index("ix_a_b", "a", ["b"], unique=False, postgresql_concurrently=True)\n        op.execute("CREATE INDEX CONCURRENTLY ix_a_c ON a (c)")\n    op.create_index("ix_a_d", "a", ["d"], unique=False)\n\n\ndef downgrade():\n    with op.get_context().autocommit_block():\n        op.drop_index("ix_a_b", table_name="a", postgresql_concurrently=True)\n`,
    fast: true,
  },
  commit_then_index: {
    body: `def upgrade():\n    op.execute("COMMIT")\n    op.create_index("ix_a_b", "a", ["b"], unique=False)\n`,
    fast: false,
  },
  sql_syntax_error: {
    body: `def upgrade():\n    op.execute("UPDATE a SET b = WHERE c")\n    op.drop_table("a_1")\n\n\ndef downgrade():\n    op.execute("ALTER TABL a ADD COLUMN b int")\n`,
    fast: true,
  },
  create_table_mixed: {
    body: `def upgrade():\n    op.create_table(\n        "things_1",\n        sa.Column("id", sa.Integer(), nullable=False),\n        sa.Column("label", sa.String(length=20), server_default="x", nullable=False),\n        sa.Column("code", sa.String(length=3), nullable=False, unique=True),\n        sa.Column("kind", sa.Enum("a", "b", name="thing_kind"), nullable=True),\n        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id"), nullable=True),\n        sa.Column("amount", sa.Numeric(12, 2), nullable=True),\n        sa.Column("flag", sa.Boolean(create_constraint=True), nullable=True),\n        sa.CheckConstraint("amount > 0", name="ck_things_amount"),\n        sa.PrimaryKeyConstraint("id"),\n    )\n\n\ndef downgrade():\n    op.drop_table("things_1")\n`,
    fast: true,
  },
  downgrade_first: {
    body: `def downgrade():\n    op.drop_column("a", "b")\n\n\ndef upgrade():\n    op.add_column("a", sa.Column("b", sa.Text(), nullable=True))\n`,
    fast: true,
  },
  comment_inside_call: {
    body: `def upgrade():\n    op.add_column(\n        "a",  # the table\n        sa.Column("b", sa.Text(), nullable=True),\n    )\n`,
    fast: false,
  },
  create_table_known_columns: {
    // The second table's columns were read in the first one: they are taken by their text.
    body: `def upgrade():\n    op.create_table(\n        "kc_1",\n        sa.Column("id", sa.Integer(), nullable=False),\n        sa.Column("note", sa.Text(), nullable=True),\n        sa.PrimaryKeyConstraint("id"),\n    )\n    op.create_table(\n        "kc_2",\n        sa.Column("id", sa.Integer(), nullable=False),\n        sa.Column("note", sa.Text(), nullable=True),\n        sa.Column("other_id", sa.Integer(), nullable=True),\n        sa.ForeignKeyConstraint(["other_id"], ["kc_1.id"]),\n        sa.PrimaryKeyConstraint("id"),\n        schema="public",\n    )\n`,
    fast: true,
  },
  known_column_after_keyword: {
    // A positional argument after a keyword one does not parse, even when its text is known.
    body: `def upgrade():\n    op.create_table("ka_1", sa.Column("note", sa.Text(), nullable=True), sa.Column("id", sa.Integer(), nullable=False))\n    op.create_table("ka_2", sa.Column("id", sa.Integer(), nullable=False), schema="public", sa.Column("note", sa.Text(), nullable=True))\n`,
    fast: false,
  },
  comment_inside_create_table: {
    body: `def upgrade():\n    op.create_table(\n        "kt_1",\n        sa.Column("id", sa.Integer(), nullable=False),  # the key\n        sa.Column("note", sa.Text(), nullable=True),\n    )\n`,
    fast: false,
  },
  local_variable: {
    body: `def upgrade():\n    table = "a"\n    op.drop_table(table)\n`,
    fast: false,
  },
};

describe('check reads autogenerate-shaped migrations without a syntax tree, as the general reading does', () => {
  before(async () => {
    assert.ok(await loadSqlParser(), 'the PostgreSQL parser must load for the lint reading');
  });

  it("a file stopped by first sightings answers 'later'; read again with the known templates only, it takes those a later file made, or makes none", () => {
    // check sets such a file aside and reads it again at the end (readTextsForCheck in lint/check/fileReading.ts).
    const folder = temporaryFolder('fast-reading-later-');
    const write = (rev: string, body: string): string => {
      const file = path.join(folder, `${rev}_later.py`);
      fs.writeFileSync(file, HEADER.replace(/\{rev\}/g, rev).replace('{down}', 'x').replace('{downValue}', 'None') + body);
      return file;
    };
    // Statement shapes no other test uses (the templates are kept per process).
    const recurring = (table: string) => `def upgrade():\n    op.add_column("${table}", sa.Column("c_9", sa.String(length=4321), nullable=True))\n`;
    const first = write('la00000001aa', recurring('t_1'));
    const second = write('la00000002aa', recurring('t_2'));
    const once = write('la00000003aa', `def upgrade():\n    op.add_column("t_3", sa.Column("c_9", sa.String(length=4322), nullable=True))\n`);
    const read = (file: string) => fastReadingOrLater(file, fs.readFileSync(file, 'utf8'));
    const general = (file: string) => JSON.stringify(generalReading(file, fs.readFileSync(file, 'utf8'), false));
    assert.equal(read(first), 'later');
    assert.equal(read(once), 'later');
    const fromTemplate = read(second);
    assert.ok(fromTemplate && fromTemplate !== 'later', 'the second sighting makes the template');
    assert.equal(JSON.stringify(fromTemplate), general(second));
    const kept = templatesKept();
    const again = withKnownTemplatesOnly(() => read(first));
    assert.ok(again && again !== 'later', 'the file set aside finds the template the later file made');
    assert.equal(JSON.stringify(again), general(first));
    // A statement met once in the history: still 'later', and no template made or sighting counted.
    assert.equal(withKnownTemplatesOnly(() => read(once)), 'later');
    assert.equal(templatesKept(), kept);
    // The known-only look did not count: the next ordinary read is its second sighting, which makes it.
    const made = read(once);
    assert.ok(made && made !== 'later');
    assert.equal(JSON.stringify(made), general(once));
  });

  it('every Python fixture: where the fast reading answers, it is the general reading', () => {
    compareAll(pythonFiles(path.join(REPO, 'test', 'fixtures')));
  });

  it('a generated history: the same readings, and nearly every file read the fast way', () => {
    const work = temporaryFolder('fast-reading-');
    generateHistory({ revisions: 400, out: path.join(work, 'history'), seed: 11, locations: 2 });
    const files = pythonFiles(path.join(work, 'history'));
    const answered = compareAll(files);
    assert.ok(answered.length >= files.length * 0.9, `the fast reading answered for ${answered.length} of ${files.length} files`);
    // check reads such a history on the main thread alone; hand-written layouts keep the workers.
    assert.equal(mostlyTemplateLayout(files.map((file) => ({ file }))), true);
    const handWritten = pythonFiles(path.join(REPO, 'test', 'fixtures')).filter((file) => /def upgrade/.test(fs.readFileSync(file, 'utf8')));
    assert.equal(mostlyTemplateLayout(handWritten.map((file) => ({ file }))), false);
  });

  it('the version folders of one env.py share templates; a folder under another env.py does not', () => {
    // An unnamed index takes its name from the naming convention of the env.py above it: a fixed
    // name under one (a template), a name derived from the table under the default (none).
    const root = temporaryFolder('fast-reading-locations-');
    fs.mkdirSync(path.join(root, '.git'));
    const unnamedIndex = `def upgrade():\n    op.create_index(None, "orders_1", ["placed_at"], unique=False)\n\n\ndef downgrade():\n    op.drop_index("ix_orders_1_placed_at", table_name="orders_1")\n`;
    const ordinary = `def upgrade():\n    op.add_column("orders_1", sa.Column("note", sa.Text(), nullable=True))\n\n\ndef downgrade():\n    op.drop_column("orders_1", "note")\n`;
    const envPy = {
      fixed: 'from alembic import context\nfrom sqlalchemy import MetaData\ntarget_metadata = MetaData(naming_convention={"ix": "idx_fixed"})\ncontext.configure(url="x", target_metadata=target_metadata)\n',
      plain: 'from alembic import context\ncontext.configure(url="x", target_metadata=None)\n',
    };
    for (const [env, text] of Object.entries(envPy)) {
      fs.mkdirSync(path.join(root, env));
      fs.writeFileSync(path.join(root, env, 'env.py'), text);
    }
    let index = 0;
    const pair = (folder: string, name: string, body: string): string[] => {
      fs.mkdirSync(path.join(root, folder), { recursive: true });
      return writePair(path.join(root, folder), name, body, index++);
    };
    // The fixed convention's files first: a template shared across env.py files would give the
    // default convention's files the fixed name, and the comparison would fail.
    assert.equal(compareAll(pair('fixed/versions', 'unnamed_index', unnamedIndex)).length, 2, 'the fixed name makes a template');
    assert.equal(compareAll(pair('plain/versions', 'unnamed_index', unnamedIndex)).length, 0, 'a name derived from the table makes none');
    compareAll(pair('plain/versions', 'ordinary', ordinary));
    const kept = templatesKept();
    const second = pair('plain/versions_2', 'ordinary', ordinary);
    assert.deepEqual(compareAll(second), second, 'the second version folder is read from the first one\'s templates');
    assert.equal(templatesKept(), kept, 'no template is made again for the second version folder of the same env.py');
  });

  it('edge cases: keywords, upper case, long names, autocommit blocks, COMMIT, SQL errors, mixed tables, columns known by their text, other layouts', () => {
    const folder = path.join(temporaryFolder('fast-reading-edges-'), 'versions');
    fs.mkdirSync(folder, { recursive: true });
    let index = 0;
    const pairs = Object.entries(EDGE_CASES).map(([name, edge]) => ({ name, edge, files: writePair(folder, name, edge.body, index++) }));
    const answered = new Set(compareAll(pairs.flatMap((pair) => pair.files)));
    for (const { name, edge, files } of pairs) {
      assert.equal(answered.has(files[1]), edge.fast, `${name}: the fast reading ${edge.fast ? 'should answer' : 'should decline'}`);
    }
  });
});
