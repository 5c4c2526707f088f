/**
 * Reads a file the user names by path (a config file, env.py) only when it is a regular file. A
 * named pipe blocks the open until a writer comes, which may be never, and a device such as
 * /dev/zero never ends: reading either hangs the run. Such a path throws NotRegularFileError
 * instead, without opening it; a folder still fails with EISDIR, as readFileSync says.
 */
import * as fs from 'node:fs';

export const NOT_REGULAR_FILE = 'ENOTREGULAR';

export class NotRegularFileError extends Error {
  readonly code = NOT_REGULAR_FILE;
  constructor(readonly path: string) {
    super(`${path} is a named pipe or a device, not a regular file`);
  }
}

export function readRegularTextFile(file: string): string {
  const stat = fs.statSync(file);
  if (!stat.isFile() && !stat.isDirectory()) throw new NotRegularFileError(file);
  return fs.readFileSync(file, 'utf8');
}
