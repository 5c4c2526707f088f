/**
 * The columns the replayed history shows of given types (by the type's own name, without its
 * schema): what `DROP TYPE ... CASCADE` drops with the types, and the tables it locks to do so.
 */
import type { SchemaModel } from '../../schema/model';
import { withoutSchema } from '../../schema/names';

export function columnsOfTypes(types: readonly string[], schema: SchemaModel): { table: string; column: string }[] {
  const names = new Set(types.map(withoutSchema));
  const found: { table: string; column: string }[] = [];
  for (const [table, state] of schema.tables) {
    for (const [column, facts] of state.columns) {
      const type = facts.facts?.type?.name;
      if (type !== undefined && names.has(withoutSchema(type))) found.push({ table, column });
    }
  }
  return found;
}
