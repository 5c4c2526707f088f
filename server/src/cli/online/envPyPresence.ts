/**
 * Whether Alembic can load the environment's env.py: every command that runs the environment
 * (`upgrade`, `downgrade`, `stamp`, with or without `--sql`, `current`, autogenerate) starts by
 * loading it, and without the file Alembic stops with `ImportError: Can't find Python file
 * .../env.py` (alembic/util/pyfiles.py, load_python_file), exit 1, before any SQL. Like Alembic,
 * a compiled env.py left beside it (`__pycache__/env.<tag>.pyc`, or a sourceless `env.pyc`) still
 * loads: it is not reported, whichever Python's it is.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

/** Why Alembic cannot load env.py from `scriptLocation`, or undefined when it can. */
export function envPyUnloadable(scriptLocation: string): string | undefined {
  const envPy = nodePath.join(scriptLocation, 'env.py');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(envPy);
  } catch {
    stat = undefined;
  }
  if (stat?.isFile()) {
    try {
      fs.accessSync(envPy, fs.constants.R_OK);
      return undefined;
    } catch (error) {
      return `${envPy} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); Alembic cannot run this environment`;
    }
  }
  if (stat?.isDirectory()) return `${envPy} is a folder, not a file; Alembic cannot run this environment`;
  if (hasCompiledEnvPy(scriptLocation)) return undefined;
  return `Can't find Python file ${envPy}: Alembic cannot run this environment without it (ImportError); add env.py to the script location, or point script_location at the folder that has it`;
}

function hasCompiledEnvPy(scriptLocation: string): boolean {
  if (fs.existsSync(nodePath.join(scriptLocation, 'env.pyc'))) return true;
  try {
    return fs.readdirSync(nodePath.join(scriptLocation, '__pycache__')).some((name) => /^env\.[^.]+\.pyc$/.test(name));
  } catch {
    return false;
  }
}
