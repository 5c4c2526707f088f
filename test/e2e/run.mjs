#!/usr/bin/env node
// End-to-end runner: the extension inside a real VS Code (the VS Code server from npm code-server,
// its web workbench in Debian's Chromium via playwright-core). See docs in test/e2e/README.md.
//
// usage: node test/e2e/run.mjs   (after `node esbuild.mjs` and `test/e2e/setup.sh`)
//        node test/e2e/run.mjs --restricted   (only the Restricted Mode session)
// env:   ALEMBIC_LENS_E2E_CACHE (tools folder, default ~/.cache/alembic-lens-e2e)
//        ALEMBIC_LENS_E2E_SESSIONS (comma-separated sessions to run: alembic,online,quiet,restricted)
//        ALEMBIC_LENS_E2E_TIMEOUT_MS (bound for the whole suite, default 240000)
//        ALEMBIC_LENS_E2E_GREP (run only the tests whose name contains this text)
//        ALEMBIC_LENS_E2E_EXTENSION (extension folder to test, default the repository)
//
// It bundles the suite, copies test/fixtures/e2e-workspace to a temp folder, starts the server
// with the development flags, opens the workbench with extensionDevelopmentPath and
// extensionTestsPath in the payload, takes the screenshots the suite asks for, waits (bounded)
// for the suite's result file, prints `N passed, N failed` and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bundleSuite, repoRoot } from './bundle.mjs';

