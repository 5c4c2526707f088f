// The embedded database must not listen on a TCP port where Unix sockets exist: VS Code on a
// remote machine (SSH, containers, WSL, Codespaces) forwards every new listening port of the
// extension's processes to the user's computer and announces it ("your application is
// available"), here a passwordless superuser. A socket file is never forwarded. Seen in the
// end-to-end VS Code: the Ports view counted one forwarded port after "Upgrade to here · embedded".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openSandbox } from '../../server/src/database/sandbox';
import { temporaryFolder } from '../support/temporaryFolders';

/** Local ports of the TCP sockets this process listens on (Linux: /proc). */
function ownListeningPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const link = fs.readlinkSync(path.join('/proc/self/fd', fd));
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // the descriptor closed while listing
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      ports.push(parseInt(fields[1].split(':')[1], 16));
    }
  }
  return ports;
}

test('the embedded database listens on a Unix socket, no TCP port, and answers queries there', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const before = ownListeningPorts();
  const sandbox = await openSandbox(path.join(temporaryFolder('sandbox-endpoint-'), 'db'));
  let socketFolder: string | undefined;
  try {
    const opened = ownListeningPorts().filter((port) => !before.includes(port));
    assert.deepEqual(opened, [], 'no TCP port opened by the embedded database');
    socketFolder = sandbox.target.settings.host;
    const client = new pg.Client({ ...sandbox.target.settings });
    await client.connect();
    try {
      const result = await client.query('SELECT 1 + 1 AS two');
      assert.equal(result.rows[0].two, 2);
    } finally {
      await client.end();
    }
  } finally {
    await sandbox.close();
  }
  assert.ok(socketFolder && !fs.existsSync(socketFolder), `the socket's folder is removed on close: ${socketFolder}`);
});
