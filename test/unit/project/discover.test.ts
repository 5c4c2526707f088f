import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { discoverEnvironments } from '../../../server/src/project/discover';
import { loadEnvironmentFromConfig } from '../../../server/src/project/environment';
import { splitPathList } from '../../../server/src/project/pathOptions';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import type { Environment } from '../../../server/src/project/types';
import { buildEnvironmentFromConfig } from '../../../server/src/project/singleEnvironment';
import { temporaryFolder } from '../../support/temporaryFolders';

const FIXTURES = path.resolve(__dirname, '../../fixtures/project');
const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

test('discovers every environment: ini sections, -n sections, pyproject-only, package form', () => {
  const result = discoverEnvironments([FIXTURES]);
  const ids = result.environments.map((env) => path.relative(FIXTURES, env.config.id)).sort();
  assert.deepEqual(ids, [
    'basic/alembic.ini#alembic',
    'expand_contract/alembic.ini#alembic',
    'merge3/alembic.ini#alembic',
    'multidb/alembic.ini#alembic',
    'multidb/alembic.ini#engine2',
    'package_form/alembic.ini#alembic',
    'pyproject_only/pyproject.toml#tool.alembic',
    'squash/alembic.ini#alembic',
  ]);
  const basic = result.environments.find((env) => env.config.id.includes('basic'))!.config;
  assert.equal(basic.scriptLocation, path.join(FIXTURES, 'basic/migrations'));
  assert.deepEqual(basic.versionLocations, [path.join(FIXTURES, 'basic/migrations/versions')]);
  assert.equal(basic.fileTemplate, '%(year)d_%(rev)s_%(slug)s');
  assert.equal(basic.sqlalchemyUrl, 'postgresql://user:secret@localhost/db');
  assert.equal(basic.envPy.versionTable.state === 'literal' && basic.envPy.versionTable.value, 'neutron_alembic_version');
  const engine2 = result.environments.find((env) => env.config.name === 'engine2')!.config;
  assert.deepEqual(engine2.versionLocations, [path.join(FIXTURES, 'multidb/engine2/versions'), path.join(FIXTURES, 'multidb/engine2/extra')]);
  const toml = result.environments.find((env) => env.config.kind === 'pyproject')!.config;
  assert.equal(toml.recursiveVersionLocations, true);
  assert.equal(toml.fileTemplate, '%(rev)s');
  const pkg = result.environments.find((env) => env.config.id.includes('package_form'))!.config;
  assert.equal(pkg.scriptLocation, path.join(FIXTURES, 'package_form/myapp/db/migrations'));
});

test('loadEnvironmentFromConfig selects a -n section', () => {
  const loaded = loadEnvironmentFromConfig(path.join(FIXTURES, 'multidb/alembic.ini'), 'engine2');
  assert.equal(loaded.config?.name, 'engine2');
  assert.deepEqual(loaded.problems, []);
  const missing = loadEnvironmentFromConfig(path.join(FIXTURES, 'multidb/alembic.ini'), 'nope');
  assert.equal(missing.config, undefined);
  assert.ok(missing.problems.some((problem) => problem.code === 'missing-script-location'));
});

