/**
 * The lint actions of an operation's rendered SQL without parsing most of it. The statements the
 * renderer prints for the common operations have a fixed layout around the operation's own
 * names; when a statement is exactly that layout (compared as text, with plain names only), its
 * parse tree is known and the action is built from the operation's values. What lies between
 * the names (a column definition, a type, a default, a CHECK) is read by the real parser once
 * per distinct text (fragments.ts). Anything else, or any doubt, answers undefined and the caller
 * parses the statements as before: the actions are the same either way (a test compares both
 * paths on the fixtures and a generated history), only cheaper.
 *
 * Parsing the SQL we rendered ourselves was a fifth of a cold `check` (issue 11).
 */
import type {
  AddColumnOp,
  AlterColumnOp,
  ConstraintSpec,
  CreateTableOp,
  DropColumnOp,
  DropConstraintOp,
  DropIndexOp,
  DropTableOp,
  IndexSpec,
  Operation,
  RenameTableOp,
} from '../../engine/ops';
import { tableShape } from '../../engine/render/tables';
import type { ActionBody, ColumnFacts, ForeignKeyFacts } from '../actions';
import { foreignKeysOf, referencesOf } from '../sql/toActions';
import { alterTypeOf, columnFactsOf, constraintOf, setDefaultOf } from './fragments';
import { arePlainNames, isPlainName, lintRelation, plainTable } from './names';

export type Table = NonNullable<ReturnType<typeof plainTable>>;

/** The actions of `statements` (what `renderOperation` printed for `operation`), or undefined: parse them. */
export function renderedActions(operation: Operation, statements: readonly string[]): ActionBody[] | undefined {
  switch (operation.kind) {
    case 'createTable':
      return createTable(operation, statements);
    case 'addColumn':
      return addColumn(operation, statements);
    case 'alterColumn':
      return alterColumn(operation, statements);
    case 'createIndex': {
      const table = plainTable(operation.table, operation.schema);
      return table && statements.length === 1 ? createIndex(table, operation.index, operation.ifNotExists === true, statements[0]) : undefined;
    }
    case 'dropIndex':
      return dropIndex(operation, statements);
    case 'dropTable':
      return dropTable(operation, statements);
    case 'dropColumn':
      return dropColumn(operation, statements);
    case 'renameTable':
      return renameTable(operation, statements);
    case 'addConstraint': {
      const table = plainTable(operation.table, operation.schema);
      return table && statements.length === 1 ? addConstraint(table, operation.constraint, statements[0]) : undefined;
    }
    case 'dropConstraint':
      return dropConstraint(operation, statements);
    default:
      return undefined;
  }
}

/** One statement expected to read exactly `expected`: its action, else undefined. */
function exactly(statements: readonly string[], expected: string, action: ActionBody): ActionBody[] | undefined {
  return statements.length === 1 && statements[0] === expected ? [action] : undefined;
}

function dropTable(op: DropTableOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table) return undefined;
  const ifExists = op.ifExists === true;
  return exactly(statements, `DROP TABLE ${ifExists ? 'IF EXISTS ' : ''}${table.printed}`, { kind: 'dropTable', table: table.relation, cascade: false, ifExists });
}

function dropColumn(op: DropColumnOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isPlainName(op.column)) return undefined;
  const ifExists = op.ifExists === true;
  return exactly(statements, `ALTER TABLE ${table.printed} DROP COLUMN ${ifExists ? 'IF EXISTS ' : ''}${op.column}`, { kind: 'dropColumn', table: table.relation, column: op.column, ifExists });
}

function renameTable(op: RenameTableOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.oldName, op.schema);
  if (!table || !isPlainName(op.newName)) return undefined;
  // RENAME TO keeps the table in its schema.
  return exactly(statements, `ALTER TABLE ${table.printed} RENAME TO ${op.newName}`, { kind: 'renameTable', table: table.relation, newName: lintRelation(op.newName, op.schema) });
}

function dropConstraint(op: DropConstraintOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isPlainName(op.name)) return undefined;
  const ifExists = op.ifExists === true;
  return exactly(statements, `ALTER TABLE ${table.printed} DROP CONSTRAINT ${ifExists ? 'IF EXISTS ' : ''}${op.name}`, { kind: 'dropConstraint', table: table.relation, name: op.name, ifExists });
}

/** Only `postgresql_concurrently` changes nothing but a keyword; other index options print SQL of their own. */
export function concurrentlyOnly(options: { [key: string]: unknown }): boolean | undefined {
  for (const key of Object.keys(options)) if (key !== 'postgresql_concurrently') return undefined;
  return Boolean(options.postgresql_concurrently);
}

