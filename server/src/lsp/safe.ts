/**
 * One error wrapper for every handler: a crash in a feature is logged and answered with the
 * feature's empty result, so one bad file or one bug never takes the server (or the editor's
 * other features) down.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Wraps a (sync or async) handler; on throw or rejection logs and returns `fallback()`. */
export function safeHandler<P extends unknown[], R, F>(
  logger: Logger,
  name: string,
  fallback: () => F,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R | F> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      logger.error(`[alembic-lens] ${name} failed: ${describeError(error)}`);
      return fallback();
    }
  };
}
