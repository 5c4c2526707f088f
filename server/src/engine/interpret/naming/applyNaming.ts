/**
 * Gives constraints and indexes the names Alembic prints for them under the naming convention of
 * env.py's `target_metadata` (targetMetadata.ts), after a function has been interpreted: unnamed
 * objects (`op.create_index(None, ...)`, `op.create_foreign_key(None, ...)`, `unique=True`,
 * `index=True`, an unnamed `sa.PrimaryKeyConstraint`), explicit names the template rewrites
 * (`%(constraint_name)s`), and `op.f()` names past 63 characters (truncated as SQLAlchemy does).
 *
 * Only names that differ from what the renderer would print anyway are written into the
 * operation, so the operations of a project without a convention keep their shape. When the
 * convention cannot be read and an operation needs it, the operation becomes an opaque step
 * with both reasons; explicit names are then taken as written.
 */
import type {
  ColumnSpec,
  ConstraintSpec,
  CreateTableOp,
  IndexSpec,
  Operation,
  Step,
} from '../../ops';
import type { SourceRange } from '../../../common/range';
import type { InterpreterState } from '../state';
import { conventionName, KIND_OF_DROP, truncateConverted, type NamedObject, type ObjectKind } from './conventionNames';
import { conventionsFor, type ModeConventions } from './targetMetadata';

/** Names `op.f()` returned in a file: SQLAlchemy's `conv`, never converted again. */
const convertedNames = new WeakMap<InterpreterState, Set<string>>();

export function markConverted(state: InterpreterState, name: string): void {
  let names = convertedNames.get(state);
  if (!names) convertedNames.set(state, (names = new Set()));
  names.add(name);
}

const KIND_OF_CONSTRAINT: Record<ConstraintSpec['type'], ObjectKind | undefined> = {
  primaryKey: 'pk',
  unique: 'uq',
  check: 'ck',
  foreignKey: 'fk',
  // ExcludeConstraint is not one of the classes a naming convention keys on.
  exclude: undefined,
};


/** Thrown inside one operation; the step becomes opaque with the message. */
class NamingProblem extends Error {}

/** Alembic itself fails on this operation: reported as invalid arguments, and the step is opaque. */
class UnnamedDrop extends NamingProblem {}

interface Namer {
  /** The name to write, or undefined to leave the object as it is. */
  name(object: Omit<NamedObject, 'converted'>): string | undefined;
  /**
   * For a constraint no convention names (drop_constraint without `type_`): an `op.f()` name as
   * SQLAlchemy prints it (a `conv` name past 63 characters is truncated with a hash), else undefined.
   */
  converted?(name: string): string | undefined;
}

/**
 * Applies the convention to every operation of `steps` (in place). env.py may configure a
 * different target_metadata per mode (targetMetadata.ts): then an operation whose names differ
 * becomes a mode branch, `--sql` printing the offline names and a live run using the online ones.
 */
export function applyNaming(steps: Step[], state: InterpreterState): void {
  // Read lazily: a function with nothing to name never reads env.py.
  let conventions: ModeConventions | undefined;
  const converted = convertedNames.get(state) ?? new Set<string>();
  const namerFor = (mode: 'offline' | 'online'): Namer => ({
    name(object) {
      conventions ??= conventionsFor(state);
      const convention = conventions[mode];
      const isConverted = object.name !== undefined && converted.has(object.name);
      if (convention.kind === 'unknown') {
        if (isConverted) return nameOf(conventionName({ ...object, converted: true }, {}));
        // A check constraint's own name goes through the "ck" template too when it has
        // %(constraint_name)s, as the convention SQLAlchemy's documentation recommends does
        // (fedora-infra/fmn: `positive` is `rules_positive_check`): with the template unknown, so is the name.
        if (object.name !== undefined && object.kind === 'ck') {
          throw new NamingProblem(`this check constraint's name may be rewritten by the "ck" template of env.py's naming convention (%(constraint_name)s), which the engine cannot read: ${convention.reason}`);
        }
        if (object.name !== undefined) return undefined;
        throw new NamingProblem(`the name of this ${KIND_LABEL[object.kind]} comes from the naming convention of env.py's target_metadata, which the engine cannot read: ${convention.reason}`);
      }
      // Every caller passes an object made for this one call: marked in place rather than copied.
      const named = object as NamedObject;
      named.converted = isConverted;
      return nameOf(conventionName(named, convention.templates));
    },
    converted: (name) => (converted.has(name) ? truncateConverted(name) : undefined),
  });
  const namers: Namers = {
    offline: namerFor('offline'),
    online: namerFor('online'),
    read: () => void (conventions ??= conventionsFor(state)),
    split: () => conventions !== undefined && !sameConvention(conventions),
    agreed: () => conventions !== undefined && sameConvention(conventions),
  };
  walk(steps, namers, state);
}

