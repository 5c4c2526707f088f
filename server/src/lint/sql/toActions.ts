/**
 * PostgreSQL parse trees (libpg-query's JSON) → lint actions. Only the statement shapes the rules
 * read are modelled; any other statement becomes `otherSql` (parsed, understood to be harmless
 * to the rules). Table names are qualified only outside `public`, as the operations write them.
 */
import { viewReadsOf } from './viewReads';
import { pinnedColumns } from './pinnedColumns';
import { calledProcedure, firstUnknownFunction } from './functionCalls';
import { viewOutputColumns } from './viewColumns';
import type { ActionBody, ColumnFacts, ConstraintKind, DefaultFacts, ForeignKeyFacts, TypeFacts } from '../actions';

import { field, isNode, list, names, qualified, relationName, sameSchema, type Node } from './parseTree';
import { alterTableSubcommandFacts, dropOnTableFacts, otherStatementFacts } from './statementLocks';

/** Functions PostgreSQL marks VOLATILE that migrations put in defaults (pg_proc.provolatile = 'v'). */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'setseed',
  'txid_current',
]);

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/**
 * What a transaction statement does to the transaction the migration runs in, by the parser's
 * exact kind. SAVEPOINT, RELEASE and ROLLBACK TO stay inside it; COMMIT PREPARED and ROLLBACK
 * PREPARED act on another, already prepared transaction. PREPARE TRANSACTION ends this one as a
 * COMMIT does (what comes after runs outside it). AND CHAIN ends it and opens a new one at once, so
 * what comes after is in a transaction again (CREATE INDEX CONCURRENTLY there fails with 25001).
 */
function transactionStatement(body: Node): ActionBody[] {
  const ends = (rollback: boolean): ActionBody[] => [
    rollback ? { kind: 'transaction', command: 'commit', rollback: true } : { kind: 'transaction', command: 'commit' },
    ...(body.chain === true ? [{ kind: 'transaction', command: 'begin' } as const] : []),
  ];
  switch (body.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return [{ kind: 'transaction', command: 'begin' }];
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_PREPARE':
      return ends(false);
    case 'TRANS_STMT_ROLLBACK':
      return ends(true);
    default:
      return [{ kind: 'otherSql', statement: 'TransactionStmt' }];
  }
}

