/** The extension activates in an Alembic workspace and starts its server quickly. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AlembicLensApi } from '../../../client/src/extension';
import { facts, test, waitFor } from './framework';
import { EXTENSION_ID } from './fixture';

export async function api(): Promise<AlembicLensApi> {
  const extension = vscode.extensions.getExtension<AlembicLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.isActive ? extension.exports : extension.activate();
}

test('the extension activates in a workspace with alembic.ini', async () => {
  const extension = await waitFor('the extension', () => vscode.extensions.getExtension<AlembicLensApi>(EXTENSION_ID), 20_000);
  const exported = await api();
  assert.ok(extension.isActive, 'active');
  assert.equal(await exported.ready(), true, 'the language server started');
  facts.vscodeVersion = vscode.version;
});

test('activation adds under 100 ms before the server starts', async () => {
  const exported = await api();
  const ms = exported.activationMs();
  const cpuMs = exported.activationCpuMs();
  assert.ok(typeof ms === 'number' && typeof cpuMs === 'number', 'measured');
  facts.activationMs = Number(ms.toFixed(1));
  facts.activationCpuMs = Number(cpuMs.toFixed(1));
  facts.activationMarks = exported.activationMarks();
  // CPU time is what activation adds; wall time also counts waiting for other processes on a
  // loaded machine, so it only gets a loose sanity bound.
  assert.ok(cpuMs < 100, `activation used ${cpuMs.toFixed(1)} ms CPU`);
  assert.ok(ms < 500, `activation took ${ms.toFixed(1)} ms wall time`);
});

test('every contributed command is registered', async () => {
  const registered = new Set(await vscode.commands.getCommands(true));
  const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  const missing = [...contributed, 'alembicLens.test.treeSnapshot'].filter((command) => !registered.has(command));
  assert.deepEqual(missing, []);
});
