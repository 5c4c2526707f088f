/**
 * Starts the language server (dist/server.js, a separate Node process over IPC) and wires the
 * settings that the client can honour by itself: CodeLens on/off and the severity of
 * `docstring-mismatch` are applied in middleware, so they work whatever the server supports.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ONLINE_LENS_COMMANDS, type ServerInitializationOptions } from '../../server/src/protocol';
import { languageServerExecArgv } from '../../server/src/common/languageServerProcess';
import { activeConnectionLabel } from './connections/activeConnection';
import type { Logger } from './log';
import type { SettingsStore } from './settingsStore';

export const CLIENT_ID = 'alembicLens';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function createLanguageClient(context: vscode.ExtensionContext, logger: Logger, settings: SettingsStore): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const execArgv = languageServerExecArgv(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: ServerInitializationOptions & { settings: unknown } = { settings: settings.current };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'file', pattern: '**/{alembic.ini,pyproject.toml}' },
    ],
    // File watching is registered by the server itself (dynamic didChangeWatchedFiles registration).
    synchronize: { configurationSection: 'alembicLens' },
    initializationOptions,
    outputChannel: logger.redactedChannel,
    traceOutputChannel: logger.redactedChannel,
    middleware: {
      provideCodeLenses: async (document, token, next) => (settings.current['codeLens.enabled'] ? onlineLenses(await next(document, token)) : []),
      handleDiagnostics: (uri, diagnostics, next) => next(uri, adjustDiagnostics(diagnostics, settings)),
    },
  };
  return new LanguageClient(CLIENT_ID, 'Alembic Lens', serverOptions, clientOptions);
}

/**
 * The database lenses: hidden in an untrusted workspace (nothing connects there), otherwise
 * titled with the connection they act on ("Upgrade to here · dev").
 */
function onlineLenses(lenses: vscode.CodeLens[] | null | undefined): vscode.CodeLens[] | null | undefined {
  if (!lenses) return lenses;
  const trusted = vscode.workspace.isTrusted;
  const label = activeConnectionLabel();
  return lenses.flatMap((lens) => {
    if (!lens.command || !ONLINE_LENS_COMMANDS.includes(lens.command.command)) return [lens];
    if (!trusted) return [];
    lens.command.title = `${lens.command.title} · ${label}`;
    return [lens];
  });
}

/** Applies `alembicLens.docstringMismatch.severity` (including `off`) to the server's diagnostics. */
function adjustDiagnostics(diagnostics: vscode.Diagnostic[], settings: SettingsStore): vscode.Diagnostic[] {
  const wanted = settings.current['docstringMismatch.severity'];
  return diagnostics.flatMap((diagnostic) => {
    if (codeOf(diagnostic) !== 'docstring-mismatch') return [diagnostic];
    if (wanted === 'off') return [];
    diagnostic.severity = SEVERITY[wanted];
    return [diagnostic];
  });
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
