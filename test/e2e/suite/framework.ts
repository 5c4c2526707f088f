/**
 * A tiny test framework for the extension host (no mocha): tests run in order, each with a time
 * bound; results go to a JSON file that the harness reads. Runner-agnostic: `runAll()` resolves
 * with the counts, and the entry's `run()` rejects on failure as @vscode/test-electron expects.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  results: TestResult[];
  facts: Record<string, unknown>;
}

/** Written by the harness (or test/e2e/electron.ts) next to the bundled suite. */
export interface E2EConfig {
  /** Where to write the SuiteResult JSON. */
  resultFile?: string;
  /** Folder for screenshot requests (`<name>.request` / `<name>.done`), when a harness can take them. */
  screenshotDir?: string;
  /** Run only the tests whose name contains this text. */
  grep?: string;
  /** Which group of tests this window runs (each needs its own fixture workspace); default `alembic`. */
  group?: string;
}

const tests: { name: string; fn: () => Promise<void>; timeoutMs: number; group: string }[] = [];
/** Measurements worth reporting (activation time, ...). */
export const facts: Record<string, unknown> = {};

export function test(name: string, fn: () => Promise<void>, options: { timeoutMs?: number; group?: string } = {}): void {
  tests.push({ name, fn, timeoutMs: options.timeoutMs ?? 60_000, group: options.group ?? 'alembic' });
}

export function readConfig(): E2EConfig {
  const file = process.env.ALEMBIC_LENS_E2E_CONFIG ?? path.join(__dirname, 'e2e-config.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as E2EConfig;
  } catch {
    return {};
  }
}

export async function runAll(config: E2EConfig): Promise<SuiteResult> {
  const results: TestResult[] = [];
  const selected = tests.filter((t) => t.group === (config.group ?? 'alembic') && (!config.grep || t.name.includes(config.grep)));
  for (const { name, fn, timeoutMs } of selected) {
    const started = Date.now();
    try {
      await withTimeout(fn(), timeoutMs, name);
      results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`[e2e] ok ${name}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - started, error: message });
      console.log(`[e2e] FAIL ${name}: ${message}`);
    }
  }
  const summary: SuiteResult = {
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    results,
    facts,
  };
  if (config.resultFile) {
    // Written to a temporary name first so the harness never reads half a file.
    fs.writeFileSync(`${config.resultFile}.tmp`, JSON.stringify(summary, null, 2));
    fs.renameSync(`${config.resultFile}.tmp`, config.resultFile);
  }
  return summary;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

/**
 * Asks the harness for a screenshot of what is on screen now and waits (bounded) until it was
 * taken. Without a harness (e.g. under @vscode/test-electron) this does nothing.
 */
export async function screenshot(config: E2EConfig, name: string, settleMs = 800): Promise<void> {
  if (!config.screenshotDir) return;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const done = path.join(config.screenshotDir, `${name}.done`);
  fs.writeFileSync(path.join(config.screenshotDir, `${name}.request`), name);
  try {
    await waitFor(`screenshot ${name}`, () => fs.existsSync(done), 20_000, 100);
  } catch {
    console.log(`[e2e] screenshot ${name} was not taken`);
  }
}