function dropIndex(op: DropIndexOp, statements: readonly string[]): ActionBody[] | undefined {
  const concurrently = concurrentlyOnly(op.dialectOptions);
  if (concurrently === undefined || !isPlainName(op.name) || (op.schema !== undefined && !isPlainName(op.schema))) return undefined;
  const ifExists = op.ifExists === true;
  const printed = op.schema ? `${op.schema}.${op.name}` : op.name;
  return exactly(statements, `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${ifExists ? 'IF EXISTS ' : ''}${printed}`, {
    kind: 'dropIndex',
    name: lintRelation(op.name, op.schema),
    concurrently,
    ifExists,
  });
}

export function createIndex(table: Table, index: IndexSpec, ifNotExists: boolean, statement: string): ActionBody[] | undefined {
  const layout = indexLayout(table, index, ifNotExists);
  return layout && statement === layout.text ? [layout.action] : undefined;
}

/** The statement the renderer prints for an index of plain names and no options but CONCURRENTLY, and its action. */
export function indexLayout(table: Table, index: IndexSpec, ifNotExists: boolean): { text: string; action: ActionBody } | undefined {
  const concurrently = concurrentlyOnly(index.dialectOptions);
  if (concurrently === undefined || !isPlainName(index.name) || !arePlainNames(index.columns)) return undefined;
  const columns = index.columns as string[];
  const unique = index.unique === true;
  const text = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${ifNotExists ? 'IF NOT EXISTS ' : ''}${index.name} ON ${table.printed} (${columns.join(', ')})`;
  // An index lives in its table's schema, and DROP INDEX names it so.
  return { text, action: { kind: 'createIndex', table: table.relation, name: lintRelation(index.name, table.schema), columns: [...columns], concurrently, unique, ifNotExists } };
}

/** ` DEFERRABLE` / ` INITIALLY DEFERRED` as printed, or undefined for a value the templates do not vouch for. */
function deferrability(spec: ConstraintSpec): string | undefined {
  let text = '';
  if (spec.deferrable !== undefined) text += spec.deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  if (spec.initially !== undefined) {
    if (spec.initially !== 'DEFERRED' && spec.initially !== 'IMMEDIATE') return undefined;
    text += ` INITIALLY ${spec.initially}`;
  }
  return text;
}

const REFERENTIAL_ACTIONS = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION']);

/**
 * A primary key, unique or foreign key clause built from plain names, as the renderer prints it
 * without `CONSTRAINT name `, with the columns the parser reports for it; undefined otherwise.
 */
export function keyClause(spec: ConstraintSpec): { text: string; columns: string[]; notValid: boolean; references?: { table: string; columns: string[] } } | undefined {
  const deferred = deferrability(spec);
  if (deferred === undefined) return undefined;
  switch (spec.type) {
    case 'primaryKey':
      return arePlainNames(spec.columns) ? { text: `PRIMARY KEY (${spec.columns.join(', ')})${deferred}`, columns: [...spec.columns], notValid: false } : undefined;
    case 'unique':
      if (spec.dialectOptions.postgresql_nulls_not_distinct !== undefined || !arePlainNames(spec.columns)) return undefined;
      return { text: `UNIQUE (${spec.columns.join(', ')})${deferred}`, columns: [...spec.columns], notValid: false };
    case 'foreignKey': {
      const referred = plainTable(spec.referredTable, spec.referredSchema);
      if (!referred || spec.match !== undefined || !arePlainNames(spec.columns) || !arePlainNames(spec.referredColumns)) return undefined;
      if ((spec.onDelete !== undefined && !REFERENTIAL_ACTIONS.has(spec.onDelete)) || (spec.onUpdate !== undefined && !REFERENTIAL_ACTIONS.has(spec.onUpdate))) return undefined;
      const notValid = Boolean(spec.dialectOptions.postgresql_not_valid);
      let text = `FOREIGN KEY(${spec.columns.join(', ')}) REFERENCES ${referred.printed} (${spec.referredColumns.join(', ')})`;
      if (spec.onDelete) text += ` ON DELETE ${spec.onDelete}`;
      if (spec.onUpdate) text += ` ON UPDATE ${spec.onUpdate}`;
      return { text: text + deferred + (notValid ? ' NOT VALID' : ''), columns: [...spec.columns], notValid, references: { table: referred.relation, columns: [...spec.referredColumns] } };
    }
    default:
      return undefined;
  }
}

const KEY_KINDS = { primaryKey: 'primaryKey', unique: 'unique', foreignKey: 'foreignKey' } as const;

/** `ALTER TABLE t ADD <clause>`: keys from the values, anything else (CHECK, EXCLUDE) from the parser, once per text. */
export function addConstraint(table: Table, spec: ConstraintSpec, statement: string): ActionBody[] | undefined {
  const head = constraintHead(table, spec);
  if (head === undefined || !statement.startsWith(head)) return undefined;
  const rest = statement.slice(head.length);
  const key = keyConstraint(table, spec);
  if (key && key.text === rest) return [key.action];
  const parsed = constraintOf(table.relation, spec.name, rest);
  return parsed ? [parsed] : undefined;
}

/** `ALTER TABLE t ADD [CONSTRAINT name ]`, or undefined for a name that is not plain. */
export function constraintHead(table: Table, spec: ConstraintSpec): string | undefined {
  if (spec.name !== undefined && !isPlainName(spec.name)) return undefined;
  return `ALTER TABLE ${table.printed} ADD ${spec.name !== undefined ? `CONSTRAINT ${spec.name} ` : ''}`;
}

/** A primary key, unique or foreign key of plain names: its clause without the name, and its action. */
export function keyConstraint(table: Table, spec: ConstraintSpec): { text: string; action: ActionBody } | undefined {
  const key = spec.type === 'primaryKey' || spec.type === 'unique' || spec.type === 'foreignKey' ? keyClause(spec) : undefined;
  if (!key) return undefined;
  return {
    text: key.text,
    action: {
      kind: 'addConstraint',
      table: table.relation,
      ...(spec.name !== undefined ? { name: spec.name } : {}),
      constraint: KEY_KINDS[spec.type as keyof typeof KEY_KINDS],
      notValid: key.notValid,
      usingIndex: false,
      columns: key.columns,
      // In toActions.ts's order (after the columns), so both readings are the same JSON.
      ...(key.references ? { references: key.references } : {}),
    },
  };
}

/** Alembic's alter_column: one statement per change, in the renderer's order (TYPE, NULL, DEFAULT, RENAME). */
function alterColumn(op: AlterColumnOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isPlainName(op.column) || op.postgresqlUsing !== undefined || op.comment !== undefined || op.identity !== undefined) return undefined;
  if (op.newName !== undefined && !isPlainName(op.newName)) return undefined;
  const alter = `ALTER TABLE ${table.printed} ALTER COLUMN ${op.column} `;
  const actions: ActionBody[] = [];
  let at = 0;
  const next = (): string | undefined => statements[at++];
  if (op.type !== undefined) {
    const statement = next();
    if (!statement?.startsWith(`${alter}TYPE `)) return undefined;
    const typed = alterTypeOf(table.relation, op.column, statement.slice(`${alter}TYPE `.length));
    if (!typed) return undefined;
    actions.push(...typed);
  }
  if (op.nullable !== undefined) {
    const statement = next();
    if (statement === `${alter}SET NOT NULL`) actions.push({ kind: 'setNotNull', table: table.relation, column: op.column });
    else if (statement === `${alter}DROP NOT NULL`) actions.push({ kind: 'dropNotNull', table: table.relation, column: op.column });
    else return undefined;
  }
  if (op.serverDefault !== undefined) {
    const statement = next();
    if (op.serverDefault === null) {
      if (statement !== `${alter}DROP DEFAULT`) return undefined;
      actions.push({ kind: 'setDefault', table: table.relation, column: op.column });
    } else {
      if (!statement?.startsWith(`${alter}SET DEFAULT `)) return undefined;
      const set = setDefaultOf(table.relation, op.column, statement.slice(`${alter}SET DEFAULT `.length));
      if (!set) return undefined;
      actions.push(set);
    }
  }
  if (op.newName !== undefined) {
    if (next() !== `ALTER TABLE ${table.printed} RENAME ${op.column} TO ${op.newName}`) return undefined;
    actions.push({ kind: 'renameColumn', table: table.relation, column: op.column, newName: op.newName });
  }
  return at === statements.length ? actions : undefined;
}

/** `name <rest>` printed for a column: its facts (the rest read once per distinct text). */
export function columnOf(element: string, name: string): ColumnFacts | undefined {
  if (!isPlainName(name) || !element.startsWith(`${name} `)) return undefined;
  return columnFactsOf(name, element.slice(name.length + 1));
}

/** The indexes and constraints SQLAlchemy adds after a table or column, one statement each. */
function followingStatements(table: Table, constraints: readonly ConstraintSpec[], indexes: readonly IndexSpec[], statements: readonly string[], from: number): ActionBody[] | undefined {
  if (statements.length !== from + constraints.length + indexes.length) return undefined;
  const actions: ActionBody[] = [];
  let at = from;
  for (const constraint of constraints) {
    const found = addConstraint(table, constraint, statements[at++]);
    if (!found) return undefined;
    actions.push(...found);
  }
  for (const index of indexes) {
    const found = createIndex(table, index, false, statements[at++]);
    if (!found) return undefined;
    actions.push(...found);
  }
  return actions;
}

function addColumn(op: AddColumnOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  const { column } = op;
  // Inline PRIMARY KEY / REFERENCES / CHECK and comments add clauses and statements of their own: parsed.
  if (!table || op.inlinePrimaryKey || op.inlineReferences || column.checks.length > 0 || column.comment !== undefined) return undefined;
  const ifNotExists = op.ifNotExists === true;
  const head = `ALTER TABLE ${table.printed} ADD COLUMN ${ifNotExists ? 'IF NOT EXISTS ' : ''}`;
  if (statements.length === 0 || !statements[0].startsWith(head)) return undefined;
  const facts = columnOf(statements[0].slice(head.length), column.name);
  if (!facts) return undefined;
  const shape = tableShape(op.table, [column], [], []);
  const following = followingStatements(table, shape.constraints, shape.indexes, statements, 1);
  return following ? [{ kind: 'addColumn', table: table.relation, column: facts, ifNotExists }, ...following] : undefined;
}

/** SQLAlchemy writes each element of CREATE TABLE on its own line; Alembic turns the tab into four spaces. */
export const SEPARATOR = ', \n    ';

function createTable(op: CreateTableOp, statements: readonly string[]): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  // Comments print statements of their own, enum columns CREATE TYPE before the table: parsed.
  if (!table || op.comment || op.columns.some((column) => column.comment !== undefined) || statements.length === 0) return undefined;
  const ifNotExists = op.ifNotExists === true;
  const head = `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${table.printed} (\n    `;
  const statement = statements[0];
  // Table options (INHERITS, PARTITION BY, WITH, ...) would follow the closing parenthesis.
  if (!statement.startsWith(head) || !statement.endsWith('\n)')) return undefined;
  const shape = tableShape(op.table, op.columns, op.constraints, op.indexes, op.primaryKeyName);
  const inTable = shape.constraints.filter((constraint) => !(constraint.type === 'foreignKey' && constraint.useAlter));
  const elements = statement.slice(head.length, -2).split(SEPARATOR);
  // A separator inside an element (a default's text, say) makes one element too many: parsed.
  if (elements.length !== op.columns.length + (shape.primaryKey ? 1 : 0) + inTable.length) return undefined;
  const columns: ColumnFacts[] = [];
  for (let index = 0; index < op.columns.length; index++) {
    const facts = columnOf(elements[index], op.columns[index].name);
    if (!facts) return undefined;
    columns.push(facts);
  }
  let at = op.columns.length;
  const keyNames = new Set<string>();
  for (const constraint of shape.primaryKey ? [shape.primaryKey, ...inTable] : inTable) {
    // Only keys and foreign keys, printed exactly: a CHECK or EXCLUDE is parsed with the statement.
    const key = keyClause(constraint);
    if (constraint.name !== undefined && !isPlainName(constraint.name)) return undefined;
    const named = constraint.name !== undefined ? `CONSTRAINT ${constraint.name} ` : '';
    if (!key || elements[at++] !== named + key.text || key.notValid) return undefined;
    if (constraint.type === 'primaryKey') for (const name of key.columns) keyNames.add(name);
  }
  for (const column of columns) if (keyNames.has(column.name)) column.primaryKey = true;
  const following = followingStatements(table, [], shape.indexes, statements, 1);
  const primaryKeyName = shape.primaryKey?.name;
  return following ? [{ kind: 'createTable', table: table.relation, columns, ifNotExists, ...(primaryKeyName !== undefined ? { primaryKeyName } : {}), ...referencesOf(referencedTables(inTable)), ...foreignKeysOf(foreignKeyFacts(inTable)) }, ...following] : undefined;
}

/** The foreign keys among `constraints` as toActions.ts reads them from CREATE TABLE. */
export function foreignKeyFacts(constraints: readonly ConstraintSpec[]): ForeignKeyFacts[] {
  return constraints.flatMap((constraint) =>
    constraint.type === 'foreignKey'
      ? [{ ...(constraint.name !== undefined ? { name: constraint.name } : {}), columns: [...constraint.columns], table: lintRelation(constraint.referredTable, constraint.referredSchema), referencedColumns: [...constraint.referredColumns] }]
      : [],
  );
}

/** The tables the foreign keys among `constraints` reference, as the lint names relations (toActions.ts reads the same from the SQL). */
export function referencedTables(constraints: readonly ConstraintSpec[]): string[] {
  return constraints.flatMap((constraint) => (constraint.type === 'foreignKey' ? [lintRelation(constraint.referredTable, constraint.referredSchema)] : []));
}
