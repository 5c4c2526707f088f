/**
 * What the statements toActions.ts keeps as `otherSql` do that the rules care about: the table
 * locks that block the application (`LOCK TABLE`, `CREATE TRIGGER`, `ALTER TABLE ... ENABLE ROW
 * LEVEL SECURITY`, `CLUSTER`, `REINDEX`, policies, rules, ...), and whether PostgreSQL refuses the
 * statement inside a transaction block (error 25001: `VACUUM`, `REINDEX CONCURRENTLY`, `CREATE
 * DATABASE`, ...). Every mode here was traced on PGlite (pg_locks after the statement) and agrees
 * with PostgreSQL's documentation; only the blocking ones are kept (tableLocks.ts): a SHARE
 * UPDATE EXCLUSIVE statement (`COMMENT ON`, `ALTER TABLE ... SET (fillfactor = 70)`, `ANALYZE`)
 * lets reads and writes go on.
 */
import type { BlockingLockMode, StatementLock, TableRewrite } from '../actions';
import { field, isNode, list, qualified, relationName, type Node } from './parseTree';

export interface OtherStatementFacts {
  locks?: StatementLock[];
  notInTransaction?: string;
  rewrites?: TableRewrite[];
}

/** ALTER TABLE subcommands that copy the table: moving it to another tablespace, switching its WAL logging. */
const REWRITING_SUBCOMMANDS: Record<string, 'SET TABLESPACE' | 'SET LOGGED' | 'SET UNLOGGED'> = { AT_SetTableSpace: 'SET TABLESPACE', AT_SetLogged: 'SET LOGGED', AT_SetUnLogged: 'SET UNLOGGED' };

/** PostgreSQL's lock mode numbers (lockdefs.h), as LOCK TABLE's parse tree gives them. */
const LOCK_MODE_NUMBERS: Record<number, BlockingLockMode> = { 5: 'SHARE', 6: 'SHARE ROW EXCLUSIVE', 7: 'EXCLUSIVE', 8: 'ACCESS EXCLUSIVE' };

/** ALTER TABLE subcommands that take ACCESS EXCLUSIVE and that toActions.ts does not model otherwise. */
const EXCLUSIVE_SUBCOMMANDS = new Set([
  'AT_EnableRowSecurity',
  'AT_DisableRowSecurity',
  'AT_ForceRowSecurity',
  'AT_NoForceRowSecurity',
  'AT_SetLogged',
  'AT_SetUnLogged',
  'AT_SetTableSpace',
  'AT_ReplicaIdentity',
  'AT_ChangeOwner',
  'AT_SetStorage',
  // SET COMPRESSION and SET ACCESS METHOD: ACCESS EXCLUSIVE, measured on PostgreSQL 15.
  'AT_SetCompression',
  'AT_SetAccessMethod',
  'AT_AddInherit',
  'AT_DropInherit',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
]);

/** ALTER TABLE ... ENABLE / DISABLE TRIGGER: SHARE ROW EXCLUSIVE, which blocks writes. */
const TRIGGER_SUBCOMMANDS = new Set(['AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig', 'AT_EnableTrigAll', 'AT_DisableTrigAll', 'AT_EnableTrigUser', 'AT_DisableTrigUser']);

const NOT_IN_TRANSACTION: Record<string, string> = {
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DropTableSpaceStmt: 'DROP TABLESPACE',
  AlterSystemStmt: 'ALTER SYSTEM',
};

