/**
 * The core speaks absolute paths, LSP speaks `file://` URIs. Every conversion goes through here so
 * that percent-encoding and Windows drive letters are handled in one place.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** `undefined` for URIs that are not files (untitled buffers, git: documents, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
