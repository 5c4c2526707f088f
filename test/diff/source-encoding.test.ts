// A migration that declares its encoding (PEP 263: `# -*- coding: latin-1 -*-`) is decoded in it,
// as Python decodes it when Alembic imports the file: the message in `history` and the literals in
// `upgrade --sql` are the real Alembic's. It was read as UTF-8, its accents replaced by U+FFFD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failure, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();

const ENV_PY = `from alembic import context
context.configure(url="postgresql://u@h/d", literal_binds=True, dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
`;

function environment(): string {
  const root = temporaryFolder('lens-encoding-');
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), ENV_PY);
  const latin1 = `# -*- coding: latin-1 -*-\n"""Premi\u00e8re r\u00e9vision - donn\u00e9es"""\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("INSERT INTO t (x) VALUES ('caf\u00e9')")\n\n\ndef downgrade():\n    op.execute("DELETE FROM t WHERE x = 'na\u00efve'")\n`;
  fs.writeFileSync(path.join(root, 'versions', 'a1.py'), Buffer.from(latin1, 'latin1'));
  // Declared on the second line, under a shebang-like comment; cp1252's euro sign.
  const cp1252 = `#!/usr/bin/env python\n# coding=cp1252\n"""Price in \u20ac"""\nfrom alembic import op\n\nrevision = "b2"\ndown_revision = "a1"\n\n\ndef upgrade():\n    op.execute("UPDATE t SET x = '10 \u20ac'")\n\n\ndef downgrade():\n    pass\n`;
  const bytes = Buffer.from(cp1252.replace('\u20ac', '\u0080').replace('\u20ac', '\u0080'), 'latin1');
  fs.writeFileSync(path.join(root, 'versions', 'b2.py'), bytes);
  return root;
}

test('a declared encoding is how the file is read: history and upgrade --sql are Alembic\'s', async () => {
  const root = environment();
  for (const args of [['history'], ['upgrade', 'head', '--sql'], ['downgrade', 'head:base', '--sql']]) {
    const alembic = runAlembic(root, args);
    assert.equal(failure(alembic.stdout + alembic.stderr), undefined, alembic.stdout + alembic.stderr);
    const ours = await runLens(root, args);
    assert.equal(ours.stdout, alembic.stdout, args.join(' '));
  }
});

// Without a declaration Python reads the file as UTF-8 and refuses to compile it at the first byte
// that is not (SyntaxError): Alembic fails every command over the folder. A declaration on the
// second line counts only under a comment or blank first line, not under a docstring. Lens printed
// the SQL with U+FFFD in place of the accent and exited 0.
test('bytes that are not UTF-8 in a file that declares no other encoding fail like Alembic, with the line', async () => {
  const undeclared = `"""caf\u00e9"""\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("UPDATE t SET x = 'caf\u00e9'")\n\n\ndef downgrade():\n    pass\n`;
  const underDocstring = `"""Caf\u00e9"""\n# -*- coding: latin-1 -*-\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("UPDATE t SET x = 'caf\u00e9'")\n\n\ndef downgrade():\n    pass\n`;
  for (const source of [undeclared, underDocstring]) {
    const root = temporaryFolder('lens-encoding-bad-');
    fs.mkdirSync(path.join(root, 'versions'));
    fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
    fs.writeFileSync(path.join(root, 'env.py'), ENV_PY);
    fs.writeFileSync(path.join(root, 'versions', 'a1.py'), Buffer.from(source, 'latin1'));
    for (const args of [['upgrade', 'head', '--sql'], ['stamp', 'head', '--sql'], ['heads']]) {
      const alembic = runAlembic(root, args);
      assert.notEqual(alembic.code, 0, `Alembic fails: ${alembic.stderr}`);
      assert.match(alembic.stderr, /SyntaxError/);
      const ours = await runLens(root, args);
      assert.notEqual(ours.code, 0, `${args.join(' ')}: ${ours.stdout}${ours.stderr}`);
      assert.match(ours.stderr, /a1\.py:1: .*not valid UTF-8/, args.join(' '));
      if (args[0] !== 'heads') assert.doesNotMatch(ours.stdout, /UPDATE t|INSERT INTO alembic_version/);
    }
  }
});
