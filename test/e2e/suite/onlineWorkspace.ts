/**
 * Facts and helpers for test/fixtures/e2e-online (the `online` and `restricted` sessions): items
 * at the base, notes and tags on two branches with their merge, and a slow branch whose migration
 * sleeps 60 s in PostgreSQL (for the Cancel button).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import type { RunResult } from '../../../server/src/protocol';
import { waitFor } from './framework';
import { workspaceRoot } from './fixture';

export const ITEMS = 'b1a2c3d4e5f6';
export const NOTES = 'c2b3d4e5f6a7';
export const TAGS = 'd3c4e5f6a7b8';
export const MERGE = 'e4d5f6a7b8c9';
export const SLOW = 'f5e6a7b8c9d0';

const FILES: Record<string, string> = {
  [ITEMS]: 'b1a2c3d4e5f6_create_items.py',
  [NOTES]: 'c2b3d4e5f6a7_create_notes.py',
  [TAGS]: 'd3c4e5f6a7b8_create_tags.py',
  [MERGE]: 'e4d5f6a7b8c9_merge_notes_tags.py',
  [SLOW]: 'f5e6a7b8c9d0_slow_backfill.py',
};

export function onlineFileOf(revision: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), 'migrations', 'versions', FILES[revision]));
}

export async function lensesOf(revision: string): Promise<vscode.CodeLens[]> {
  const uri = onlineFileOf(revision);
  await vscode.workspace.openTextDocument(uri);
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
}

export async function onlineLens(revision: string, title: RegExp): Promise<vscode.CodeLens> {
  return waitFor(`the lens ${title} on ${revision}`, async () => (await lensesOf(revision)).find((candidate) => title.test(candidate.command?.title ?? '')));
}

export async function clickLens(revision: string, title: RegExp): Promise<RunResult | undefined> {
  const found = await onlineLens(revision, title);
  return vscode.commands.executeCommand<RunResult | undefined>(found.command!.command, ...(found.command!.arguments ?? []));
}

export async function setting(key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  await vscode.workspace.getConfiguration('alembicLens').update(key, value, target);
}

/** A new database on the test server (DATABASE_URL, from test/db/start-postgres.sh); its URL without password. */
export async function newDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL;
  assert.ok(server, 'DATABASE_URL is not set in the extension host: start PostgreSQL with `source test/db/start-postgres.sh` before test/e2e/run.mjs');
  const name = `lens_e2e_online_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await query(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  url.password = '';
  return url.toString();
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The tables of the public schema and the version rows: what a run may change. */
export async function databaseContents(url: string): Promise<{ tables: string[]; versions: string[] }> {
  const tables = (await query<{ name: string }>(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((row) => row.name);
  const versions = tables.includes('alembic_version') ? (await query<{ v: string }>(url, 'SELECT version_num AS v FROM alembic_version ORDER BY 1')).map((row) => row.v) : [];
  return { tables, versions };
}

/**
 * A TCP listener standing in for a database host: it records every connection and the bytes
 * sent, and hangs up at once, so a client that reaches it fails fast and it can be told whether
 * anything (and what) was sent to that host.
 */
export async function listeningHost(): Promise<{ port: number; connections: () => number; received: () => string; close: () => Promise<void> }> {
  let connections = 0;
  let received = Buffer.alloc(0);
  const server = net.createServer((socket) => {
    connections++;
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      socket.destroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => connections,
    received: () => received.toString('latin1'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
