// `# alembic-lens: ignore[code]` comments silence problems in the index (and so in the CLI's
// `check` and the language server's diagnostics, which both read the index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { temporaryFolder } from '../../support/temporaryFolders';

function workspace(downRevisionLine: string): string {
  const root = temporaryFolder('lens-suppress-');
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\n');
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), 'from alembic import context\n');
  fs.writeFileSync(
    path.join(root, 'migrations', 'versions', 'a1_first.py'),
    `"""first\n\nRevision ID: a1\nRevises:\nCreate Date: 2024-01-01\n\n"""\nrevision = "a1"\n${downRevisionLine}\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n`,
  );
  return root;
}

const codes = (root: string) => buildWorkspaceIndex([root]).allProblems().map((problem) => problem.code);

test('a missing parent is reported without a comment', () => {
  assert.ok(codes(workspace('down_revision = "nope"')).includes('missing-parent'));
});

test('a trailing ignore comment for that code silences it, and only it', () => {
  assert.ok(!codes(workspace('down_revision = "nope"  # alembic-lens: ignore[missing-parent]')).includes('missing-parent'));
  assert.ok(codes(workspace('down_revision = "nope"  # alembic-lens: ignore[multiple-heads]')).includes('missing-parent'));
});

test('a file-wide ignore comment silences the code anywhere in the file', () => {
  assert.ok(!codes(workspace('# alembic-lens: ignore-file[missing-parent]\ndown_revision = "nope"')).includes('missing-parent'));
});