export function statementToActions(statement: Node): ActionBody[] {
  const [kind, body] = Object.entries(statement)[0] ?? [];
  if (!kind || !isNode(body)) return [];
  switch (kind) {
    case 'CreateStmt':
      return createTable(body);
    case 'IndexStmt':
      return [
        {
          kind: 'createIndex',
          table: relationName(body.relation),
          // An index lives in its table's schema, and DROP INDEX names it so (`indico.ix_x`).
          ...(typeof body.idxname === 'string' ? { name: sameSchema(body.relation, body.idxname) } : {}),
          // Plain columns and the columns inside expressions (`lower(email)`): dropping one drops the index.
          columns: list(body.indexParams).flatMap((param) => {
            const element = field(param, 'IndexElem');
            const name = field(element, 'name');
            return typeof name === 'string' ? [name] : columnRefs(field(element, 'expr'));
          }),
          concurrently: body.concurrent === true,
          unique: body.unique === true,
          ifNotExists: body.if_not_exists === true,
        },
      ];
    case 'DropStmt':
      return dropStatement(body);
    case 'AlterTableStmt':
      return alterTable(body);
    case 'RenameStmt':
      return rename(body);
    case 'AlterEnumStmt':
      // RENAME VALUE names the old value too (`oldVal`): it adds nothing, and may run in a transaction with its uses.
      if (typeof body.newVal !== 'string' || typeof body.oldVal === 'string') return [{ kind: 'otherSql', statement: 'ALTER TYPE ... RENAME VALUE' }];
      return [{ kind: 'enumAddValue', type: names(body.typeName).join('.'), value: body.newVal }];
    case 'TruncateStmt':
      return [{ kind: 'truncate', tables: list(body.relations).map((relation) => relationName(field(relation, 'RangeVar'))), cascade: body.behavior === 'DROP_CASCADE' }];
    case 'UpdateStmt': {
      const columns = targetNames(body.targetList);
      const pinned = pinnedColumns(body);
      return [
        {
          kind: 'dml',
          statement: 'update',
          table: relationName(body.relation),
          hasWhere: filters(body.whereClause),
          ...(columns.length > 0 ? { columns } : {}),
          ...(pinned.length > 0 ? { pinnedColumns: pinned } : {}),
        },
      ];
    }
    case 'DeleteStmt': {
      const pinned = pinnedColumns(body);
      return [{ kind: 'dml', statement: 'delete', table: relationName(body.relation), hasWhere: filters(body.whereClause), ...(pinned.length > 0 ? { pinnedColumns: pinned } : {}) }];
    }
    case 'TransactionStmt':
      return transactionStatement(body);
    case 'InsertStmt': {
      const valuesNames = namesInValues(body.selectStmt);
      const columns = targetNames(body.cols);
      return [{ kind: 'dml', statement: 'insert', table: relationName(body.relation), hasWhere: false, ...(valuesNames.length > 0 ? { valuesNames } : {}), ...(columns.length > 0 ? { columns } : {}) }];
    }
    case 'CreateTableAsStmt': {
      // CREATE [TEMPORARY] TABLE ... AS SELECT: a table whose columns come from the query.
      const into = field(body.into, 'rel');
      if (body.objtype === 'OBJECT_MATVIEW' && isNode(into)) return [{ kind: 'otherSql', statement: 'CREATE MATERIALIZED VIEW', views: [tableName(into)], viewReads: viewReadsOf(body.query) }];
      if (body.objtype !== 'OBJECT_TABLE' || !isNode(into)) return [{ kind: 'otherSql', statement: kind }];
      const filled = field(body.into, 'skipData') === true ? {} : { filled: true as const };
      return [{ kind: 'createTable', table: tableName(into), columns: [], ifNotExists: body.if_not_exists === true, partial: true, ...filled, ...temporaryFlag(into, field(body.into, 'onCommit')) }];
    }
    case 'VariableSetStmt': {
      const statement = settingStatement(body);
      // The time zone set, for column-type-change (timestamp to timestamptz keeps the table under UTC).
      const zone = statement === 'SET timezone' ? list(body.args).map((arg) => field(field(field(arg, 'A_Const'), 'sval'), 'sval')) : [];
      // The schemas bare table names are looked up in from here on (lint/searchPath.ts).
      const path = statement === 'SET search_path' ? list(body.args).map((arg) => field(field(field(arg, 'A_Const'), 'sval'), 'sval')) : [];
      const searchPath = path.every((schema): schema is string => typeof schema === 'string') && path.length > 0 ? { searchPath: path } : {};
      return [{ kind: 'otherSql', statement, ...(zone.length === 1 && typeof zone[0] === 'string' ? { settingValue: zone[0] } : {}), ...searchPath }];
    }
    case 'ViewStmt': {
      const view = field(body, 'view');
      const columns = viewOutputColumns(body.query, body.aliases);
      return [
        {
          kind: 'otherSql',
          statement: body.replace === true ? 'CREATE OR REPLACE VIEW' : 'CREATE VIEW',
          ...(isNode(view) ? { views: [tableName(view)], viewReads: viewReadsOf(body.query), ...(columns ? { viewColumns: columns } : {}) } : {}),
        },
      ];
    }
    case 'SelectStmt': {
      // `SELECT ... INTO TEMP t`: a session table, which later statements of the function may index or fill.
      const into = field(body.intoClause, 'rel');
      // `SELECT ... INTO t`: a new table holding the query's rows (a session table with TEMP).
      if (isNode(into)) return [{ kind: 'createTable', table: tableName(into), columns: [], ifNotExists: false, partial: true, filled: true, ...temporaryFlag(into, field(body.intoClause, 'onCommit')) }];
      const setting = setConfigStatement(body);
      const searchPath = setting === 'SET search_path' ? searchPathOfConfig(body) : undefined;
      const select: ActionBody = { kind: 'otherSql', statement: setting ?? kind, ...(searchPath ? { searchPath } : {}) };
      // A function the lint does not know may lock, rewrite or fill tables (functionCalls.ts).
      const unknown = firstUnknownFunction(body);
      return unknown === undefined ? [select] : [select, { kind: 'unchecked', reason: `the SELECT calls ${unknown}(), whose effects on tables the lint does not know`, alreadyReported: false }];
    }
    case 'CallStmt':
      return [
        { kind: 'otherSql', statement: kind },
        { kind: 'unchecked', reason: `CALL runs the procedure ${calledProcedure(body)}, whose effects on tables the lint does not know`, alreadyReported: false },
      ];
    case 'CreateDomainStmt':
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt': {
      // A type of the database's own: a column may be given it (amnesia's `CREATE DOMAIN mediumtext AS text`).
      const typeNames = kind === 'CompositeTypeStmt' ? [field(body.typevar, 'relname')] : names(kind === 'CreateDomainStmt' ? body.domainname : body.typeName);
      const name = typeNames[typeNames.length - 1];
      const checked = kind === 'CreateDomainStmt' && list(body.constraints).some(isCheckConstraint) && typeof name === 'string' && name !== '' ? { checkedDomains: [name] } : {};
      return [{ kind: 'otherSql', statement: kind, ...otherStatementFacts(kind, body), ...(typeof name === 'string' && name !== '' ? { definesTypes: [name] } : {}), ...checked }];
    }
    case 'AlterDomainStmt': {
      // `ALTER DOMAIN d ADD CHECK (...)`: a column of it added later is checked by a rewrite.
      const domain = names(body.typeName).pop();
      const checked = body.subtype === 'C' && isCheckConstraint(body.def) && domain !== undefined ? { checkedDomains: [domain] } : {};
      const validates = body.subtype === 'C' && isCheckConstraint(body.def) && field(field(body.def, 'Constraint'), 'skip_validation') !== true && domain !== undefined ? { validatesDomain: domain } : {};
      return [{ kind: 'otherSql', statement: kind, ...otherStatementFacts(kind, body), ...checked, ...validates }];
    }
    default:
      return [{ kind: 'otherSql', statement: kind, ...otherStatementFacts(kind, body) }];
  }
}

