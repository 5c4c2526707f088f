/**
 * `op.<name>(...)` and `batch_op.<name>(...)` calls: binds the arguments to Alembic's
 * signature, builds the operation, and appends a step to the current statement. Wrong
 * arguments become an `invalid-operation-arguments` problem plus an opaque step; operations
 * Alembic does not have become opaque steps (plugins) or `unknown-operation` (likely typos).
 */
import { ownString } from '../../../common/ownedStrings';
import type { SyntaxNode } from '../../../python/parser';
import type { SqlType, Step } from '../../ops';
import { temporalLiteral, type DateTimeValue, type TimeDeltaValue } from '../datetimes';
import { bindArguments, type CallArgs, type Signature } from '../args';
import type { InterpreterState } from '../state';
import { NONE, opaque, str, toLiteral, type Value } from '../values';
import { COLUMN_OPERATIONS } from './columns';
import { CONSTRAINT_OPERATIONS } from './constraints';
import { DATA_OPERATIONS } from './data';
import { INDEX_OPERATIONS } from './indexes';
import { ArgumentError, OperationArgs } from './opArgs';
import { TABLE_OPERATIONS } from './tables';
import { markConverted } from '../naming/applyNaming';
import { toSqlType } from '../sqlalchemy/types';
import type { OperationDef } from './types';
import { pluginOperation } from './enumPlugins';
import { geospatialOperation } from './geospatialOperations';
import { collidingArgument } from './suppliedArguments';

export const OPERATIONS: Record<string, OperationDef> = {
  ...TABLE_OPERATIONS,
  ...COLUMN_OPERATIONS,
  ...INDEX_OPERATIONS,
  ...CONSTRAINT_OPERATIONS,
  ...DATA_OPERATIONS,
};

/** Members of `op` that are not schema operations but that the evaluator models. */
const HELPERS: Record<string, (args: CallArgs, state: InterpreterState) => Value> = {
  get_bind: () => ({ kind: 'runtime', what: 'bind' }),
  get_context: () => ({ kind: 'runtime', what: 'migrationContext' }),
  f: (args, state) => {
    const name = args.positional[0]?.value;
    if (name?.kind !== 'str') return opaque('op.f() of a non-literal name');
    markConverted(state, name.value);
    return name;
  },
  inline_literal: (args) => {
    const given = args.positional[0]?.value ?? args.keywords.get('value')?.value;
    const temporal = given?.kind === 'datetime' || given?.kind === 'timedelta' ? given : undefined;
    const literal = temporal ? temporalLiteral(temporal) : given?.kind === 'decimal' ? { $decimal: given.text } : given ? toLiteral(given) : undefined;
    if (literal === undefined) return opaque('op.inline_literal() of a non-literal value');
    // Its own type (type_=, else the one SQLAlchemy infers from the value), not the column's.
    const typeValue = args.positional[1]?.value ?? args.keywords.get('type_')?.value;
    const inferred = temporal ? inferredTemporalType(temporal) : given?.kind === 'decimal' ? NUMERIC : undefined;
    const type = typeValue && typeValue.kind !== 'none' ? toSqlType(typeValue) : inferred;
    if (typeValue && typeValue.kind !== 'none' && !type) return opaque('op.inline_literal() of an unknown type_');
    const float = given?.kind === 'num' && given.float === true;
    return { kind: 'sql', expr: { kind: 'literal', value: literal, inline: true, ...(float ? { float: true as const } : {}), ...(type ? { type } : {}) } };
  },
  batch_alter_table: (args) => {
    const table = args.positional[0]?.value ?? args.keywords.get('table_name')?.value;
    const schema = args.positional[1]?.value ?? args.keywords.get('schema')?.value;
    const recreate = args.positional[2]?.value ?? args.keywords.get('recreate')?.value;
    if (table?.kind !== 'str') return opaque('batch_alter_table() of a non-literal table name');
    // On PostgreSQL "auto" alters in place; "always" copies the table, which has no operation value.
    if (recreate?.kind === 'str' && recreate.value === 'always') return opaque(`batch_alter_table("${table.value}", recreate="always") recreates the table by copying it`);
    return { kind: 'runtime', what: 'batchContext', table: table.value, ...(schema?.kind === 'str' ? { schema: schema.value } : {}) };
  },
};

