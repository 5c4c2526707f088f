// The exclude glob matcher (server/src/common/glob.ts): `**`, `*`, `?`, `{a,b}`, folder matching
// for trailing `/**`, and bad patterns that are ignored instead of throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlobs, toPathMatcher } from '../../../server/src/common/glob';

function matches(pattern: string, path: string): boolean {
  return compileGlobs([pattern]).matches(path);
}

test('`**` matches any number of whole segments, including none', () => {
  assert.equal(matches('**/node_modules/**', 'node_modules'), true);
  assert.equal(matches('**/node_modules/**', 'web/app/node_modules'), true);
  assert.equal(matches('**/node_modules/**', 'web/node_modules/pkg/alembic.ini'), true);
  assert.equal(matches('**/node_modules/**', 'web/node_modules_old'), false);
  assert.equal(matches('**/node_modules/**', 'my_node_modules'), false);
  assert.equal(matches('a/**/b', 'a/b'), true);
  assert.equal(matches('a/**/b', 'a/x/y/b'), true);
  assert.equal(matches('a/**/b', 'a/xb'), false);
  assert.equal(matches('**', 'anything/at/all'), true);
});

test('a trailing `/**` also matches the folder itself, but not a sibling sharing its prefix', () => {
  assert.equal(matches('legacy/**', 'legacy'), true);
  assert.equal(matches('legacy/**', 'legacy/db/alembic.ini'), true);
  assert.equal(matches('legacy/**', 'legacy2'), false);
  assert.equal(matches('legacy/**', 'src/legacy'), false, 'anchored at the workspace folder');
});

test('`*` and `?` stay inside one segment', () => {
  assert.equal(matches('services/*/migrations', 'services/billing/migrations'), true);
  assert.equal(matches('services/*/migrations', 'services/a/b/migrations'), false);
  assert.equal(matches('*.ini', 'alembic.ini'), true);
  assert.equal(matches('*.ini', 'db/alembic.ini'), false);
  assert.equal(matches('db?', 'db2'), true);
  assert.equal(matches('db?', 'db'), false);
  assert.equal(matches('db?', 'db/x'), false);
  assert.equal(matches('.*', '.venv'), true, '`*` matches dot names as VS Code globs do');
});

test('`{a,b}` alternatives, literal regex characters, and path normalisation', () => {
  assert.equal(matches('**/{build,dist}/**', 'pkg/dist'), true);
  assert.equal(matches('**/{build,dist}/**', 'pkg/build/x'), true);
  assert.equal(matches('**/{build,dist}/**', 'pkg/out'), false);
  assert.equal(matches('a.b(c)+', 'a.b(c)+'), true);
  assert.equal(matches('a.b', 'aXb'), false, 'a dot is literal');
  assert.equal(matches('{unclosed', '{unclosed'), true, 'an unclosed brace is literal');
  assert.equal(matches('./legacy/', 'legacy'), true, 'leading ./ and trailing / are ignored');
  assert.equal(matches('legacy/**', 'legacy\\db'), true, 'backslashes are separators');
});

test('bad patterns are ignored; an empty matcher matches nothing', () => {
  const matcher = compileGlobs(['', '   ', 42, null, 'keep/**']);
  assert.deepEqual(matcher.patterns, ['keep/**']);
  assert.equal(matcher.empty, false);
  assert.equal(matcher.matches('keep'), true);
  const none = compileGlobs([]);
  assert.equal(none.empty, true);
  assert.equal(none.matches('anything'), false);
  assert.equal(toPathMatcher(undefined).empty, true);
  assert.equal(toPathMatcher(matcher), matcher, 'a compiled matcher is reused as it is');
});

test('matchesOrInside: a file inside a matching folder counts, even when the pattern names only the folder', () => {
  const matcher = compileGlobs(['legacy', 'services/*/old']);
  assert.equal(matcher.matches('legacy/db/alembic.ini'), false);
  assert.equal(matcher.matchesOrInside('legacy/db/alembic.ini'), true);
  assert.equal(matcher.matchesOrInside('services/a/old/alembic.ini'), true);
  assert.equal(matcher.matchesOrInside('services/a/new/alembic.ini'), false);
});
