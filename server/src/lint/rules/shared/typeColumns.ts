/**
 * The columns the replayed history shows of given types (by the type's own name, without its
 * schema): what `DROP TYPE ... CASCADE` drops with the types, and the tables it locks to do so.
 */
import type { SchemaModel } from '../../schema/model';

export function columnsOfTypes(types: readonly string[], schema: SchemaModel): { table: string; column: string }[] {
  const ownName = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
  const names = new Set(types.map(ownName));
  const found: { table: string; column: string }[] = [];
  for (const [table, state] of schema.tables) {
    for (const [column, facts] of state.columns) {
      const type = facts.facts?.type?.name;
      if (type !== undefined && names.has(ownName(type))) found.push({ table, column });
    }
  }
  return found;
}
