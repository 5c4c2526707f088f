import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, usageOf } from '../../../server/src/cli/args';
import type { OptionSpec } from '../../../server/src/cli/types';

const OPTIONS: OptionSpec[] = [
  { names: ['-r', '--rev-range'], key: 'range', takesValue: true, help: '' },
  { names: ['-v', '--verbose'], key: 'verbose', help: '' },
  { names: ['-i'], key: 'indicate', help: '' },
  { names: ['-x'], key: 'x', takesValue: true, repeatable: true, help: '' },
];

test('long and short forms, attached values, bundled flags', () => {
  const parsed = parseOptions(['--rev-range=a:b', '-vi', '-xone', '-x', 'two'], OPTIONS, []);
  assert.ok(!('error' in parsed));
  assert.equal(parsed.args.values.range, 'a:b');
  assert.equal(parsed.args.flags.verbose, true);
  assert.equal(parsed.args.flags.indicate, true);
  assert.deepEqual(parsed.args.lists.x, ['one', 'two']);
});

test('-r-3: keeps the value (Alembic documents this form for ranges starting with -)', () => {
  const parsed = parseOptions(['-r-3:'], OPTIONS, []);
  assert.ok(!('error' in parsed));
  assert.equal(parsed.args.values.range, '-3:');
});

test('a value that looks like an option is missing, as argparse says', () => {
  const parsed = parseOptions(['-r', '-3:'], OPTIONS, []);
  assert.ok('error' in parsed);
  assert.equal(parsed.error, 'argument -r/--rev-range: expected one argument');
});

test('negative numbers are values, not options', () => {
  const parsed = parseOptions(['-1'], [], [{ name: 'rev', help: '' }]);
  assert.ok(!('error' in parsed));
  assert.deepEqual(parsed.args.positionals, ['-1']);
});

test('unknown options, missing and extra positionals', () => {
  assert.deepEqual(parseOptions(['--nope'], OPTIONS, []), { error: 'unrecognized arguments: --nope' });
  assert.deepEqual(parseOptions([], [], [{ name: 'rev', help: '' }]), { error: 'the following arguments are required: rev' });
  assert.deepEqual(parseOptions(['a', 'b'], [], [{ name: 'rev', help: '' }]), { error: 'unrecognized arguments: b' });
});

test('global parsing stops at the command name', () => {
  const parsed = parseOptions(['-c', 'x.ini', 'heads', '-v'], [{ names: ['-c'], key: 'config', takesValue: true, help: '' }], [], true);
  assert.ok(!('error' in parsed));
  assert.equal(parsed.args.values.config, 'x.ini');
  assert.deepEqual(parsed.rest, ['heads', '-v']);
});

test('usage line', () => {
  assert.equal(usageOf({ name: 'show', options: [], positionals: [{ name: 'rev', help: '' }] }), 'usage: alembic-lens show [-h] rev');
});

test('-r=VALUE is split at the = as argparse splits it (-r=r1:r2 is r1:r2); a flag given a value so is refused', () => {
  const parsed = parseOptions(['-r=r1:r2', '-x=one', '-x=two=three'], OPTIONS, []);
  assert.ok(!('error' in parsed));
  assert.equal(parsed.args.values.range, 'r1:r2');
  assert.deepEqual(parsed.args.lists.x, ['one', 'two=three']);
  const flag = parseOptions(['-v=x'], OPTIONS, []);
  assert.ok('error' in flag && /ignored explicit argument 'x'/.test(flag.error));
});
