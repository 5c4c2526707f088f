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
  ) {
    super(message);
  }
}
