/**
 * Flask-Migrate's layout. `flask db init` writes alembic.ini, env.py and versions/ into one folder
 * (`migrations/` by default), and `flask db` runs Alembic with script_location set to that folder,
 * whatever the ini says: the ini it writes has an [alembic] section without the key, so plain
 * `alembic -c` stops there. Its env.py templates (single and multiple databases, async) take the
 * application from `flask.current_app`, so they run only inside the Flask application.
 *
 * Alembic Lens reads such a folder as Flask-Migrate does (environment.ts), and never hands it to
 * the real Alembic, which cannot run it: it says to use `flask db` instead.
 */
import * as nodePath from 'node:path';
import { readRegularTextFile } from '../common/readRegularFile';

/** The refusal code when a command needs the real Alembic in a Flask-Migrate environment. */
export const FLASK_MIGRATE_CODE = 'flask-migrate-needs-flask';

/** An env.py importing flask in `folder` (open editor text first): Flask-Migrate's layout. */
export function isFlaskMigrateFolder(folder: string, readOpen?: (path: string) => string | undefined): boolean {
  const envPyPath = nodePath.join(folder, 'env.py');
  let text: string | undefined;
  try {
    text = readOpen?.(envPyPath) ?? readRegularTextFile(envPyPath);
  } catch {
    return false;
  }
  return /^[ \t]*(?:from[ \t]+flask[ \t]+import\b|import[ \t]+flask\b)/m.test(text);
}

/** Why `what` (a command of the real Alembic) cannot run here, and what to run instead. */
export function flaskMigrateRefusal(what: string, instead: string): string {
  return `${what} needs the real Alembic, which cannot run a Flask-Migrate environment (only \`flask db\` gives it the folder as script_location, and env.py needs the Flask application): run \`${instead}\` in the application instead.`;
}
