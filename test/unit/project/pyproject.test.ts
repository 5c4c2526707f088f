import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePyproject, percentFormat } from '../../../server/src/project/pyproject';

test('[tool.alembic] values get %(here)s substitution, inside lists too', () => {
  const text = '[project]\nname = "x"\n\n[tool.alembic]\nscript_location = "%(here)s/db"\nversion_locations = [\n  "%(here)s/a",\n  "b",\n]\nrecursive_version_locations = true\nfile_template = "%%(rev)s"\n';
  const parsed = parsePyproject('/repo/pyproject.toml', text);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.hasAlembicTable, true);
  assert.equal(parsed.tableLine, 3);
  assert.equal(parsed.options.get('script_location')?.value, '/repo/db');
  assert.equal(parsed.options.get('script_location')?.line, 4);
  assert.deepEqual(parsed.options.get('version_locations')?.value, ['/repo/a', 'b']);
  assert.equal(parsed.options.get('recursive_version_locations')?.value, true);
  assert.equal(parsed.options.get('file_template')?.value, '%(rev)s');
});

test('no table, broken TOML and bad substitutions', () => {
  assert.equal(parsePyproject('/r/pyproject.toml', '[project]\nname = "x"\n').hasAlembicTable, false);
  const broken = parsePyproject('/r/pyproject.toml', '[tool.alembic]\nscript_location = "unterminated\n');
  assert.deepEqual(broken.problems.map((problem) => [problem.code, problem.range.start.line]), [['config-syntax-error', 1]]);
  const bad = parsePyproject('/r/pyproject.toml', '[tool.alembic]\nscript_location = "%(nope)s/x"\n');
  assert.deepEqual(bad.problems.map((problem) => [problem.code, problem.range.start.line]), [['config-interpolation-error', 1]]);
  assert.deepEqual(percentFormat('100%% %(here)s', { here: '/h' }), { value: '100% /h' });
  assert.ok(percentFormat('50% off', {}).error);
});
