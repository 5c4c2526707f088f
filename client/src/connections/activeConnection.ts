/**
 * Turns `alembicLens.activeConnection` into the ConnectionTarget a request carries: the embedded
 * database of the environment when none is chosen, else the named connection with its URL (from
 * `url` or the `urlEnv` variable) and password (the `passwordEnv` variable, else secret storage,
 * asked once). A connection the
 * workspace's settings define is confirmed, host shown, before anything is sent to that host.
 * Nothing connects in an untrusted workspace.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionTarget } from '../../../server/src/protocol';
import { SETTINGS_SECTION } from '../settings';
import { UserFacingError } from '../commands/types';
import { readConnections, type ConfiguredConnection, type ConnectionsRead } from './connectionSettings';
import type { HostConfirmations } from './hostConfirmations';
import type { PasswordPrompt, PasswordStore } from './passwords';
import type { SecretRegistry } from './secretRegistry';
import { describeUrl, urlParts } from './urlParts';

export const EMBEDDED_NAME = 'embedded';

export interface ConnectionServices {
  extension: vscode.ExtensionContext;
  secrets: SecretRegistry;
  passwords: PasswordStore;
  hosts: HostConfirmations;
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input: PasswordPrompt;
}

export interface ResolvedTarget {
  target: ConnectionTarget;
  configured?: ConfiguredConnection;
  /** `name (user@host:port/db)` or `embedded PostgreSQL`. */
  label: string;
  host?: string;
}

export function configuredConnections(): ConnectionsRead {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<Record<string, unknown>>('connections');
  const workspace = { ...(inspected?.workspaceValue ?? {}), ...(inspected?.workspaceFolderValue ?? {}) };
  return readConnections(inspected?.globalValue, workspace);
}

export function activeConnectionName(): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('activeConnection', '') ?? '';
}

/** What the status bar and the lens titles call the active connection. */
export function activeConnectionLabel(): string {
  return activeConnectionName() || EMBEDDED_NAME;
}

export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new UserFacingError('This workspace is not trusted: Alembic Lens does not connect to databases or run migrations in Restricted Mode.');
  }
}

/** The embedded database's folder of an environment, in the extension's workspace storage. */
export function embeddedFolder(extension: vscode.ExtensionContext, environmentId: string, environmentName: string): string {
  const base = (extension.storageUri ?? extension.globalStorageUri).fsPath;
  const slug = environmentName.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40);
  return path.join(base, 'embedded', `${slug}-${createHash('sha256').update(environmentId).digest('hex').slice(0, 12)}`);
}

/**
 * The target of the active connection for an environment. `interactive: false` (background
 * refreshes) never asks anything: it returns undefined where a question would be needed.
 */
export async function resolveActiveConnection(
  services: ConnectionServices,
  environment: { id: string; name: string },
  interactive: boolean,
): Promise<ResolvedTarget | undefined> {
  requireTrust();
  const name = activeConnectionName();
  if (!name) {
    return { target: { kind: 'embedded', name: EMBEDDED_NAME, folder: embeddedFolder(services.extension, environment.id, environment.name) }, label: 'embedded PostgreSQL' };
  }
  const { connections, problems } = configuredConnections();
  const configured = connections.find((connection) => connection.name === name);
  if (!configured) {
    const problem = problems.find((line) => line.startsWith(`alembicLens.connections.${name}:`) || line.startsWith(`alembicLens.connections.${name}.`));
    throw new UserFacingError(
      problem ?? `alembicLens.activeConnection is "${name}", which alembicLens.connections does not define (defined: ${connections.map((c) => c.name).join(', ') || 'none'}).`,
    );
  }
  const url = configured.url ?? process.env[configured.urlEnv ?? ''];
  if (!url) throw new UserFacingError(`Connection "${name}" takes its URL from the environment variable ${configured.urlEnv}, which is not set in VS Code's environment.`);
  const parts = urlParts(url);
  if (!parts) throw new UserFacingError(`Connection "${name}": the URL is not a SQLAlchemy URL (postgresql://user@host:port/database).`);
  const host = `${parts.host}:${parts.port}`;
  const display = describeUrl(url);
  if (configured.fromWorkspace && !services.hosts.isConfirmed(host)) {
    if (!interactive) return undefined;
    const allowed = await services.confirm(
      `Connect to ${host}?`,
      `The workspace's settings define connection "${name}" (${display}). Alembic Lens connects to a host from workspace settings only after you confirm it; this is remembered for ${host}.` +
        // The variable is named by the workspace, its value is the user's: say what would be sent where.
        (configured.passwordEnv ? ` The value of your environment variable ${configured.passwordEnv} would be sent to it as the password.` : ''),
      'Connect',
    );
    if (!allowed) return undefined;
    await services.hosts.remember(host);
  }
  let password: string | undefined;
  if (configured.passwordEnv) {
    // The password comes from VS Code's environment, as the CLI's password_env does: never asked for, never stored.
    password = process.env[configured.passwordEnv];
    if (password === undefined) throw new UserFacingError(`Connection "${name}" takes its password from the environment variable ${configured.passwordEnv}, which is not set in VS Code's environment.`);
  } else if (!parts.hasPassword) {
    const known = interactive
      ? await services.passwords.getOrAsk(name, host, display, services.input)
      : await services.passwords.get(name, host);
    if (!known) return undefined;
    password = known.password || undefined;
  } else {
    // A URL from an environment variable may carry its password: keep it out of every output line too.
    services.secrets.add(passwordInUrl(url));
  }
  services.secrets.add(password);
  return {
    target: { kind: 'url', name, url, password, lockTimeoutMs: configured.lockTimeoutMs, statementTimeoutMs: configured.statementTimeoutMs },
    configured,
    label: `${name} (${display})`,
    host,
  };
}

function passwordInUrl(url: string): string | undefined {
  const match = /^[\w+]+:\/\/[^:/@]*:([^@]*)@/.exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
