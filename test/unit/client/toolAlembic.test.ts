// The client's pyproject.toml gate: the language server starts only for a tool.alembic table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaresToolAlembic } from '../../../client/src/toolAlembic';

const WITHOUT: [string, string][] = [
  ['a project without Alembic', '[project]\nname = "shop"\n\n[tool.black]\nline-length = 100\n'],
  ['alembic only as a dependency', '[project]\ndependencies = [\n  "alembic>=1.16",\n  "sqlalchemy",\n]\n'],
  ['a commented-out table', '# [tool.alembic]\n# script_location = "migrations"\n'],
  ['a table whose name only starts with alembic', '[tool.alembic_utils]\nx = 1\n[tool.alembicx]\ny = 2\n'],
  ['an alembic key in another table', '[tool.poetry]\nalembic = "1.16"\n'],
  ['a header after other text', 'description = "see [tool.alembic]"\n'],
  ['an empty file', ''],
];

for (const [name, text] of WITHOUT) {
  test(`no server for ${name}`, () => assert.equal(declaresToolAlembic(text), false));
}

const WITH: [string, string][] = [
  ['[tool.alembic]', '[project]\nname = "shop"\n\n[tool.alembic]\nscript_location = "%(here)s/migrations"\n'],
  ['a sub-table', '[tool.alembic.post_write_hooks]\nhooks = "black"\n'],
  ['blanks and quotes in the header', '[ tool . "alembic" ]  # Alembic 1.16+\nscript_location = "m"\n'],
  ['an array of tables under it', '[[tool.alembic.post_write_hooks]]\nname = "black"\n'],
  ['an inline table in [tool]', '[tool]\nalembic = { script_location = "migrations" }\n'],
  ['a dotted key in [tool]', '[tool]\nalembic.script_location = "migrations"\n'],
  ['a top-level dotted key', 'tool.alembic.script_location = "migrations"\n'],
  ['Windows line ends', '[project]\r\nname = "x"\r\n[tool.alembic]\r\nscript_location = "m"\r\n'],
];

for (const [name, text] of WITH) {
  test(`server for ${name}`, () => assert.equal(declaresToolAlembic(text), true));
}
