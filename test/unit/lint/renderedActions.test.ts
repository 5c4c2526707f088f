/**
 * The rendered-operation shortcut (lint/rendered/) must give exactly the actions the PostgreSQL
 * parser gives for the same rendered statements: every operation of every Python fixture and of
 * a generated history is rendered, read both ways, and compared (key order included, as the
 * readings are cached and compared as JSON). The shortcut may decline (undefined); it must not
 * differ, and it must answer for the common operations, or it saves nothing.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Operation, Step } from '../../../server/src/engine/ops';
import { renderOperation } from '../../../server/src/engine/render/index';
import type { ActionBody } from '../../../server/src/lint/actions';
import { collectActions } from '../../../server/src/lint/collect';
import { rememberedFragments } from '../../../server/src/lint/rendered/fragments';
import { directActions } from '../../../server/src/lint/rendered/directActions';
import { renderedActions } from '../../../server/src/lint/rendered/renderedActions';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { statementToActions } from '../../../server/src/lint/sql/toActions';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { temporaryFolder } from '../../support/temporaryFolders';

const REPO = path.resolve(__dirname, '..', '..', '..');

function operationsOf(steps: readonly Step[], out: Operation[]): void {
  for (const step of steps) {
    if (step.kind === 'operation') out.push(step.operation);
    else if (step.kind === 'autocommit') operationsOf(step.steps, out);
    else if (step.kind === 'modeBranch') {
      operationsOf(step.online, out);
      operationsOf(step.offline, out);
    }
  }
}

function pythonFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.py')).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** The parser's actions for the statements, or undefined when one of them does not parse. */
function parsedActions(statements: readonly string[]): ActionBody[] | undefined {
  const actions: ActionBody[] = [];
  for (const statement of statements) {
    const parsed = parseSql(statement);
    if (!parsed?.ok) return undefined;
    for (const item of parsed.statements) actions.push(...statementToActions(item.node));
  }
  return actions;
}

interface Tally {
  answered: Map<string, number>;
  declined: Map<string, number>;
  /** Operations whose actions were built without rendering (directActions.ts). */
  direct?: Map<string, number>;
}

function compareFile(file: string, text: string, tally: Tally): void {
  const interpreted = interpretMigration(file, text);
  const operations: Operation[] = [];
  for (const fn of [interpreted.upgrade, interpreted.downgrade]) if (fn) operationsOf(fn.steps, operations);
  for (const operation of operations) {
    const rendered = renderOperation(operation, { file });
    const direct = directActions(operation, file);
    if (direct) {
      // Built without rendering: only where the renderer prints statements and the layout reads them the same.
      const directCounter = tally.direct ?? new Map<string, number>();
      tally.direct = directCounter;
      directCounter.set(operation.kind, (directCounter.get(operation.kind) ?? 0) + 1);
      assert.ok(rendered.statements.length > 0, `${file}: built without rendering an operation the renderer refuses: ${JSON.stringify(rendered.problems)}`);
      const layout = renderedActions(operation, rendered.statements);
      assert.ok(layout, `${file}: built without rendering what the layouts decline:\n${rendered.statements.join(';\n')}`);
      assert.equal(JSON.stringify(direct), JSON.stringify(layout), `${file}: ${operation.kind}\n${rendered.statements.join(';\n')}`);
    }
    if (rendered.statements.length === 0) continue;
    const fast = renderedActions(operation, rendered.statements);
    const counter = fast ? tally.answered : tally.declined;
    counter.set(operation.kind, (counter.get(operation.kind) ?? 0) + 1);
    if (!fast) continue;
    const slow = parsedActions(rendered.statements);
    assert.ok(slow, `${file}: the shortcut answered for SQL that does not parse:\n${rendered.statements.join(';\n')}`);
    assert.equal(JSON.stringify(fast), JSON.stringify(slow), `${file}: ${operation.kind}\n${rendered.statements.join(';\n')}`);
  }
}

