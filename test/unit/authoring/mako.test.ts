// The Mako-subset renderer on the constructs migration templates use, with the exact output Mako
// gives (each snippet was rendered by the Mako beside Alembic 1.20 to get these strings), and the planner's file names
// (timezone, truncate_slug_length) and merge plans rendered from the environment's template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MakoTemplate } from '../../../server/src/project/authoring/mako/render';
import { TemplateError } from '../../../server/src/project/authoring/mako/templateError';
import { PyFunction, PyList, PyTuple, type PyValue } from '../../../server/src/project/authoring/mako/values';
import { createDateOf, pythonDateText } from '../../../server/src/project/authoring/createDate';
import { planMergeRevision } from '../../../server/src/project/authoring/mergePlan';
import { AuthoringError } from '../../../server/src/project/authoring/newRevision';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { makeEnvironment } from '../../support/environmentFixture';

const join = new PyFunction('comma', (args) => {
  const value = args.positional[0];
  return value instanceof PyTuple ? (value.items as string[]).join(', ') : value === null ? '' : String(value);
});

function render(source: string, args: Record<string, PyValue> = {}): string {
  return new MakoTemplate(source).render({ comma: join, ...args });
}

test('expressions: str() by default, n and named filters left to right, repr of tuples and lists', () => {
  assert.equal(render('${x | comma,n}|${repr(x)}|${repr(y)}|${repr(z)}', { x: new PyTuple(['a', 'b']), y: new PyTuple(['a']), z: new PyList(['q']) }), "a, b|('a', 'b')|('a',)|['q']");
  assert.equal(render('${" <b> " | h,trim}'), '&lt;b&gt;');
  assert.equal(render('${repr("it\'s")} ${repr(None)} ${1 + 2}'), '"it\'s" None 3');
  assert.equal(render('${"%s_x%%" % name} ${name.upper()} ${", ".join(["a", "b"])} ${name[1:]}', { name: 'db' }), 'db_x% DB a, b b');
  assert.equal(render('${imports if imports else ""}|${upgrades or "pass"}'), '|pass');
});

test('control lines take their line break; ## comments, <%doc>, %% and backslash continuations leave no output', () => {
  const source = ['a', '% if flag:', 'yes ${flag}', '% elif other:', 'other', '% else:', 'no', '% endif', '## gone', '  %% literal', 'joined \\', 'line', '<%doc>hidden</%doc>z', ''].join('\n');
  assert.equal(render(source, { flag: true, other: false }), 'a\nyes True\n  % literal\njoined line\nz\n');
  assert.equal(render(source, { flag: false, other: 1 }), 'a\nother\n  % literal\njoined line\nz\n');
  assert.equal(render(source, { flag: false, other: 0 }), 'a\nno\n  % literal\njoined line\nz\n');
});

test('for loops, <%! import re %>, <% assignments %>, <%text> and context.get', () => {
  const source = ['<%!', 'import re', '%><% names = re.split(r",\\s*", dbs) %>', '% for name in names:', '${name}: ${context.get("%s_upgrades" % name, "pass")}', '% endfor', '<%text>${raw} % not a control</%text>'].join('\n');
  assert.equal(render(source, { dbs: 'one, two', two_upgrades: 'op.x()' }), '\none: pass\ntwo: op.x()\n${raw} % not a control');
});

test('what the renderer cannot do is a TemplateError naming the line, not output', () => {
  const cases: [string, number, RegExp][] = [
    ['a\nb\n% while x:\n% endwhile\n', 3, /'% while' control lines are not supported/],
    ['${[x for x in y]}', 1, /list comprehensions are not supported/],
    ['\n${f"{x}"}', 2, /f-strings are not supported/],
    ['<%include file="x"/>', 1, /<%include> tag is not supported/],
    ['<%\nfor x in y:\n    pass\n%>', 2, /statement 'for x in y:' is not supported/],
    ['${nosuch()}', 1, /name 'nosuch' is not defined/],
    ['${"%s %s" % ("a",)}', 1, /not enough arguments/],
  ];
  for (const [source, line, message] of cases) {
    assert.throws(() => render(source), (error: unknown) => error instanceof TemplateError && error.line === line && message.test(error.reason), source);
  }
});

test('create dates: Python str() with microseconds when non-zero, the zone offset when a timezone is set', () => {
  const instant = new Date(Date.UTC(2026, 0, 15, 23, 30, 5, 120));
  assert.equal(pythonDateText(createDateOf(instant, 'Asia/Tokyo')), '2026-01-16 08:30:05.120000+09:00');
  assert.equal(pythonDateText(createDateOf(instant, 'utc')), '2026-01-15 23:30:05.120000+00:00');
  assert.equal(pythonDateText(createDateOf(new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 0)), 'America/New_York')), '2026-07-01 08:00:00-04:00');
  assert.throws(() => createDateOf(instant, 'Mars/Olympus'), /Can't locate timezone: Mars\/Olympus/);
});

test('merge plans render the environment\'s script.py.mako; one the renderer refuses throws AuthoringError', () => {
  const root = makeEnvironment({
    'aaaa_base.py': 'revision = "aaaa"\ndown_revision = None\n',
    'bbbb_left.py': 'revision = "bbbb"\ndown_revision = "aaaa"\n',
    'cccc_right.py': 'revision = "cccc"\ndown_revision = "aaaa"\n',
  });
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\nfile_template = %%(year)d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 5\ntimezone = UTC\n');
  fs.writeFileSync(path.join(root, 'script.py.mako'), '# ${message}\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n');
  const env = buildWorkspaceIndex([root]).environments[0];
  const plan = planMergeRevision(env, ['bbbb', 'cccc'], 'merge the heads', new Date(Date.UTC(2025, 11, 31, 23, 0, 0)), '0123456789ab');
  assert.equal(plan.file, path.join(root, 'versions', '2025_0123456789ab_merge_.py'));
  assert.equal(plan.content, "# merge the heads\nrevision = '0123456789ab'\ndown_revision = ('bbbb', 'cccc')\n");
  fs.writeFileSync(path.join(root, 'script.py.mako'), 'ok\n<%def name="x()"></%def>\n');
  assert.throws(() => planMergeRevision(env, ['bbbb', 'cccc']), (error: unknown) => error instanceof AuthoringError && /script\.py\.mako:2: the <%def> tag is not supported/.test(error.message));
});
