/** The extension activates in an Alembic workspace and starts its server. */
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

test('activation launches the server as its last step and records what it cost', async () => {
  const exported = await api();
  const ms = exported.activationMs();
  const cpuMs = exported.activationCpuMs();
  assert.ok(typeof ms === 'number' && typeof cpuMs === 'number', 'the server was launched during activation');
  // The cost is reported with the run's facts (the README's "extension activation" row), never
  // asserted against the clock: a loaded machine would make such an assertion flaky.
  facts.activationMs = Number(ms.toFixed(1));
  facts.activationCpuMs = Number(cpuMs.toFixed(1));
  const marks = exported.activationMarks();
  facts.activationMarks = marks;
  // The steps before the server starts, in order, with launching the client last: a new step
  // here (work the extension host does before the server runs) must be added deliberately, with
  // a look at the activation figures above.
  assert.deepEqual(Object.keys(marks), ['logger', 'settings', 'treeView', 'registered', 'detected', 'statusBar', 'clientCreated']);
});

test('every contributed command is registered', async () => {
  const registered = new Set(await vscode.commands.getCommands(true));
  const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  const missing = [...contributed, 'alembicLens.test.treeSnapshot'].filter((command) => !registered.has(command));
  assert.deepEqual(missing, []);
});