/** `alembic heads` of the real Alembic: sorted `id [own labels]` lines. */
function realHeads(dir: string, section?: string, resolveDependencies = false): string[] {
  assert.ok(existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: the differential tests need the real Alembic`);
  const args = ['-m', 'alembic', ...(section ? ['-n', section] : []), 'heads', ...(resolveDependencies ? ['--resolve-dependencies'] : [])];
  const out = execFileSync(PYTHON, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [id, ...groups] = line.split(' (');
      const labels = groups.map((group) => group.replace(/\)$/, '')).filter((group) => group !== 'head' && group !== 'effective head');
      return `${id} [${labels.join(', ').split(', ').filter(Boolean).sort().join(',')}]`;
    })
    .sort();
}

/** Our heads in the same shape: own and inherited branch labels, as Alembic prints them. */
function ourHeads(env: Environment, resolveDependencies = false): string[] {
  const ids = [...new Set(resolveDependencies ? env.graph.realHeads : env.graph.heads)];
  return ids
    .map((id) => {
      const revision = env.graph.get(id);
      const labels = new Set([...(revision?.branchLabels ?? []), ...(revision?.inheritedLabels ?? [])]);
      return `${id} [${[...labels].sort().join(',')}]`;
    })
    .sort();
}

test('heads match the real Alembic on every clean fixture environment', () => {
  const index = buildWorkspaceIndex([FIXTURES]);
  const cases: [string, string | undefined, string][] = [
    ['multidb', undefined, 'multidb/alembic.ini#alembic'],
    ['multidb', 'engine2', 'multidb/alembic.ini#engine2'],
    ['pyproject_only', undefined, 'pyproject_only/pyproject.toml#tool.alembic'],
    ['package_form', undefined, 'package_form/alembic.ini#alembic'],
    ['squash', undefined, 'squash/alembic.ini#alembic'],
    ['expand_contract', undefined, 'expand_contract/alembic.ini#alembic'],
    ['merge3', undefined, 'merge3/alembic.ini#alembic'],
  ];
  for (const [dir, section, id] of cases) {
    const env = index.environments.find((candidate) => candidate.config.id === path.join(FIXTURES, id));
    assert.ok(env, id);
    assert.deepEqual(ourHeads(env), realHeads(path.join(FIXTURES, dir), section), id);
    assert.deepEqual(ourHeads(env, true), realHeads(path.join(FIXTURES, dir), section, true), `${id} --resolve-dependencies`);
  }
});

test('legacy version_locations splitting follows Alembic (comma-space and runs of spaces)', () => {
  assert.deepEqual(splitPathList('a, b  c,d', undefined, false), ['a', 'b', 'c', 'd']);
  assert.deepEqual(splitPathList('a , b', undefined, false), ['a', '', 'b']);
  assert.deepEqual(splitPathList('a:b c', undefined, true), ['a', 'b', 'c']);
  assert.deepEqual(splitPathList('a; b;;c', ';', false), ['a', 'b', 'c']);
  assert.deepEqual(splitPathList('x y\nz', '\n', false), ['x y', 'z']);
});

/** Writes files under `root` by relative path, making their folders. */
function writerUnder(root: string): (relative: string, text: string) => void {
  return (relative, text) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
}

test('path_separator values and config errors are located problems', () => {
  const root = temporaryFolder('alembic-lens-config-');
  const write = writerUnder(root);
  write('sep/alembic.ini', '[alembic]\nscript_location = m\npath_separator = newline\nversion_locations =\n    %(here)s/v one\n    %(here)s/v2\n');
  write('sep/m/env.py', '');
  write('sep/v one/a.py', 'revision = "a"\ndown_revision = None\n');
  write('sep/v2/b.py', 'revision = "b"\ndown_revision = "a"\n');
  write('bad/alembic.ini', '[alembic]\n\nscript_location = nowhere\n');
  write('nokey/alembic.ini', '[alembic]\nsqlalchemy.url = x\n');
  write('badsep/alembic.ini', '[alembic]\nscript_location = m\npath_separator = pipe\nversion_locations = a|b\n');
  write('badsep/m/env.py', '');
  const result = discoverEnvironments([root]);
  const sep = result.environments.find((env) => env.config.id.includes(`${path.sep}sep${path.sep}`))!;
  assert.deepEqual(sep.config.versionLocations, [path.join(root, 'sep/v one'), path.join(root, 'sep/v2')]);
  const codes = [...result.problems, ...result.environments.flatMap((env) => env.problems)].map((problem) => [problem.code, path.relative(root, problem.file), problem.range.start.line]);
  assert.deepEqual(
    codes.sort(),
    [
      ['invalid-config-value', 'badsep/alembic.ini', 2],
      ['missing-script-location', 'nokey/alembic.ini', 0],
      ['script-location-not-found', 'bad/alembic.ini', 2],
      ['version-location-not-found', 'badsep/alembic.ini', 3],
    ].sort(),
  );
});

test("Flask-Migrate's layout: an ini without script_location beside an env.py importing flask is read with its own folder as script_location", () => {
  const root = temporaryFolder('alembic-lens-flask-');
  const write = writerUnder(root);
  // As `flask db init` lays it out: alembic.ini, env.py and versions/ in one folder, the ini's
  // [alembic] section holding comments only (Flask-Migrate passes script_location itself).
  write('app/migrations/alembic.ini', '[alembic]\n# file_template = %%(rev)s_%%(slug)s\n\n[loggers]\nkeys = root\n');
  write('app/migrations/env.py', 'import logging\n\nfrom flask import current_app\n\nfrom alembic import context\n\nconfig = context.config\n');
  write('app/migrations/versions/1a_first.py', '"""first\n\nRevision ID: 1a\nRevises:\n"""\nrevision = "1a"\ndown_revision = None\n');
  write('app/migrations/versions/2b_second.py', '"""second\n\nRevision ID: 2b\nRevises: 1a\n"""\nrevision = "2b"\ndown_revision = "1a"\n');
  // OpenOversight's ini names the folder relative to the repository root `flask db` runs in:
  // Flask-Migrate replaces it with the folder, so it is read as the folder.
  write('oo/app/migrations/alembic.ini', '[alembic]\nscript_location = ./app/migrations/\n');
  write('oo/app/migrations/env.py', 'from flask import current_app\n');
  write('oo/app/migrations/versions/c.py', 'revision = "c"\ndown_revision = None\n');
  // The same layout whose env.py has nothing of Flask: Alembic's own error stands.
  write('plain/migrations/alembic.ini', '[alembic]\nsqlalchemy.url = x\n');
  write('plain/migrations/env.py', 'from alembic import context\n');
  write('plain/migrations/versions/a.py', 'revision = "a"\ndown_revision = None\n');
  const result = discoverEnvironments([root]);
  assert.equal(result.environments.length, 2);
  const oo = result.environments.find((env) => env.config.configFile.includes(`${path.sep}oo${path.sep}`))!;
  assert.equal(oo.config.scriptLocation, path.join(root, 'oo/app/migrations'));
  assert.equal(oo.config.flaskMigrate, true);
  const flask = result.environments.find((env) => env.config.configFile.includes(`${path.sep}app${path.sep}`) && !env.config.configFile.includes(`${path.sep}oo${path.sep}`))!;
  assert.equal(flask.config.scriptLocation, path.join(root, 'app/migrations'));
  assert.deepEqual(flask.config.versionLocations, [path.join(root, 'app/migrations/versions')]);
  assert.equal(flask.config.flaskMigrate, true);
  assert.deepEqual(flask.problems, []);
  assert.deepEqual(
    result.problems.map((problem) => [problem.code, path.relative(root, problem.file)]),
    [['missing-script-location', path.join('plain', 'migrations', 'alembic.ini')]],
  );
  // The index and the CLI's -c path read it the same way.
  const index = buildWorkspaceIndex([path.join(root, 'app')]);
  assert.deepEqual([...index.environments[0].graph.heads], ['2b']);
  const loaded = loadEnvironmentFromConfig(path.join(root, 'app/migrations/alembic.ini'));
  assert.equal(loaded.config?.scriptLocation, path.join(root, 'app/migrations'));
  assert.deepEqual(loaded.problems, []);
});

test('a relative script_location that leads nowhere from the config is read from the folder above it leads to (keep runs `alembic -c keep/alembic.ini` from its root)', () => {
  const root = temporaryFolder('alembic-lens-relative-');
  const write = writerUnder(root);
  mkdirSync(path.join(root, '.git'));
  write('keep/alembic.ini', '[alembic]\nscript_location = keep/api/migrations\nversion_locations = keep/api/migrations/versions keep/extra\n');
  write('keep/api/migrations/env.py', '');
  write('keep/api/migrations/versions/a1_first.py', 'revision = "a1"\ndown_revision = None\n');
  write('keep/extra/b2_second.py', 'revision = "b2"\ndown_revision = "a1"\n');
  const [environment] = discoverEnvironments([root]).environments;
  assert.equal(environment.config.scriptLocation, path.join(root, 'keep/api/migrations'));
  assert.deepEqual(environment.config.versionLocations, [path.join(root, 'keep/api/migrations/versions'), path.join(root, 'keep/extra')]);
  assert.deepEqual(environment.problems, []);
  // What Alembic lists run from the root (its current directory is where relative paths start).
  assert.ok(existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: the differential tests need the real Alembic`);
  const real = execFileSync(PYTHON, ['-m', 'alembic', '-c', 'keep/alembic.ini', 'heads'], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.deepEqual(real.trim().split('\n'), ['b2 (head)']);
  assert.deepEqual([...buildWorkspaceIndex([root]).environments[0].graph.heads], ['b2']);
  // Nowhere above either: Alembic's error stands.
  write('other/alembic.ini', '[alembic]\nscript_location = keep/api/nothing\n');
  const other = discoverEnvironments([path.join(root, 'other')]);
  assert.deepEqual(other.problems.map((problem) => problem.code), ['script-location-not-found']);
});

