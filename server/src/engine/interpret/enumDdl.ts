/**
 * `sa.Enum(..., name="x").create(op.get_bind(), checkfirst=...)` and `.drop(...)`, and the same
 * on `postgresql.ENUM`. The type runs its own DDL through the connection. Offline, `op.get_bind()`
 * is SQLAlchemy's mock connection, which forces `checkfirst` off (it cannot query the catalog),
 * so `alembic upgrade --sql` prints CREATE TYPE / DROP TYPE whatever `checkfirst` says; a live run
 * with `checkfirst=True` first looks in the catalog (the statement's `checkfirst`, which the online
 * engine asks before it runs it). `checkfirst` defaults to False for `sa.Enum` (SchemaType's
 * create/drop) and to True for `postgresql.ENUM` (NamedType's). `create_type=False` does not
 * matter here: it only silences the table events.
 */
import type { SyntaxNode } from '../../python/parser';
import type { EnumTypeStatement, SqlType, Step } from '../ops';
import type { CallArgs } from './args';
import type { InterpreterState } from './state';
import { NONE, opaque, truthiness, type Value } from './values';

/** The step of an enum's create()/drop(), or undefined when the call is not one (other types, other methods). */
export function enumTypeDdl(type: SqlType, method: string, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value | undefined {
  if ((method !== 'create' && method !== 'drop') || (type.name !== 'Enum' && type.name !== 'ENUM')) return undefined;
  const label = `${type.name}.${method}()`;
  const bind = args.keywords.get('bind')?.value ?? args.positional[0]?.value;
  if (!bind || bind.kind !== 'runtime' || bind.what !== 'bind') {
    return effect(state, `${label} runs DDL through a connection other than op.get_bind()`);
  }
  const name = type.kwargs.name;
  if (typeof name !== 'string') return effect(state, `${label} of an enum without a literal name`);
  const schema = type.kwargs.schema;
  if (schema !== undefined && typeof schema !== 'string') return effect(state, `${label} of an enum whose schema is not a literal`);
  // A non-native enum is a VARCHAR with a CHECK: it has no type of its own, so nothing is printed.
  if (type.kwargs.native_enum === false) return NONE;
  const values = type.args.filter((arg): arg is string => typeof arg === 'string');
  if (values.length !== type.args.length) return effect(state, `${label} of an enum whose values are not literal strings`);
  const checkfirst = args.keywords.get('checkfirst')?.value ?? args.positional[1]?.value;
  const checks = checkfirst === undefined ? type.name === 'ENUM' : truthiness(checkfirst);
  const guard = checks ? { checkfirst: true as const } : {};
  const statement: EnumTypeStatement =
    method === 'create'
      ? { kind: 'createEnumType', name, values, ...(schema !== undefined ? { schema } : {}), ...guard }
      : { kind: 'dropEnumType', name, ...(schema !== undefined ? { schema } : {}), ...guard };
  const range = state.rangeOf(node);
  const operation: Step = { kind: 'operation', operation: { kind: 'execute', sql: statement, range } };
  if (checks !== undefined) {
    state.pendingSteps.push(operation);
    return NONE;
  }
  // Offline the mock connection prints it either way; a live run depends on a value we do not know.
  const online: Step = { kind: 'opaque', reason: `${label} with a checkfirst whose value is not known statically`, range, source: state.textOf(node) };
  state.pendingSteps.push({ kind: 'modeBranch', offline: [operation], online: [online], range });
  return NONE;
}

function effect(state: InterpreterState, reason: string): Value {
  state.effect(reason);
  return opaque(reason);
}
