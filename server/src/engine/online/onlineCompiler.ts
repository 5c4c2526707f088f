/**
 * A migration function reduced to what an online run executes: statements with the line of the
 * operation that produced each (so a failure names file and line), autocommit blocks, and opaque
 * steps. It differs from the offline form in two ways: `if context.is_offline_mode(): ... else:`
 * contributes its online side, and lines are kept. The SQL text of each statement is the offline
 * renderer's, so online and `--sql` runs send the same statements, except a value in a JSON
 * column, which `--sql` cannot print and a live run binds (render/boundJson.ts). Cached by file
 * content.
 */
import { pythonStrip } from '../../common/pythonStrip';
import { readMigrationText } from '../../project/versionFiles';
import type { Operation, Step } from '../ops';
import { contentHash } from '../../common/contentHash';
import { interpretForOffline } from '../offline/interpretAdapter';
import { RenderRefused, engineCache, renderForOffline } from '../offline/defaultEngine';
import { undeclaredKeys } from '../render/operations/bulkInsert';
import type { ContentCache } from '../cache/contentCache';
import { compiledKey } from '../offline/migrationCompiler';
import { listedOnce } from '../offline/compiled';
import { createdTypeKeys } from '../offline/enumTypeMemo';
import { dependenciesUnchanged, type ModuleDependency } from '../../project/pythonModules';

/**
 * SQLAlchemy's `checkfirst` (`postgresql.ENUM(...).create(bind)`, `sa.Enum(...).drop(bind,
 * checkfirst=True)`): the statement runs only when the catalog says the type exists (`exists:
 * true`, a drop) or does not (`false`, a create), asked right before it as SQLAlchemy asks.
 */
export interface CatalogGuard {
  type: string;
  /** Absent: any schema on the search path (pg_type_is_visible), as SQLAlchemy's has_type. */
  schema?: string;
  exists: boolean;
}

export type OnlineStep =
  /** `createsEnumType`: a create_table's CREATE TYPE, run once per run (offline/enumTypeMemo.ts). */
  | { kind: 'sql'; sql: string; line: number; createsEnumType?: string; onlyIf?: CatalogGuard }
  | { kind: 'autocommit'; steps: OnlineStep[]; line: number }
  /** `alembicFails`: the real Alembic fails on it too (a refused operation, a missing function): handing the run to it would not help. */
  | { kind: 'opaque'; reason: string; line: number; source: string; alembicFails?: true };

export interface OnlineMigration {
  upgrade: OnlineStep[];
  downgrade: OnlineStep[];
  /** Project modules read to compile it (custom types, helpers, env.py): a change recompiles. */
  dependencies?: ModuleDependency[];
}

function lineOf(operation: Operation): number {
  return (operation.range?.start.line ?? 0) + 1;
}

export function compileOnlineSteps(steps: readonly Step[], render: (operation: Operation) => string[]): OnlineStep[] {
  const compiled: OnlineStep[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'operation': {
        const line = lineOf(step.operation);
        try {
          const statements = render(step.operation);
          const typeKeys = createdTypeKeys(step.operation, statements);
          const onlyIf = catalogGuardOf(step.operation);
          statements.forEach((sql, index) => {
            const createsEnumType = typeKeys[index];
            compiled.push({ kind: 'sql', sql: pythonStrip(sql), line, ...(createsEnumType === undefined ? {} : { createsEnumType }), ...(onlyIf ? { onlyIf } : {}) });
          });
        } catch (error) {
          const reason = `cannot render ${step.operation.kind}: ${error instanceof Error ? error.message : String(error)}`;
          compiled.push({ kind: 'opaque', reason, line, source: '', ...(error instanceof RenderRefused && error.alembicFails ? { alembicFails: true as const } : {}) });
        }
        break;
      }
      case 'autocommit':
        compiled.push({ kind: 'autocommit', steps: compileOnlineSteps(step.steps, render), line: (step.range?.start.line ?? 0) + 1 });
        break;
      case 'modeBranch':
        compiled.push(...compileOnlineSteps(step.online, render));
        break;
      case 'opaque':
        compiled.push({ kind: 'opaque', reason: step.reason, line: step.range.start.line + 1, source: step.source, ...(step.raises ? { alembicFails: true as const } : {}) });
        break;
    }
  }
  return compiled;
}