/**
 * `SET [LOCAL] name = value` → `SET name`, or `RESET name` when the value turns the setting off
 * (RESET, DEFAULT, 0): the rules ask whether a timeout is in force (lock_timeout, statement_timeout).
 */
function settingStatement(body: Node): string {
  // `RESET ALL` takes back every setting of the session, a lock_timeout among them.
  if (body.kind === 'VAR_RESET_ALL') return 'RESET all';
  const name = typeof body.name === 'string' ? body.name.toLowerCase() : '';
  if (!name) return 'VariableSetStmt';
  const values = list(body.args).map((arg) => field(field(field(arg, 'A_Const'), 'ival'), 'ival') ?? field(field(field(arg, 'A_Const'), 'sval'), 'sval') ?? 0);
  const off = body.kind !== 'VAR_SET_VALUE' || values.length === 0 || values.every(isZeroSetting);
  return `${off ? 'RESET' : 'SET'} ${name}`;
}

/** A setting's value that turns a timeout off: 0, '0', or zero in any unit ('0s', '0 ms'; PostgreSQL reads each as 0). */
function isZeroSetting(value: unknown): boolean {
  return value === 0 || (typeof value === 'string' && /^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(value));
}

/** `SELECT set_config('lock_timeout', '4s', ...)` sets a setting as `SET` does; other SELECTs are not settings. */
function setConfigStatement(body: Node): string | undefined {
  const targets = list(body.targetList);
  if (targets.length !== 1) return undefined;
  const call = field(field(field(targets[0], 'ResTarget'), 'val'), 'FuncCall');
  const name = names(field(call, 'funcname')).at(-1);
  if (name?.toLowerCase() !== 'set_config') return undefined;
  const [setting, value] = list(field(call, 'args')).map((arg) => field(field(field(arg, 'A_Const'), 'sval'), 'sval'));
  if (typeof setting !== 'string') return undefined;
  return `${value === undefined || isZeroSetting(value) ? 'RESET' : 'SET'} ${setting.toLowerCase()}`;
}

/**
 * The schemas of `SELECT set_config('search_path', 'a, "B"', ...)`: the value is a list of names
 * read as identifiers (unquoted ones in lower case). Undefined when it is not a literal.
 */
function searchPathOfConfig(body: Node): string[] | undefined {
  const call = field(field(field(list(body.targetList)[0], 'ResTarget'), 'val'), 'FuncCall');
  const value = field(field(field(list(field(call, 'args'))[1], 'A_Const'), 'sval'), 'sval');
  if (typeof value !== 'string') return undefined;
  const schemas: string[] = [];
  for (const part of value.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    const quoted = /^"((?:[^"]|"")*)"$/.exec(name);
    if (quoted) schemas.push(quoted[1].replace(/""/g, '"'));
    else if (/^[^"\s]+$/.test(name)) schemas.push(name.toLowerCase());
    else return undefined;
  }
  return schemas;
}

/**
 * A table of the session: `TEMP` / `TEMPORARY`, `ON COMMIT DROP` (only allowed on one), or made in
 * `pg_temp`. It is gone when the session ends, so it is never part of the schema.
 */
function isTemporary(relation: Node, onCommit: unknown): boolean {
  return relation.relpersistence === 't' || onCommit === 'ONCOMMIT_DROP' || relation.schemaname === 'pg_temp';
}

function temporaryFlag(relation: Node, onCommit: unknown): { temporary?: true } {
  return isTemporary(relation, onCommit) ? { temporary: true } : {};
}

function isCheckConstraint(node: unknown): boolean {
  return field(field(node, 'Constraint'), 'contype') === 'CONSTR_CHECK';
}

/** A new table's name: `pg_temp.t` is `t` (later statements name it without its schema). */
function tableName(relation: Node): string {
  return relation.schemaname === 'pg_temp' ? String(relation.relname ?? '') : relationName(relation);
}

/** A key constraint's name and what makes two of them one index (columns, deferrability, options). */
interface KeyShape {
  name?: string;
  signature: string;
}

