/**
 * A new sandbox starts from an initialised PGlite data folder instead of running initdb: PGlite's
 * initdb (WebAssembly) takes seconds. In order: a copy of the template in the user's cache (the
 * fastest, a fraction of a second); else the template shipped with the build
 * (shippedTemplate.ts), unpacked; else, when the shipped one is missing or was made
 * by another PGlite build, initdb once to make the cache template. The cache template is made once
 * per PGlite build, in the user's cache folder
 * (`$XDG_CACHE_HOME/alembic-lens/` or `~/.cache/alembic-lens/`): PGlite initialises a folder of its
 * own, is closed cleanly (so the folder is consistent), and the folder is renamed into place, so
 * a half-made template is never used and two processes making one at once do no harm. When the
 * cache folder cannot be written, sandboxes are initialised as before.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pgliteBuildKey, unpackShippedTemplate } from './shippedTemplate';

interface PgliteLike {
  close(): Promise<void>;
}

export interface TemplateSource {
  /** The folder holding pglite.wasm and pglite.data (its build identifies the template). */
  assetFolder: string;
  /** The folder that may hold the shipped template (dist/ of a build). */
  shippedFolder: string;
  create(folder: string): Promise<PgliteLike>;
}

function cacheRoot(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache'), 'alembic-lens');
}

/** The template's folder for this PGlite build: named by the sizes of its two large asset files. */
export function templateFolder(assetFolder: string, env: NodeJS.ProcessEnv): string | undefined {
  const build = pgliteBuildKey(assetFolder);
  return build ? path.join(cacheRoot(env), `pglite-template-${build}`) : undefined;
}

function isDataFolder(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'PG_VERSION'));
}

/** Cleaning up after a failure must not fail in turn (a cache path under a file, say). */
function removeQuietly(folder: string): void {
  try {
    fs.rmSync(folder, { recursive: true, force: true });
  } catch {
    // Nothing was made there, or it cannot be reached: either way nothing to remove.
  }
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
    removeQuietly(building);
    // Another process may have put its template in place first; that one serves as well.
    return isDataFolder(template);
  }
}

/** How a sandbox folder got its data. */
export type SandboxSeed = 'existing' | 'cache-template' | 'shipped-template' | 'initdb';

/**
 * Prepares a sandbox folder before PGlite opens it: an existing database is left alone; a new
 * folder gets a copy of the cache template, or else the shipped archive unpacked, or else (the
 * cache template made first by initdb when possible) a copy; 'initdb' means PGlite initialises the
 * folder itself.
 */
export async function seedFromTemplate(folder: string, source: TemplateSource, env: NodeJS.ProcessEnv = process.env): Promise<SandboxSeed> {
  if (isDataFolder(folder)) return 'existing';
  const template = templateFolder(source.assetFolder, env);
  if (template && isDataFolder(template) && copyTemplate(template, folder)) return 'cache-template';
  if (unpackShippedTemplate(source.shippedFolder, source.assetFolder, folder)) return 'shipped-template';
  if (template && (await makeTemplate(template, source)) && copyTemplate(template, folder)) return 'cache-template';
  return 'initdb';
}

function copyTemplate(template: string, folder: string): boolean {
  try {
    fs.cpSync(template, folder, { recursive: true });
    return true;
  } catch {
    return false;
  }
}