interface Namers {
  offline: Namer;
  online: Namer;
  /** Reads the conventions (what the first name asked for would do). */
  read(): void;
  /** True once the conventions are read and differ between the modes. */
  split(): boolean;
  /** True once the conventions are read and the same in both modes. */
  agreed(): boolean;
}

function sameConvention(conventions: ModeConventions): boolean {
  return conventions.offline === conventions.online || JSON.stringify(conventions.offline) === JSON.stringify(conventions.online);
}

const KIND_LABEL: Record<ObjectKind, string> = { ix: 'index', uq: 'unique constraint', ck: 'check constraint', fk: 'foreign key', pk: 'primary key' };

/** A name SQLAlchemy fails to make: Alembic fails there too. */
class RaisingNamingProblem extends NamingProblem {}

function nameOf(result: ReturnType<typeof conventionName>): string | undefined {
  if ('problem' in result) throw result.raises ? new RaisingNamingProblem(result.problem) : new NamingProblem(result.problem);
  return result.name;
}

function walk(steps: Step[], namers: Namers, state: InterpreterState): void {
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    if (step.kind === 'autocommit') walk(step.steps, namers, state);
    else if (step.kind === 'modeBranch') {
      walkMode(step.offline, namers.offline, state);
      walkMode(step.online, namers.online, state);
    } else if (step.kind === 'operation') {
      // Only these kinds carry names a convention gives (nameOperation leaves the others alone): no copy.
      if (!NAMED_KINDS.has(step.operation.kind)) continue;
      if (!namers.agreed() && !namers.split()) {
        // Conventions not read yet: an operation that asks for no name is left as it is (naming
        // it changes nothing), and one that does reads them first, as its first name would.
        const asks = asksForNames(step.operation);
        if (asks === 'no') continue;
        if (asks === 'yes') namers.read();
      }
      // Named on a copy first: until the conventions are read it is not known whether the modes differ.
      // Once they are known to agree, in place (copying every operation was a tenth of a cold check).
      const offline = namedStep(namers.agreed() ? step.operation : copyOperation(step.operation), namers.offline, state);
      if (!namers.split()) {
        steps[index] = offline;
        continue;
      }
      const online = namedStep(step.operation, namers.online, state);
      const range = step.operation.range;
      if (range) sayEachModesFailure(offline, online, range, state);
      steps[index] = JSON.stringify(offline) === JSON.stringify(online) ? online : { kind: 'modeBranch', offline: [offline], online: [online], ...(range ? { range } : {}) };
    }
  }
}

/**
 * The probe's namer: notes that a name was asked for and gives none, so the object is left as it
 * is. (It threw at the first name asked for before; a throw per file was 2% of the interpretation.)
 */
class AskingProbe implements Namer {
  asked = false;

  name(): undefined {
    this.asked = true;
    return undefined;
  }

  converted(): undefined {
    this.asked = true;
    return undefined;
  }
}

/**
 * Whether naming `op` asks the convention for a name ('yes'), ends in a naming problem before
 * asking ('problem'), or neither ('no'). nameOperation changes an operation only with a name it
 * was given, so the probe, which gives none, leaves `op` as it was; a naming problem after the
 * first name asked for counts as asking, as the first name would have read the conventions.
 */
function asksForNames(op: Operation): 'yes' | 'no' | 'problem' {
  const probe = new AskingProbe();
  try {
    nameOperation(op, probe);
  } catch (error) {
    if (!(error instanceof NamingProblem)) throw error;
    return probe.asked ? 'yes' : 'problem';
  }
  return probe.asked ? 'yes' : 'no';
}

/**
 * `structuredClone` for the plain data operations are (objects, arrays, primitives; shared
 * objects stay shared), several times cheaper per operation; anything else is left to
 * `structuredClone`.
 */
function copyOperation<T>(value: T): T {
  const seen = new Map<object, unknown>();
  const copy = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    const known = seen.get(item);
    if (known !== undefined) return known;
    const proto = Object.getPrototypeOf(item);
    if (Array.isArray(item) && proto === Array.prototype) {
      const out: unknown[] = new Array(item.length);
      seen.set(item, out);
      for (let index = 0; index < item.length; index++) out[index] = copy(item[index]);
      return out;
    }
    if (proto !== Object.prototype) throw new NotPlainData();
    const out: Record<string, unknown> = {};
    seen.set(item, out);
    for (const key of Object.keys(item)) out[key] = copy((item as Record<string, unknown>)[key]);
    return out;
  };
  try {
    return copy(value) as T;
  } catch (error) {
    if (error instanceof NotPlainData) return structuredClone(value);
    throw error;
  }
}

class NotPlainData extends Error {}

