/**
 * The engine features of the editor, behind one adapter: operations of a migration (document
 * symbols, hover SQL), opaque-step diagnostics for open files, and the SQL preview of a revision.
 * Interpretation is cached by file content hash, so hovers and lenses on an unchanged file are free.
 */
import { formatStatement } from '../engine/offline/formatSql';
import type { Hover } from 'vscode-languageserver/node';
import type { Problem } from '../common/problem';
import { rangeContains, type Position, type SourceRange } from '../common/range';
import type { Operation, Step } from '../engine/ops';
import type { Environment, WorkspaceIndex } from '../project/types';
import type { MigrationDirection, PreviewSqlResult } from '../protocol';
import type * as InterpretModule from '../engine/interpret/index';
import type * as RenderModule from '../engine/render/index';
import type * as PreviewModule from '../engine/preview';
import type { OperationSymbol } from './symbols';
import { newBodyProblems, rawBodyProblems } from '../engine/bodyProblems';

/**
 * The engine is loaded on first use, so a server whose engine fails to load (or is still being
 * built) keeps every graph feature; the engine features then answer empty and log why.
 */
interface EngineModules {
  interpretMigration: typeof InterpretModule.interpretMigration;
  renderOperation: typeof RenderModule.renderOperation;
  previewRevisionSql: typeof PreviewModule.previewRevisionSql;
}

let engineModules: EngineModules | undefined;

function engine(): EngineModules {
  if (!engineModules) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const interpret = require('../engine/interpret/index') as typeof InterpretModule;
    const render = require('../engine/render/index') as typeof RenderModule;
    const preview = require('../engine/preview') as typeof PreviewModule;
    engineModules = { interpretMigration: interpret.interpretMigration, renderOperation: render.renderOperation, previewRevisionSql: preview.previewRevisionSql };
  }
  return engineModules;
}

interface Interpreted {
  upgrade: Step[];
  downgrade: Step[];
  problems: Problem[];
}

const MAX_CACHED = 256;
const interpretedByKey = new Map<string, Interpreted>();

function interpreted(index: WorkspaceIndex, env: Environment | undefined, file: string): Interpreted | undefined {
  const text = index.textOf(file);
  if (text === undefined) return undefined;
  const key = `${file}\u0000${env?.files.get(file)?.hash ?? text}`;
  const cached = interpretedByKey.get(key);
  if (cached) return cached;
  const raw = engine().interpretMigration(file, text);
  const result: Interpreted = { upgrade: raw.upgrade?.steps ?? [], downgrade: raw.downgrade?.steps ?? [], problems: raw.problems ?? [] };
  if (interpretedByKey.size >= MAX_CACHED) interpretedByKey.delete(interpretedByKey.keys().next().value!);
  interpretedByKey.set(key, result);
  return result;
}

type Visit = (step: Step, fn: 'upgrade' | 'downgrade') => void;

function walk(steps: readonly Step[], fn: 'upgrade' | 'downgrade', visit: Visit): void {
  for (const step of steps) {
    visit(step, fn);
    if (step.kind === 'autocommit') walk(step.steps, fn, visit);
    else if (step.kind === 'modeBranch') {
      walk(step.offline, fn, visit);
      walk(step.online, fn, visit);
    }
  }
}

function eachStep(result: Interpreted, visit: Visit): void {
  walk(result.upgrade ?? [], 'upgrade', visit);
  walk(result.downgrade ?? [], 'downgrade', visit);
}

/** `op.create_table` for kind `createTable`. */
function callName(kind: string): string {
  return `op.${kind.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`;
}

/** A short label of what an operation touches: the index or constraint name, `table.column`, or the table. */
function operationDetail(operation: Operation): string | undefined {
  const record = operation as unknown as Record<string, unknown>;
  const nameOf = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' ? (value as { name: string }).name : undefined;
  const table = nameOf(record.table);
  const named = nameOf(record.index) ?? (typeof record.name === 'string' ? record.name : undefined) ?? nameOf(record.constraint);
  if (named) return named;
  const column = nameOf(record.column);
  if (column) return table ? `${table}.${column}` : column;
  if (typeof record.oldName === 'string' && typeof record.newName === 'string') return `${record.oldName} → ${record.newName}`;
  return table;
}

