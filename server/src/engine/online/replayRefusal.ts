/**
 * Why `roundtrip` and `drift` cannot replay a history the way Alembic runs it, or undefined. Both
 * run the migrations on a database of their own choosing without env.py's own steps: what makes an
 * online run refuse (settings not known statically, SQL env.py emits with context.execute()) makes
 * them refuse, and so does SQL env.py runs on its connection before the migrations, which the
 * online run follows (envPyConnectionStatements.ts) but these commands do not: a `SET search_path`
 * there would put every table, and the version table, elsewhere than in Alembic's run.
 */
import { unknownSettingsOf } from '../offline/offlineSql';
import type { OnlineEnvironment } from './runOnline';

export function replayRefusal(environment: OnlineEnvironment, command: 'roundtrip' | 'drift'): string | undefined {
  const unknown = unknownSettingsOf(environment, 'online');
  if (unknown) return unknown;
  const connectionSql = environment.config.envPy.connectionSql;
  if (connectionSql?.kind === 'followed' && connectionSql.statements.length > 0) {
    return `env.py runs SQL on its connection before the migrations (line ${connectionSql.statements[0].line}), which ${command} does not replay`;
  }
  return undefined;
}
