/** `CREATE TYPE ... AS ENUM` / `DROP TYPE` of an enum's own create()/drop(), as SQLAlchemy writes them. */
import type { EnumTypeStatement } from '../ops';
import type { RenderState } from './context';
import { namedTypeName } from './namedTypes';
import { stringLiteral } from './literals';

export function enumTypeStatement(statement: EnumTypeStatement, state: RenderState): string {
  const name = namedTypeName(statement.name, statement.schema, state);
  if (statement.kind === 'dropEnumType') return `DROP TYPE ${name}`;
  return `CREATE TYPE ${name} AS ENUM (${statement.values.map((value) => stringLiteral(value, state)).join(', ')})`;
}