describe('lint actions of rendered operations without parsing', () => {
  before(async () => {
    assert.equal(await loadSqlParser(), true);
  });

  it('equal the parser’s on every fixture and on a generated history', () => {
    const tally: Tally = { answered: new Map(), declined: new Map() };
    const files = [...pythonFiles(path.join(REPO, 'test', 'fixtures'))];
    const work = temporaryFolder('rendered-actions-');
    try {
      const history = generateHistory({ revisions: 120, out: path.join(work, 'history'), seed: 7, locations: 1 });
      files.push(...pythonFiles(history.dir));
      for (const file of files) compareFile(file, fs.readFileSync(file, 'utf8'), tally);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    // The operations of a generated history are all answered without the parser.
    for (const kind of ['createTable', 'createIndex', 'dropIndex', 'dropTable', 'addColumn', 'dropColumn', 'addConstraint', 'dropConstraint', 'alterColumn']) {
      assert.ok((tally.answered.get(kind) ?? 0) > 0, `no ${kind} answered: ${JSON.stringify([...tally.answered])}`);
      assert.ok((tally.direct?.get(kind) ?? 0) > 0, `no ${kind} built without rendering: ${JSON.stringify([...(tally.direct ?? [])])}`);
    }
  });

  it('declines what it cannot vouch for, and matches the parser where it answers', () => {
    const cases: Record<string, string> = {
      // A PostgreSQL keyword SQLAlchemy does not quote: left to the parser (which rejects it as a table name).
      keyword: 'op.create_table("time", sa.Column("id", sa.Integer(), nullable=False))',
      quoted: 'op.create_index("ix_Users_email", "Users", ["email"])',
      check: 'op.create_table("t", sa.Column("id", sa.Integer()), sa.CheckConstraint("id > 0", name="ck_id"))',
      expression: 'op.create_index("ix_t_lower", "t", [sa.text("lower(email)")])',
      longName: `op.drop_index("${'i'.repeat(70)}", table_name="t")`,
    };
    const declined = ['keyword', 'quoted', 'check', 'expression', 'longName'];
    for (const [name, call] of Object.entries(cases)) {
      const text = `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "a"\ndown_revision = None\n\ndef upgrade():\n    ${call}\n\ndef downgrade():\n    pass\n`;
      const operations: Operation[] = [];
      operationsOf(interpretMigration(`/virtual/${name}.py`, text).upgrade?.steps ?? [], operations);
      assert.equal(operations.length, 1, name);
      const rendered = renderOperation(operations[0], { file: `/virtual/${name}.py` });
      if (rendered.statements.length === 0) continue;
      const fast = renderedActions(operations[0], rendered.statements);
      if (declined.includes(name)) assert.equal(fast, undefined, `${name}: ${JSON.stringify(fast)}`);
    }
  });

  it('builds nothing for an operation the renderer refuses: it stays unchecked', () => {
    const cases: Record<string, string> = {
      noType: 'op.create_table("t", sa.Column("c"))',
      longIndexName: `op.create_index("${'i'.repeat(70)}", "t", ["a"])`,
      bareNumberDefault: 'op.add_column("t", sa.Column("c", sa.Integer(), server_default=0))',
    };
    for (const [name, call] of Object.entries(cases)) {
      const file = `/virtual/${name}.py`;
      const text = `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "a"\ndown_revision = None\n\ndef upgrade():\n    ${call}\n\ndef downgrade():\n    pass\n`;
      const steps = interpretMigration(file, text).upgrade?.steps ?? [];
      const operations: Operation[] = [];
      operationsOf(steps, operations);
      assert.equal(operations.length, 1, name);
      assert.equal(renderOperation(operations[0], { file }).statements.length, 0, `${name}: the renderer prints it`);
      assert.equal(directActions(operations[0], file), undefined, name);
      const { actions } = collectActions(file, text, 'upgrade', steps);
      assert.ok(actions.some((action) => action.kind === 'unchecked' && /cannot be rendered to SQL/.test(action.reason)), `${name}: ${JSON.stringify(actions.map((action) => action.kind))}`);
    }
  });

  it('builds nothing, and nothing unchecked, for an operation Alembic prints no SQL for', () => {
    for (const call of ['op.alter_column("t", "c")', 'op.alter_column("vip", "ip_address", existing_type=sa.String(64), existing_nullable=True)']) {
      const file = '/virtual/nothingToAlter.py';
      const text = `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "a"\ndown_revision = None\n\ndef upgrade():\n    ${call}\n\ndef downgrade():\n    pass\n`;
      const steps = interpretMigration(file, text).upgrade?.steps ?? [];
      const operations: Operation[] = [];
      operationsOf(steps, operations);
      assert.equal(operations.length, 1, call);
      const rendered = renderOperation(operations[0], { file });
      assert.deepEqual([rendered.statements, rendered.problems], [[], []], call);
      assert.deepEqual(collectActions(file, text, 'upgrade', steps).actions, [], call);
    }
  });

  it('reads a CHECK, a type change, a default and a new column once per distinct text', () => {
    const text = [
      'from alembic import op',
      'import sqlalchemy as sa',
      'revision = "b"',
      'down_revision = None',
      'def upgrade():',
      '    op.create_check_constraint("ck_a", "a", "amount > 0 AND random() < 1")',
      '    op.alter_column("a", "c", type_=sa.String(length=20), server_default=sa.text("gen_random_uuid()"), nullable=True, new_column_name="d")',
      '    op.add_column("a", sa.Column("e", sa.Integer(), sa.ForeignKey("b.id"), unique=True, index=True))',
      '    op.add_column("a", sa.Column("f", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False))',
      'def downgrade():',
      '    op.alter_column("a", "d", server_default=None, nullable=False)',
      '',
    ].join('\n');
    const tally: Tally = { answered: new Map(), declined: new Map() };
    compareFile('/virtual/b.py', text, tally);
    assert.deepEqual([...tally.declined], []);
    assert.equal([...tally.answered.values()].reduce((sum, count) => sum + count, 0), 5);
    // The same texts again (another file, other names elsewhere): nothing new is parsed.
    const remembered = rememberedFragments();
    compareFile('/virtual/c.py', text.replace(/"a"/g, '"other_table"'), tally);
    assert.equal(rememberedFragments(), remembered);
    assert.equal(tally.answered.get('addColumn'), 4);
  });
});
