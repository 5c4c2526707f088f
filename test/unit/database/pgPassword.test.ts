// The online engine leaves a password out of pg's settings when the URL has none, so pg itself
// applies PGPASSWORD and ~/.pgpass (PGPASSFILE). Checked against a fake server that asks for a
// cleartext password and records what it gets; the connection failure never shows the password.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { openSession } from '../../../server/src/database/session';
import { targetFromConnection } from '../../../server/src/database/target';
import { temporaryFolder } from '../../support/temporaryFolders';

/** Asks every client for a cleartext password, records it, then refuses the login. */
async function fakeServer(): Promise<{ port: number; passwords: string[]; close(): Promise<void> }> {
  const passwords: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    // After the password message the fake answers once and closes; later bytes are ignored.
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started && buffer.length >= 4 && buffer.length >= buffer.readInt32BE(0)) {
        buffer = buffer.subarray(buffer.readInt32BE(0));
        started = true;
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
      }
      if (started && buffer.length >= 5 && buffer[0] === 0x70 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        passwords.push(buffer.subarray(5, 1 + buffer.readInt32BE(1)).toString('utf8').replace(/\0$/, ''));
        buffer = Buffer.alloc(0);
        started = false;
        const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed for user "app"\0\0');
        const header = Buffer.alloc(5);
        header[0] = 0x45;
        header.writeInt32BE(4 + fields.length, 1);
        socket.end(Buffer.concat([header, fields]));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, passwords, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function connectFailing(url: string, env: Record<string, string | undefined>): Promise<string> {
  const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    await openSession(targetFromConnection({ url, source: 'test' }, process.env));
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('a password in the URL is sent, and the failure message does not contain it', async () => {
  const server = await fakeServer();
  try {
    const message = await connectFailing(`postgresql://app:url%23secret@127.0.0.1:${server.port}/db`, { PGPASSWORD: undefined, PGPASSFILE: '/nonexistent' });
    assert.deepEqual(server.passwords, ['url#secret']);
    assert.match(message, /cannot connect to app@127\.0\.0\.1:\d+\/db: password authentication failed/);
    assert.ok(!message.includes('url#secret') && !message.includes('url%23secret'), message);
  } finally {
    await server.close();
  }
});

test('PGPASSWORD is used when the URL has no password', async () => {
  const server = await fakeServer();
  try {
    const message = await connectFailing(`postgresql://app@127.0.0.1:${server.port}/db`, { PGPASSWORD: 'from-env', PGPASSFILE: '/nonexistent' });
    assert.deepEqual(server.passwords, ['from-env']);
    assert.ok(!message.includes('from-env'), message);
  } finally {
    await server.close();
  }
});

test('~/.pgpass (PGPASSFILE) is used when neither the URL nor PGPASSWORD has a password', async () => {
  const server = await fakeServer();
  const folder = temporaryFolder('al-pgpass-');
  const file = path.join(folder, 'pgpass');
  fs.writeFileSync(file, `127.0.0.1:${server.port}:db:app:from-pgpass\n`, { mode: 0o600 });
  try {
    await connectFailing(`postgresql://app@127.0.0.1:${server.port}/db`, { PGPASSWORD: undefined, PGPASSFILE: file });
    assert.deepEqual(server.passwords, ['from-pgpass']);
  } finally {
    await server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
