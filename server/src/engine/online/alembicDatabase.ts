/**
 * Which database the real Alembic migrates when a run is handed to it (`--python`). Alembic finds
 * its URL through env.py and the ini: when this run's database came from there too, nothing needs
 * to be passed. When it was chosen here (`--url`, a named connection, the embedded database, the
 * editor's connection), its URL is put into `sqlalchemy.url` before env.py runs
 * (common/alembicWithUrl.ts), which reaches that database only when env.py builds its engine from
 * the configuration, as the `alembic init` templates do (`engine_from_config(...)`); an env.py that
 * first sets `sqlalchemy.url` from an environment variable has that variable set to the URL too.
 * Any other env.py (a literal URL, a `-x` argument, an engine of its own) connects where it always
 * does: such a run is refused, since handing it over would migrate another database than the one
 * the user named.
 */
import { readEnvPyUrl, withoutComments } from '../../database/envPyUrl';
import type { PgSettings } from '../../database/sqlalchemyUrl';
import { urlOfSettings } from '../../project/authoring/alembicAutogenerate';

export type AlembicDatabase =
  /** `variable`: env.py sets sqlalchemy.url from this environment variable, which gets the URL too. */
  | { kind: 'url'; url: string; pickDriver: boolean; variable?: string }
  | { kind: 'elsewhere'; reason: string };

/** The engine built from the configuration (sync or async template), with no other engine made. */
const ENGINE_FROM_CONFIG = /\bengine_from_config\(/;
const OTHER_ENGINE = /\bcreate(?:_async)?_engine\(/;

/**
 * How to point Alembic at the database chosen here (`settings`; `urlGiven`: the URL it came from,
 * whose `dialect+driver` is kept; undefined for the embedded database).
 */
export function alembicDatabaseFor(settings: PgSettings, urlGiven: string | undefined, envPy: { file: string; text: string | undefined }): AlembicDatabase {
  if (envPy.text === undefined) return { kind: 'elsewhere', reason: `${envPy.file} cannot be read, so where Alembic would connect is not known` };
  const code = withoutComments(envPy.text);
  const own = readEnvPyUrl(envPy.text);
  // `config.set_main_option("sqlalchemy.url", os.environ["X"])`: X is given the URL as well.
  if (own.kind !== 'none' && own.kind !== 'environment') return { kind: 'elsewhere', reason: `${envPy.file}:${own.line} sets the URL Alembic connects to itself` };
  if (!ENGINE_FROM_CONFIG.test(code) || OTHER_ENGINE.test(code)) return { kind: 'elsewhere', reason: `${envPy.file} does not build its engine from the configuration's sqlalchemy.url (engine_from_config), so Alembic would connect where env.py decides` };
  // A Unix socket's folder goes in the query (`postgresql://user@/db?host=/run/postgresql`): urlOfSettings.
  const url = urlOfSettings({ host: settings.host, port: settings.port, user: settings.user, password: settings.password, database: settings.database }, urlGiven);
  // The variable's value reaches set_main_option doubled (`%%`, common/alembicWithUrl.ts), which
  // is right only when env.py passes it as it is; what `.replace(...)` or the like makes of it is not known.
  if (own.kind === 'environment' && own.transformed && url.includes('%')) {
    return { kind: 'elsewhere', reason: `${envPy.file}:${own.line} changes the value of ${own.variable} before setting sqlalchemy.url, so the URL (which has a %) may not arrive as given` };
  }
  const pickDriver = urlGiven === undefined || !/^[A-Za-z][\w.-]*\+/.test(urlGiven);
  return { kind: 'url', url, pickDriver, ...(own.kind === 'environment' ? { variable: own.variable } : {}) };
}
