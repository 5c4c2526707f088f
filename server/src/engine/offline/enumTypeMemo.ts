/**
 * Alembic prints a create_table's CREATE TYPE only the first time a run creates that type.
 * SQLAlchemy's PostgreSQL enum remembers the `(schema, name)` of every type it created in the
 * memo of the "DDL runner" its before-create event is given, and Alembic gives its DDL
 * implementation, of which a migration context (one `alembic upgrade` run, all its revisions,
 * offline or online) has exactly one. So a second create_table with an enum of the same name
 * prints no CREATE TYPE, in the same function or in a later revision of the run, even after an
 * explicit `DROP TYPE` (checked against Alembic 1.20 with SQLAlchemy 2.1). The compilers mark
 * those statements with their key; whoever runs or prints a whole run skips the repeats.
 */
import type { Operation } from '../ops';
import { enumTypesCreatedBy } from '../render/operations/createTable';

/**
 * The memo key of each rendered statement that is a create_table's own CREATE TYPE (undefined for
 * the others). The renderer puts those statements first, in the order enumTypesCreatedBy gives.
 */
export function createdTypeKeys(operation: Operation, statements: readonly string[]): (string | undefined)[] {
  const keys = operation.kind === 'createTable' ? enumTypesCreatedBy(operation) : [];
  return statements.map((sql, index) => (index < keys.length && sql.startsWith('CREATE TYPE ') ? keys[index] : undefined));
}

/** The types a run has created so far through create_table. */
export class CreatedEnumTypes {
  private readonly seen = new Set<string>();

  /** False when the statement is a CREATE TYPE this run already made (Alembic prints nothing). */
  shouldRun(createsEnumType: string | undefined): boolean {
    if (createsEnumType === undefined) return true;
    if (this.seen.has(createsEnumType)) return false;
    this.seen.add(createsEnumType);
    return true;
  }
}
