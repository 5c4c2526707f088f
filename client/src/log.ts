/**
 * The "Alembic Lens" output channel. It is a LogOutputChannel (VS Code's own levels and
 * timestamps); `alembicLens.logLevel` filters on top of it so users can quiet the extension
 * without changing VS Code's global log level. The channel is created on first use, so a
 * workspace without Alembic does not even get an entry in the Output view.
 */
import * as vscode from 'vscode';
import type { LogLevel } from './settings';
import { logLevelEnabled } from '../../server/src/protocol';

export class Logger implements vscode.Disposable {
  private created: vscode.LogOutputChannel | undefined;
  private level: LogLevel = 'info';

  constructor(private readonly name = 'Alembic Lens') {}

  get channel(): vscode.LogOutputChannel {
    this.created ??= vscode.window.createOutputChannel(this.name, { log: true });
    return this.created;
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string, error?: unknown): void {
    if (this.enabled('error')) this.channel.error(error === undefined ? message : `${message}: ${describe(error)}`);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.channel.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.channel.info(message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.channel.debug(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.created?.dispose();
  }

  private enabled(level: LogLevel): boolean {
    return logLevelEnabled(level, this.level);
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
