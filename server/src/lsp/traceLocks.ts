/**
 * The lock trace in the editor (alembic/traceLocks, the "Trace locks" CodeLens): runs a migration's
 * upgrade() or downgrade() on an embedded PGlite kept per environment (lint/trace/keptDatabases.ts:
 * a second trace of the same migration finds its ancestors already applied), compares each line
 * with the safety lint's prediction there, and keeps the result for hovers and inlay hints until
 * the file's text changes. The traced migration is the editor's buffer; its ancestors are applied
 * as saved on disk (as a run would apply them).
 */
import { firstOfEachKey } from '../common/firstOfEachKey';
import type { InlayHint, Hover } from 'vscode-languageserver/node';
import type { Problem } from '../common/problem';
import type { Position } from '../common/range';
import { defaultCompiler } from '../engine/offline/defaultEngine';
import { openMemoryDatabase } from '../database/memoryDatabase';
import { KeptDatabases } from '../lint/trace/keptDatabases';
import { savedStates } from '../lint/trace/savedStates';
import { lockModeFacts, strongestMode } from '../lint/trace/lockModes';
import { traceRevision, type TracedLock, type TracedStatement } from '../lint/trace/lockTrace';
import { checkPredictions } from '../lint/trace/prediction';
import { loadSqlParser } from '../lint/sql/parser';
import type { Environment, WorkspaceIndex } from '../project/types';
import type { RunProgressParams, TracedLine, TracedLockInfo, TraceLocksParams, TraceLocksResult } from '../protocol';
import { onlineEnvironment } from './online/onlineEnvironment';
import type { Logger } from './safe';
import type { Session } from './session';
import { uriToPath } from './uri';

export interface LockTraceHooks {
  session(): Promise<Session>;
  logger: Logger;
  progress(params: RunProgressParams): void;
  /** The safety lint's findings for an open migration (lsp/lint.ts). */
  findings(index: WorkspaceIndex, env: Environment, file: string): Problem[];
  /** Asks the client to fetch inlay hints again (a trace finished). */
  refreshInlayHints(): void;
}

interface KeptResult {
  text: string;
  result: TraceLocksResult;
}

export class LockTraceService {
  // Kept per environment in memory, and saved on disk for the next session (savedStates.ts).
  private readonly databases = new KeptDatabases(
    () => openMemoryDatabase(),
    savedStates((from) => openMemoryDatabase(process.env, from)),
  );
  private readonly results = new Map<string, KeptResult>();

  constructor(private readonly hooks: LockTraceHooks) {}