function keyShape(constraint: Node, columns: string[]): KeyShape {
  const signature = JSON.stringify([columns, constraint.deferrable === true, constraint.initdeferred === true, constraint.nulls_not_distinct === true, constraint.options ?? null, constraint.including ?? null]);
  return { ...(typeof constraint.conname === 'string' ? { name: constraint.conname } : {}), signature };
}

function createTable(body: Node): ActionBody[] {
  const table = isNode(body.relation) ? tableName(body.relation) : '';
  const columns: ColumnFacts[] = [];
  const tableKeys = new Set<string>();
  let primaryKeyName: string | undefined;
  let primaryKey: KeyShape | undefined;
  const uniques: KeyShape[] = [];
  const referenced = new Set<string>();
  const foreignKeys: ForeignKeyFacts[] = [];
  const noteReference = (constraint: Node, column?: string): void => {
    if (constraint.contype !== 'CONSTR_FOREIGN' || !isNode(constraint.pktable)) return;
    referenced.add(relationName(constraint.pktable));
    const keyColumns = column !== undefined ? [column] : names(constraint.fk_attrs);
    foreignKeys.push({ ...(typeof constraint.conname === 'string' ? { name: constraint.conname } : {}), columns: keyColumns, table: relationName(constraint.pktable), referencedColumns: names(constraint.pk_attrs) });
  };
  for (const element of list(body.tableElts)) {
    const columnDef = field(element, 'ColumnDef');
    if (isNode(columnDef)) {
      columns.push(columnFacts(columnDef));
      for (const inline of list(columnDef.constraints).map((entry) => field(entry, 'Constraint'))) {
        if (!isNode(inline)) continue;
        noteReference(inline, String(columnDef.colname));
        const shape = keyShape(inline, [String(columnDef.colname)]);
        if (inline.contype === 'CONSTR_PRIMARY') {
          primaryKey = shape;
          if (typeof inline.conname === 'string') primaryKeyName = inline.conname;
        } else if (inline.contype === 'CONSTR_UNIQUE') uniques.push(shape);
      }
    }
    const constraint = field(element, 'Constraint');
    if (isNode(constraint)) noteReference(constraint);
    if (isNode(constraint) && constraint.contype === 'CONSTR_PRIMARY') {
      for (const key of names(constraint.keys)) tableKeys.add(key);
      primaryKey = keyShape(constraint, names(constraint.keys));
      if (typeof constraint.conname === 'string') primaryKeyName = constraint.conname;
    } else if (isNode(constraint) && constraint.contype === 'CONSTR_UNIQUE') uniques.push(keyShape(constraint, names(constraint.keys)));
  }
  // PostgreSQL keeps one of identical key constraints, the primary key, named after the UNIQUE
  // when it has no name of its own (lsst-dm/consdb).
  const key = primaryKey;
  if (primaryKeyName === undefined && key) primaryKeyName = uniques.find((unique) => unique.name !== undefined && unique.signature === key.signature)?.name;
  for (const column of columns) if (tableKeys.has(column.name)) column.primaryKey = true;
  // `PARTITION OF parent` / `INHERITS (parent)`: the parent's columns are the table's too, and are
  // not listed here; a partition goes when its parent is dropped.
  const parents = list(body.inhRelations).map((parent) => relationName(field(parent, 'RangeVar')));
  // `(LIKE other INCLUDING ...)` copies the other table's columns, unlisted here too (APITaxi
  // rebuilds a table so, then renames it into place).
  const copiesColumns = list(body.tableElts).some((element) => isNode(field(element, 'TableLikeClause')));
  const inherited = parents.length > 0 || copiesColumns ? { partial: true as const, ...(parents.length > 0 && isNode(body.partbound) ? { partitionOf: parents[0] } : {}) } : {};
  const temporary = isNode(body.relation) ? temporaryFlag(body.relation, body.oncommit) : {};
  return [{ kind: 'createTable', table, columns, ifNotExists: body.if_not_exists === true, ...inherited, ...(isNode(body.partspec) ? { partitioned: true as const } : {}), ...(primaryKeyName !== undefined ? { primaryKeyName } : {}), ...temporary, ...referencesOf(referenced), ...foreignKeysOf(foreignKeys) }];
}

/** A createTable action's `references`: sorted (the same from the SQL and from the operation's values), absent when none. */
/** A new table's foreign keys as its action holds them (none: no field). */
export function foreignKeysOf(keys: ForeignKeyFacts[]): { foreignKeys?: ForeignKeyFacts[] } {
  return keys.length > 0 ? { foreignKeys: keys } : {};
}

export function referencesOf(tables: Iterable<string>): { references?: string[] } {
  const sorted = [...new Set(tables)].sort();
  return sorted.length > 0 ? { references: sorted } : {};
}

