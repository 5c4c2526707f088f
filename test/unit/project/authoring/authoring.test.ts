// New revision files as Alembic 1.20's `revision` / `merge` write them (file names and texts
// were compared with files Alembic generated from the same messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { slugOf } from '../../../../server/src/project/authoring/slug';
import { formatFileTemplate, revisionFileName } from '../../../../server/src/project/authoring/fileTemplate';
import { newRevisionId } from '../../../../server/src/project/authoring/revisionId';
import { pythonDateString, revisionText } from '../../../../server/src/project/authoring/revisionText';
import { stringRepr as pythonRepr } from '../../../../server/src/common/pythonRepr';
import { planMergeRevision } from '../../../../server/src/project/authoring/mergePlan';
import { buildWorkspaceIndex } from '../../../../server/src/project/workspaceIndex';
import { readMigrationHeader } from '../../../../server/src/python/header';
import { literalStrings } from '../../../../server/src/python/headerTypes';
import { makeEnvironment } from '../../../support/environmentFixture';

test('slugs: words joined and lower-cased, cut at a word boundary past 40 characters', () => {
  assert.equal(slugOf('merge heads'), 'merge_heads');
  assert.equal(slugOf("it's"), 'it_s');
  assert.equal(slugOf('Add Ünïcode: table, and a very long message that goes on'), 'add_ünïcode_table_and_a_very_long_');
  assert.equal(slugOf(''), '');
  // Alembic slices a negative truncate_slug_length from the end, as Python does.
  assert.equal(slugOf('hello world', -5), 'hello_');
  assert.equal(slugOf('hello world', -50), '_');
});

test('file templates: named fields with width, precision and %%', () => {
  const values = { rev: 'ab12', slug: 'x', year: 2024, month: 3, day: 7 };
  assert.equal(formatFileTemplate('%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s', values), '2024_03_07-ab12_x');
  assert.equal(formatFileTemplate('%%(rev)s %(rev)5s|%(rev)-5s|', values), '%(rev)s  ab12|ab12 |');
  assert.throws(() => formatFileTemplate('%(unknown)s', values), /names a field Alembic does not provide: 'unknown' \(Alembic fails with KeyError/);
  // Python's precision, conversions and flags (test/diff/authoring.test.ts checks them against Python).
  assert.equal(formatFileTemplate('%(slug).5s|%(rev).2s|%(rev)r|%(month)x|%(month)#X|%(day)+d|%(day) 04d|%(year).2e', { ...values, slug: 'hello_world', month: 12, day: 5 }), "hello|ab|'ab12'|c|0XC|+5| 005|2.02e+03");
  assert.throws(() => formatFileTemplate('%s', values), /the conversion '%s' at index 0 has no \(name\), which Alembic Lens does not support/);
  assert.throws(() => formatFileTemplate('%(slug)d', values), /TypeError: %d format: a real number is required, not str/);
  const now = new Date(2024, 2, 7, 8, 9, 10);
  assert.equal(revisionFileName('', 'ab12', 'Add users', now), 'ab12_add_users.py');
  assert.equal(revisionFileName('%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d_%(rev)s', 'ab12', 'x', now), '20240307_0809_ab12.py');
});

test('revision ids are 12 hex digits and differ', () => {
  const first = newRevisionId();
  assert.match(first, /^[0-9a-f]{12}$/);
  assert.notEqual(newRevisionId(), first);
});

test('Python repr and str(datetime)', () => {
  assert.equal(pythonRepr('ab12'), "'ab12'");
  assert.equal(pythonRepr("it's"), '"it\'s"');
  assert.equal(pythonRepr('a\'b"c'), "'a\\'b\"c'");
  // The repr CPython writes (one implementation, common/pythonRepr.ts): what is not printable is escaped.
  const withOddCharacters = revisionText({ revisionId: 'r\u00a0x', downRevisions: ['a\u0001b'], message: 'm', createDate: '2026-12-03 04:53:27.388035' });
  assert.match(withOddCharacters, /^revision: str = 'r\\xa0x'$/m);
  assert.match(withOddCharacters, /^down_revision: Union\[str, Sequence\[str\], None\] = 'a\\x01b'$/m);
  assert.equal(pythonDateString(new Date(2026, 11, 3, 4, 53, 27, 388)), '2026-12-03 04:53:27.388000');
});

test('revision text: down_revision is None, an id, or a tuple, and the header reads back', () => {
  const text = (downRevisions: string[]) => revisionText({ revisionId: 'fc7d5d653b59', downRevisions, message: 'merge heads', createDate: '2026-12-03 04:53:27.388035' });
  assert.match(text([]), /^down_revision: Union\[str, Sequence\[str\], None\] = None$/m);
  assert.match(text(['46aa97c2908b']), /^down_revision: Union\[str, Sequence\[str\], None\] = '46aa97c2908b'$/m);
  const merge = text(['b034f5c2d748', 'cccc']);
  assert.match(merge, /^Revises: b034f5c2d748, cccc$/m);
  assert.match(merge, /^down_revision: Union\[str, Sequence\[str\], None\] = \('b034f5c2d748', 'cccc'\)$/m);
  const header = readMigrationHeader('/x/fc7d5d653b59_merge_heads.py', merge);
  assert.deepEqual(header.problems, []);
  assert.deepEqual(literalStrings(header.revision), ['fc7d5d653b59']);
  assert.deepEqual(literalStrings(header.downRevision), ['b034f5c2d748', 'cccc']);
  assert.equal(header.docstring?.message, 'merge heads');
});

test('a merge plan goes beside the first head and merges the given heads', () => {
  const root = makeEnvironment({
    'aaaa_base.py': 'revision = "aaaa"\ndown_revision = None\n',
    'bbbb_left.py': 'revision = "bbbb"\ndown_revision = "aaaa"\n',
    'cccc_right.py': 'revision = "cccc"\ndown_revision = "aaaa"\n',
  });
  const env = buildWorkspaceIndex([root]).environments[0];
  const plan = planMergeRevision(env, ['bbbb', 'cccc'], 'merge heads', new Date(2024, 0, 1), '0123456789ab');
  assert.equal(plan.file, path.join(root, 'versions', '0123456789ab_merge_heads.py'));
  assert.match(plan.content, /= \('bbbb', 'cccc'\)$/m);
});
