/**
 * The "Alembic Lens" output channel. It is a LogOutputChannel (VS Code's own levels and
 * timestamps); `alembicLens.logLevel` filters on top of it so users can quiet the extension
 * without changing VS Code's global log level. The channel is created on first use, so a
 * workspace without Alembic does not even get an entry in the Output view. Every line, including
 * the language client's (server log and protocol trace, through `redactedChannel`), goes through
 * `redact`, which removes the passwords of connections.
 */
import * as vscode from 'vscode';
import type { LogLevel } from './settings';
import { logLevelEnabled } from '../../server/src/protocol';

export class Logger implements vscode.Disposable {
  private created: vscode.LogOutputChannel | undefined;
  private level: LogLevel = 'info';

  private redactedView: vscode.LogOutputChannel | undefined;

  constructor(
    private readonly name = 'Alembic Lens',
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  get channel(): vscode.LogOutputChannel {
    this.created ??= vscode.window.createOutputChannel(this.name, { log: true });
    return this.created;
  }

  /**
   * The channel as the language client writes to it (server log lines, the protocol trace, which
   * would print `alembic/run` params verbatim): every string passes through `redact` first.
   */
  get redactedChannel(): vscode.LogOutputChannel {
    if (this.redactedView) return this.redactedView;
    const channel = this.channel;
    const redact = this.redact;
    const writers = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);
    this.redactedView = new Proxy(channel, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof property === 'string' && writers.has(property) && typeof value === 'function') {
          return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)));
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return this.redactedView;
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string, error?: unknown): void {
    if (this.enabled('error')) this.channel.error(this.redact(error === undefined ? message : `${message}: ${describe(error)}`));
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.channel.warn(this.redact(message));
  }

  info(message: string): void {
    if (this.enabled('info')) this.channel.info(this.redact(message));
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.channel.debug(this.redact(message));
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
