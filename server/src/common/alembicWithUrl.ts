/**
 * Running the real Alembic's command line against a database chosen here (an explicit URL, a
 * named connection, the embedded database), without the URL on the command line (other users
 * can read process arguments): it travels in an environment variable to a few lines of Python
 * that put it into the configuration as `sqlalchemy.url` before env.py runs (its `%` doubled, as
 * the ini interpolation of `set_main_option` wants; so is the value given to an env.py that sets
 * the URL from a variable). So it reaches
 * every env.py that reads its URL from the configuration (the templates of `alembic init` do);
 * an env.py that builds its URL elsewhere connects where it always does (callers that write to
 * the database check that first: engine/online/alembicDatabase.ts). A URL without a driver (the
 * embedded database's) gets psycopg2 or psycopg, whichever the interpreter has.
 */
export const DATABASE_URL_VARIABLE = 'ALEMBIC_LENS_DATABASE_URL';
const PICK_DRIVER_VARIABLE = 'ALEMBIC_LENS_PICK_DRIVER';
/** The name of an environment variable env.py reads its URL from: it is set to the URL (driver picked) too. */
const URL_VARIABLE_VARIABLE = 'ALEMBIC_LENS_URL_VARIABLE';

/** Python source: Alembic's command line (arguments after `-c SOURCE`), with the URL from the environment. */
export const ALEMBIC_WITH_URL = [
  'import importlib.util, os, sys',
  'from alembic.config import CommandLine',
  `url = os.environ.pop(${JSON.stringify(DATABASE_URL_VARIABLE)}, "")`,
  `if url and os.environ.pop(${JSON.stringify(PICK_DRIVER_VARIABLE)}, "") and url.startswith("postgresql://"):`,
  '    driver = "psycopg2" if importlib.util.find_spec("psycopg2") else "psycopg" if importlib.util.find_spec("psycopg") else None',
  '    if driver: url = "postgresql+" + driver + url[len("postgresql"):]',
  `variable = os.environ.pop(${JSON.stringify(URL_VARIABLE_VARIABLE)}, "")`,
  // env.py hands the variable to set_main_option, which reads `%` as ini interpolation: doubled, it arrives as given.
  'if url and variable: os.environ[variable] = url.replace("%", "%%")',
  'class LensCommandLine(CommandLine):',
  '    def run_cmd(self, config, options):',
  '        if url: config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))',
  '        super().run_cmd(config, options)',
  'LensCommandLine(prog="alembic").main(sys.argv[1:])',
].join('\n');

/** The child's environment: the URL (and whether to pick a driver) set, or both removed. */
export function environmentWithUrl(env: NodeJS.ProcessEnv, url: string | undefined, pickDriver: boolean, urlVariable?: string): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env };
  delete child[DATABASE_URL_VARIABLE];
  delete child[PICK_DRIVER_VARIABLE];
  delete child[URL_VARIABLE_VARIABLE];
  if (url !== undefined) child[DATABASE_URL_VARIABLE] = url;
  if (pickDriver) child[PICK_DRIVER_VARIABLE] = '1';
  if (url !== undefined && urlVariable !== undefined) child[URL_VARIABLE_VARIABLE] = urlVariable;
  return child;
}
