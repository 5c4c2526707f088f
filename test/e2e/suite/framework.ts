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
 * taken; fails the test when it was not. Without a harness (e.g. under @vscode/test-electron,
 * which cannot take one) this does nothing: a screenshot is an artefact, not an assertion.
 */
export async function screenshot(config: E2EConfig, name: string, settleMs = 800): Promise<void> {
  if (!config.screenshotDir) return;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const done = path.join(config.screenshotDir, `${name}.done`);
  fs.writeFileSync(path.join(config.screenshotDir, `${name}.request`), name);
  await waitFor(`the harness to take screenshot ${name}`, () => fs.existsSync(done), 20_000, 100);
}

/** What the harness reads of one element of the workbench page. */
export interface ElementText {
  text: string;
  ariaLabel: string | null;
}

let inspections = 0;

/**
 * The text of every element of the workbench page that matches `selector`, read by the harness
 * (test/e2e/run.mjs, with Playwright): what a user sees, which the `vscode` API cannot tell (the
 * Problems panel's rows, the token inspector). Fails when no harness can read the page, as under
 * @vscode/test-electron: the check cannot be made there, and it must not pass unmade.
 */
export async function inspectWorkbench(config: E2EConfig, selector: string): Promise<ElementText[]> {
  const dir = config.screenshotDir;
  if (!dir) throw new Error(`reading the workbench (${selector}) needs the harness of test/e2e/run.mjs; this runner has none`);
  const name = `inspect-${++inspections}`;
  const answer = path.join(dir, `${name}.answer.json`);
  // Written under another name first so the harness never reads half a request.
  fs.writeFileSync(path.join(dir, `${name}.inspect.tmp`), JSON.stringify({ selector }));
  fs.renameSync(path.join(dir, `${name}.inspect.tmp`), path.join(dir, `${name}.inspect`));
  await waitFor(`the harness to read ${selector}`, () => fs.existsSync(answer), 20_000, 100);
  return JSON.parse(fs.readFileSync(answer, 'utf8')) as ElementText[];
}

/** Polls the workbench page until the elements matching `selector` satisfy `check` (bounded). */
export async function waitForWorkbench(config: E2EConfig, what: string, selector: string, check: (elements: ElementText[]) => boolean, timeoutMs = 20_000): Promise<ElementText[]> {
  let last: ElementText[] = [];
  try {
    return await waitFor(what, async () => {
      last = await inspectWorkbench(config, selector);
      return check(last) ? last : undefined;
    }, timeoutMs, 250);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlast seen (${selector}): ${JSON.stringify(last.map((element) => element.ariaLabel ?? element.text)).slice(0, 2000)}`);
  }
}

let clicks = 0;

/**
 * Has the harness click the first element of the page matching `selector` whose text contains
 * `text` (a button a user would press, such as a progress notification's Cancel, which no `vscode`
 * API reaches); resolves once it was clicked, fails when none matched or no harness runs.
 */
export async function clickWorkbench(config: E2EConfig, selector: string, text: string): Promise<void> {
  const dir = config.screenshotDir;
  if (!dir) throw new Error(`clicking in the workbench (${selector}) needs the harness of test/e2e/run.mjs; this runner has none`);
  const name = `click-${++clicks}`;
  const answer = path.join(dir, `${name}.clicked.json`);
  fs.writeFileSync(path.join(dir, `${name}.click.tmp`), JSON.stringify({ selector, text }));
  fs.renameSync(path.join(dir, `${name}.click.tmp`), path.join(dir, `${name}.click`));
  await waitFor(`the harness to click ${selector} "${text}"`, () => fs.existsSync(answer), 20_000, 100);
  const { clicked, error } = JSON.parse(fs.readFileSync(answer, 'utf8')) as { clicked: boolean; error?: string };
  if (!clicked) throw new Error(`the harness could not click ${selector} "${text}": ${error ?? 'no such element'}`);
}
