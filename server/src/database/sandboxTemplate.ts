/**
 * A new sandbox starts from a copy of a freshly initialised PGlite data folder instead of running
 * initdb: PGlite's initdb (WebAssembly) takes seconds, copying the folder a fraction of one. The
 * template is made once per PGlite build, in the user's cache folder
 * (`$XDG_CACHE_HOME/alembic-lens/` or `~/.cache/alembic-lens/`): PGlite initialises a folder of its
 * own, is closed cleanly (so the folder is consistent), and the folder is renamed into place, so
 * a half-made template is never used and two processes making one at once do no harm. When the
 * cache folder cannot be written, sandboxes are initialised as before.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface PgliteLike {
  close(): Promise<void>;
}

export interface TemplateSource {
  /** The folder holding pglite.wasm and pglite.data (its build identifies the template). */
  assetFolder: string;
  create(folder: string): Promise<PgliteLike>;
}

function cacheRoot(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache'), 'alembic-lens');
}

/** The template's folder for this PGlite build: named by the sizes of its two large asset files. */
export function templateFolder(assetFolder: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const sizes = ['pglite.wasm', 'pglite.data'].map((name) => fs.statSync(path.join(assetFolder, name)).size);
    return path.join(cacheRoot(env), `pglite-template-${sizes.join('-')}`);
  } catch {
    return undefined;
  }
}

function isDataFolder(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'PG_VERSION'));
}

async function makeTemplate(template: string, source: TemplateSource): Promise<boolean> {
  const building = `${template}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(template), { recursive: true });
    fs.rmSync(building, { recursive: true, force: true });
    const db = await source.create(building);
    await db.close();
    fs.renameSync(building, template);
    return true;
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
    // Another process may have put its template in place first; that one serves as well.
    return isDataFolder(template);
  }
}

/**
 * Fills a new sandbox folder from the template (made first when missing). Returns false when
 * the folder already holds a database or no template could be had: PGlite then opens or
 * initialises the folder itself.
 */
export async function seedFromTemplate(folder: string, source: TemplateSource, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (isDataFolder(folder)) return false;
  const template = templateFolder(source.assetFolder, env);
  if (!template) return false;
  if (!isDataFolder(template) && !(await makeTemplate(template, source))) return false;
  try {
    fs.cpSync(template, folder, { recursive: true });
    return true;
  } catch {
    return false;
  }
}
