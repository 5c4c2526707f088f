/**
 * A refused revision request, in its own module so that the helpers newRevision.ts uses (file
 * name, slug length) can refuse with it without importing the planner.
 */

/** Stable codes of a refused revision (diagnostics/codes/authoring.ts, docs/rules/<code>.md). */
export type AuthoringCode = 'revision-request-invalid' | 'revision-template-failed' | 'revision-write-failed';

export class AuthoringError extends Error {
  /** Set when the refusal is the template renderer's (the real Alembic may still render it). */
  templateLine?: number;

  constructor(
    message: string,
    readonly code: AuthoringCode = 'revision-request-invalid',
    /** Alembic refuses this request too, with this message (`FAILED: ...`); the others are Alembic Lens's own refusals. */
    readonly alembicFails = false,
  ) {
    super(message);
  }

  /** A refusal that is Alembic's own (a CommandError or RevisionError it prints as `FAILED: <message>`). */
  static asAlembic(message: string): AuthoringError {
    return new AuthoringError(message, 'revision-request-invalid', true);
  }
}
