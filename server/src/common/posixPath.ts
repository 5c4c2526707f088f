/**
 * Python's posixpath on strings (Linux): what `os.path.join`, `dirname`, `basename` and
 * `normpath` give, for the interpreter's path values (engine/interpret/paths.ts) and env.py's
 * static reading (python/envPyStrings.ts).
 */
/** posixpath.join: an absolute part restarts the path; a part is appended after one `/`. */
export function joinPosix(first: string, ...rest: string[]): string {
  let path = first;
  for (const part of rest) {
    if (part.startsWith('/')) path = part;
    else if (path === '' || path.endsWith('/')) path += part;
    else path += `/${part}`;
  }
  return path;
}

/** posixpath.dirname: everything before the last `/`, trailing slashes dropped unless it is all slashes. */
export function dirnamePosix(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return head !== '' && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

export function basenamePosix(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** posixpath.normpath: `.` and empty parts dropped, `..` folded into its parent where there is one. */
export function normpathPosix(path: string): string {
  if (path === '') return '.';
  const slashes = path.startsWith('//') && !path.startsWith('///') ? '//' : path.startsWith('/') ? '/' : '';
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (slashes === '' && parts.length === 0) || (parts.length > 0 && parts[parts.length - 1] === '..')) parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  return slashes + parts.join('/') || '.';
}

/** A pathlib path's text: empty and `.` parts dropped, `..` kept (pathlib never folds it). */