/** Facts of a statement kept as `otherSql` (`kind` is the parse tree's node name). */
export function otherStatementFacts(kind: string, body: Node): OtherStatementFacts {
  const exclusive = (table: string): StatementLock[] => (table ? [{ table, mode: 'ACCESS EXCLUSIVE' }] : []);
  switch (kind) {
    case 'LockStmt': {
      const mode = LOCK_MODE_NUMBERS[Number(body.mode)];
      return mode ? { locks: list(body.relations).map((relation) => ({ table: relationName(field(relation, 'RangeVar')), mode })) } : {};
    }
    case 'CreateTrigStmt':
      return { locks: [{ table: relationName(body.relation), mode: 'SHARE ROW EXCLUSIVE' }] };
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return { locks: exclusive(relationName(body.table)) };
    case 'RuleStmt':
      return { locks: exclusive(relationName(body.relation)) };
    case 'ClusterStmt':
      // Without a table, every table clustered before: refused inside a transaction block.
      if (!isNode(body.relation)) return { notInTransaction: 'CLUSTER' };
      return { locks: exclusive(relationName(body.relation)), rewrites: [{ how: 'CLUSTER', table: relationName(body.relation) }] };
    case 'VacuumStmt': {
      // ANALYZE alone may run in a transaction (and takes SHARE UPDATE EXCLUSIVE).
      if (body.is_vacuumcmd !== true) return {};
      const full = list(body.options).some((option) => field(field(option, 'DefElem'), 'defname') === 'full');
      const tables = list(body.rels).map((relation) => relationName(field(field(relation, 'VacuumRelation'), 'relation'))).filter((table) => table !== '');
      return full && tables.length > 0 ? { notInTransaction: 'VACUUM', rewrites: tables.map((table) => ({ how: 'VACUUM FULL' as const, table })) } : { notInTransaction: 'VACUUM' };
    }
    case 'ReindexStmt':
      return reindex(body);
    case 'RefreshMatViewStmt': {
      // Without CONCURRENTLY the view's data is written anew under ACCESS EXCLUSIVE (PostgreSQL 15:
      // a new relfilenode); CONCURRENTLY lets its readers go on.
      const view = relationName(body.relation);
      if (body.concurrent === true || !view) return {};
      return { locks: exclusive(view), rewrites: [{ how: 'REFRESH MATERIALIZED VIEW', table: view }] };
    }
    case 'DiscardStmt':
      return body.target === 'DISCARD_ALL' ? { notInTransaction: 'DISCARD ALL' } : {};
    default:
      return NOT_IN_TRANSACTION[kind] ? { notInTransaction: NOT_IN_TRANSACTION[kind] } : {};
  }
}

/**
 * DROP TRIGGER / POLICY / RULE ... ON table: ACCESS EXCLUSIVE on the table (the last name is the
 * object's). With IF EXISTS nothing is claimed: the history does not follow triggers and policies,
 * and a drop that finds none takes no lock (onyx drops a trigger that has usually removed itself).
 */
export function dropOnTableFacts(removeType: unknown, objects: string[][], ifExists: boolean): OtherStatementFacts {
  if (ifExists || (removeType !== 'OBJECT_TRIGGER' && removeType !== 'OBJECT_POLICY' && removeType !== 'OBJECT_RULE')) return {};
  return { locks: objects.filter((parts) => parts.length >= 2).map((parts) => ({ table: qualified(parts.slice(0, -1)), mode: 'ACCESS EXCLUSIVE' as const })) };
}

/** An ALTER TABLE subcommand toActions.ts does not model otherwise. */
export function alterTableSubcommandFacts(table: string, command: Node): OtherStatementFacts {
  const subtype = String(command.subtype ?? '');
  const rewriting = REWRITING_SUBCOMMANDS[subtype];
  if (rewriting) return { locks: [{ table, mode: 'ACCESS EXCLUSIVE' }], rewrites: [{ how: rewriting, table }] };
  if (EXCLUSIVE_SUBCOMMANDS.has(subtype)) return { locks: [{ table, mode: 'ACCESS EXCLUSIVE' }] };
  if (TRIGGER_SUBCOMMANDS.has(subtype)) return { locks: [{ table, mode: 'SHARE ROW EXCLUSIVE' }] };
  const partition = relationName(field(field(command.def, 'PartitionCmd'), 'name'));
  if (subtype === 'AT_DetachPartition') {
    if (field(field(command.def, 'PartitionCmd'), 'concurrent') === true) return { notInTransaction: 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY' };
    return { locks: [{ table, mode: 'ACCESS EXCLUSIVE' }, ...(partition ? [{ table: partition, mode: 'ACCESS EXCLUSIVE' as const }] : [])] };
  }
  // The parent takes SHARE UPDATE EXCLUSIVE (reads and writes go on); the table attached, ACCESS EXCLUSIVE.
  if (subtype === 'AT_AttachPartition') return partition ? { locks: [{ table: partition, mode: 'ACCESS EXCLUSIVE' }] } : {};
  return {};
}

function reindex(body: Node): OtherStatementFacts {
  const concurrently = list(body.params).some((param) => field(field(param, 'DefElem'), 'defname') === 'concurrently');
  const target = String(body.kind ?? '').replace(/^REINDEX_OBJECT_/, '');
  if (concurrently) return { notInTransaction: 'REINDEX CONCURRENTLY' };
  if (target === 'SCHEMA' || target === 'SYSTEM' || target === 'DATABASE') return { notInTransaction: `REINDEX ${target}` };
  // The table is locked against writes while its indexes are rebuilt.
  if (target === 'TABLE') return { locks: [{ table: relationName(body.relation), mode: 'SHARE' }], rewrites: [{ how: 'REINDEX TABLE', table: relationName(body.relation) }] };
  if (target === 'INDEX') return { locks: [{ index: relationName(body.relation), mode: 'SHARE' }], rewrites: [{ how: 'REINDEX INDEX', index: relationName(body.relation) }] };
  return {};
}