export function operationSymbols(index: WorkspaceIndex, env: Environment | undefined, file: string): OperationSymbol[] {
  const result = interpreted(index, env, file);
  if (!result) return [];
  const symbols: OperationSymbol[] = [];
  eachStep(result, (step, fn) => {
    if (step.kind === 'operation' && step.operation.range) {
      symbols.push({ name: callName(step.operation.kind), detail: operationDetail(step.operation), range: step.operation.range, function: fn });
    } else if (step.kind === 'opaque') {
      symbols.push({ name: 'opaque step', detail: step.reason, range: step.range, function: fn });
    }
  });
  return symbols;
}

/**
 * The interpreter's problems for an open migration (opaque steps as information, unknown
 * operations, wrong arguments), minus any the index already reports.
 */
export function interpreterProblems(index: WorkspaceIndex, env: Environment | undefined, file: string): Problem[] {
  const migration = env?.files.get(file);
  const text = migration ? index.textOf(file) : undefined;
  if (!migration || text === undefined) return [];
  // The same core function as `alembic-lens check`, over this server's cached interpretation.
  const raw = rawBodyProblems(file, text, migration.header.parsedWholeFile, () => interpreted(index, env, file)?.problems ?? []);
  return newBodyProblems(raw, index.problemsFor(file));
}

export function operationHover(index: WorkspaceIndex, env: Environment | undefined, file: string, position: Position): Hover | null {
  if (!env?.files.has(file)) return null;
  const result = interpreted(index, env, file);
  if (!result) return null;
  let found: { operation: Operation; range: SourceRange } | undefined;
  eachStep(result, (step) => {
    if (!found && step.kind === 'operation' && step.operation.range && rangeContains(step.operation.range, position)) {
      found = { operation: step.operation, range: step.operation.range };
    }
  });
  if (!found) return null;
  const rendered = engine().renderOperation(found.operation, { file });
  const body =
    rendered.statements.length > 0
      ? '```sql\n' + rendered.statements.map((statement) => `${statement};`).join('\n\n') + '\n```'
      : `_No SQL: ${rendered.problems.map((problem) => problem.message).join('; ') || 'nothing to render'}_`;
  return { contents: { kind: 'markdown', value: `**${callName(found.operation.kind)}**\n\n${body}` }, range: found.range };
}

export function previewSql(index: WorkspaceIndex, env: Environment, revisionId: string, direction: MigrationDirection): PreviewSqlResult {
  // The unsaved buffer wins: preview what the editor shows, not what is on disk.
  const file = env.fileOf(revisionId);
  const text = file ? index.textOf(file) : undefined;
  const result = engine().previewRevisionSql(env, revisionId, direction, text !== undefined ? { text } : {});
  const warnings = [
    ...result.opaqueSteps.map((step) => `opaque step at line ${step.line}: ${step.reason}`),
    ...result.problems.map((problem) => problem.message),
  ];
  const sql = result.sql ? `${previewHeader(env, revisionId, direction, result.opaqueSteps)}\n\n${formatScript(result.sql)}` : '';
  return { sql, revisionId, direction, warnings };
}

/** The comment block on top of a preview: environment, range, and what the engine could not render. */
function previewHeader(env: Environment, revisionId: string, direction: MigrationDirection, opaque: readonly { line: number; reason: string }[]): string {
  const parents = env.graph.get(revisionId)?.downRevisions ?? [];
  const below = parents.length > 0 ? parents.join(', ') : 'base';
  const range = direction === 'upgrade' ? `${below} -> ${revisionId}` : `${revisionId} -> ${below}`;
  const lines = [
    `-- Alembic Lens: offline ${direction} SQL (what \`alembic ${direction} ... --sql\` prints, formatted)`,
    `-- environment: ${env.config.name} (${env.config.configFile})`,
    `-- range: ${range}`,
    opaque.length === 0 ? '-- opaque steps: none' : `-- opaque steps (${opaque.length}, NOT rendered below):`,
    ...opaque.map((step) => `--   line ${step.line}: ${step.reason}`),
  ];
  return lines.join('\n');
}

/** sql-formatter over the whole script (loaded on first preview); Alembic's own layout if it cannot parse it. */
function formatScript(sql: string): string {
  return `${formatStatement(sql).trimEnd()}\n`;
}
