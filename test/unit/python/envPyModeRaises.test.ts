// Which modes env.py raises in, read statically (python/envPyModeRaises.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvPy } from '../../../server/src/python/envPy';

const raisesOf = (text: string) => readEnvPy('/p/migrations/env.py', `from alembic import context\n${text}`).raises;

test('a raise in the offline branch, in its else, and at the top level', () => {
  assert.deepEqual(raisesOf('if context.is_offline_mode():\n    raise NotImplementedError("no")\nrun()\n'), { offline: { line: 3, statement: 'raise NotImplementedError("no")' } });
  assert.deepEqual(raisesOf('if context.is_offline_mode():\n    run()\nelse:\n    raise SystemExit("offline only")\n'), { online: { line: 5, statement: 'raise SystemExit("offline only")' } });
  assert.deepEqual(raisesOf('if (not context.is_offline_mode()):\n    run()\nelse:\n    raise X\n'), { offline: { line: 5, statement: 'raise X' } });
  const top = raisesOf('raise RuntimeError("never run")\n');
  assert.equal(top?.offline?.line, 2);
  assert.equal(top?.online?.line, 2);
});

test('a function called from the branch raises when its own body does, before any return', () => {
  assert.equal(raisesOf('def off():\n    """doc"""\n    raise E()\n\nif context.is_offline_mode():\n    off()\n')?.offline?.line, 4);
  assert.equal(raisesOf('def off():\n    return None\n    raise E()\n\nif context.is_offline_mode():\n    off()\n'), undefined);
  // A call the function makes in turn is not followed.
  assert.equal(raisesOf('def inner():\n    raise E()\n\ndef off():\n    inner()\n\nif context.is_offline_mode():\n    off()\n'), undefined);
});

test('raises that depend on anything else are left to Alembic', () => {
  assert.equal(raisesOf('if context.is_offline_mode():\n    if flag:\n        raise E()\n    run()\n'), undefined);
  assert.equal(raisesOf('if context.is_offline_mode():\n    run()\nelif flag:\n    raise E()\n'), undefined);
  assert.equal(raisesOf('if flag:\n    raise E()\n'), undefined);
  assert.equal(raisesOf('try:\n    import app\nexcept ImportError:\n    raise\n'), undefined);
  assert.equal(raisesOf('if context.is_offline_mode(1):\n    raise E()\n'), undefined);
});