  async trace(params: TraceLocksParams): Promise<TraceLocksResult> {
    const started = performance.now();
    const failed = (message: string): TraceLocksResult => ({
      ok: false,
      revisionId: params.revisionId,
      direction: params.direction,
      lines: [],
      untraced: [],
      message,
      code: 'lock-trace-failed',
      setupMs: 0,
      totalMs: performance.now() - started,
    });
    const session = await this.hooks.session();
    const env = session.environmentById(params.environmentId);
    const file = uriToPath(params.uri) ?? env?.fileOf(params.revisionId);
    const text = file ? session.index?.textOf(file) : undefined;
    if (!env || !file || text === undefined || !session.index) return failed(`no migration ${params.revisionId} in environment ${params.environmentId}`);
    const progress = (message: string): void => this.hooks.progress({ runId: params.runId ?? '', message });
    let result: Awaited<ReturnType<typeof traceRevision>>;
    try {
      result = await this.databases.use(env.config.id, (database) =>
      traceRevision({
        environment: onlineEnvironment(env, session.openFiles),
        keyFiles: env.files,
        compiler: defaultCompiler(),
        revision: params.revisionId,
        direction: params.direction,
        text,
        database,
        progress,
      }),
      );
    } catch (error) {
      // The embedded database did not start, or failed under the trace: a message, not a crash.
      return failed(`the embedded database failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!result.ok) return failed(result.message);
    // The lint reports nothing until the PostgreSQL parser is loaded: no prediction would be compared.
    await loadSqlParser();
    const findings = this.hooks.findings(session.index, env, file);
    const answer: TraceLocksResult = {
      ok: true,
      revisionId: result.revision,
      direction: result.direction,
      lines: tracedLines(result.statements, findings),
      untraced: result.untraced,
      setupMs: Math.round(result.setupMs),
      totalMs: Math.round(performance.now() - started),
    };
    this.results.set(file, { text, result: answer });
    this.hooks.logger.info(`[alembic-lens] lock trace of ${result.revision} ${result.direction}(): ${answer.lines.length} line(s) in ${answer.totalMs} ms (database prepared in ${answer.setupMs} ms)`);
    this.hooks.refreshInlayHints();
    return answer;
  }

  /** The kept result for a file, if its text is still the traced one (dropped otherwise). */
  resultFor(file: string, text: string | undefined): TraceLocksResult | undefined {
    const kept = this.results.get(file);
    if (!kept) return undefined;
    if (kept.text !== text) {
      this.results.delete(file);
      return undefined;
    }
    return kept.result;
  }

  inlayHints(file: string, text: string | undefined): InlayHint[] {
    const result = this.resultFor(file, text);
    if (!result || text === undefined) return [];
    const lines = text.split(/\r?\n/);
    const hints: InlayHint[] = [];
    for (const traced of result.lines) {
      const tooltip = { kind: 'markdown' as const, value: traceMarkdown(traced, result) };
      hints.push({ position: { line: traced.line, character: (lines[traced.line] ?? '').length }, label: traced.summary, paddingLeft: true, tooltip });
    }
    for (const step of result.untraced) {
      hints.push({ position: { line: step.line, character: (lines[step.line] ?? '').length }, label: 'not traced: the engine cannot run this step', paddingLeft: true, tooltip: step.reason });
    }
    return hints;
  }

  /** The trace of the hovered line, appended to whatever else the hover says. */
  withTrace(hover: Hover | null, file: string, position: Position, text: string | undefined): Hover | null {
    const result = this.resultFor(file, text);
    const traced = result?.lines.find((line) => line.line === position.line);
    if (!result || !traced) return hover;
    const markdown = traceMarkdown(traced, result);
    if (!hover) return { contents: { kind: 'markdown', value: markdown } };
    const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    return { ...hover, contents: { kind: 'markdown', value: `${value}\n\n---\n\n${markdown}` } };
  }

  dispose(): Promise<void> {
    this.results.clear();
    return this.databases.closeAll();
  }
}

function lockInfo(lock: TracedLock): TracedLockInfo {
  return { relation: lock.relation, mode: lock.mode, kind: lock.kind ?? 'other', blocks: lockModeFacts(lock.mode)?.blocks ?? 'see the PostgreSQL lock table' };
}

/** The statements grouped by their `op.*` line, with the rules' predictions checked. */
function tracedLines(statements: readonly TracedStatement[], findings: readonly Problem[]): TracedLine[] {
  const byLine = new Map<number, TracedStatement[]>();
  for (const statement of statements) byLine.set(statement.line, [...(byLine.get(statement.line) ?? []), statement]);
  return [...byLine].map(([line, group]) => {
    const taken = dedupe(group.flatMap((statement) => statement.taken)).map(lockInfo);
    const rewritten = [...new Set(group.flatMap((statement) => statement.rewritten))];
    const error = group.find((statement) => statement.error)?.error;
    const ms = group.reduce((sum, statement) => sum + statement.ms, 0);
    const traced: Omit<TracedLine, 'summary'> = {
      line,
      statements: group.map((statement) => statement.sql),
      inTransaction: group.every((statement) => statement.inTransaction),
      taken,
      rewritten,
      ms: Math.round(ms * 10) / 10,
      error,
      predictions: checkPredictions(findings, line, group),
    };
    return { ...traced, summary: summaryOf(traced) };
  });
}

function dedupe(locks: TracedLock[]): TracedLock[] {
  return firstOfEachKey(locks, (lock) => `${lock.relation}\u0000${lock.mode}`);
}

/**
 * `AccessExclusiveLock on orders (blocks reads and writes) · rewrites orders · confirms
 * column-type-change · 2.1 ms`: what matters first, since the editor shortens long hints (the
 * hint's tooltip and the hover have everything). Plain text: symbol glyphs are missing from
 * common editor fonts.
 */
function summaryOf(line: Omit<TracedLine, 'summary'>): string {
  if (line.error) return `error ${line.error.code}: ${line.error.message}${verdicts(line)}`;
  // The tables' locks are what the application feels; an index being built locks itself too.
  const onTables = line.taken.filter((lock) => lock.kind === 'table');
  const shown = onTables.length > 0 ? onTables : line.taken;
  const strongest = strongestMode(shown.map((lock) => lock.mode));
  const parts: string[] = [];
  if (strongest) {
    const tables = shown.filter((lock) => lock.mode === strongest.mode).map((lock) => lock.relation);
    parts.push(`${strongest.mode} on ${tables.join(', ')} (${strongest.blocks})`);
  } else {
    parts.push(line.inTransaction ? 'no new lock' : 'outside the transaction: locks end with the statement');
  }
  if (line.rewritten.length > 0) parts.push(`rewrites ${line.rewritten.join(', ')}`);
  return `${parts.join(' · ')}${verdicts(line)} · ${line.ms} ms`;
}

function verdicts(line: Omit<TracedLine, 'summary'>): string {
  return line.predictions.map((check) => ` · ${check.verdict === 'confirmed' ? 'confirms' : 'contradicts'} ${check.code}`).join('');
}

function traceMarkdown(line: TracedLine, result: TraceLocksResult): string {
  const out = [`**Lock trace** (${result.direction}() on the embedded PostgreSQL, rolled back)`, ''];
  if (line.error) out.push(`- **Error ${line.error.code}**: ${line.error.message}`);
  const tablesFirst = [...line.taken].sort((a, b) => Number(b.kind === 'table') - Number(a.kind === 'table'));
  for (const lock of tablesFirst) {
    const what = lock.kind === 'other' ? '' : `${lock.kind} `;
    out.push(`- \`${lock.mode}\` on ${what}\`${lock.relation}\`${lock.kind === 'table' ? `: ${lock.blocks}` : ''}`);
  }
  if (!line.error && line.taken.length === 0) out.push(line.inTransaction ? '- no lock beyond those already held' : '- outside the transaction (`autocommit_block()`): its locks end with the statement');
  out.push(`- table rewritten: ${line.rewritten.length > 0 ? line.rewritten.map((name) => `\`${name}\``).join(', ') : 'no'}`);
  out.push(`- time: ${line.ms} ms`);
  for (const check of line.predictions) {
    out.push(
      check.verdict === 'confirmed'
        ? `- confirms \`${check.code}\` (predicted ${check.predicted})`
        : `- **contradicts** \`${check.code}\`: predicted ${check.predicted}, traced ${check.observed ?? 'something else'}`,
    );
  }
  return out.join('\n');
}
