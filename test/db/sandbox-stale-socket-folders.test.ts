// A killed process leaves the embedded database's socket folder behind (`alembic-lens-pg-*` in the
// temporary folder, the socket file still in it). The next start removes such folders, and only
// those: never a folder whose socket answers, one with anything else in it, one of another name,
// or an empty one just made (another process about to listen there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSandbox } from '../../server/src/database/sandbox';
import { temporaryFolder } from '../support/temporaryFolders';

const root = path.resolve(__dirname, '..', '..');
const tsxLoader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Opens an embedded database in another process with `tmp` as its temporary folder, then kills it (SIGKILL): its socket folder. */
function socketFolderOfKilledProcess(tmp: string): Promise<string> {
  const script = `require(${JSON.stringify(path.join(root, 'server/src/database/sandbox.ts'))}).openSandbox(${JSON.stringify(path.join(tmp, 'data'))}).then((s) => console.log(s.target.settings.host))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, '-e', script], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      child.kill('SIGKILL');
      child.once('exit', () => resolve(out.trim()));
    });
    child.once('exit', (code) => out.includes('\n') || reject(new Error(`the child exited (${code}) before opening the database`)));
  });
}

function listen(file: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(file, () => resolve(server));
  });
}

test('the next start removes the socket folder of a killed process, and leaves every other folder alone', { skip: process.platform === 'win32' && 'Unix sockets' }, async () => {
  const tmp = temporaryFolder('lens-stale-sockets-');
  const killed = await socketFolderOfKilledProcess(tmp);
  assert.equal(path.dirname(killed), tmp);
  assert.ok(path.basename(killed).startsWith('alembic-lens-pg-'));
  assert.ok(fs.readdirSync(killed).includes('.s.PGSQL.5432'), 'the killed process left its socket behind');

  // A live one (another process's database), one with a file of someone else, another name, an empty one just made.
  const live = path.join(tmp, 'alembic-lens-pg-live');
  fs.mkdirSync(live);
  const server = await listen(path.join(live, '.s.PGSQL.5432'));
  const withFile = path.join(tmp, 'alembic-lens-pg-withfile');
  fs.mkdirSync(withFile);
  fs.writeFileSync(path.join(withFile, 'notes.txt'), 'not a socket');
  const otherName = path.join(tmp, 'alembic-lens-pg.other');
  fs.mkdirSync(otherName);
  const justMade = path.join(tmp, 'alembic-lens-pg-justmade');
  fs.mkdirSync(justMade);
  // An empty one from an hour ago: a process that died between making its folder and listening.
  const oldEmpty = path.join(tmp, 'alembic-lens-pg-oldempty');
  fs.mkdirSync(oldEmpty);
  const anHourAgo = new Date(Date.now() - 3600_000);
  fs.utimesSync(oldEmpty, anHourAgo, anHourAgo);

  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  let started: string | undefined;
  try {
    const sandbox = await openSandbox(path.join(tmp, 'data'));
    started = sandbox.target.settings.host;
    await sandbox.close();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await new Promise((resolve) => server.close(resolve));
  }
  assert.ok(started && path.dirname(started) === tmp, `the new socket folder is in ${tmp}: ${started}`);
  assert.equal(fs.existsSync(killed), false, 'the killed process\'s folder is removed');
  assert.equal(fs.existsSync(oldEmpty), false, 'an old empty folder is removed');
  for (const kept of [live, withFile, otherName, justMade]) assert.ok(fs.existsSync(kept), `${kept} is left alone`);
  // The new database's own folder is removed on close (tsx keeps a cache folder of its own here too).
  const left = fs.readdirSync(tmp).filter((name) => name.startsWith('alembic-lens-pg')).sort();
  assert.deepEqual(left, ['alembic-lens-pg-justmade', 'alembic-lens-pg-live', 'alembic-lens-pg-withfile', 'alembic-lens-pg.other']);
});
