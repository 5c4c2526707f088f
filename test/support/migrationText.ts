/**
 * The opening of a migration file as Alembic's template writes it (docstring, imports, revision
 * identifiers, then a blank line), for tests that write histories of their own.
 */
const DEFAULT_IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\n';

export function migrationHeader(revision: string, down: string | undefined, imports = DEFAULT_IMPORTS): string {
  return `"""${revision}\n\nRevision ID: ${revision}\nRevises: ${down ?? ''}\n"""\n${imports}\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\n\n`;
}
