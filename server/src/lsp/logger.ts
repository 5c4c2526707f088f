/**
 * The server's log: `window/logMessage` lines filtered by `alembicLens.logLevel`, so a user who
 * asks for `error` only is not sent the info lines (indexing summaries, re-discovery notes).
 */
import type { Connection } from 'vscode-languageserver/node';
import { logLevelEnabled, type ServerLogLevel } from '../protocol';
import type { Logger } from './safe';

export class LevelledLogger implements Logger {
  private level: ServerLogLevel = 'info';

  constructor(private readonly console: Connection['console']) {}

  setLevel(level: ServerLogLevel): void {
    this.level = level;
  }

  enabled(level: ServerLogLevel): boolean {
    return logLevelEnabled(level, this.level);
  }

  error(message: string): void {
    if (this.enabled('error')) this.console.error(message);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.console.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.console.info(message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.console.debug(message);
  }

  /** Trace lines go out as `Debug` messages: LSP has no lower message type. */
  trace(message: string): void {
    if (this.enabled('trace')) this.console.debug(message);
  }
}
