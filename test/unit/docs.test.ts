// Invariant 6: every diagnostic code has a docs page with the four sections users need, and
// every code the source reports is registered (so the registry cannot drift from the code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_CODES } from '../../server/src/diagnostics/codes';
import { defaultDocsBaseUrl, docsHref } from '../../server/src/lsp/diagnostics';
import { parseDirective } from '../../server/src/diagnostics/suppressions';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import { makeEnvironment } from '../support/environmentFixture';

const root = path.resolve(__dirname, '..', '..');

test('codes are unique kebab-case ids', () => {
  const seen = new Set<string>();
  for (const info of ALL_CODES) {
    assert.match(info.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, info.code);
    assert.ok(!seen.has(info.code), `duplicate code ${info.code}`);
    seen.add(info.code);
  }
  assert.ok(ALL_CODES.length > 0);
});

test('every registered code has docs/rules/<code>.md with problem, why, fix and suppress sections', () => {
  const problems: string[] = [];
  for (const info of ALL_CODES) {
    const page = path.join(root, 'docs', 'rules', `${info.code}.md`);
    if (!fs.existsSync(page)) {
      problems.push(`${info.code}: missing ${path.relative(root, page)}`);
      continue;
    }
    const text = fs.readFileSync(page, 'utf8').toLowerCase();
    for (const section of ['why', 'fix', 'suppress']) {
      if (!new RegExp(`^##+ .*\\b${section}\\b`, 'm').test(text)) problems.push(`${info.code}: docs page lacks a "${section}" section (a heading with the word)`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every code literal in the server source is registered', () => {
  const registered = new Set(ALL_CODES.map((info) => info.code));
  const unregistered = new Set<string>();
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        for (const match of fs.readFileSync(full, 'utf8').matchAll(/\bcode: *['"]([a-z0-9]+(?:-[a-z0-9]+)+)['"]/g)) {
          if (!registered.has(match[1])) unregistered.add(`${match[1]} (${path.relative(root, full)})`);
        }
      }
    }
  };
  walk(path.join(root, 'server', 'src'));
  assert.deepEqual([...unregistered], []);
});

// Item: diagnostic links must work in an installed extension. The .vsix ships an allow-list
// (.vscodeignore) without docs/, so the links are the public pages of package.json `repository`.
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('every registered code links to the public page of a file that exists in docs/rules', () => {
  const repository = String(packageJson.repository.url).replace(/\.git$/, '');
  assert.match(repository, /^https:\/\/github\.com\/[^/]+\/[^/]+$/);
  const prefix = `${repository}/blob/main/`;
  for (const info of ALL_CODES) {
    const href = docsHref(defaultDocsBaseUrl(), info.code);
    assert.equal(href, `${prefix}docs/rules/${info.code}.md`, info.code);
    // The path after blob/main/ is a file of this repository, so the link resolves once pushed.
    assert.ok(fs.existsSync(path.join(root, href.slice(prefix.length))), `${info.code}: ${href} has no page`);
  }
});

test('the diagnostic link does not depend on files the .vsix leaves out', () => {
  const shipped = fs
    .readFileSync(path.join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'));
  const docsShipped = shipped.some((line) => /^!docs(\/|$)/.test(line));
  const base = defaultDocsBaseUrl();
  // A file:// base would need docs/rules inside the package; the web address needs nothing.
  assert.ok(base.startsWith('https://') || docsShipped, `${base} points into a folder the .vsix does not ship`);
  assert.ok(!base.startsWith('file:'), 'no link into the install folder');
});

// Item: rule pages promise only what exists. Settings they name must be declared in package.json,
// no page may point at settings in general ("turn the code off in the project's settings" named
// none, and none exists), and every suppression comment they show must parse as one.
const rulesFolder = path.join(root, 'docs', 'rules');
const rulePages = fs.readdirSync(rulesFolder).filter((name) => name.endsWith('.md'));
const declaredSettings = new Set(Object.keys(packageJson.contributes.configuration.properties));

test('rule pages name only settings that package.json declares', () => {
  const problems: string[] = [];
  for (const name of rulePages) {
    const text = fs.readFileSync(path.join(rulesFolder, name), 'utf8');
    for (const match of text.matchAll(/alembicLens\.[A-Za-z][\w.]*/g)) {
      const key = match[0].replace(/\.+$/, '');
      if (!declaredSettings.has(key)) problems.push(`${name}: ${key} is not in contributes.configuration`);
    }
    // A setting promised without a name is a setting nobody can find.
    const vague = /\bturn (?:the |this )?code off|(?:project|workspace)'s (?:Alembic Lens )?settings|Alembic Lens settings/i.exec(text);
    if (vague) problems.push(`${name}: "${vague[0]}" names no declared setting`);
  }
  assert.deepEqual(problems, []);
  assert.ok(rulePages.length >= ALL_CODES.length);
});

test('the suppression comments the pages show parse, and name registered codes', () => {
  const registered = new Set(ALL_CODES.map((info) => info.code));
  const problems: string[] = [];
  let shown = 0;
  for (const name of rulePages) {
    const text = fs.readFileSync(path.join(rulesFolder, name), 'utf8');
    // The bare marker (`# alembic-lens:` comments) names the mechanism, not a comment to copy.
    for (const match of text.matchAll(/`(# alembic-lens:[^`]+)`/g)) {
      shown++;
      const directive = parseDirective(match[1]);
      if (!directive || directive === 'malformed' || !/^# alembic-lens: ignore(?:-file)?\[[a-z0-9-]+(?:, [a-z0-9-]+)*\]$/.test(match[1])) {
        problems.push(`${name}: ${match[1]} is not a suppression comment`);
        continue;
      }
      for (const code of directive.codes) if (!registered.has(code)) problems.push(`${name}: ${match[1]} names unknown code ${code}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(shown > 0, 'the pages show suppression comments');
});

// The pages' claims about where the comments reach, checked on the index itself.
function reportedCodes(files: Record<string, string>, ini?: string): string[] {
  const root = makeEnvironment(files);
  if (ini !== undefined) fs.writeFileSync(path.join(root, 'alembic.ini'), ini);
  return buildWorkspaceIndex([root])
    .allProblems()
    .map((problem) => `${problem.code}@${path.basename(problem.file)}`)
    .sort();
}

test('claim: a comment on the line above, at the end of the line, or ignore-file silences a migration-file problem', () => {
  const base = 'revision = "a"\ndown_revision = None\n';
  // b's missing parent also makes a second head; only missing-parent is looked at here.
  const missingParent = (files: Record<string, string>) => reportedCodes(files).filter((code) => code.startsWith('missing-parent'));
  assert.deepEqual(missingParent({ 'a.py': base, 'b.py': 'revision = "b"\ndown_revision = "zz"\n' }), ['missing-parent@b.py']);
  assert.deepEqual(missingParent({ 'a.py': base, 'b.py': 'revision = "b"\n# alembic-lens: ignore[missing-parent]\ndown_revision = "zz"\n' }), []);
  assert.deepEqual(missingParent({ 'a.py': base, 'b.py': 'revision = "b"\ndown_revision = "zz"  # alembic-lens: ignore[missing-parent]\n' }), []);
  assert.deepEqual(missingParent({ 'a.py': base, 'b.py': '# alembic-lens: ignore-file[missing-parent]\nrevision = "b"\ndown_revision = "zz"\n' }), []);
  assert.deepEqual(missingParent({ 'a.py': base, 'b.py': 'revision = "b"\ndown_revision = "zz"  # alembic-lens: ignore[multiple-heads]\n' }), ['missing-parent@b.py'], 'another code stays');
});

test('claim (multiple-heads page): only a comment in the head the report belongs to silences it', () => {
  const files = { 'a.py': 'revision = "a"\ndown_revision = None\n', 'b.py': 'revision = "b"\ndown_revision = "a"\n', 'c.py': 'revision = "c"\ndown_revision = "a"\n' };
  const [reported] = reportedCodes(files);
  assert.equal(reported, 'multiple-heads@b.py');
  assert.deepEqual(reportedCodes({ ...files, 'c.py': `# alembic-lens: ignore-file[multiple-heads]\n${files['c.py']}` }), ['multiple-heads@b.py']);
  assert.deepEqual(reportedCodes({ ...files, 'b.py': `# alembic-lens: ignore-file[multiple-heads]\n${files['b.py']}` }), []);
});

test('claim (configuration pages): a problem in alembic.ini is not silenced by any comment', () => {
  const files = { 'a.py': 'revision = "a"\ndown_revision = None\n' };
  const ini = '[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions %(here)s/nowhere  # alembic-lens: ignore[version-location-not-found]\n';
  assert.ok(reportedCodes(files, ini).includes('version-location-not-found@alembic.ini'));
  const withFileComment = { 'a.py': `# alembic-lens: ignore-file[version-location-not-found]\n${files['a.py']}` };
  assert.ok(reportedCodes(withFileComment, ini).includes('version-location-not-found@alembic.ini'));
});

test('claim (file-not-utf8 page): ignore-file in the file silences it; a binary file cannot be silenced', () => {
  const root = makeEnvironment({ 'a.py': 'revision = "a"\ndown_revision = None\n' });
  const versions = path.join(root, 'versions');
  fs.writeFileSync(path.join(versions, 'b.py'), Buffer.from('revision = "b"\ndown_revision = "a"\n# caf\xe9\n', 'latin1'));
  fs.writeFileSync(path.join(versions, 'c.py'), Buffer.from('revision = "c"\ndown_revision = "b"\n# caf\xe9\n# alembic-lens: ignore-file[file-not-utf8]\n', 'latin1'));
  fs.writeFileSync(path.join(versions, 'd.py'), Buffer.from('# alembic-lens: ignore-file[binary-file]\n\0', 'latin1'));
  const codes = buildWorkspaceIndex([root])
    .allProblems()
    .map((problem) => `${problem.code}@${path.basename(problem.file)}`)
    .sort();
  assert.deepEqual(codes, ['binary-file@d.py', 'file-not-utf8@b.py']);
});