test('pyproject.toml beside alembic.ini fills in what the ini does not set', () => {
  const root = temporaryFolder('alembic-lens-both-');
  mkdirSync(path.join(root, 'db/versions'), { recursive: true });
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nsqlalchemy.url = postgresql://x\n');
  writeFileSync(path.join(root, 'pyproject.toml'), '[tool.alembic]\nscript_location = "%(here)s/db"\n');
  writeFileSync(path.join(root, 'db/env.py'), '');
  writeFileSync(path.join(root, 'db/versions/a.py'), 'revision = "a"\ndown_revision = None\n');
  const result = discoverEnvironments([root]);
  assert.equal(result.environments.length, 1);
  const config = result.environments[0].config;
  assert.equal(config.kind, 'ini');
  assert.equal(config.scriptLocation, path.join(root, 'db'));
  assert.equal(config.sqlalchemyUrl, 'postgresql://x');
});

test('walking skips node_modules, .git and virtualenvs', () => {
  const root = temporaryFolder('alembic-lens-skip-');
  for (const dir of ['node_modules/pkg', '.git/x', 'env1', 'lib/site-packages/alembic']) {
    mkdirSync(path.join(root, dir, 'm'), { recursive: true });
    writeFileSync(path.join(root, dir, 'alembic.ini'), '[alembic]\nscript_location = m\n');
  }
  writeFileSync(path.join(root, 'env1/pyvenv.cfg'), 'home = /usr\n');
  assert.deepEqual(discoverEnvironments([root]).environments, []);
});