const cache = process.env.ALEMBIC_LENS_E2E_CACHE ?? path.join(repoRoot, '.cache', 'e2e');
const timeoutMs = Number(process.env.ALEMBIC_LENS_E2E_TIMEOUT_MS ?? 240_000);
const artifacts = path.join(repoRoot, 'test-artifacts', 'e2e');
const extensionPath = path.resolve(process.env.ALEMBIC_LENS_E2E_EXTENSION ?? repoRoot);
const node24 = path.join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
const serverMain = path.join(cache, 'cs', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function fail(message) {
  console.error(`e2e: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const [file, hint] of [
  [node24, 'run test/e2e/setup.sh'],
  [serverMain, 'run test/e2e/setup.sh'],
  [chromiumPath, 'run test/e2e/setup.sh (installs chromium)'],
  [path.join(extensionPath, 'dist', 'client.js'), 'run `node esbuild.mjs` first'],
  [path.join(extensionPath, 'dist', 'server.js'), 'run `node esbuild.mjs` first'],
]) {
  if (!fs.existsSync(file)) fail(`missing ${file}: ${hint}`);
}

function loadPlaywright() {
  for (const base of [path.join(repoRoot, 'package.json'), path.join(cache, 'pw', 'package.json')]) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      // try the next place
    }
  }
  fail('playwright-core is not installed (run test/e2e/setup.sh)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what, probe, ms, interval = 200) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** A TCP listener that records how many connections it got (and the port) in `file`, then hangs up on each. */
function countingListener(file) {
  return new Promise((resolve, reject) => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      fs.writeFileSync(file, JSON.stringify({ port: server.address().port, connections }));
      socket.destroy();
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      fs.writeFileSync(file, JSON.stringify({ port, connections }));
      resolve({ port, file, close: () => server.close() });
    });
  });
}

// The suite gives this password to a connection; afterwards no file of the session may hold it.
const e2ePassword = `e2e-${randomBytes(12).toString('hex')}`;
const secretLeaks = [];

/** Files below `folder` (server data, user data, logs, workspace) that contain the password. */
function filesHoldingPassword(folder) {
  const found = [];
  const visit = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && fs.statSync(full).size < 64 * 1024 * 1024 && fs.readFileSync(full, 'latin1').includes(e2ePassword)) found.push(full);
    }
  };
  visit(folder);
  return found;
}

const started = Date.now();
const suite = await bundleSuite();
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
const { chromium } = loadPlaywright();

/**
 * One VS Code window on a copy of `fixture`, running the suite's tests of `group`. Returns the
 * suite's summary, or throws on a time-out / start failure.
 */
async function runSession(name, fixture, group, options = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `alembic-lens-e2e-${name}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(fixture, workspace, { recursive: true });
  // `startupHost`: the workspace opens with its own settings choosing a connection to a host that
  // is only a listener here, counting connections into a file the suite reads: nothing may reach
  // it before the user confirms the host (start-up safety, online-actions.e2e.ts).
  const startupHost = options.startupHost ? await countingListener(path.join(tmp, 'startup-host.json')) : undefined;
  if (startupHost) {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'alembicLens.connections': { startup: { url: `postgresql://app@127.0.0.1:${startupHost.port}/app` } }, 'alembicLens.activeConnection': 'startup' }, null, 2),
    );
  }
  const shots = path.join(tmp, 'shots');
  fs.mkdirSync(shots);
  const resultFile = path.join(tmp, 'result.json');
  // Per session, in its own folder: runs started by several engineers at once must not share it.
  const configFile = path.join(tmp, 'e2e-config.json');
  fs.writeFileSync(configFile, JSON.stringify({ resultFile, screenshotDir: shots, group, grep: process.env.ALEMBIC_LENS_E2E_GREP }, null, 2));
  const userDir = path.join(tmp, 'user');
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({
      // Trust off everywhere but in the Restricted Mode session, where it is on and the
      // workspace is left untrusted (no start-up prompt: nobody answers it).
      ...(options.untrusted
        ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' }
        : { 'security.workspace.trust.enabled': false }),
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'alembicLens.logLevel': 'debug',
    }),
  );
  const port = await freePort();
  const serverLog = fs.openSync(path.join(artifacts, `${name}-server.log`), 'w');
  const server = spawn(
    node24,
    [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
      '--server-data-dir', path.join(tmp, 'server'), '--user-data-dir', userDir, '--enable-smoke-test-driver', '--disable-telemetry'],
    {
      // Its own process group, so the extension host and the language server it spawns are stopped with it.
      detached: true,
      stdio: ['ignore', serverLog, serverLog],
      env: { ...process.env, PATH: `${path.dirname(node24)}:${process.env.PATH}`, ALEMBIC_LENS_E2E_CONFIG: configFile, ALEMBIC_LENS_E2E_PASSWORD: e2ePassword,
        ...(startupHost ? { ALEMBIC_LENS_E2E_STARTUP_HOST: startupHost.file } : {}) },
    },
  );
  const stopServer = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopServer);
  let browser;
  const consoleLines = [];
  try {
    await waitUntil('the VS Code server', async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/`)).ok;
      } catch {
        return false;
      }
    }, 60_000, 250);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const authority = `127.0.0.1:${port}`;
    // Clipboard permissions let "Copy Revision Id" work as it does on the desktop.
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://${authority}` });
    const page = await context.newPage();
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suite}`],
    ];
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // Serve screenshot and page-reading requests until the suite writes its result (bounded).
    const deadline = Date.now() + timeoutMs;
    while (!fs.existsSync(resultFile)) {
      if (Date.now() > deadline) throw new Error(`${name}: the suite wrote no result within ${timeoutMs} ms`);
      for (const request of fs.readdirSync(shots).filter((file) => file.endsWith('.request'))) {
        const shot = request.slice(0, -'.request'.length);
        const done = path.join(shots, `${shot}.done`);
        if (fs.existsSync(done)) continue;
        await page.screenshot({ path: path.join(artifacts, `${shot}.png`) });
        fs.writeFileSync(done, '');
      }
      // `<name>.inspect` ({selector}): the text and aria-label of every matching element, for
      // assertions on what the workbench shows (framework.ts inspectWorkbench).
      for (const request of fs.readdirSync(shots).filter((file) => file.endsWith('.inspect'))) {
        const inspection = request.slice(0, -'.inspect'.length);
        const answer = path.join(shots, `${inspection}.answer.json`);
        if (fs.existsSync(answer)) continue;
        const { selector } = JSON.parse(fs.readFileSync(path.join(shots, request), 'utf8'));
        const elements = await page.$$eval(selector, (found) => found.map((element) => ({ text: element.textContent ?? '', ariaLabel: element.getAttribute('aria-label') })));
        fs.writeFileSync(`${answer}.tmp`, JSON.stringify(elements));
        fs.renameSync(`${answer}.tmp`, answer);
      }
      // `<name>.click` ({selector, text}): click the first matching element holding the text
      // (framework.ts clickWorkbench), for buttons no API reaches (a progress notification's Cancel).
      for (const request of fs.readdirSync(shots).filter((file) => file.endsWith('.click'))) {
        const click = request.slice(0, -'.click'.length);
        const answer = path.join(shots, `${click}.clicked.json`);
        if (fs.existsSync(answer)) continue;
        const { selector, text } = JSON.parse(fs.readFileSync(path.join(shots, request), 'utf8'));
        let outcome;
        try {
          await page.locator(selector, { hasText: text }).first().click({ timeout: 10_000 });
          outcome = { clicked: true };
        } catch (error) {
          outcome = { clicked: false, error: String(error?.message ?? error).split('\n')[0] };
        }
        fs.writeFileSync(`${answer}.tmp`, JSON.stringify(outcome));
        fs.renameSync(`${answer}.tmp`, answer);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } finally {
    fs.writeFileSync(path.join(artifacts, `${name}-console.log`), consoleLines.join('\n'));
    await browser?.close().catch(() => undefined);
    stopServer();
    process.off('exit', stopServer);
    startupHost?.close();
    // The extension host's logs (including the "Alembic Lens" output channel) are worth keeping.
    for (const logs of [path.join(tmp, 'server', 'data', 'logs'), path.join(userDir, 'logs')]) {
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, `${name}-logs`), { recursive: true, force: true });
    }
    for (const file of filesHoldingPassword(tmp)) secretLeaks.push(`${name}: the connection password is in ${path.relative(tmp, file)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const allSessions = [
  ['alembic', path.join(repoRoot, 'test', 'fixtures', 'e2e-workspace'), 'alembic'],
  // The database actions on a history of their own (a merge, a long statement to cancel).
  ['online', path.join(repoRoot, 'test', 'fixtures', 'e2e-online'), 'online', { startupHost: true }],
  // A Python project without Alembic: the extension must stay silent.
  ['quiet', path.join(repoRoot, 'test', 'fixtures', 'e2e-no-alembic'), 'quiet'],
  // Restricted Mode: workspace trust on, the workspace not trusted (`--restricted` runs only this).
  ['restricted', path.join(repoRoot, 'test', 'fixtures', 'e2e-online'), 'restricted', { untrusted: true }],
];
// ALEMBIC_LENS_E2E_SESSIONS=online,restricted runs only the named sessions.
const only = process.argv.includes('--restricted') ? ['restricted'] : process.env.ALEMBIC_LENS_E2E_SESSIONS?.split(',').filter(Boolean);
const sessions = only ? allSessions.filter(([name]) => only.includes(name)) : allSessions;
const summary = { passed: 0, failed: 0, results: [], facts: {} };
const failures = [];
for (const [name, fixture, group, options] of sessions) {
  try {
    const result = await runSession(name, fixture, group, options);
    summary.passed += result.passed;
    summary.failed += result.failed;
    summary.results.push(...result.results.map((r) => ({ ...r, name: `[${name}] ${r.name}` })));
    Object.assign(summary.facts, result.facts);
  } catch (error) {
    failures.push(error);
  }
}
for (const leak of secretLeaks) failures.push(new Error(leak));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
for (const result of summary.results) {
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.ms} ms)`);
  if (!result.ok) console.log(`     ${result.error.split('\n').slice(0, 6).join('\n     ')}`);
}
if (Object.keys(summary.facts).length) console.log(`facts: ${JSON.stringify(summary.facts)}`);
fs.writeFileSync(path.join(artifacts, 'result.json'), JSON.stringify(summary, null, 2));
for (const error of failures) console.error(`e2e: ${error.message}`);
console.log(`screenshots and logs: ${path.relative(process.cwd(), artifacts) || artifacts} (${seconds} s)`);
const passed = summary.passed;
const failed = summary.failed + failures.length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