function dropStatement(body: Node): ActionBody[] {
  const cascade = body.behavior === 'DROP_CASCADE';
  const ifExists = body.missing_ok === true;
  const objects = list(body.objects).map((object) => names(field(object, 'List') ? field(field(object, 'List'), 'items') : [object]));
  switch (body.removeType) {
    case 'OBJECT_TABLE':
      return objects.map((parts) => ({ kind: 'dropTable', table: qualified(parts), cascade, ifExists }));
    case 'OBJECT_INDEX':
      return objects.map((parts) => ({ kind: 'dropIndex', name: qualified(parts), concurrently: body.concurrent === true, ifExists }));
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
      return [{ kind: 'otherSql', statement: `${body.removeType === 'OBJECT_VIEW' ? 'DROP VIEW' : 'DROP MATERIALIZED VIEW'}${ifExists ? ' IF EXISTS' : ''}`, views: objects.map(qualified), cascade }];
    case 'OBJECT_SCHEMA':
      return [{ kind: 'otherSql', statement: 'DROP SCHEMA', schemas: names(body.objects), cascade }];
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      // With CASCADE, the columns of the type go with it (drop-column); without, one makes it fail (drop-type-in-use).
      const types = list(body.objects).map((object) => names(field(field(object, 'TypeName'), 'names')).join('.')).filter((name) => name !== '');
      return [{ kind: 'otherSql', statement: `DROP ${body.removeType === 'OBJECT_TYPE' ? 'TYPE' : 'DOMAIN'}`, ...(types.length > 0 ? { types, cascade } : {}) }];
    }
    default:
      return [{ kind: 'otherSql', statement: `DROP ${String(body.removeType ?? '').replace(/^OBJECT_/, '')}`, ...dropOnTableFacts(body.removeType, objects, ifExists) }];
  }
}

function alterTable(body: Node): ActionBody[] {
  if (body.objtype !== undefined && body.objtype !== 'OBJECT_TABLE') return [{ kind: 'otherSql', statement: `ALTER ${String(body.objtype).replace(/^OBJECT_/, '')}` }];
  const table = relationName(body.relation);
  const actions: ActionBody[] = [];
  for (const item of list(body.cmds)) {
    const command = field(item, 'AlterTableCmd');
    if (!isNode(command)) continue;
    const column = typeof command.name === 'string' ? command.name : '';
    switch (command.subtype) {
      case 'AT_AddColumn': {
        const definition = field(command.def, 'ColumnDef');
        if (isNode(definition)) {
          const facts = columnFacts(definition);
          actions.push({ kind: 'addColumn', table, column: facts, ifNotExists: command.missing_ok === true });
          for (const constraint of list(definition.constraints).map((entry) => field(entry, 'Constraint'))) {
            // An inline REFERENCES or CHECK on a new column is validated against every row; an
            // inline UNIQUE or PRIMARY KEY builds its index (`<table>_pkey` names the key).
            if (isNode(constraint) && (constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK' || constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY')) {
              const made = constraintAction(table, constraint, [facts.name]);
              actions.push(command.missing_ok === true ? Object.assign(made, { withColumnIfNotExists: true as const }) : made);
            }
          }
        }
        break;
      }
      case 'AT_DropColumn':
        actions.push({ kind: 'dropColumn', table, column, ifExists: command.missing_ok === true, ...(command.behavior === 'DROP_CASCADE' ? { cascade: true as const } : {}) });
        break;
      case 'AT_AlterColumnType': {
        const definition = field(command.def, 'ColumnDef');
        const type = typeFacts(field(definition, 'typeName'));
        // The USING expression is kept as the definition's raw_default.
        const using = field(definition, 'raw_default');
        const usingColumns = using === undefined ? [] : usingColumnsOf(using, table);
        if (type) actions.push({ kind: 'alterColumnType', table, column, type, ...(using !== undefined ? { using: true as const, ...(keepsValues(using, column, type) ? { usingKeepsValues: true as const } : {}) } : {}), ...(usingColumns.length > 0 ? { usingColumns } : {}) });
        break;
      }
      case 'AT_SetNotNull':
        actions.push({ kind: 'setNotNull', table, column });
        break;
      case 'AT_DropNotNull':
        actions.push({ kind: 'dropNotNull', table, column });
        break;
      case 'AT_ColumnDefault':
        actions.push({ kind: 'setDefault', table, column, ...(command.def !== undefined ? { default: defaultFacts(command.def) } : {}) });
        break;
      case 'AT_AddConstraint': {
        const constraint = field(command.def, 'Constraint');
        if (isNode(constraint)) actions.push(constraintAction(table, constraint, []));
        break;
      }
      case 'AT_ValidateConstraint':
        actions.push({ kind: 'validateConstraint', table, name: column });
        break;
      case 'AT_DropConstraint':
        actions.push({ kind: 'dropConstraint', table, name: column, ifExists: command.missing_ok === true, ...(command.behavior === 'DROP_CASCADE' ? { cascade: true as const } : {}) });
        break;
      default: {
        const inheriting = inheritingTable(table, command);
        const membership = partitionMembership(table, command);
        actions.push({ kind: 'otherSql', statement: `ALTER TABLE ${String(command.subtype).replace(/^AT_/, '')}`, ...alterTableSubcommandFacts(table, command), ...(inheriting ? { inheriting: [inheriting] } : {}), ...(membership ? { partitionOf: membership } : {}) });
      }
    }
  }
  return actions;
}