test('buildEnvironmentFromConfig gives the CLI the same reading as the index', () => {
  const loaded = buildEnvironmentFromConfig(path.join(FIXTURES, 'basic/alembic.ini'));
  assert.ok(loaded.environment);
  const labels = loaded.environment.graph.get('I38991de2b4')?.branchLabels ?? [];
  assert.deepEqual([...labels].sort(), ['expand', 'feature'], 'imported constants are resolved');
  assert.ok(loaded.problems.some((problem) => problem.code === 'down-revision-is-filename'));
  const broken = buildEnvironmentFromConfig(path.join(FIXTURES, 'does-not-exist/alembic.ini'));
  assert.equal(broken.environment, undefined);
  assert.deepEqual(broken.problems.map((problem) => problem.code), ['config-unreadable']);
});

/** Revision ids `alembic history` lists, as a sorted list. */
function realHistoryIds(dir: string, section?: string): string[] {
  const args = ['-m', 'alembic', ...(section ? ['-n', section] : []), 'history'];
  const out = execFileSync(PYTHON, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // Lines look like `<parent> -> <id> (head), message` or `<base> -> <id>, message`.
  return out
    .split('\n')
    .filter((line) => line.includes('->'))
    .map((line) => line.split('->')[1].trim().split(/[ ,]/)[0])
    .sort();
}

test('the files the index reads are the revisions the real Alembic lists', () => {
  const index = buildWorkspaceIndex([FIXTURES]);
  const cases: [string, string | undefined, string][] = [
    ['multidb', undefined, 'multidb/alembic.ini#alembic'],
    ['multidb', 'engine2', 'multidb/alembic.ini#engine2'],
    ['pyproject_only', undefined, 'pyproject_only/pyproject.toml#tool.alembic'],
    ['package_form', undefined, 'package_form/alembic.ini#alembic'],
  ];
  for (const [dir, section, id] of cases) {
    const env = index.environments.find((candidate) => candidate.config.id === path.join(FIXTURES, id))!;
    const ours = env.graph.revisions().map((revision) => revision.id).sort();
    assert.deepEqual(ours, realHistoryIds(path.join(FIXTURES, dir), section), id);
  }
});

test('recursive_version_locations = True is false for Alembic, and says so', () => {
  const root = temporaryFolder('alembic-lens-true-');
  mkdirSync(path.join(root, 'versions/sub'), { recursive: true });
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\nrecursive_version_locations = True\n');
  writeFileSync(path.join(root, 'env.py'), '');
  writeFileSync(path.join(root, 'versions/sub/a.py'), 'revision = "a"\ndown_revision = None\n');
  const [env] = discoverEnvironments([root]).environments;
  assert.equal(env.config.recursiveVersionLocations, false);
  assert.deepEqual(env.problems.map((problem) => [problem.code, problem.severity, problem.range.start.line]), [['invalid-config-value', 'warning', 2]]);
});

test('a script_location under [DEFAULT] makes each section an environment, but not logging\'s or prefix:name ones (thinkhazard)', () => {
  const dir = temporaryFolder('discover-default-');
  mkdirSync(path.join(dir, 'alembic', 'versions'), { recursive: true });
  writeFileSync(path.join(dir, 'alembic', 'env.py'), 'from alembic import context\n');
  writeFileSync(
    path.join(dir, 'alembic.ini'),
    '[DEFAULT]\nscript_location = alembic\n\n[admin]\ntype = admin\n\n[public]\ntype = public\n\n[alembic:exclude]\ntables = spatial_ref_sys\n\n[app:main]\nuse = egg:x\n\n[loggers]\nkeys = root\n\n[logger_root]\nlevel = WARN\n',
  );
  const result = discoverEnvironments([dir]);
  assert.deepEqual(result.environments.map((env) => env.config.name).sort(), ['admin', 'public']);
  assert.equal(result.environments[0].config.scriptLocation, path.join(dir, 'alembic'));
  assert.deepEqual(result.problems.filter((problem) => problem.code === 'missing-script-location'), []);
});

test("Alembic's multidb layout: `[alembic] databases = a, b` names the environments, and [alembic] itself is none (percona/SEP)", () => {
  const dir = temporaryFolder('discover-multidb-');
  for (const name of ['a', 'b']) {
    mkdirSync(path.join(dir, name, 'versions'), { recursive: true });
    writeFileSync(path.join(dir, name, 'env.py'), 'from alembic import context\n');
  }
  writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\ndatabases = a, b\n\n[a]\nscript_location = %(here)s/a\n\n[b]\nscript_location = %(here)s/b\n');
  const result = discoverEnvironments([dir]);
  assert.deepEqual(result.environments.map((env) => env.config.name).sort(), ['a', 'b']);
  const problems = [...result.problems, ...result.environments.flatMap((env) => env.problems)];
  assert.deepEqual(problems.filter((problem) => problem.code === 'missing-script-location'), []);
  // Without `databases`, a lone [alembic] with no script_location is still reported.
  writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nsqlalchemy.url = x\n\n[a]\nscript_location = %(here)s/a\n');
  const plain = discoverEnvironments([dir]);
  assert.ok([...plain.problems, ...plain.environments.flatMap((env) => env.problems)].some((problem) => problem.code === 'missing-script-location'));
});

test('a script_location in [tool.alembic] that is not a string is one invalid-config-value on its line', () => {
  // Alembic hands it to os.path (TypeError: expected str ... not int); a number was read as the
  // folder "5" (script-location-not-found), a list as no key at all (missing-script-location too).
  for (const [value, found] of [['5', 'the integer 5'], ['["db"]', 'a list'], ['true', 'the boolean true']]) {
    const root = temporaryFolder('alembic-lens-toml-path-');
    writeFileSync(path.join(root, 'pyproject.toml'), `[project]\nname = "x"\n\n[tool.alembic]\nscript_location = ${value}\n`);
    const result = discoverEnvironments([root]);
    assert.deepEqual(result.environments, [], value);
    assert.deepEqual(
      result.problems.map((problem) => [problem.code, problem.range.start.line]),
      [['invalid-config-value', 4]],
      value,
    );
    assert.match(result.problems[0].message, new RegExp(`script_location must be a string, not ${found}`));
  }
});