/** The operation kinds nameOperation() names. */
const NAMED_KINDS = new Set<Operation['kind']>(['createTable', 'addColumn', 'alterColumn', 'createIndex', 'addConstraint', 'dropConstraint', 'dropIndex']);

/** Steps that run in one mode only take that mode's names. */
function walkMode(steps: Step[], namer: Namer, state: InterpreterState): void {
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    if (step.kind === 'autocommit') walkMode(step.steps, namer, state);
    else if (step.kind === 'modeBranch') {
      // A branch inside one mode's side: only that mode's side of it ever runs there.
      walkMode(step.offline, namer, state);
      walkMode(step.online, namer, state);
    } else if (step.kind === 'operation') steps[index] = namedStep(step.operation, namer, state);
  }
}

/**
 * Both modes fail to name the operation, for different reasons (pmg-cms-2's env.py gives the
 * offline configure() no metadata, so `--sql` has no name for drop_constraint(None, ...), while a
 * live run's "fk" template raises IndexError): namedStep reported the first one only, which told
 * nothing of the live run. The one error now says both.
 */
function sayEachModesFailure(offline: Step, online: Step, range: SourceRange, state: InterpreterState): void {
  if (offline.kind !== 'opaque' || online.kind !== 'opaque' || !offline.raises || !online.raises) return;
  const offlineMessage = offline.reason.replace(DROP_PREFIX, '');
  const onlineMessage = online.reason.replace(DROP_PREFIX, '');
  if (offlineMessage === onlineMessage) return;
  const problem = state.problems.find((found) => found.code === 'invalid-operation-arguments' && sameStart(found.range, range));
  if (problem) problem.message = `under --sql: ${offlineMessage}; in a live run: ${onlineMessage}`;
}

/** The words namedStep puts before an UnnamedDrop's message in the opaque step's reason. */
const DROP_PREFIX = /^invalid arguments to op\.drop_constraint: /;

function namedStep(operation: Operation, namer: Namer, state: InterpreterState): Step {
  try {
    nameOperation(operation, namer);
    return { kind: 'operation', operation };
  } catch (error) {
    if (!(error instanceof NamingProblem)) throw error;
    const range = operation.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const raises = error instanceof UnnamedDrop || error instanceof RaisingNamingProblem;
    if (raises) {
      // Both modes may fail the same way: one report.
      const reported = state.problems.some((problem) => problem.code === 'invalid-operation-arguments' && sameStart(problem.range, range));
      if (!reported) state.report('invalid-operation-arguments', 'error', error.message, range);
    }
    const source = state.source.slice(state.lines.offsetAt(range.start), state.lines.offsetAt(range.end));
    const reason = error instanceof UnnamedDrop ? `invalid arguments to op.drop_constraint: ${error.message}` : error.message;
    return { kind: 'opaque', reason, range, source, ...(raises ? { raises: true as const } : { unnamed: operation }) };
  }
}