/**
 * The table that takes another's columns from now on: the partition of `ALTER TABLE parent ATTACH
 * PARTITION p`, the child of `ALTER TABLE child INHERIT parent`. A column the parent gets later is
 * the child's too (nowcasting_datamodel attaches monthly partitions, then adds columns to the parent).
 */
function inheritingTable(table: string, command: Node): string | undefined {
  if (command.subtype === 'AT_AttachPartition') return relationName(field(field(command.def, 'PartitionCmd'), 'name')) || undefined;
  if (command.subtype === 'AT_AddInherit') return table || undefined;
  return undefined;
}

/** `ALTER TABLE parent ATTACH PARTITION p`: p now belongs to parent; `DETACH PARTITION p`: to none. */
function partitionMembership(table: string, command: Node): { partition: string; parent: string | null } | undefined {
  if (command.subtype !== 'AT_AttachPartition' && command.subtype !== 'AT_DetachPartition') return undefined;
  const partition = relationName(field(field(command.def, 'PartitionCmd'), 'name'));
  if (!partition || !table) return undefined;
  return { partition, parent: command.subtype === 'AT_AttachPartition' ? table : null };
}

function rename(body: Node): ActionBody[] {
  const newName = String(body.newname ?? '');
  // RENAME TO keeps the object in its schema: `roombooking.aspects` becomes `roombooking.map_areas`.
  if (body.renameType === 'OBJECT_TABLE') return [{ kind: 'renameTable', table: relationName(body.relation), newName: sameSchema(body.relation, newName) }];
  if (body.renameType === 'OBJECT_INDEX') return [{ kind: 'renameIndex', name: relationName(body.relation), newName: sameSchema(body.relation, newName) }];
  if (body.renameType === 'OBJECT_TABCONSTRAINT') return [{ kind: 'renameConstraint', table: relationName(body.relation), name: String(body.subname ?? ''), newName }];
  if (body.renameType === 'OBJECT_COLUMN' && body.relationType === 'OBJECT_TABLE') {
    return [{ kind: 'renameColumn', table: relationName(body.relation), column: String(body.subname ?? ''), newName }];
  }
  if ((body.renameType === 'OBJECT_TYPE' || body.renameType === 'OBJECT_DOMAIN') && newName !== '') {
    // The type's name is a List node (`{ List: { items: [...] } }`), a domain's too.
    const from = names(field(field(body.object, 'List'), 'items'));
    if (from.length > 0) return [{ kind: 'otherSql', statement: `RENAME ${body.renameType === 'OBJECT_TYPE' ? 'TYPE' : 'DOMAIN'}`, renamesType: { from: from[from.length - 1], to: newName } }];
  }
  return [{ kind: 'otherSql', statement: `RENAME ${String(body.renameType ?? '').replace(/^OBJECT_/, '')}` }];
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_FOREIGN: 'foreignKey',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primaryKey',
  CONSTR_EXCLUSION: 'exclude',
  CONSTR_NOTNULL: 'notNull',
};

function constraintAction(table: string, constraint: Node, inlineColumns: string[]): ActionBody {
  const kind = CONSTRAINT_KINDS[String(constraint.contype)];
  if (!kind) return { kind: 'otherSql', statement: `ADD CONSTRAINT ${String(constraint.contype)}` };
  const columns = [...names(constraint.keys), ...names(constraint.fk_attrs), ...columnRefs(constraint.raw_expr)];
  return {
    kind: 'addConstraint',
    table,
    ...(typeof constraint.conname === 'string' ? { name: constraint.conname } : {}),
    constraint: kind,
    notValid: constraint.skip_validation === true,
    usingIndex: typeof constraint.indexname === 'string',
    ...(typeof constraint.indexname === 'string' ? { indexName: constraint.indexname } : {}),
    columns: columns.length > 0 ? columns : inlineColumns,
    // What a foreign key depends on: dropping that key (or table) with CASCADE drops it.
    ...(kind === 'foreignKey' && isNode(constraint.pktable) ? { references: { table: relationName(constraint.pktable), columns: names(constraint.pk_attrs) } } : {}),
    ...(kind === 'check' ? notNullProof(constraint.raw_expr) : {}),
  };
}

