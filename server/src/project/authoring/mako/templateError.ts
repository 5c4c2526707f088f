/** A template Alembic Lens cannot render exactly: the message names the template line. */
export class TemplateError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}
