/**
 * What the CLI does when it cannot write its output. Node reports a failed write to stdout as an
 * 'error' event on the stream; without a listener that event is an uncaught exception with a
 * stack trace (`heads > /dev/full`, `history | head -1`). A reader that closed the pipe (EPIPE)
 * wanted no more output: exit quietly with 0, as `git log | head` does. Any other failure (a full
 * disk, an I/O error) means the output is incomplete: say so in one line and exit 74 (EX_IOERR).
 */
export const EXIT_OUTPUT_FAILED = 74;

export interface OutputStream {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface StreamExit {
  /** Ends the process now: nothing more can be written to the broken stream. */
  exit(code: number): void;
  /** Reports the failure (standard error still works when standard output failed). */
  report(text: string): void;
}

export function describeWriteError(error: NodeJS.ErrnoException): string {
  const reason = error.code === 'ENOSPC' ? 'no space left on the device' : error.code === 'EIO' ? 'input/output error' : (error.code ?? error.message);
  return `alembic-lens: cannot write to standard output (${reason}); the output is incomplete.\n`;
}

/** Installs the handlers on stdout (and stderr, whose failures can only be swallowed). */
export function guardOutputStreams(stdout: OutputStream, stderr: OutputStream, exit: StreamExit): void {
  let failed = false;
  stdout.on('error', (error) => {
    if (failed) return;
    failed = true;
    if (error.code === 'EPIPE') {
      exit.exit(0);
      return;
    }
    exit.report(describeWriteError(error));
    exit.exit(EXIT_OUTPUT_FAILED);
  });
  // Nowhere left to report a broken stderr; never let it become a stack trace.
  stderr.on('error', () => undefined);
}

/** The guard on this process's own streams: exit at once, report on stderr while it still works. */
export function guardProcessOutput(): void {
  guardOutputStreams(process.stdout, process.stderr, {
    exit: (code) => process.exit(code),
    report: (text) => {
      try {
        process.stderr.write(text);
      } catch {
        // stderr is gone too: the exit code still tells.
      }
    },
  });
}