function sameStart(a: SourceRange, b: SourceRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function nameOperation(op: Operation, namer: Namer): void {
  switch (op.kind) {
    case 'createTable':
      nameTable(op, namer);
      break;
    case 'addColumn':
      nameColumn(op.column, op.table, op.schema, namer, false);
      break;
    case 'alterColumn':
      // The checks a type brings refer to the column (under its old name) only.
      for (const check of [...(op.typeChecksDropped ?? []), ...(op.typeChecksAdded ?? [])]) {
        const name = namer.name({ kind: 'ck', table: op.table, schema: op.schema, name: check.name, columns: [op.column] });
        if (name !== undefined) check.name = name;
      }
      break;
    case 'createIndex':
      op.index.name = nameIndex(op.index, op.table, op.schema, namer) ?? op.index.name;
      break;
    case 'addConstraint':
      nameConstraint(op.constraint, op.table, op.schema, namer);
      break;
    case 'dropConstraint': {
      const kind = op.constraintType ? KIND_OF_DROP[op.constraintType] : undefined;
      const columns = op.existingConstraint && 'columns' in op.existingConstraint ? op.existingConstraint.columns : [];
      let name: string | undefined;
      try {
        name = kind ? namer.name({ kind, table: op.table, schema: op.schema, name: op.unnamed ? undefined : op.name, columns }) : undefined;
      } catch (error) {
        // The generic constraint dropped by None refers to no table: SQLAlchemy's %(referred_...)s raises IndexError (bitcart).
        if (op.unnamed && error instanceof NamingProblem && /%\(referred_/.test(error.message)) {
          throw new UnnamedDrop(`op.drop_constraint(None, ...) cannot be named by the "${kind}" template: it uses ${/%\(referred_[a-z0-9_]+\)s/.exec(error.message)?.[0]}, and the constraint Alembic drops by None refers to no table, so SQLAlchemy raises IndexError; write the constraint's name`);
        }
        throw error;
      }
      if (op.unnamed) {
        // The generic constraint Alembic drops has no columns: only the template can name it.
        if (name === undefined) {
          throw new UnnamedDrop(
            `op.drop_constraint() needs the constraint's name: with None, SQLAlchemy names it by the naming convention's "${kind}" template, and env.py's target_metadata has none, so it cannot emit DROP CONSTRAINT for a constraint that has no name`,
          );
        }
        op.name = name;
        delete op.unnamed;
      } else if (name !== undefined) op.name = name;
      // No type_: a generic constraint, which no template names; an op.f() name is still SQLAlchemy's conv.
      else if (kind === undefined) op.name = namer.converted?.(op.name) ?? op.name;
      break;
    }
    case 'dropIndex': {
      const name = namer.name({ kind: 'ix', table: op.table ?? '', schema: op.schema, name: op.name, columns: [] });
      if (name !== undefined) op.name = name;
      break;
    }
    default:
      break;
  }
}

function nameTable(op: CreateTableOp, namer: Namer): void {
  for (const constraint of op.constraints) nameConstraint(constraint, op.table, op.schema, namer);
  for (const index of op.indexes) {
    const name = nameIndex(index, op.table, op.schema, namer);
    if (name !== undefined) index.name = name;
  }
  const hasExplicitKey = op.constraints.some((constraint) => constraint.type === 'primaryKey');
  const keyColumns = op.columns.filter((column) => column.primaryKey).map((column) => column.name);
  if (!hasExplicitKey && keyColumns.length > 0) {
    const name = namer.name({ kind: 'pk', table: op.table, schema: op.schema, columns: keyColumns });
    if (name !== undefined) op.primaryKeyName = name;
  }
  for (const column of op.columns) nameColumn(column, op.table, op.schema, namer, true);
}

/** The objects a column's flags create (`index=True`, `unique=True`, `sa.ForeignKey`, an inline check). */
function nameColumn(column: ColumnSpec, table: string, schema: string | undefined, namer: Namer, _inTable: boolean): void {
  if (column.index) {
    // index=True with unique=True is one unique index.
    const name = namer.name({ kind: 'ix', table, schema, columns: [column.name], unique: Boolean(column.unique) });
    if (name !== undefined && name !== `ix_${table}_${column.name}`) column.indexName = name;
  } else if (column.unique) {
    const name = namer.name({ kind: 'uq', table, schema, columns: [column.name] });
    if (name !== undefined) column.uniqueName = name;
  }
  for (const ref of column.foreignKeys) {
    const parts = ref.target.split('.');
    const referredColumn = parts.pop() ?? '';
    const referredTable = parts.pop() ?? '';
    const referredSchema = parts.length > 0 ? parts.join('.') : undefined;
    // Only the operation's own table is in its MetaData (a self-reference resolves).
    const unresolved = referredTable !== table || referredSchema !== schema;
    const name = namer.name({ kind: 'fk', table, schema, name: ref.name, columns: [column.name], referredTable, referredColumns: [referredColumn], ...(unresolved ? { referredUnresolved: true as const } : {}) });
    if (name !== undefined) ref.name = name;
  }
  for (const check of column.checks) nameConstraint(check, table, schema, namer);
  // A type's table-level check refers to its column only.
  for (const check of column.tableChecks ?? []) {
    const name = namer.name({ kind: 'ck', table, schema, name: check.name, columns: [column.name] });
    if (name !== undefined) check.name = name;
  }
}

function nameIndex(index: IndexSpec, table: string, schema: string | undefined, namer: Namer): string | undefined {
  const columns: string[] = [];
  for (const column of index.columns) {
    if (typeof column !== 'string') {
      if (index.name) return namer.name({ kind: 'ix', table, schema, name: index.name, columns: [], unique: index.unique });
      throw new NamingProblem('an unnamed index on an expression takes its name from the expression, which the engine does not model');
    }
    columns.push(column);
  }
  return namer.name({ kind: 'ix', table, schema, name: index.name || undefined, columns, unique: index.unique });
}

function nameConstraint(constraint: ConstraintSpec, table: string, schema: string | undefined, namer: Namer): void {
  const kind = KIND_OF_CONSTRAINT[constraint.type];
  if (!kind) return;
  const object: Omit<NamedObject, 'converted'> = { kind, table, schema, name: constraint.name, columns: [] };
  // A check's columns are the ones its expression refers to: none for SQL text.
  if (constraint.type === 'check' && constraint.sql.kind !== 'text') object.columnsUnknown = true;
  if (constraint.type === 'primaryKey' || constraint.type === 'unique') object.columns = constraint.columns;
  if (constraint.type === 'foreignKey') {
    object.columns = constraint.columns;
    object.referredTable = constraint.referredTable;
    object.referredColumns = constraint.referredColumns;
  }
  const name = namer.name(object);
  if (name !== undefined) constraint.name = name;
}