/**
 * The columns a CHECK proves NOT NULL, as PostgreSQL's SET NOT NULL finds them (it then skips the
 * scan): `col IS NOT NULL`, `NOT (col IS NULL)`, and each such term of an AND (`a IS NOT NULL AND
 * b > 0`; measured on PostgreSQL 15, which logs that the constraint is sufficient).
 */
function notNullProof(expression: unknown): { provesNotNull?: string[] } {
  const columns = provenNotNull(expression);
  return columns.length > 0 ? { provesNotNull: columns } : {};
}

function provenNotNull(expression: unknown): string[] {
  const bool = field(expression, 'BoolExpr');
  if (isNode(bool) && bool.boolop === 'AND_EXPR') return list(bool.args).flatMap(provenNotNull);
  if (isNode(bool) && bool.boolop === 'NOT_EXPR') {
    const inner = field(list(bool.args)[0], 'NullTest');
    return isNode(inner) && inner.nulltesttype === 'IS_NULL' ? columnOf(inner.arg) : [];
  }
  const test = field(expression, 'NullTest');
  return isNode(test) && test.nulltesttype === 'IS_NOT_NULL' ? columnOf(test.arg) : [];
}

function columnOf(expression: unknown): string[] {
  const parts = names(field(field(expression, 'ColumnRef'), 'fields'));
  return parts.length === 1 ? [parts[0]] : [];
}

function columnFacts(definition: Node): ColumnFacts {
  const type = typeFacts(definition.typeName);
  const facts: ColumnFacts = { name: String(definition.colname ?? ''), notNull: false, primaryKey: false, generated: false };
  if (type) facts.type = type;
  if (type && SERIAL_TYPES.has(type.name)) {
    facts.generated = true;
    facts.notNull = true;
    facts.default = { sql: `nextval(...) of ${type.name}`, volatile: true };
  }
  for (const constraint of list(definition.constraints).map((entry) => field(entry, 'Constraint'))) {
    if (!isNode(constraint)) continue;
    switch (constraint.contype) {
      case 'CONSTR_NOTNULL':
        facts.notNull = true;
        break;
      case 'CONSTR_PRIMARY':
        facts.primaryKey = true;
        facts.notNull = true;
        break;
      case 'CONSTR_DEFAULT':
        facts.default = defaultFacts(constraint.raw_expr);
        break;
      case 'CONSTR_IDENTITY':
      case 'CONSTR_GENERATED':
        facts.generated = true;
        break;
      default:
        break;
    }
  }
  return facts;
}

function defaultFacts(expression: unknown): DefaultFacts {
  const calls: string[] = [];
  collectCalls(expression, calls);
  const volatile = calls.filter((name) => VOLATILE_FUNCTIONS.has(name));
  const sql = calls.length > 0 ? `${calls[0]}()` : describeConstant(expression);
  const facts: DefaultFacts = { sql: volatile.length > 0 ? `${volatile[0]}()` : sql, volatile: volatile.length > 0 };
  const sequence = nextvalSequence(expression);
  if (sequence !== undefined) facts.sequence = sequence;
  return facts;
}

/** The sequence of a default that is `nextval('name')` (or `nextval('name'::regclass)`), as the string says. */
function nextvalSequence(expression: unknown): string | undefined {
  const call = field(expression, 'FuncCall');
  if (!isNode(call) || names(call.funcname).pop()?.toLowerCase() !== 'nextval') return undefined;
  const [argument] = list(call.args);
  const constant = field(argument, 'A_Const') ?? field(field(field(argument, 'TypeCast'), 'arg'), 'A_Const');
  const text = field(field(constant, 'sval'), 'sval');
  return typeof text === 'string' ? text : undefined;
}

function describeConstant(expression: unknown): string {
  const constant = field(expression, 'A_Const') ?? field(field(expression, 'TypeCast'), 'arg') ?? {};
  // `DEFAULT NULL`, `DEFAULT NULL::integer`: PostgreSQL fills the rows with NULL.
  if (field(constant, 'isnull') === true || field(field(constant, 'A_Const'), 'isnull') === true) return 'NULL';
  const value = field(constant, 'sval') ?? field(constant, 'ival') ?? field(constant, 'boolval');
  if (isNode(value)) {
    const inner = value.sval ?? value.ival ?? value.boolval;
    if (inner !== undefined) return String(inner);
  }
  if (isNode(field(expression, 'SQLValueFunction'))) return String(field(field(expression, 'SQLValueFunction'), 'op')).replace(/^SVFOP_/, '');
  return 'an expression';
}

/** Column names referenced in an expression (the last part of each `ColumnRef`). */
/**
 * Whether a USING expression is the column itself, or the column cast to exactly `type`: what
 * PostgreSQL's ALTER COLUMN TYPE treats as no new computation (a cast that must change the
 * values, `note::varchar` into varchar(64), or any function, makes it rewrite the table; checked
 * on PostgreSQL 15).
 */