/**
 * The type SQLAlchemy gives a bind of a date, datetime or timedelta when none is given
 * (`_resolve_value_to_type`): its literal processor prints the value (`'2020-01-02 03:04:05'`).
 */
function inferredTemporalType(value: DateTimeValue | TimeDeltaValue): SqlType {
  const name = value.kind === 'timedelta' ? 'Interval' : value.dateOnly ? 'Date' : value.timeOnly ? 'Time' : 'DateTime';
  return { name, module: 'sa', args: [], kwargs: {} };
}

/** The type SQLAlchemy gives a bind of a `decimal.Decimal`: Numeric, whose literal processor prints its str(). */
const NUMERIC: SqlType = { name: 'Numeric', module: 'sa', args: [], kwargs: {} };

/** Alembic `Operations` members that exist but cannot be turned into operation values. */
const UNSUPPORTED = new Set(['run_async', 'invoke', 'implementation_for', 'register_operation', 'drop_table_comment_batch', 'execute_if']);

export function callOperation(name: string, args: CallArgs, state: InterpreterState, node: SyntaxNode, batch?: Extract<Value, { kind: 'runtime' }>): Value {
  const prefix = batch ? 'batch_op' : 'op';
  // batch_op also has f(), inline_literal(), get_bind() and get_context(); not batch_alter_table.
  const helper = batch && name === 'batch_alter_table' ? undefined : HELPERS[name];
  if (helper) return helper(args, state);
  const definition = OPERATIONS[name];
  if (!definition && !batch) {
    const geospatial = geospatialOperation(name, args, state, (target, forwarded) => callOperation(target, forwarded, state, node));
    if (typeof geospatial === 'string') return pushOpaque(state, node, geospatial);
    if (geospatial) return geospatial;
    const plugin = pluginOperation(name, args, state, (sql) => {
      const text: CallArgs = { positional: [{ value: { kind: 'sql', expr: { kind: 'text', sql } }, node }], keywords: new Map(), node };
      callOperation('execute', text, state, node);
    });
    if (typeof plugin === 'string') return pushOpaque(state, node, plugin);
    if (plugin) return plugin;
  }
  if (!definition || (batch && !definition.batch)) return unknownOperation(name, prefix, state, node, definition !== undefined);
  const signature = labelledSignature(batch ? definition.batch!.signature : definition.signature, prefix, name);
  const label = signature.name;
  const bind = bindArguments(signature, args);
  if (!bind.ok) {
    state.report('invalid-operation-arguments', 'error', bind.message, bind.node);
    return pushOpaque(state, node, `invalid arguments to ${label}: ${bind.message}`, true);
  }
  const collision = collidingArgument(batch ? definition.batch!.supplies : definition.supplies, bind.bound.extra, label);
  if (collision) {
    state.report('invalid-operation-arguments', 'error', collision.message, collision.arg.node);
    return pushOpaque(state, node, `invalid arguments to ${label}: ${collision.message}`, true);
  }
  if (args.unknownSplat) return pushOpaque(state, node, `the arguments of ${label} are not static: ${args.unknownSplat}`);
  let injected: ReadonlyMap<string, Value> = NOTHING_INJECTED;
  if (batch && definition.batch!.tableParam) {
    const fromContext = new Map<string, Value>();
    fromContext.set(definition.batch!.tableParam, str(batch.table ?? ''));
    const schemaParam = definition.batch!.schemaParam;
    // The batch's schema, None without one: BatchOperations always passes it, so it is the
    // schema whatever `**kw` holds (a clash is refused above, or overwritten: replacesSchema).
    if (schemaParam) fromContext.set(schemaParam, batch.schema !== undefined ? str(batch.schema) : NONE);
    const ignored = definition.batch!.replacesSchema ? bind.bound.extra.get('schema') : undefined;
    if (ignored && !sameSchema(ignored.value, batch.schema)) state.report('invalid-operation-arguments', 'warning', `${label}() ignores schema=: Alembic replaces it with batch_alter_table()'s schema (${batch.schema === undefined ? 'none' : JSON.stringify(batch.schema)}); give schema= to batch_alter_table() instead`, ignored.node);
    injected = fromContext;
  }
  try {
    const operation = definition.build(new OperationArgs(label, bind.bound, injected));
    operation.range = state.rangeOf(node);
    const step: Step = { kind: 'operation', operation };
    // Alembic queues a batch's operations until the block ends, all but execute(), which runs on
    // the migration context's own impl at once (romm's UPDATE before the queued ALTERs).
    if (batch && name !== 'execute') batchOfStep.set(step, batch);
    state.pendingSteps.push(step);
    return definition.result ? definition.result(operation) : NONE;
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    if (error.kind === 'noop') {
      state.report('invalid-operation-arguments', 'warning', error.message, error.node ?? args.node);
      return NONE;
    }
    if (error.kind === 'invalid') {
      state.report('invalid-operation-arguments', 'error', error.message, error.node ?? args.node);
      return pushOpaque(state, node, `invalid arguments to ${label}: ${error.message}`, true);
    }
    return pushOpaque(state, node, error.message);
  }
}

