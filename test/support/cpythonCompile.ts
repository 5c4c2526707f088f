/**
 * CPython's compile() as the oracle for tests of Lens's syntax checks: every source is compiled
 * by the interpreter named by ALEMBIC_PYTHON in one run, and each gets the error compile()
 * raised (a SyntaxError or one of its subclasses, or the RecursionError of a too deep
 * expression), or null when it compiles.
 */
import { spawnSync } from 'node:child_process';

const PYTHON = process.env.ALEMBIC_PYTHON ?? 'python3';

/** What compile() raised for one source: the error's type name, message, line and column (null for a RecursionError). */
export interface CompileError {
  type: string;
  message: string;
  line: number | null;
  column: number | null;
}

// Warnings are ignored: a SyntaxWarning compile() prints (an invalid escape, `is` with a literal) is no verdict.
const COMPILE_EACH = [
  'import json, sys, warnings',
  'warnings.simplefilter("ignore")',
  'out = []',
  'for source in json.load(sys.stdin):',
  '    try:',
  '        compile(source, "m.py", "exec")',
  '        out.append(None)',
  '    except (RecursionError, SyntaxError) as e:',
  '        syntax = isinstance(e, SyntaxError)',
  '        out.append({"type": type(e).__name__, "message": e.msg if syntax else str(e),',
  '                    "line": e.lineno if syntax else None, "column": e.offset if syntax else None})',
  'print(json.dumps(out))',
].join('\n');

/** CPython's verdict on every source, in order. */
export function cpythonCompileErrors(sources: string[]): (CompileError | null)[] {
  const result = spawnSync(PYTHON, ['-c', COMPILE_EACH], { input: JSON.stringify(sources), encoding: 'utf8' });
  if (result.error) throw result.error;
  return JSON.parse(result.stdout) as (CompileError | null)[];
}
