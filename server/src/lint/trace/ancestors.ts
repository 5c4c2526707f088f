/**
 * Brings a database to the state a traced migration starts from: the ancestors applied (and, to
 * trace a downgrade, the revision itself), with the statements `alembic upgrade <rev> --sql` would
 * print. The statements are taken from the emitter one by one (no SQL parsing) and sent in as few
 * messages as PostgreSQL allows: one per transaction, and each statement that Alembic runs in
 * `autocommit_block()` alone, because CREATE INDEX CONCURRENTLY is refused inside any
 * multi-statement message.
 */
import { contentHash } from '../../common/contentHash';
import type { Session } from '../../database/session';
import type { MigrationCompiler } from '../../engine/offline/migrationCompiler';
import { offlineSql, planSettingsOf, type OfflineEnvironment } from '../../engine/offline/offlineSql';

/** The revision whose part of the script a statement belongs to (to say which ancestor failed). */
export interface StatementOwner {
  revision: string;
  file: string;
}

export type AncestorScriptResult =
  | { ok: true; statements: string[]; /** Per statement; undefined for BEGIN/COMMIT around revisions. */ owners: (StatementOwner | undefined)[] }
  | { ok: false; message: string };

/**
 * What identifies the database state after applying `target`: the target and the content of every
 * revision it applies (parents and dependencies, transitively). Cheap (no SQL is rendered), so a
 * warm trace can tell in a few milliseconds that the database it kept is still right. Without
 * content hashes (`files` absent) every call gives a new key: nothing is reused.
 */
export function ancestorKey(environment: OfflineEnvironment, target: string | undefined): string {
  if (target === undefined) return 'base';
  if (!environment.files) return `unique-${Math.random()}`;
  const seen = new Set<string>();
  const pending = [target];
  const parts: string[] = [];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const revision = environment.graph.get(id);
    if (!revision) {
      parts.push(`${id}:missing`);
      continue;
    }
    const file = environment.fileOf?.(id) ?? revision.key;
    parts.push(`${id}:${environment.files.get(String(file))?.hash ?? 'unhashed'}`);
    pending.push(...revision.allDownRevisions);
  }
  return contentHash(JSON.stringify([target, parts.sort()]));
}

/** The key of the state with every one of `targets` applied (a merge's parents), as ancestorKey. */
export function stateKey(environment: OfflineEnvironment, targets: readonly (string | undefined)[]): string {
  if (targets.length === 1) return ancestorKey(environment, targets[0]);
  return contentHash(JSON.stringify(targets.map((target) => ancestorKey(environment, target))));
}

/**
 * The part of a script before `revision`'s own part begins, with its transaction closed: a
 * BEGIN opened for the revision alone (transaction_per_migration) is dropped, a transaction
 * left open (one transaction for the whole script) gets its COMMIT.
 */
export function scriptBefore(script: AncestorScriptResult, revision: string): AncestorScriptResult {
  if (!script.ok) return script;
  let end = script.owners.findIndex((owner) => owner?.revision === revision);
  if (end < 0) end = script.statements.length;
  const statements = script.statements.slice(0, end);
  const owners = script.owners.slice(0, end);
  const lastBegin = statements.lastIndexOf('BEGIN');
  if (lastBegin > statements.lastIndexOf('COMMIT')) {
    if (lastBegin === statements.length - 1) {
      statements.pop();
      owners.pop();
    } else {
      statements.push('COMMIT');
      owners.push(undefined);
    }
  }
  return { ok: true, statements, owners };
}

/** `alembic upgrade <target> --sql` as statements, in order (BEGIN and COMMIT included). */
export function ancestorScript(environment: OfflineEnvironment, compiler: MigrationCompiler, target: string | undefined): AncestorScriptResult {
  if (target === undefined) return { ok: true, statements: [], owners: [] };
  const statements: string[] = [];
  const owners: (StatementOwner | undefined)[] = [];
  let owner: StatementOwner | undefined;
  // The version table's statements are dropped below: an env.py that computes its name still traces.
  const setup = offlineSql(environment, { command: 'upgrade', arguments: [target], allowOpaque: false, assumeUnknownSettings: true }, compiler, {
    formatStatement: (sql) => {
      statements.push(sql);
      owners.push(owner);
      return sql;
    },
    onRevision: (revision, file) => {
      owner = { revision, file };
    },
  });
  if (setup.ok) {
    const kept = keptStatements(statements, planSettingsOf(environment).versionTable.name);
    return { ok: true, statements: kept.map((at) => statements[at]), owners: kept.map((at) => owners[at]) };
  }
  if (setup.reason === 'plan') return { ok: false, message: setup.message };
  const steps = setup.opaque.map((step) => `${step.revision} line ${step.line}: ${step.reason}`).join('; ');
  return { ok: false, message: `the ancestors have steps the engine cannot render, so the database cannot be brought to the state before this migration (${steps})` };
}

