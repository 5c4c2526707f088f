/**
 * Whether a pyproject.toml configures Alembic (a `tool.alembic` table), decided from its text
 * without a TOML parser. The extension activates on any workspace with a pyproject.toml, which
 * is nearly every Python project; this check is what keeps it idle (no language server) in the
 * others, so it must be cheap: one pass over the lines, looking at table headers and at keys
 * that start a line. It imports nothing from `vscode`, so the unit test loads it in plain Node.
 *
 * Spellings that count (TOML allows each): `[tool.alembic]`, `[tool.alembic.sub]`,
 * `[ tool . "alembic" ]`, an `alembic = {...}` or `alembic.key = ...` line in `[tool]`, and a
 * top-level `tool.alembic.key = ...`. A `[tool.alembic]` inside a comment or after other text
 * does not count. (A header inside a multi-line string would; the server then finds no table
 * and the tree says so, which is harmless.)
 */

/** `tool . "alembic"` → `tool.alembic`: quotes and blanks around the dots do not change a key. */
function normalKey(raw: string): string {
  return raw
    .split('.')
    .map((part) => part.trim().replace(/^(["'])(.*)\1$/, '$2'))
    .join('.');
}

function isAlembicKey(key: string): boolean {
  return key === 'alembic' || key.startsWith('alembic.');
}

export function declaresToolAlembic(text: string): boolean {
  // Nearly every pyproject.toml without Alembic never mentions it: no line walk for those.
  if (!text.includes('alembic')) return false;
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const content = line.trimStart();
    if (content.startsWith('[')) {
      // `[table]` or `[[array.of.tables]]`, then an optional comment.
      const header = /^\[\[?([^\][]*)\]\]?\s*(#.*)?$/.exec(content.trimEnd());
      table = header ? normalKey(header[1]) : table;
      if (table === 'tool.alembic' || table.startsWith('tool.alembic.')) return true;
      continue;
    }
    const equals = content.indexOf('=');
    if (equals <= 0 || content.startsWith('#')) continue;
    const key = normalKey(content.slice(0, equals));
    if (table === 'tool' && isAlembicKey(key)) return true;
    if (table === '' && (key === 'tool.alembic' || key.startsWith('tool.alembic.'))) return true;
  }
  return false;
}