/** The catalog question a live run asks before the operation's statements, if any. */
export function catalogGuardOf(operation: Operation): CatalogGuard | undefined {
  if (operation.kind !== 'execute' || !('kind' in operation.sql)) return undefined;
  const statement = operation.sql;
  if ((statement.kind !== 'createEnumType' && statement.kind !== 'dropEnumType') || !statement.checkfirst) return undefined;
  return { type: statement.name, ...(statement.schema !== undefined ? { schema: statement.schema } : {}), exists: statement.kind === 'dropEnumType' };
}

export function collectOnlineOpaque(steps: readonly OnlineStep[]): Extract<OnlineStep, { kind: 'opaque' }>[] {
  const found: Extract<OnlineStep, { kind: 'opaque' }>[] = [];
  const visit = (list: readonly OnlineStep[]): void => {
    for (const step of list) {
      if (step.kind === 'opaque') found.push(step);
      else if (step.kind === 'autocommit') visit(step.steps);
    }
  };
  visit(steps);
  return listedOnce(found);
}

export class OnlineCompiler {
  private readonly memory = new Map<string, OnlineMigration>();

  constructor(private readonly cache: ContentCache<OnlineMigration> | null) {}

  compile(file: string, hash?: string): OnlineMigration {
    let text: string | undefined;
    const key = compiledKey(file, hash ?? contentHash((text = readText(file))));
    const known = this.memory.get(key) ?? this.cache?.get(key);
    if (known && (known.dependencies === undefined || dependenciesUnchanged(known.dependencies))) return known;
    text ??= readText(file);
    let compiled: OnlineMigration;
    try {
      const interpreted = interpretForOffline(file, text);
      const render = (operation: Operation) => renderForOffline(asRunOnline(operation), file, {}, true);
      compiled = { upgrade: compileOnlineSteps(interpreted.upgrade, render), downgrade: compileOnlineSteps(interpreted.downgrade, render) };
      if (interpreted.dependencies && interpreted.dependencies.length > 0) compiled.dependencies = interpreted.dependencies;
    } catch (error) {
      const opaque: OnlineStep[] = [{ kind: 'opaque', reason: `the interpreter failed: ${error instanceof Error ? error.message : String(error)}`, line: 1, source: '' }];
      compiled = { upgrade: opaque, downgrade: opaque };
    }
    this.memory.set(key, compiled);
    this.cache?.set(key, compiled);
    return compiled;
  }

  flush(): void {
    this.cache?.flush();
  }
}

function readText(file: string): string {
  // Decoded as the index and the offline compiler decode it: the declared encoding (PEP 263), else UTF-8.
  return readMigrationText(file).text ?? '';
}

let shared: OnlineCompiler | undefined;

export function defaultOnlineCompiler(env: NodeJS.ProcessEnv = process.env): OnlineCompiler {
  shared ??= new OnlineCompiler(engineCache<OnlineMigration>('online', env));
  return shared;
}

/**
 * The operation as a live run executes it, where that differs from the offline SQL: bulk_insert
 * with multiinsert=True (the default) passes its rows to one executemany, and SQLAlchemy leaves a
 * key the table does not declare out of the INSERT (`--sql` fails on it with KeyError instead).
 * That executemany's columns are the first row's keys: a later row's other keys are left out
 * (no error), and a later row without one of them fails the run (StatementError), where `--sql`
 * prints each row with its own columns. Measured with Alembic 1.20 on PostgreSQL 15.
 */
export function asRunOnline(operation: Operation): Operation {
  if (operation.kind !== 'bulkInsert' || !operation.multiInsert) return operation;
  const undeclared = new Set(undeclaredKeys(operation));
  let rows = undeclared.size === 0 ? operation.rows : operation.rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !undeclared.has(key))));
  if (rows.length < 2) return rows === operation.rows ? operation : { ...operation, rows };
  const columns = Object.keys(rows[0]);
  for (let group = 1; group < rows.length; group++) {
    const missing = columns.find((key) => !Object.hasOwn(rows[group], key));
    if (missing !== undefined) {
      throw new RenderRefused(
        `bulk_insert runs its rows as one executemany whose columns are the first row's keys, and row ${group + 1} has no ${JSON.stringify(missing)}: SQLAlchemy raises StatementError (A value is required for bind parameter '${missing}', in parameter group ${group}); give every row the same keys`,
        true,
      );
    }
  }
  if (rows.every((row) => Object.keys(row).length === columns.length)) return rows === operation.rows ? operation : { ...operation, rows };
  rows = rows.map((row) => Object.fromEntries(columns.map((key) => [key, row[key]])));
  return { ...operation, rows };
}
