/**
 * Sentences for the file-system errors users meet (a config path that is wrong, a folder given
 * where a file was expected, a file without read permission), instead of Node's bare codes
 * (`ENOENT`, `EISDIR`), which say what failed but not what to do about it.
 */
import * as fs from 'node:fs';
import { NOT_REGULAR_FILE } from './readRegularFile';

export function describeFileError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return danglingLinkTarget(path) !== undefined ? `${path} is a symbolic link to ${danglingLinkTarget(path)}, which does not exist` : `${path} does not exist`;
    case 'EISDIR':
      return `${path} is a folder, not a file`;
    case 'ENOTDIR':
      return `${path} is not under a folder (a part of the path is a file)`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to read ${path}; check the file's owner and mode`;
    case NOT_REGULAR_FILE:
      return `${path} is a named pipe or a device, not a regular file`;
    case 'ELOOP':
      return `${path} is a loop of symbolic links`;
    case 'EMFILE':
    case 'ENFILE':
      return `cannot open ${path}: too many open files; raise the limit (ulimit -n) and run again`;
    default:
      return `cannot read ${path} (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function danglingLinkTarget(path: string): string | undefined {
  try {
    return fs.readlinkSync(path);
  } catch {
    return undefined;
  }
}
