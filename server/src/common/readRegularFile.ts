/**
 * Reads a file the user names by path (a config file, env.py) only when it is a regular file. A
 * named pipe blocks the open until a writer comes, which may be never, and a device such as
 * /dev/zero never ends: reading either hangs the run. Such a path throws NotRegularFileError
 * instead, without opening it; a folder still fails with EISDIR, as readFileSync says. A stream
 * handed over by name (`-c /dev/stdin` with the ini piped in, `-c <(make-ini)`: /dev/fd/63) is
 * read: its writer is the user's own command; so is /dev/null (empty).
 */
import * as fs from 'node:fs';

export const NOT_REGULAR_FILE = 'ENOTREGULAR';

export class NotRegularFileError extends Error {
  readonly code = NOT_REGULAR_FILE;
  constructor(readonly path: string) {
    super(`${path} is a named pipe or a device, not a regular file`);
  }
}

/**
 * The names of the process's own open streams (standard input, a file descriptor) and /dev/null,
 * which reads as empty at once (`-c /dev/null`: Alembic reads an empty configuration).
 */
const HANDED_STREAM = /^\/(?:dev\/(?:stdin|null|fd\/\d+)|proc\/self\/fd\/\d+)$/;

export function readRegularTextFile(file: string): string {
  const stat = fs.statSync(file);
  if (!stat.isFile() && !stat.isDirectory() && !HANDED_STREAM.test(file)) throw new NotRegularFileError(file);
  // Standard input is read from its descriptor: opening /dev/stdin anew fails when it is a socket (ENXIO).
  return file === '/dev/stdin' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
}
