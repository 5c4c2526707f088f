/**
 * Runs the SQL env.py runs on its connection before Alembic takes it (python/envPyConnectionSql.ts
 * says which shapes are followed) on the session the migrations then run on, so its session
 * settings (search_path) hold for the version table and the migrations as in Alembic.
 *
 * env.py commits them before the migrations begin. Here they stay in an open transaction until
 * the run is decided: committed before the migrations run (or after `current` reads the version
 * table), rolled back when the run is refused (nothing was run) or handed to Alembic, whose own
 * env.py runs them again (a CREATE SCHEMA committed here would then fail there). After that
 * rollback the SETs are run again, outside a transaction, so the version rows read after
 * Alembic's run come from the same table.
 */
import type { Session } from '../../database/session';
import type { ConnectionStatement } from '../../python/envPyConnectionSql';
import { isSessionSetting } from '../../python/envPyConnectArgs';

export class EnvPyStatementFailed extends Error {}

export class EnvPyConnectionStatements {
  private open = false;

  constructor(
    private readonly session: Session,
    private readonly statements: readonly ConnectionStatement[],
    private readonly envPyFile: string,
  ) {}

  /** BEGIN, then each statement in order; a failure rolls back and throws EnvPyStatementFailed. */
  async run(): Promise<void> {
    if (this.statements.length === 0) return;
    await this.session.query('BEGIN');
    this.open = true;
    for (const statement of this.statements) {
      try {
        await this.session.query(statement.sql);
      } catch (error) {
        await this.rollback();
        // Alembic fails there too (env.py raises before the migrations): nothing of the run was done.
        throw new EnvPyStatementFailed(`${this.envPyFile}:${statement.line}: env.py's \`${statement.sql}\` failed: ${error instanceof Error ? error.message : String(error)}; nothing was run`);
      }
    }
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.session.query('COMMIT');
  }

  /** Before handing the run to Alembic: undone, but the session settings kept for reading the rows after it. */
  async undoForAlembic(): Promise<void> {
    if (!this.open) return;
    await this.rollback();
    for (const statement of this.statements) if (isSessionSetting(statement.sql)) await this.session.query(statement.sql).catch(() => undefined);
  }

  private async rollback(): Promise<void> {
    this.open = false;
    await this.session.query('ROLLBACK').catch(() => undefined);
  }
}