/**
 * The batch context each `batch_op.<operation>()` step was called on. Alembic's batch operations
 * are collected and run when the `with batch_alter_table()` block ends, after whatever the block
 * ran directly (`op.execute`, an enum's `create(bind)`): runWith moves them there.
 */
const batchOfStep = new WeakMap<Step, Value>();

/** True when `step` is an operation called on the batch context `batch`. */
export function isBatchStepOf(step: Step, batch: Value): boolean {
  return batchOfStep.get(step) === batch;
}

/** A `schema=` that says what the batch's own schema says (None for no schema). */
function sameSchema(given: Value, batchSchema: string | undefined): boolean {
  return batchSchema === undefined ? given.kind === 'none' : given.kind === 'str' && given.value === batchSchema;
}

/** What `op.` calls get from `batch_alter_table`: nothing (shared, never written). */
const NOTHING_INJECTED: ReadonlyMap<string, Value> = new Map();

/**
 * Each operation's signature with the name its messages use (`op.add_column`), made once per
 * prefix, signature and name instead of a spread copy and a joined label on every call.
 */
const labelledSignatures = { op: new Map<Omit<Signature, 'name'>, Map<string, Signature>>(), batch_op: new Map<Omit<Signature, 'name'>, Map<string, Signature>>() };

function labelledSignature(signature: Omit<Signature, 'name'>, prefix: 'op' | 'batch_op', name: string): Signature {
  const bySignature = labelledSignatures[prefix];
  let byName = bySignature.get(signature);
  if (byName === undefined) bySignature.set(signature, (byName = new Map()));
  let labelled = byName.get(name);
  // Names of defined operations only, so the table stays small; the key owns its characters (a
  // slice of a migration's text would keep the text alive).
  if (labelled === undefined) byName.set(ownString(name), (labelled = { name: `${prefix}.${name}`, ...signature }));
  return labelled;
}

/** `raises`: Alembic refuses the call too (invalid arguments), not only this engine. */
function pushOpaque(state: InterpreterState, node: SyntaxNode, reason: string, raises = false): Value {
  const step: Step = { kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node), ...(raises ? { raises: true as const } : {}) };
  state.pendingSteps.push(step);
  return opaque(reason);
}

function unknownOperation(name: string, prefix: string, state: InterpreterState, node: SyntaxNode, notInBatch: boolean): Value {
  if (notInBatch) {
    const message = `${name} is not available on batch_op inside batch_alter_table(); call op.${name} instead`;
    state.report('unknown-operation', 'warning', message, node);
    return pushOpaque(state, node, message);
  }
  if (UNSUPPORTED.has(name)) return pushOpaque(state, node, `${prefix}.${name} runs code the engine cannot follow`);
  const suggestion = closestOperation(name);
  if (suggestion) {
    const message = `${prefix}.${name} is not an Alembic operation; did you mean ${prefix}.${suggestion}?`;
    state.report('unknown-operation', 'warning', message, node.firstChild ?? node, { name, suggestion });
    return pushOpaque(state, node, `${prefix}.${name} is not an Alembic operation`);
  }
  // A plugin imported by env.py may register it (alembic_utils, alembic-postgresql-enum); nothing else does.
  return pushOpaque(state, node, `custom operation ${prefix}.${name} (registered by a plugin; without one Python raises AttributeError: Alembic has no such operation)`);
}

/** A known name within a small edit distance: a typo rather than a plugin operation. */
export function closestOperation(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...Object.keys(OPERATIONS), ...Object.keys(HELPERS)]) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = name.length <= 6 ? 1 : 2;
  return bestDistance > 0 && bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