/**
 * The script without the version table's statements (create, insert, update, delete): a trace
 * never reads the version table, and on a long history they are one statement in ten.
 */
function keptStatements(statements: readonly string[], table: string): number[] {
  const name = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const versionStatement = new RegExp(`^(CREATE TABLE|INSERT INTO|UPDATE|DELETE FROM) (\\S+\\.)?"?${name}"?[\\s(]`);
  const kept: number[] = [];
  statements.forEach((sql, at) => {
    if (!versionStatement.test(sql)) kept.push(at);
  });
  return kept;
}

/** A statement of the script failed: which one (its index in the statements given) and why. */
export class ScriptStatementFailed extends Error {
  constructor(
    message: string,
    /** Undefined when running the failed message again statement by statement did not fail. */
    readonly index: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Runs the script: one message per transaction, autocommit statements alone. When a message
 * fails, its transaction was rolled back; it is run again one statement at a time (then rolled
 * back) to find which statement failed, which costs time only on failure.
 */
export async function applyScript(session: Session, statements: readonly string[]): Promise<void> {
  let batch: string[] = [];
  let batchStart = 0;
  const add = (at: number): void => {
    if (batch.length === 0) batchStart = at;
    batch.push(statements[at]);
  };
  const send = async (): Promise<void> => {
    const sent = batch;
    batch = [];
    if (sent.length === 0) return;
    try {
      await session.queryMany(sent.join(';\n'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = sent.length === 1 ? 0 : await failingStatement(session, sent);
      throw new ScriptStatementFailed(message, at === undefined ? undefined : batchStart + at);
    }
  };
  let inTransaction = false;
  for (let at = 0; at < statements.length; at++) {
    const sql = statements[at];
    if (sql === 'BEGIN') {
      await send();
      inTransaction = true;
      add(at);
    } else if (sql === 'COMMIT') {
      add(at);
      inTransaction = false;
      await send();
    } else if (inTransaction) {
      add(at);
    } else {
      await send();
      add(at);
      await send();
    }
  }
  await send();
}

async function failingStatement(session: Session, sent: readonly string[]): Promise<number | undefined> {
  await session.query('ROLLBACK').catch(() => undefined);
  try {
    for (let at = 0; at < sent.length; at++) {
      try {
        await session.query(sent[at]);
      } catch {
        return at;
      }
    }
    return undefined;
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
  }
}

/**
 * Statements in the last transaction of a held script that would behave differently if the
 * statements after them ran in a new transaction instead of the same one.
 */
const TRANSACTION_SCOPED = /\b(SET\s+LOCAL|SET\s+CONSTRAINTS|SET\s+TRANSACTION|ON\s+COMMIT|DEFERRABLE|DEFERRED|TEMP|TEMPORARY|SAVEPOINT|PREPARE\s+TRANSACTION|LOCK\s+TABLE)\b/i;

/**
 * What to run on a database that holds the script `held` so that it holds `next`: the rest of
 * `next` when `held` is its beginning (tracing the next migration after its parent applies only
 * the parent), else undefined (start from a fresh database). The same statements in the same order
 * as the full script, so the same state. One difference is allowed: `alembic upgrade --sql` ends the
 * script with the COMMIT of a transaction that, for a later target, continues with more
 * migrations; the held database has committed it, so the rest runs in a transaction of its own.
 * That is the same state unless the held transaction's statements depend on the transaction they
 * are in (SET LOCAL, ON COMMIT, deferred constraints, temporary tables...), so then it is refused.
 */
export function continuation(held: readonly string[], next: readonly string[]): string[] | undefined {
  const same = (count: number): boolean => {
    for (let at = 0; at < count; at++) if (held[at] !== next[at]) return false;
    return true;
  };
  if (held.length <= next.length && same(held.length)) return next.slice(held.length);
  const open = held.length - 1;
  if (held[open] !== 'COMMIT' || open >= next.length || !same(open)) return undefined;
  const lastTransaction = held.slice(held.lastIndexOf('BEGIN') + 1, open);
  if (lastTransaction.some((sql) => TRANSACTION_SCOPED.test(sql))) return undefined;
  return ['BEGIN', ...next.slice(open)];
}

/**
 * Where the statement at `index` of a continuation (what continuation(held, next) returned and was
 * run) sits in `next`: after the held part, or, when the held script's last COMMIT was reopened
 * (the continuation starts with a BEGIN of its own), one place further back; undefined for that
 * BEGIN, which `next` does not have.
 */
export function continuationIndexInScript(index: number, held: readonly string[], run: readonly string[], next: readonly string[]): number | undefined {
  if (run.length === next.length - held.length) return held.length + index;
  return index === 0 ? undefined : held.length - 2 + index;
}
