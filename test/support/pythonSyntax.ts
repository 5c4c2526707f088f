/**
 * Python's own verdict on a source text, for tests of edits Alembic Lens makes to migrations
 * (quick fixes): the interpreter named by ALEMBIC_PYTHON parses it with `ast`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { temporaryFolder } from './temporaryFolders';

export const PYTHON = process.env.ALEMBIC_PYTHON ?? '/work/venv-alembic/bin/python';

/** Python's error (its last line, e.g. a TabError) for `text`, or undefined when it parses. */
export function pythonError(text: string): string | undefined {
  const file = path.join(temporaryFolder('lens-python-syntax-'), 'fixed.py');
  fs.writeFileSync(file, text);
  const run = spawnSync(PYTHON, ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0 ? undefined : run.stderr.trim().split('\n').pop();
}
