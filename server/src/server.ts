/**
 * The Alembic Lens language server: wiring only (handlers live in lsp/). `startServer` runs on
 * any connection (tests use an in-memory stream pair); launched as `dist/server.js` it talks
 * over Node IPC when the VS Code client starts it, or over stdio with `--stdio`.
 */
// First: V8 settings must be in place before the indexing code is optimised.
import './v8Tuning';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { registerHandlers } from './lsp/register';

export function startServer(connection: Connection): Connection {
  registerHandlers(connection);
  connection.listen();
  return connection;
}

function main(): void {
  // createConnection() picks the transport from argv (--stdio, --node-ipc, --socket=, --pipe=).
  const argv = process.argv;
  const hasTransport = argv.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg));
  if (!hasTransport) argv.push(typeof process.send === 'function' ? '--node-ipc' : '--stdio');
  const connection = createConnection(ProposedFeatures.all);
  // Never exit on bad input: log what escaped every handler wrapper and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`[alembic-lens] uncaught: ${error?.stack ?? String(error)}`));
  process.on('unhandledRejection', (error) => connection.console.error(`[alembic-lens] unhandled rejection: ${String(error)}`));
  startServer(connection);
}

if (typeof require !== 'undefined' && require.main === module) main();
