import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { getIniValue, parseIni } from '../../../server/src/project/ini';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

const SAMPLE = [
  '# comment',
  '[DEFAULT]',
  'base = /srv',
  '',
  '[alembic]',
  'Script_Location = %(here)s/migrations',
  'version_locations = %(base)s/a',
  '    %(base)s/b',
  '',
  '    %(here)s/c',
  '; comment inside',
  'file_template = %%(rev)s_%%(slug)s',
  'key with spaces : colon value',
  'url = a=b:c',
  'empty =',
  '',
  '[other]',
  'script_location = other',
  'ref = %(script_location)s/x',
].join('\n');

/** What Python's ConfigParser (as Alembic builds it) returns for every option. */
function pythonValues(text: string, here: string): Record<string, Record<string, string>> {
  assert.ok(existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: the differential tests need the real Python`);
  const script = [
    'import configparser, json, sys',
    'p = configparser.ConfigParser({"here": sys.argv[1]})',
    'p.read_string(sys.stdin.read())',
    'print(json.dumps({s: {k: p.get(s, k) for k in p.options(s)} for s in p.sections()}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script, here], { input: text, encoding: 'utf8' }));
}

test('values match Python configparser exactly (interpolation, continuation, case, DEFAULT)', () => {
  const ini = parseIni('/p/alembic.ini', SAMPLE, { here: '/p' });
  assert.deepEqual(ini.problems, []);
  const expected = pythonValues(SAMPLE, '/p');
  for (const [section, options] of Object.entries(expected)) {
    for (const [key, value] of Object.entries(options)) {
      assert.equal(getIniValue(ini, section, key)?.value, value, `[${section}] ${key}`);
    }
  }
  assert.equal(getIniValue(ini, 'alembic', 'version_locations')?.value, '/srv/a\n/srv/b\n\n/p/c');
});

test('every key keeps its line; continuation values record their last line', () => {
  const ini = parseIni('/p/alembic.ini', SAMPLE, { here: '/p' });
  const entry = getIniValue(ini, 'alembic', 'script_location')!.entry;
  assert.equal(entry.line, 5);
  assert.deepEqual(entry.keyRange, { start: { line: 5, character: 0 }, end: { line: 5, character: 15 } });
  assert.equal(getIniValue(ini, 'alembic', 'version_locations')!.entry.endLine, 9);
});

test('broken syntax becomes located problems and reading goes on', () => {
  const ini = parseIni('/p/alembic.ini', 'orphan = 1\n[alembic]\nno delimiter here\nscript_location = x\n[alembic]\nscript_location = y\n');
  assert.deepEqual(
    ini.problems.map((problem) => [problem.code, problem.range.start.line]),
    [
      ['config-syntax-error', 0],
      ['config-syntax-error', 2],
      ['config-syntax-error', 4],
      ['config-syntax-error', 5],
    ],
  );
  assert.equal(getIniValue(ini, 'alembic', 'script_location')?.value, 'y');
});

test('bad interpolation is a problem on the value, like Python raising', () => {
  const ini = parseIni('/p/alembic.ini', '[alembic]\nscript_location = %(nothere)s/x\nlone = 50%\n');
  assert.equal(getIniValue(ini, 'alembic', 'script_location'), undefined);
  assert.equal(getIniValue(ini, 'alembic', 'lone'), undefined);
  assert.deepEqual(ini.problems.map((problem) => [problem.code, problem.range.start.line]), [
    ['config-interpolation-error', 1],
    ['config-interpolation-error', 2],
  ]);
  const loop = parseIni('/p/alembic.ini', '[a]\nx = %(y)s\ny = %(x)s\n');
  assert.equal(getIniValue(loop, 'a', 'x'), undefined);
});

// Held-out sweep BL: a 140,000-line text file given as the config file was one problem per line
// (configparser stops at the first line before a section header), and an alembic.ini of that
// many bad lines overflowed the call stack on its way into the index's problem list.
test('a file without section headers is one problem, as configparser stops there; a huge list of problems does not overflow', async () => {
  const { parseIni } = await import('../../../server/src/project/ini');
  const noHeaders = parseIni('/p/n.txt', Array.from({ length: 5000 }, (_, at) => `junk ${at}`).join('\n'));
  assert.deepEqual(noHeaders.problems.map((problem) => problem.message), ['File contains no section headers: /p/n.txt, line 1']);
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { buildWorkspaceIndex } = await import('../../../server/src/project/workspaceIndex');
  const folder = mkdtempSync(join(tmpdir(), 'huge-ini-'));
  writeFileSync(join(folder, 'alembic.ini'), `[alembic]\n${Array.from({ length: 140000 }, (_, at) => `junk line ${at}`).join('\n')}\n`);
  const index = buildWorkspaceIndex([folder]);
  assert.equal(index.problemsFor(join(folder, 'alembic.ini')).filter((problem) => problem.code === 'config-syntax-error').length, 140000);
});

// Held-out sweep BL: a script_location whose interpolation fails was also called missing.
test('a script_location that fails to interpolate is that one problem, not also a missing key', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { buildWorkspaceIndex } = await import('../../../server/src/project/workspaceIndex');
  const folder = mkdtempSync(join(tmpdir(), 'bad-location-'));
  writeFileSync(join(folder, 'alembic.ini'), '[alembic]\n# the migrations\nscript_location = %(here)s/src/%(nosuch)s/migrations\n');
  const codes = buildWorkspaceIndex([folder]).problemsFor(join(folder, 'alembic.ini')).map((problem) => `${problem.code}@${problem.range.start.line + 1}`);
  assert.deepEqual(codes, ['config-interpolation-error@3']);
});
