import type { CodeInfo } from './types';

/**
 * Codes of writing a new revision (`revision`, `merge`, `revision --autogenerate`, and the editor's
 * New Revision / Merge Heads / Autogenerate commands). Results of a command, not findings on a
 * line: the editor shows them with the refusal; each has docs/rules/<code>.md.
 */
export const AUTHORING_CODES: readonly CodeInfo[] = [
  { code: 'revision-request-invalid', defaultSeverity: 'error', title: 'The new revision was refused: message, head, id, label or version path' },
  { code: 'revision-template-failed', defaultSeverity: 'error', title: "The environment's script.py.mako cannot be rendered" },
  { code: 'revision-write-failed', defaultSeverity: 'error', title: 'The new revision file cannot be written' },
  { code: 'autogenerate-no-python', defaultSeverity: 'error', title: 'Autogenerate needs a Python interpreter with Alembic' },
  { code: 'autogenerate-failed', defaultSeverity: 'error', title: 'Alembic autogenerate failed' },
  { code: 'flask-migrate-needs-flask', defaultSeverity: 'error', title: 'The real Alembic cannot run a Flask-Migrate environment: use `flask db`' },
];
