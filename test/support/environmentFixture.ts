/**
 * A throwaway Alembic environment on disk for index tests: alembic.ini with script_location,
 * a minimal env.py and the given files in versions/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { temporaryFolder } from './temporaryFolders';

export function makeEnvironment(versionFiles: Record<string, string>, prefix = 'alembic-lens-index-'): string {
  const root = temporaryFolder(prefix);
  mkdirSync(path.join(root, 'versions'));
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  writeFileSync(path.join(root, 'env.py'), 'from alembic import context\n');
  for (const [name, text] of Object.entries(versionFiles)) writeFileSync(path.join(root, 'versions', name), text);
  return root;
}
