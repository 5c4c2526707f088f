// needs-sibling-branch in the editor: the error is found only once the replay reaches the
// sibling's CREATE TABLE, which Alembic runs after the open migration. With only the migration
// open (the sibling's file closed), the server must still walk on to it and show the error, as
// `check` reports it (test/unit/lint/needsSiblingBranch.test.ts has the rule's cases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startClient } from './support/lspClient';
import { makeEnvironment } from '../support/environmentFixture';

function migration(revision: string, down: string, upgrade: string, header = ''): string {
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down}\n${header}\n\ndef upgrade():\n    ${upgrade}\n\n\ndef downgrade():\n    pass\n`;
}

/** Alembic runs `uses` before `roles` (the merge names `roles` first), so `uses` fails on an empty database. */
function workspace(): { uses: string; text: string } {
  const text = migration('uses', '"r0"', 'op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))');
  const root = fs.realpathSync(
    makeEnvironment(
      {
        'r0.py': migration('r0', 'None', 'op.create_table("accounts", sa.Column("id", sa.BigInteger(), primary_key=True))'),
        'roles.py': migration('roles', '"r0"', 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))'),
        'uses.py': text,
        'm.py': migration('m', '("roles", "uses")', 'pass'),
      },
      'lens-lsp-sibling-',
    ),
  );
  return { uses: path.join(root, 'versions', 'uses.py'), text };
}

test('the migration alone open: the error naming the sibling that makes its table, and it goes once depends_on is written', async () => {
  const { uses, text } = workspace();
  const client = await startClient({ root: path.dirname(path.dirname(uses)) });
  try {
    await client.waitForIndex();
    await client.open(uses, text);
    // empty-downgrade (the downgrade does not drop the column) says the lint ran (it reports nothing until the SQL parser is loaded).
    const list = await client.waitForDiagnostics(uses, 'the lint of the open migration', (l) => l.some((d) => d.code === 'empty-downgrade'));
    const finding = list.find((d) => d.code === 'needs-sibling-branch');
    assert.ok(finding, `needs-sibling-branch among ${JSON.stringify(list.map((d) => d.code))}`);
    assert.equal(finding.severity, 1, 'an error');
    assert.equal(finding.range.start.line, 8, 'on the add_column');
    assert.match(JSON.stringify(finding.message), /revision roles \(roles\.py\) makes it on a sibling branch/);
    await client.change(uses, text.replace('down_revision = "r0"\n', 'down_revision = "r0"\ndepends_on = "roles"\n'));
    const after = await client.waitForDiagnostics(uses, 'the lint after depends_on', (l) => l.some((d) => d.code === 'empty-downgrade') && !l.some((d) => d.code === 'needs-sibling-branch'));
    assert.ok(!after.some((d) => d.code === 'needs-sibling-branch'));
  } finally {
    await client.dispose();
  }
});