function keepsValues(using: unknown, column: string, type: TypeFacts): boolean {
  const isColumn = (node: unknown): boolean => {
    const parts = names(field(node, 'ColumnRef') !== undefined ? field(field(node, 'ColumnRef'), 'fields') : undefined);
    return parts.length > 0 && parts[parts.length - 1] === column;
  };
  if (isColumn(using)) return true;
  const cast = field(using, 'TypeCast');
  if (!isNode(cast) || !isColumn(cast.arg)) return false;
  const castTo = typeFacts(cast.typeName);
  return castTo !== undefined && castTo.name === type.name && castTo.isArray === type.isArray && castTo.modifiers.join(',') === type.modifiers.join(',');
}

/**
 * The names written as values in `INSERT ... VALUES (...)`, outside any subquery: VALUES has no
 * table to take a column from, so each fails (42703). Most often a string in double quotes, which
 * MySQL reads as a string and PostgreSQL as a name (Pagure's `VALUES ("internal_access", ...)`).
 */
/**
 * The column names of UPDATE's SET list or INSERT's column list, each once: `SET (a, b) = ...`
 * gives one target per name, and `SET point.x = ...` / `SET tags[1] = ...` name the column `point`
 * / `tags` (the rest is indirection into its value).
 */
function targetNames(targets: unknown): string[] {
  const found = new Set<string>();
  for (const target of list(targets)) {
    const name = field(field(target, 'ResTarget'), 'name');
    if (typeof name === 'string') found.add(name);
  }
  return [...found];
}

function namesInValues(select: unknown): string[] {
  const found: string[] = [];
  forEachColumnRef(field(field(select, 'SelectStmt'), 'valuesLists'), (parts) => {
    if (parts.length > 0) found.push(parts.join('.'));
  }, true);
  return [...new Set(found)];
}

/** Calls `found` with the name parts of each ColumnRef in a parse tree (outside subqueries, when asked). */
function forEachColumnRef(tree: unknown, found: (parts: string[]) => void, outsideSubqueries = false): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isNode(value)) {
      if (outsideSubqueries && isNode(value.SubLink)) return;
      const ref = value.ColumnRef;
      if (isNode(ref)) {
        found(names(ref.fields));
        return;
      }
      Object.values(value).forEach(visit);
    }
  };
  visit(tree);
}

/**
 * The columns a USING expression reads, each once: bare names and names qualified by the table
 * (nothing else is in scope there). `USING "status::text::enum"`, one quoted name, is a column
 * PostgreSQL looks for and does not find (cloudumi's downgrades, 42703).
 */
function usingColumnsOf(using: unknown, table: string): string[] {
  const own = table.slice(table.lastIndexOf('.') + 1);
  const found = new Set<string>();
  forEachColumnRef(using, (parts) => {
    if (parts.length === 1 || (parts.length === 2 && parts[0] === own)) found.add(parts[parts.length - 1]);
  });
  return [...found];
}

function columnRefs(expression: unknown): string[] {
  const found: string[] = [];
  forEachColumnRef(expression, (parts) => {
    if (parts.length > 0) found.push(parts[parts.length - 1]);
  });
  return [...new Set(found)];
}

function collectCalls(value: unknown, calls: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectCalls(item, calls);
    return;
  }
  if (!isNode(value)) return;
  const call = value.FuncCall;
  if (isNode(call)) {
    const parts = names(call.funcname);
    if (parts.length > 0) calls.push(parts[parts.length - 1].toLowerCase());
  }
  for (const child of Object.values(value)) collectCalls(child, calls);
}

export function typeFacts(typeName: unknown): TypeFacts | undefined {
  if (!isNode(typeName)) return undefined;
  const parts = names(typeName.names);
  if (parts.length === 0) return undefined;
  // As the parser gives it: an unquoted name is lower case already, a quoted one keeps its case
  // (stalker's enum "TimeUnit" is not timeunit).
  const name = parts[parts.length - 1];
  const modifiers: number[] = [];
  for (const modifier of list(typeName.typmods)) {
    // The parser's JSON leaves a zero out (`TIMESTAMP(0)` has `ival: {}`): zero, not no modifier.
    const constant = field(field(modifier, 'A_Const'), 'ival');
    if (isNode(constant)) modifiers.push(typeof constant.ival === 'number' ? constant.ival : 0);
  }
  return { name, modifiers, isArray: list(typeName.arrayBounds).length > 0 };
}

/** Whether a WHERE clause filters rows: `WHERE true` (podcast-service's `delete ... where true`) does not. */
function filters(where: unknown): boolean {
  if (where === undefined) return false;
  const constant = field(where, 'A_Const');
  return !(isNode(constant) && field(field(constant, 'boolval'), 'boolval') === true);
}
