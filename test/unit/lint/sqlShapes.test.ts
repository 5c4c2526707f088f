/**
 * The SQL migrations write, read once per shape (lint/sql/shapes.ts), must give exactly what the
 * parser gives for the text itself: the same statements at the same offsets with the same
 * actions; and a masked text must parse exactly when the text does. Checked on hand-made texts
 * that try the masking's edges, on every `op.execute` string of the Python fixtures and on a
 * generated history.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { maskNames, shapedDml } from '../../../server/src/lint/sql/shapes';
import { statementToActions } from '../../../server/src/lint/sql/toActions';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { temporaryFolder } from '../../support/temporaryFolders';

const REPO = path.resolve(__dirname, '..', '..', '..');

function parsedStatements(sql: string): string | undefined {
  const parsed = parseSql(sql);
  if (!parsed?.ok) return undefined;
  return JSON.stringify(parsed.statements.map((statement) => ({ start: statement.start, end: statement.end, actions: statementToActions(statement.node) })));
}

/** Compares both ways; true when the shape answered. */
function compare(sql: string): boolean {
  const masked = maskNames(sql);
  if (masked) {
    assert.equal(masked.text.length, sql.length, sql);
    const original = parseSql(sql);
    const shape = parseSql(masked.text);
    assert.equal(shape?.ok, original?.ok, `parses one way only: ${sql}\nmasked: ${masked.text}`);
    if (original?.ok && shape?.ok) {
      assert.deepEqual(shape.statements.map((s) => [s.start, s.end]), original.statements.map((s) => [s.start, s.end]), sql);
      assert.deepEqual(shape.statements.map((s) => Object.keys(s.node)[0]), original.statements.map((s) => Object.keys(s.node)[0]), sql);
    }
  }
  const shaped = shapedDml(sql);
  if (!shaped) return false;
  assert.equal(JSON.stringify(shaped), parsedStatements(sql), sql);
  return true;
}

function executeStrings(text: string): string[] {
  return [...text.matchAll(/op\.execute\(\s*(?:sa\.text\()?\s*"([^"\\\n]*)"/g)].map((match) => match[1]);
}

describe('SQL read once per shape', () => {
  before(async () => {
    assert.equal(await loadSqlParser(), true);
  });

  it('equals the parser on texts at the edges of the masking', () => {
    const answered = [
      'UPDATE orders_12 SET ref_13 = NULL WHERE ref_13 IS NOT NULL',
      'UPDATE shop_2.orders_12 SET a = 1',
      'update public.t_1 set x_1 = x_1 where false; delete from t_2 where id_1 = 3',
      'INSERT INTO audit_1 (id_1, note) VALUES (1, \'row_12 copied\')',
      'UPDATE t_1 SET c_1 = $1    WHERE c_2 = 1 -- col_3 note',
      'UPDATE t_1 SET c_1 = $$ body_1 $$',
      'UPDATE "t_1" SET c_1 = 2',
    ];
    const declined = [
      'UPDATE Orders_12 SET a = 1',
      'ALTER TABLE t_1 ADD COLUMN c_1 integer',
      'UPDATE t SET a = 1',
      'UPDATE "my t_1" SET a = 1',
      'UPDATE t_1 SET a = (',
      `UPDATE t_1 SET a = E'\\u12'`,
      `UPDATE ${'x'.repeat(70)}_1 SET a = 1`,
      // With the escape `z`, `zqqq1` is an invalid escape and its placeholder `z0001` a valid one.
      `UPDATE t_1 SET c = U&'zqqq1' UESCAPE 'z'`,
      // Truncated to 63 bytes inside a placeholder.
      `UPDATE "${'x'.repeat(60)} t_12345" SET a = 1`,
    ];
    for (const sql of answered) assert.equal(compare(sql), true, `not answered: ${sql}`);
    for (const sql of declined) assert.equal(compare(sql), false, `answered: ${sql}`);
    // Masked and original parse alike at the edges the masking leaves alone or goes through.
    for (const sql of ['SELECT 1.e5', 'SELECT 1.e5x_1', 'SELECT x_1.e5', `SELECT E'\\x4f_1'`, `SELECT U&'d\\0061t\\+000061_1'`, 'SELECT café_1', 'SELECT a$b_1', '/* c_1 /* n_2 */ */ UPDATE t_1 SET a = 1']) compare(sql);
  });

  it('equals the parser on every op.execute string of the fixtures and a generated history', () => {
    const texts: string[] = [];
    const files = fs.readdirSync(path.join(REPO, 'test', 'fixtures'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.py')).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
    const work = temporaryFolder('sql-shapes-');
    try {
      const history = generateHistory({ revisions: 120, out: path.join(work, 'history'), seed: 11, locations: 1 });
      for (const entry of fs.readdirSync(history.dir, { recursive: true, withFileTypes: true })) if (entry.isFile() && entry.name.endsWith('.py')) files.push(path.join(entry.parentPath ?? entry.path, entry.name));
      for (const file of files) texts.push(...executeStrings(fs.readFileSync(file, 'utf8')));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    let answered = 0;
    for (const sql of texts) if (compare(sql)) answered++;
    assert.ok(answered >= 50, `only ${answered} of ${texts.length} answered from a shape`);
  });
});
