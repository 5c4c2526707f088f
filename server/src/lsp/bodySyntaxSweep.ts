/**
 * Syntax errors below the header of files that are not open. The cold index reads headers only
 * (a whole parse costs about a millisecond per file, against microseconds for a header), so
 * `def upgrade(:` in a closed file would show nowhere until the file is opened, while `alembic
 * upgrade` crashes on it. After the first diagnostics are out, the index parses the remaining
 * bodies in short slices between messages (WorkspaceIndex.checkBodySyntax), and the files where
 * it finds errors are republished. Any later change requests another pass; files already
 * checked and unchanged cost nothing.
 */
import type { IndexChange, WorkspaceIndex } from '../project/types';
import { describeError, type Logger } from './safe';

/** Long enough to parse a few dozen files, short enough that a request waits at most this long. */
const SLICE_MS = 15;

export class BodySyntaxSweep {
  private scheduled = false;

  constructor(
    private readonly currentIndex: () => WorkspaceIndex | undefined,
    private readonly publish: (change: IndexChange) => void,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Starts (or continues) the pass in the background; a no-op when one is already scheduled. */
  request(): void {
    if (this.scheduled || !this.currentIndex()) return;
    this.scheduled = true;
    setImmediate(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    const index = this.currentIndex();
    if (!index) return;
    let done = true;
    try {
      const progress = index.checkBodySyntax(SLICE_MS);
      done = progress.done;
      if (progress.affectedFiles.length > 0) this.publish(progress);
    } catch (error) {
      // Not fatal: every other diagnostic stands; only syntax errors in closed files may be missing.
      this.logger.warn(`[alembic-lens] syntax check of migration bodies failed: ${describeError(error)}`);
      return;
    }
    if (!done) this.request();
  }
}
