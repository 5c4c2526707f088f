// `alembicLens.lint.*` over real LSP: the editor's settings override [tool.alembic-lens] of
// pyproject.toml (select and since replace, ignore adds, severity entries replace, the PostgreSQL
// version replaces), flat in initializationOptions.settings as the client sends them at start and
// nested in workspace/didChangeConfiguration as VS Code sends the section; default values
// override nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { applySettings, DEFAULT_SERVER_SETTINGS, settingsFromConfigurationChange, validSettings } from '../../server/src/lsp/settings';
import { startClient, type TestClient } from './support/lspClient';
import { temporaryFolder } from '../support/temporaryFolders';

const ERROR = 1;
const WARNING = 2;
const HINT = 4;
const LINT_CODES = ['drop-column', 'volatile-default', 'rename-column', 'create-index-not-concurrently', 'lock-timeout-missing'];

/** Two revisions: a1 creates `orders`, b2 changes it in ways four rules have something to say about. */
function workspace(): { root: string; b2: string } {
  const root = fs.realpathSync(temporaryFolder('lens-lsp-lint-settings-'));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n');
  // The project's settings: drop-column is an error, PostgreSQL 10 (a constant default rewrites), no index rule.
  fs.writeFileSync(
    path.join(root, 'pyproject.toml'),
    '[tool.alembic-lens]\npostgresql-version = 10\nignore = ["create-index-not-concurrently"]\nseverity = { drop-column = "error" }\n',
  );
  const header = (revision: string, down: string | null) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\n\n`;
  fs.writeFileSync(
    path.join(root, 'versions', 'a1.py'),
    `${header('a1', null)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()), sa.Column("code", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`,
  );
  const b2 = path.join(root, 'versions', 'b2.py');
  fs.writeFileSync(
    b2,
    `${header('b2', 'a1')}def upgrade():\n` +
      '    op.drop_column("orders", "note")\n' +
      '    op.add_column("orders", sa.Column("kind", sa.Text(), server_default="retail"))\n' +
      '    op.alter_column("orders", "code", new_column_name="sku")\n' +
      '    op.create_index("ix_orders_kind", "orders", ["kind"])\n\n' +
      'def downgrade():\n    op.drop_index("ix_orders_kind", table_name="orders")\n    op.alter_column("orders", "sku", new_column_name="code")\n    op.drop_column("orders", "kind")\n    op.add_column("orders", sa.Column("note", sa.Text()))\n',
  );
  return { root, b2 };
}

/** The lint findings in the upgrade (lines 8-11 of b2), as `code:severity`, sorted. */
function upgradeFindings(list: Diagnostic[]): string[] {
  return list
    .filter((d) => LINT_CODES.includes(String(d.code)) && d.range.start.line >= 7 && d.range.start.line <= 10)
    .map((d) => `${d.code}:${d.severity}`)
    .sort();
}

function configureLint(client: TestClient, lint: Record<string, unknown>): Promise<void> {
  // As VS Code sends the section: every key, nested under its group, defaults included.
  return client.notify('workspace/didChangeConfiguration', {
    settings: { alembicLens: { exclude: [], logLevel: 'info', lint: { select: [], ignore: [], severity: {}, postgresqlVersion: 0, since: '', ...lint } } },
  });
}

function waitForFindings(client: TestClient, b2: string, expected: string[]): Promise<Diagnostic[]> {
  return client.waitForDiagnostics(b2, JSON.stringify(expected), (list) => JSON.stringify(upgradeFindings(list)) === JSON.stringify(expected), 10000).catch((error: Error) => {
    throw new Error(`${error.message}; last: ${JSON.stringify(upgradeFindings(client.diagnosticsOf(b2)))}`);
  });
}

test('alembicLens.lint.* overrides [tool.alembic-lens] at start and on every change', async () => {
  const { root, b2 } = workspace();
  // At start, flat keys as the client's initialization options carry them: only the severity of drop-column.
  const client = await startClient({ root, initializationOptions: { settings: { exclude: [], logLevel: 'info', 'lint.severity': { 'drop-column': 'hint' }, 'lint.select': [], 'lint.postgresqlVersion': 0, 'lint.since': '' } } });
  try {
    await client.waitForIndex();
    await client.open(b2);
    // pyproject.toml's version 10 and ignore apply; the editor's severity replaces the file's "error".
    await waitForFindings(client, b2, [`drop-column:${HINT}`, `rename-column:${WARNING}`, `volatile-default:${WARNING}`]);

    // The PostgreSQL version replaces pyproject's (no rewrite since 11); ignore adds to the file's;
    // with the severity setting back to its default, the file's "error" applies again.
    await configureLint(client, { postgresqlVersion: 14, ignore: ['rename-column'] });
    await waitForFindings(client, b2, [`drop-column:${ERROR}`]);

    // select replaces pyproject's (none there: the default rules), and can turn on an opt-in rule;
    // the file's ignore still applies, as with `check --select`.
    await configureLint(client, { select: ['lock-timeout-missing', 'rename-column', 'create-index-not-concurrently'] });
    await waitForFindings(client, b2, [`lock-timeout-missing:${WARNING}`, `rename-column:${WARNING}`]);

    // since: b2 and everything before it are history; nothing is reported on b2.
    await configureLint(client, { since: 'b2' });
    await waitForFindings(client, b2, []);

    // Every key back to its default: exactly pyproject.toml's settings, as `check` reads them.
    await configureLint(client, {});
    await waitForFindings(client, b2, [`drop-column:${ERROR}`, `rename-column:${WARNING}`, `volatile-default:${WARNING}`]);
  } finally {
    await client.dispose();
  }
});

test('lint settings: flat and nested keys are read, ill-typed values are left out, absent keys keep the current value', () => {
  const flat = validSettings({ 'lint.select': ['drop-column'], 'lint.severity': { 'drop-column': 'error', 'char-n': 'loud' }, 'lint.postgresqlVersion': 15.5, 'lint.since': ' abc ' });
  assert.deepEqual(flat.lint, { select: ['drop-column'], severity: { 'drop-column': 'error' }, since: 'abc' });
  const nested = settingsFromConfigurationChange({ settings: { alembicLens: { lint: { ignore: ['char-n', 3], postgresqlVersion: 12 } } } });
  assert.deepEqual(nested.lint, { postgresqlVersion: 12 });
  const applied = applySettings(applySettings(DEFAULT_SERVER_SETTINGS, flat), nested);
  assert.deepEqual(applied.lint, { select: ['drop-column'], ignore: [], severity: { 'drop-column': 'error' }, postgresqlVersion: 12, since: 'abc' });
  assert.deepEqual(validSettings({ logLevel: 'info' }).lint, undefined, 'no lint key: nothing to change');
});
